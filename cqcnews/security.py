"""
Security pieces Django does not ship: the Permissions-Policy header, the
admin's Content-Security-Policy and the client address that django-axes counts
failed logins against.

The rest of the response headers (Content-Security-Policy, HSTS, nosniff,
Referrer-Policy, Cross-Origin-Opener-Policy, X-Frame-Options) come from Django's
own middleware, configured in settings.py.
"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """
    Send ``settings.PERMISSIONS_POLICY`` with every response.

    A news site needs no camera, microphone, location or payment: switching
    them off means a script that slipped in (an embedded body, a compromised
    dependency) cannot ask the reader for them either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AdminContentSecurityPolicyMiddleware:
    """
    Give the admin's pages ``settings.ADMIN_CSP`` instead of ``SECURE_CSP``.

    The rich-text editor in the admin adds a ``<style>`` element of its own,
    which the public policy (no inline style at all) would block. Readers'
    pages keep the strict policy; only views of the admin site get the one
    exception, exactly as Django's ``csp_override`` decorator would set it.
    Must sit after ``ContentSecurityPolicyMiddleware`` in ``MIDDLEWARE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.app_name == "admin":
            response._csp_config = getattr(response, "_csp_config", settings.ADMIN_CSP)
        return response


def client_ip(request):
    """
    The address a login attempt came from, for django-axes' lockouts.

    Behind the TLS proxy (``SECURE_PROXY_SSL_HEADER`` set), ``REMOTE_ADDR`` is
    the proxy itself, so locking by it would lump every editor together. The
    proxy appends the address it saw to ``X-Forwarded-For``; only that last
    entry is trustworthy, the earlier ones are whatever the client sent.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded.strip():
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR")
