"""
Template tags for what other sites read about a page: the Open Graph and
Twitter card tags, JSON-LD, and the mark on an item readable in one language
only. The data comes from ``articles.seo``; these tags only render it.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import languages, seo

register = template.Library()


@register.simple_tag(takes_context=True)
def sharing_meta(context):
    """
    The page's link-preview tags. A view describes its object in
    ``sharing`` (the keyword arguments of ``seo.open_graph`` but the
    address); any other page is shared as the site, under its own address.
    """
    url = context.get("canonical_url")
    if not url:  # an error page rendered without the request
        return ""
    sharing = {
        "title": str(context.get("SITE_NAME", "")),
        "language": languages.current(),
        **(context.get("sharing") or {}),
    }
    # The attributes and names are ``seo.open_graph``'s own words; only the
    # content comes from the page, so only the content is escaped.
    return mark_safe(
        "\n  ".join(
            f'<meta {attribute}="{name}" content="{escape(content)}">'
            for attribute, name, content in seo.open_graph(url=url, **sharing)
        )
    )


@register.filter
def json_ld(data):
    """``data`` (an ``articles.seo`` builder's result) as a JSON-LD element."""
    return seo.json_ld(data) if data else ""


@register.filter
def only_in(obj, field="title"):
    """
    The other language's code when ``obj`` has no ``field`` text of its own
    in the reader's language (it is shown in the other one), "" otherwise.
    """
    if obj.translated_value(field, languages.current()):
        return ""
    return languages.other()
