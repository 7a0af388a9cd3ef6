"""
Settings of the benchmark's third server: the site with nothing cached, not
even the parts of pages kept between edits (an article's linked part, the
site-wide figures), so that a page's first rendering is measured too.
"""

from bench.uncached_settings import *  # noqa: F403
from bench.uncached_settings import CACHES

CACHES = {
    **CACHES,
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
