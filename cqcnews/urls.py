from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.http import Http404
from django.urls import include, path
from django.views.static import serve

from articles.sitemaps import SITEMAPS, robots_txt
from cqcnews.health import healthz


def media(request, path):
    """
    An uploaded file from local disk. A name the file system refuses (longer
    than it allows) is not found, rather than the error Django's ``serve``
    lets through.
    """
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404 from error


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Outside the language prefix: each lists or serves both languages.
    path(
        "sitemap.xml",
        sitemaps_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
]
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    prefix_default_language=True,
)
if settings.DEBUG or not settings.PRODUCTION:
    # Uploaded media from local disk; production serves it from object storage.
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media)]
