"""
Template tags for the reader pages: language attributes, localised date
ranges and head counts, parts of a page kept rendered, and the site footer.

The formats are per language and live in the message catalogue (``pgettext``
with a context saying what each one is for), because a Chinese date range is
not an English one with other month names: it reads "2023年10月31日至11月1日".
"""

from urllib.parse import urlsplit

from django import template
from django.template import Context
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import npgettext, pgettext, to_locale

from articles import languages
from articles.invalidation import FOOTER
from articles.models import Page
from cqcnews.page_cache import remember

register = template.Library()


@register.filter
def html_lang(language):
    """The BCP 47 tag of a site language for ``lang`` and ``hreflang``: "zh-Hans"."""
    return to_locale(language).replace("_", "-")


@register.filter
def web_address(url):
    """
    ``url`` when a link may lead there (an http or https address), "" when
    not. Only forms validate a URL field: an import, a fixture or the shell
    could store "javascript:…", which must never become a link.
    """
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


@register.simple_tag
def lang_attr(obj, field="name"):
    """
    `` lang="…"`` when ``obj.field`` has no text in the active language and
    the reader gets the other language's (modeltranslation's fallback), so
    that screen readers pronounce it and browsers pick the right font.
    """
    if getattr(obj, f"{field}_{languages.field_suffix()}", None):
        return ""
    return format_html(' lang="{}"', html_lang(languages.other()))


@register.filter
def date_range(event):
    """An event's dates, as short as the language allows."""
    start, end = event.start_date, event.end_date
    if end is None or end == start:
        return date_format(start)
    if start.year != end.year:
        first, last = date_format(start), date_format(end)
        pattern = pgettext("date range", "%(start)s – %(end)s")  # noqa: RUF001
    elif start.month != end.month:
        first = date_format(start, pgettext("first date of a range in one year", "F j"))
        last = date_format(end, pgettext("last date of a range in one year", "F j, Y"))
        pattern = pgettext("date range", "%(start)s – %(end)s")  # noqa: RUF001
    else:
        first = date_format(
            start, pgettext("first date of a range in one month", "F j")
        )
        last = date_format(end, pgettext("last date of a range in one month", "j, Y"))
        pattern = pgettext("date range in one month", "%(start)s–%(end)s")  # noqa: RUF001
    return pattern % {"start": first, "end": last}


@register.filter
def attendance(event):
    """How many people came: "40 people", "about 1,000 people", "约1000人"."""
    if event.attendance is None:
        return ""
    number = number_format(event.attendance, force_grouping=True)
    if event.attendance_is_approximate:
        text = npgettext(
            "attendance",
            "about %(number)s person",
            "about %(number)s people",
            event.attendance,
        )
    else:
        text = npgettext(
            "attendance", "%(number)s person", "%(number)s people", event.attendance
        )
    return text % {"number": number}


@register.simple_tag(takes_context=True)
def site_footer(context):
    """
    The footer (``includes/footer.html``): the standing pages in their footer
    order, and the site notice. Kept rendered, in each language, until one
    of the pages changes its title, address or place (the tag "footer"), not
    read and rendered on every page.
    """
    template = context.template.engine.get_template("includes/footer.html")

    def render():
        pages = list(Page.objects.only("slug", "title"))
        return template.render(
            Context(
                {
                    "pages": pages,
                    "SITE_NAME": context.get("SITE_NAME"),
                    "SITE_FOOTER_NOTICE": context.get("SITE_FOOTER_NOTICE"),
                },
                autoescape=context.autoescape,
            )
        )

    key = f"footer:{languages.current()}"
    # Rendered here, and kept as rendered: already escaped.
    return mark_safe(remember(key, render, tagged=[FOOTER], track=False))
