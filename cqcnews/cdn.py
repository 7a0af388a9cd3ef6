"""
A CDN in front of the site: the tags on each public response, and the purge
of exactly the tags a change forgot.

Configured from the environment (``cqcnews.settings``; the contract with the
Varnish cluster is in docs/deploy.md):

- ``CQCNEWS_CDN_PURGE_URL``: where to purge, one address per cache,
  separated by spaces; unset, nothing is purged;
- ``CQCNEWS_CDN_STYLE``: ``xkey`` (Varnish with the xkey vmod, the default),
  ``fastly`` or ``cloudflare``;
- ``CQCNEWS_CDN_PURGE_TOKEN``: the API token Fastly or Cloudflare asks for.

Every public response carries ``Surrogate-Key: <tags>`` (Fastly's header,
which Varnish can read too), plus ``xkey: <tags>`` in the xkey style or
``Cache-Tag: <tags>`` in Cloudflare's. A purge is sent once the change's
transaction has committed (``cqcnews.tags.forget``), to every address at
once, and waits ``PURGE_TIMEOUT`` seconds at most: a CDN that does not
answer is logged as a warning, and never fails a save.
"""

import json
import logging
import threading
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

STYLES = ("xkey", "fastly", "cloudflare")
#: Seconds a purge waits for each cache.
PURGE_TIMEOUT = 2.0
#: Tags per purge request: Cloudflare takes 30 at most, Fastly 256; Varnish
#: reads one header, kept well under its 8 KB limit.
BATCH = {"xkey": 100, "fastly": 256, "cloudflare": 30}


def response_headers(tags):
    """The headers that tell the CDN the tags of a response."""
    names = " ".join(sorted(tags))
    headers = {"Surrogate-Key": names}
    if settings.CDN_STYLE == "xkey":
        headers["xkey"] = names
    elif settings.CDN_STYLE == "cloudflare":
        headers["Cache-Tag"] = ",".join(sorted(tags))
    return headers


def purge_request(url, tags, style=None, token=None):
    """The HTTP request that purges ``tags`` at ``url`` in ``style``."""
    style = style or settings.CDN_STYLE
    token = settings.CDN_PURGE_TOKEN if token is None else token
    names = " ".join(sorted(tags))
    if style == "xkey":
        return urllib.request.Request(
            url, method="PURGE", headers={"xkey-purge": names}
        )
    if style == "fastly":
        headers = {"Surrogate-Key": names, "Accept": "application/json"}
        if token:
            headers["Fastly-Key"] = token
        return urllib.request.Request(url, method="POST", headers=headers)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return urllib.request.Request(
        url,
        method="POST",
        data=json.dumps({"tags": sorted(tags)}).encode(),
        headers=headers,
    )


def _send(url, tags):
    try:
        request = purge_request(url, tags)
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:
            response.read()
    except (OSError, ValueError) as error:  # refused, timed out, a bad address
        logger.warning("CDN purge of %s at %s failed: %s", " ".join(tags), url, error)


def purge(tags):
    """Ask every configured cache to purge ``tags``; never raises."""
    urls = settings.CDN_PURGE_URLS
    if not urls or not tags:
        return
    ordered = sorted(tags)
    size = BATCH[settings.CDN_STYLE]
    threads = [
        threading.Thread(
            target=_send,
            args=(url, ordered[start : start + size]),
            daemon=True,
        )
        for url in urls
        for start in range(0, len(ordered), size)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PURGE_TIMEOUT + 0.5)
