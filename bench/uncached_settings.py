"""
Settings of the benchmark's second server: the site without its page cache,
so that the uncached figures are measured on the same code and data.
"""

from cqcnews.settings import *  # noqa: F403
from cqcnews.settings import MIDDLEWARE

MIDDLEWARE = [
    name for name in MIDDLEWARE if name != "cqcnews.caching.PublicPageCacheMiddleware"
]
