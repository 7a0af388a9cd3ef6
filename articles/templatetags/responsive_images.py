"""
``{% responsive_image image alt %}``: a stored picture as a ``<picture>`` whose
renditions the browser picks from by the space the picture takes.

The renditions were made when the picture was saved (``articles.images``);
their names and sizes follow from the stored width and height, so the tag
reads no file and runs no query.
"""

from django import template
from django.utils.html import format_html, format_html_join

from articles import images

register = template.Library()

# The picture spans the text column, which stops growing at about 760 pixels.
DEFAULT_SIZES = "(min-width: 800px) 760px, 100vw"


def _srcset(storage, renditions):
    return ", ".join(
        f"{storage.url(rendition.name)} {rendition.width}w" for rendition in renditions
    )


@register.simple_tag
def responsive_image(image, alt, sizes=DEFAULT_SIZES, loading="lazy", css_class=""):
    """
    ``image`` (an ImageField's file) described by ``alt``: WebP for browsers
    that take it, the picture's own format otherwise. A picture stored before
    renditions existed (no width on record) is shown as it is.
    """
    if not image:
        return ""
    field, instance = image.field, image.instance
    width = getattr(instance, field.width_field or "", None)
    height = getattr(instance, field.height_field or "", None)
    attributes = {
        "alt": alt,
        "loading": loading,
        "decoding": "async",
        "class": css_class,
    }
    if not (width and height):
        return format_html(
            "<img src={}{}>", _quoted(image.url), _attributes(attributes)
        )
    *formats, own = images.rendition_formats(image.name)
    if formats:  # the picture is not WebP itself: WebP first
        webp = images.renditions(image.name, width, height, "webp")
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">',
            _srcset(image.storage, webp),
            sizes,
        )
    else:
        source = ""
    fallback = images.renditions(image.name, width, height, own)
    largest = fallback[-1]
    attributes |= {
        "srcset": _srcset(image.storage, fallback),
        "sizes": sizes,
        "width": largest.width,
        "height": largest.height,
    }
    return format_html(
        "<picture>{}<img src={}{}></picture>",
        source,
        _quoted(image.storage.url(largest.name)),
        _attributes(attributes),
    )


def _quoted(value):
    return format_html('"{}"', value)


def _attributes(attributes):
    """The attributes that have a value; ``alt`` always, even empty (decorative)."""
    return format_html_join(
        "",
        ' {}="{}"',
        ((name, value) for name, value in attributes.items() if value or name == "alt"),
    )
