"""
Pictures editors upload: checked by their content, cleaned, and resized once.

A file is accepted for what it is, not for what it is called: Pillow must
recognise it as a JPEG, PNG or WebP picture of at most ``MAX_UPLOAD_BYTES``
and ``MAX_PIXELS`` (a small file can decode to gigabytes: Pillow's
decompression-bomb guard is set to the same limit and its warning counts as
an error). On save, the picture is turned upright by its EXIF orientation and
written again without its metadata, so a photo never tells readers where or
with which camera it was taken; only the colour profile is kept.

Renditions (``RENDITION_WIDTHS``, in WebP and in the picture's own format) are
made once, when the upload is saved, at names derived from the stored file's
name: ``renditions/covers/photo-800w.webp``. The ``responsive_image`` template
tag computes the same names from the stored width, so rendering a page never
touches the files.
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITIONS_DIR = "renditions"

# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; the
# warning is turned into a refusal where uploads are opened (see ``_opened``).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# Pillow format name → file extension, for the formats a reader's browser shows.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}


@dataclass(frozen=True)
class Rendition:
    """One resized copy of a picture: where it is stored and how wide it is."""

    name: str
    width: int
    height: int


def _opened(file):
    """
    ``file`` opened by Pillow, with a decompression bomb raised as an error
    rather than merely warned about.
    """
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(file)


def check_upload(file):
    """
    Refuse ``file`` unless it is a whole JPEG, PNG or WebP picture within the
    size limits, with a message that says what is wrong with it.
    """
    name = getattr(file, "name", "") or _("the file")
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a picture may be at most %(limit)s."),
            code="file_too_large",
            params={
                "name": name,
                "size": filesizeformat(file.size),
                "limit": filesizeformat(MAX_UPLOAD_BYTES),
            },
        )
    try:
        with _opened(file) as image:
            image_format = image.format
            image.verify()
        # verify() checks the structure only; decoding finds a truncated file.
        with _opened(file) as image:
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _(
                "“%(name)s” is too large in pixels: a picture may have at most "
                "%(limit)s million pixels. Make it smaller and upload it again."
            ),
            code="too_many_pixels",
            params={"name": name, "limit": MAX_PIXELS // 1_000_000},
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _(
                "“%(name)s” is not a picture: its content is not JPEG, PNG or "
                "WebP, whatever its name says."
            ),
            code="not_an_image",
            params={"name": name},
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _(
                "“%(name)s” is damaged or incomplete: it could not be read as "
                "a picture."
            ),
            code="damaged_image",
            params={"name": name},
        ) from None
    finally:
        file.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(
            _("“%(name)s” is a %(format)s picture; upload a JPEG, PNG or WebP."),
            code="unsupported_format",
            params={"name": name, "format": image_format},
        )


def _encoded(image, image_format, **options):
    """``image`` written in ``image_format`` with no metadata but its colour profile."""
    if image_format == "JPEG" and image.mode not in {"RGB", "L", "CMYK"}:
        image = image.convert("RGB")
    elif image_format == "WEBP" and image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **SAVE_OPTIONS[image_format], **options)
    return buffer.getvalue()


def normalised(file):
    """
    The picture in ``file`` turned upright and re-encoded in its own format
    without EXIF, GPS, XMP or text chunks: ``(image, bytes)``.
    """
    check_upload(file)
    with _opened(file) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        image.load()
    image.info = {
        key: original.info[key] for key in ("icc_profile",) if key in original.info
    }
    image.format = image_format
    return image, _encoded(image, image_format)


def rendition_widths(width):
    """The widths made for a picture ``width`` pixels wide: never wider than it."""
    widths = {w for w in RENDITION_WIDTHS if w < width}
    widths.add(min(width, RENDITION_WIDTHS[-1]))
    return sorted(widths)


def rendition_formats(name):
    """The formats made for the stored picture ``name``: WebP, then its own."""
    own = PurePosixPath(name).suffix.lower().lstrip(".")
    own = "jpg" if own == "jpeg" else own
    return ["webp", own] if own != "webp" else ["webp"]


def renditions(name, width, height, extension):
    """The renditions, in ``extension``, of the stored picture ``name``."""
    stem = PurePosixPath(RENDITIONS_DIR, name).with_suffix("")
    return [
        Rendition(
            name=f"{stem}-{size}w.{extension}",
            width=size,
            height=max(1, round(height * size / width)),
        )
        for size in rendition_widths(width)
    ]


def make_renditions(storage, name, image):
    """Store the renditions of ``image``, saved as ``name``, replacing older ones."""
    formats = {extension: fmt for fmt, extension in FORMATS.items()}
    for extension in rendition_formats(name):
        for rendition in renditions(name, image.width, image.height, extension):
            resized = image.resize(
                (rendition.width, rendition.height), Image.Resampling.LANCZOS
            )
            resized.info = image.info
            content = _encoded(resized, formats[extension])
            if storage.exists(rendition.name):
                storage.delete(rendition.name)
            storage.save(rendition.name, ContentFile(content))


class ImageUploadField(forms.ImageField):
    """A form's picture upload, refused with a precise message when it is not one."""

    def to_python(self, data):
        if data is not None and getattr(data, "size", 0):
            check_upload(data)
        return super().to_python(data)


class ImageField(models.ImageField):
    """
    A picture that is checked on upload, stored upright and without metadata,
    and resized into renditions once, when it is saved.

    Give it ``width_field`` and ``height_field``: the rendition names are
    computed from the stored width.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if not file or file._committed:
            return super().pre_save(model_instance, add)
        image, content = normalised(file)
        # The extension follows the content: a JPEG called "photo.png" is stored
        # as "photo.jpg", so the renditions and the browser agree on its format.
        name = str(PurePosixPath(file.name).with_suffix(f".{FORMATS[image.format]}"))
        file.name = name
        file.file = ContentFile(content, name=name)
        file.__dict__.pop("_dimensions_cache", None)
        file = super().pre_save(model_instance, add)
        if self.width_field:
            setattr(model_instance, self.width_field, image.width)
        if self.height_field:
            setattr(model_instance, self.height_field, image.height)
        make_renditions(self.storage, file.name, image)
        return file
