"""Context every public page needs: the site's name, footer pages and notice."""

from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_FOOTER_NOTICE": settings.SITE_FOOTER_NOTICE,
    }
