"""
What search engines and link previews read about a page: Open Graph and
Twitter card tags, and schema.org JSON-LD.

The builders are pure functions: they take what the view has already loaded
(relations prefetched, texts chosen by ``views.base.display_text``) and a function
that makes an address absolute, and return plain data. No query, no request:
the ``sharing`` template tags turn the data into markup.

JSON-LD is a data block (``<script type="application/ld+json">``): browsers
never run it, and the HTML standard stops preparing a script element whose
type is not JavaScript before Content-Security-Policy is consulted. So it
needs no nonce, and a page carrying it stays the same for every reader (a
nonce would make each response unique and the page uncacheable).
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles import images, languages
from articles.templatetags.reader import html_lang

#: Open Graph wants a territory: the site's English is written for everyone,
#: its Chinese is the Simplified Chinese of the mainland.
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}

#: The codes RSS and Google News give the site's languages: they predate
#: script subtags, and name Simplified Chinese by its region.
FEED_LANGUAGES = {"en": "en", "zh-hans": "zh-cn"}

#: The publisher's mark, square as Google asks of an organisation's logo.
LOGO = "img/logo.png"

#: A preview image wider than this gains nothing and costs the reader.
PREVIEW_WIDTH = 1200

#: What keeps JSON inside ``<script>`` from ending the element or starting a
#: comment, as ``json_script`` does: the characters become JSON escapes.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

SCHEMA = "https://schema.org"

#: What the site is: the home page's description, and the news feed's.
SITE_DESCRIPTION = _("News and events of the China Quality Certification Centre.")


def open_graph(*, title, url, language, description="", kind="website", image=None):
    """
    The description, Open Graph and Twitter card tags of a page, as
    ``(attribute, name, content)`` triples: ``("property", "og:title", "…")``.
    The description (``<meta name="description">``) is what search engines
    show under the page's title; link previews read ``og:description``.

    ``language`` is the language of the text shown (an article without a
    translation is shown, and shared, in the other one); ``image`` is a
    ``preview_image()`` or ``None``.
    """
    tags = [("name", "description", description)] if description else []
    tags += [
        ("property", "og:type", kind),
        ("property", "og:site_name", str(settings.SITE_NAME)),
        ("property", "og:title", title),
        ("property", "og:url", url),
        ("property", "og:locale", OG_LOCALES[language]),
        *(
            ("property", "og:locale:alternate", locale)
            for code, locale in OG_LOCALES.items()
            if code != language
        ),
    ]
    if description:
        tags.append(("property", "og:description", description))
    if image:
        tags.append(("property", "og:image", image["url"]))
        if image["width"] and image["height"]:
            tags += [
                ("property", "og:image:width", str(image["width"])),
                ("property", "og:image:height", str(image["height"])),
            ]
        if image["alt"]:
            tags.append(("property", "og:image:alt", image["alt"]))
    tags += [
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", title),
    ]
    if description:
        tags.append(("name", "twitter:description", description))
    if image:
        tags.append(("name", "twitter:image", image["url"]))
        if image["alt"]:
            tags.append(("name", "twitter:image:alt", image["alt"]))
    return tags


def preview_image(image, alt, absolute):
    """
    ``image`` (an ImageField's file) as a link preview uses it: the largest
    stored rendition up to ``PREVIEW_WIDTH`` pixels, in the picture's own
    format (every preview reader takes JPEG and PNG, not all take WebP), as
    ``{"url", "width", "height", "alt"}``; ``None`` without a picture.
    """
    if not image:
        return None
    field, instance = image.field, image.instance
    width = getattr(instance, field.width_field or "", None)
    height = getattr(instance, field.height_field or "", None)
    if not (width and height):
        # Stored before renditions existed: the picture as it is.
        return {
            "url": absolute(image.url),
            "width": width,
            "height": height,
            "alt": alt,
        }
    own = images.rendition_formats(image.name)[-1]
    fitting = [
        rendition
        for rendition in images.renditions(image.name, width, height, own)
        if rendition.width <= PREVIEW_WIDTH
    ]
    chosen = fitting[-1]
    return {
        "url": absolute(image.storage.url(chosen.name)),
        "width": chosen.width,
        "height": chosen.height,
        "alt": alt,
    }


def publisher(absolute):
    """CQC as schema.org knows a publisher: name, address and logo."""
    return {
        "@type": "Organization",
        "name": str(settings.SITE_NAME),
        "url": absolute(reverse("articles:home")),
        "logo": {"@type": "ImageObject", "url": absolute(static(LOGO))},
    }


def last_modified(article):
    """
    When readers last saw an article change: an article scheduled after its
    last edit changed, for them, when it went live.
    """
    return max(article.published_at, article.updated_at)


def news_article(article, text, *, absolute, image=None):
    """
    A ``NewsArticle``: ``text`` is the article's ``display_text()`` with its
    title and standfirst, whose language is the one the page shows.
    """
    url = absolute(article.get_absolute_url())
    cqc = publisher(absolute)
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": text["title"],
        "datePublished": article.published_at.isoformat(),
        "dateModified": last_modified(article).isoformat(),
        "inLanguage": html_lang(text["language"]),
        "author": cqc,
        "publisher": cqc,
    }
    if text["standfirst"]:
        data["description"] = text["standfirst"]
    if image:
        data["image"] = [image["url"]]
    return data


def event(event, *, absolute):
    """
    An ``Event`` from an event with its ``organisers`` and ``participations``
    prefetched. Someone who took part remotely makes the event a mixed one;
    the news reports events that took place, so each is as scheduled.
    """
    remote = any(part.part == part.Part.REMOTE for part in event.participations.all())
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.name,
        "url": absolute(event.get_absolute_url()),
        "startDate": event.start_date.isoformat(),
        "endDate": event.last_date.isoformat(),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": (
            f"{SCHEMA}/MixedEventAttendanceMode"
            if remote
            else f"{SCHEMA}/OfflineEventAttendanceMode"
        ),
    }
    if event.venue or event.city:
        place = {"@type": "Place", "name": event.venue or event.city}
        if event.city:
            place["address"] = {"@type": "PostalAddress", "addressLocality": event.city}
        data["location"] = place
    if event.summary:
        data["description"] = event.summary
    organisers = [
        organization_reference(organization, absolute)
        for organization in event.organisers.all()
    ]
    if organisers:
        data["organizer"] = organisers
    return data


def person(person, *, absolute):
    """A ``Person``; the honorific comes where the language puts it."""
    data = {
        "@context": SCHEMA,
        "@type": "Person",
        "name": person.name,
        "url": absolute(person.get_absolute_url()),
    }
    if person.own_honorific:
        before = not languages.current().startswith("zh")
        data["honorificPrefix" if before else "honorificSuffix"] = person.own_honorific
    photo = preview_image(person.photo, person.name, absolute)
    if photo:
        data["image"] = photo["url"]
    return data


def organization(organization, *, absolute):
    """An ``Organization``, with the one it belongs to and its own website."""
    data = {
        "@context": SCHEMA,
        **organization_reference(organization, absolute),
    }
    if organization.short_name:
        data["alternateName"] = organization.short_name
    if organization.description:
        data["description"] = organization.description
    if organization.website:
        data["sameAs"] = [organization.website]
    if organization.parent:
        data["parentOrganization"] = organization_reference(
            organization.parent, absolute
        )
    return data


def organization_reference(organization, absolute):
    return {
        "@type": "Organization",
        "name": organization.name,
        "url": absolute(organization.get_absolute_url()),
    }


def json_ld(data):
    """
    ``data`` as a ``<script type="application/ld+json">`` element, escaped so
    that no string in it (a headline with "</script>") can end the element.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_ESCAPES)),  # escaped just above
    )
