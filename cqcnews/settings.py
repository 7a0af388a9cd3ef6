"""
Settings for cqcnews, read from the environment with safe defaults.

Development needs no configuration at all (SQLite, local-memory cache, DEBUG
off but a throw-away secret key). Production is recognised by DJANGO_DEBUG
being off *and* DJANGO_SECRET_KEY being required: see ``_production_value``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG")
# DJANGO_PRODUCTION=1 makes the missing secret key and hosts fatal instead of
# falling back to local-only development values.
PRODUCTION = env_bool("DJANGO_PRODUCTION")


def _production_value(name, development_default):
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_PRODUCTION=1.")
    return development_default


# The development key is derived per checkout, never shared, and never used in
# production because _production_value refuses to start without a real one.
SECRET_KEY = _production_value("DJANGO_SECRET_KEY", f"development-only-{BASE_DIR}")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or (
    [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set when DJANGO_PRODUCTION=1."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its fields are patched first.
    "modeltranslation",
    # Django's admin with the editors' dashboard on its index (articles/admin_site.py).
    "articles.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "django_prose_editor",
    # django-reversion: the versions of articles (articles/revisions.py).
    "reversion",
    # django-axes, named "Login protection" in the admin (articles/apps.py).
    "articles.apps.LoginProtectionConfig",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cqcnews.security.PermissionsPolicyMiddleware",
    "cqcnews.security.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Marks readers' requests for the replica (unused without one); before
    # anything that queries.
    "cqcnews.replicas.ReplicaMiddleware",
    # Before sessions, locale and CSRF: a cached page skips them all.
    "cqcnews.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cqcnews.faults.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it reads what the authentication backend decided.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cqcnews.urls"
WSGI_APPLICATION = "cqcnews.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://…, sqlite:///…), SQLite file by default.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor writes; IMMEDIATE transactions
    # take the write lock up front so concurrent saves wait (busy timeout)
    # instead of failing with "database is locked" half-way through. Each
    # thread keeps its connection, as on PostgreSQL: opening one and running
    # these pragmas for every request cost more than many a page's queries.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# A streaming replica of the primary for readers' queries (cqcnews/replicas.py):
# public pages read it while it lags by at most CQCNEWS_REPLICA_MAX_LAG seconds
# and no write began in as long; the admin, writes and migrations use the primary.
REPLICA_MAX_LAG = float(os.environ.get("CQCNEWS_REPLICA_MAX_LAG", "2"))
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that does not answer is given up on quickly.
        DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    # The same data under another name: tests use the primary for both.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["cqcnews.replicas.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Files the running site keeps for itself, private to its user (the shared
# page cache below); a checkout's own unless CQCNEWS_STATE_DIR says.
STATE_DIR = Path(os.environ.get("CQCNEWS_STATE_DIR") or BASE_DIR / "var")

# Caches (cqcnews/page_cache.py, cqcnews/tags.py): "default" holds rendered pages
# and kept fragments; "invalidation" the counter of changes, each tag's last
# change, the clock and the locks, and must never evict them.
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    # Redis, shared by every host: run it with maxmemory-policy volatile-lru,
    # so that only keys with a timeout (pages) are evicted, never the tags.
    _redis = {
        # Serves uncached while Redis is down: cqcnews/cache_backends.py.
        "BACKEND": "cqcnews.cache_backends.ResilientRedisCache",
        "LOCATION": _cache_url,
        # A cache that answers slower than the database is worse than none.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "cqcnews"},
        "invalidation": {**_redis, "KEY_PREFIX": "cqcnews-tags"},
    }
else:
    # One cache for all the gunicorn workers of the host, with no server to
    # start: diskcache's SQLite files in the state directory, created 0700
    # (values are pickles: never in the shared temporary folder, where anyone
    # on the machine could plant one). Measured against Django's database
    # cache with bench/cache_backends.py: see docs/deploy.md.
    CACHES = {
        "default": {
            "BACKEND": "cqcnews.cache_backends.SharedDiskCache",
            "LOCATION": STATE_DIR / "cache",
            # Least recently stored pages go first past 2 GB.
            "OPTIONS": {"size_limit": 2 * 2**30},
        },
        "invalidation": {
            "BACKEND": "cqcnews.cache_backends.SharedDiskCache",
            "LOCATION": STATE_DIR / "invalidation",
            "SHARDS": 1,
            "OPTIONS": {"eviction_policy": "none"},
        },
    }
# The parts of every page that change with nothing but the language and the
# section ({% cache %} in base.html and includes/header.html: addresses, static
# files, words of the interface), rendered once per process and kept in its
# memory: they change only with a release, which starts new processes.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "TIMEOUT": None,
}
# What the page cache asks when time changes pages (cqcnews.tags.Clock).
PAGE_CACHE_CLOCK = "articles.invalidation"
# The release rendered pages belong to: a digest of these folders unless
# CQCNEWS_RELEASE names it (cqcnews.page_cache.release).
PAGE_CACHE_RELEASE = os.environ.get("CQCNEWS_RELEASE", "")
PAGE_CACHE_SOURCES = ["templates", "articles", "cqcnews", "locale"]

# A CDN's tags and purges (cqcnews/cdn.py, docs/deploy.md): purge addresses
# separated by spaces, one per cache; the style of its purge API.
CDN_PURGE_URLS = os.environ.get("CQCNEWS_CDN_PURGE_URL", "").split()
CDN_STYLE = os.environ.get("CQCNEWS_CDN_STYLE", "xkey").strip().lower() or "xkey"
if CDN_STYLE not in {"xkey", "fastly", "cloudflare"}:
    raise ImproperlyConfigured(
        f"CQCNEWS_CDN_STYLE is {CDN_STYLE!r}: xkey, fastly or cloudflare."
    )
CDN_PURGE_TOKEN = os.environ.get("CQCNEWS_CDN_PURGE_TOKEN", "")

_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATION}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]

# Editors' accounts. django-axes counts failed logins per username *and*
# address: a guesser is stopped after five tries, yet nobody elsewhere can lock
# an editor out, and the lock lifts by itself after the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cqcnews.security.client_ip"
# An editor's session ends after a working day or when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Response headers (see docs/security.md). No inline script or style: scripts
# need the per-request nonce, which only our own templates carry.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The admin's rich-text editor (Tiptap, in django-prose-editor) injects one
# <style> element, its base stylesheet (white-space: pre-wrap, …): its hash
# admits exactly that and no other inline style, and the nonce admits the
# admin templates' own nonce-carrying <style>. tests/test_security.py pins the
# hash to the installed editor.
ADMIN_CSP = {
    **SECURE_CSP,
    "style-src": [
        CSP.SELF,
        CSP.NONCE,
        "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='",
    ],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

# DJANGO_HTTPS=1: served behind a TLS proxy that sets X-Forwarded-Proto (and
# appends the client's address to X-Forwarded-For, see cqcnews.security).
if env_bool("DJANGO_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # The load balancer probes /healthz over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Languages: English first (the source language of CQC's English site), then
# Simplified Chinese. Each falls back to the other, with a visible notice.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en",),
    "en": ("zh-hans",),
    "zh-hans": ("en",),
}
# The tabs' jQuery UI is served from our own static files, never a CDN: the
# admin must work in mainland China and under a strict Content-Security-Policy.
# modeltranslation reads this unprefixed name (modeltranslation/settings.py);
# a relative path goes through static(), so it gets the hashed file name too.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Long dates read "March 15, 2024" / "2024年3月15日": see cqcnews/formats/.
FORMAT_MODULE_PATH = ["cqcnews.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The public site's name and an optional footer notice (an ICP filing number).
SITE_NAME = _("China Quality Certification Centre")
SITE_FOOTER_NOTICE = os.environ.get("CQCNEWS_FOOTER_NOTICE", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Each line of a request names it: method, path and the editor's user id.
    "filters": {"request_context": {"()": "cqcnews.faults.RequestContextFilter"}},
    "formatters": {
        "plain": {
            "format": "{levelname} {asctime} {name} {message}{request_context}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_context"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}
