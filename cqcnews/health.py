"""
``/healthz``: whether this process can reach what it needs.

For load balancers and monitoring: JSON naming each part ("ok" or "down"),
200 when all are ok and 503 otherwise. It sits outside ``i18n_patterns``, sets
no cookie and is never cached, so every probe sees the present state.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK, DOWN = "ok", "down"


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: database down: %s", error)
        return DOWN
    return OK


def cache_status():
    """
    Round-trip a random value: the cache backend hides Redis errors (it
    degrades to "no cache"), so a value that does not come back is the sign.
    """
    token = secrets.token_hex(8)
    key = f"healthz:{token}"
    cache.set(key, token, timeout=10)
    came_back = cache.get(key) == token
    cache.delete(key)
    if not came_back:
        logger.error("Health check: cache down (a value set did not come back).")
        return DOWN
    return OK


@require_safe
@never_cache
def healthz(request):
    checks = {"database": database_status(), "cache": cache_status()}
    healthy = all(status == OK for status in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
