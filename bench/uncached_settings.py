"""
Settings of the benchmark's second server: the site without its page cache,
so that the uncached figures are measured on the same code and data, and
with the floors under every uncached page beside it (``bench.floor_urls``).
"""

from cqcnews.settings import *  # noqa: F403
from cqcnews.settings import MIDDLEWARE

MIDDLEWARE = [
    name
    for name in MIDDLEWARE
    if name != "cqcnews.page_cache.PublicPageCacheMiddleware"
]

ROOT_URLCONF = "bench.floor_urls"
