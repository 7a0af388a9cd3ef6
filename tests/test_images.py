"""Uploaded pictures: checked by content, turned upright, stripped, resized once."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template import Context, Template
from PIL import ExifTags, Image

from articles import images
from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory

GPS_IFD = 0x8825

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def picture(size=(60, 40), image_format="JPEG", exif=None, mode="RGB"):
    """Bytes of a picture made in memory: the left half red, the right half blue."""
    image = Image.new(mode, size, "red")
    if mode == "RGB":
        image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def camera_exif():
    """EXIF as a phone writes it: sideways (orientation 6), with where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[GPS_IFD] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (39.0, 54.0, 27.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (116.0, 23.0, 50.0),
    }
    return exif


def test_a_photo_with_orientation_and_location_is_stored_upright_and_stripped():
    original = picture(size=(60, 40), exif=camera_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)

    article = ArticleFactory(cover_image=upload(original), cover_alt_en="A stand")

    with default_storage.open(article.cover_image.name) as stored:
        image = Image.open(stored)
        image.load()
    assert image.size == (40, 60)  # turned upright: orientation 6 is sideways
    assert (article.cover_width, article.cover_height) == (40, 60)
    assert not image.getexif()
    assert not image.getexif().get_ifd(GPS_IFD)
    assert "exif" not in image.info and "xmp" not in image.info
    # Rotated clockwise: the red left half is now on top.
    assert image.convert("RGB").getpixel((20, 5))[0] > 200


def test_renditions_are_made_once_on_save_in_webp_and_the_original_format():
    article = ArticleFactory(cover_image=upload(picture(size=(1000, 500))))
    stem = f"renditions/{article.cover_image.name.rsplit('.', 1)[0]}"

    for width in (480, 800, 1000):
        for extension in ("webp", "jpg"):
            name = f"{stem}-{width}w.{extension}"
            assert default_storage.exists(name), name
            with default_storage.open(name) as stored:
                assert Image.open(stored).width == width
    assert not default_storage.exists(f"{stem}-1200w.webp")

    # Saving again without a new upload re-encodes nothing.
    modified = default_storage.get_modified_time(f"{stem}-480w.webp")
    article.title_en = "Changed"
    article.save()
    assert default_storage.get_modified_time(f"{stem}-480w.webp") == modified


def test_a_person_photo_is_cleaned_too():
    person = PersonFactory(photo=upload(picture(exif=camera_exif()), name="face.jpg"))
    with default_storage.open(person.photo.name) as stored:
        image = Image.open(stored)
        assert image.size == (40, 60)
        assert not image.getexif()


def test_the_stored_extension_follows_the_content_not_the_name():
    article = ArticleFactory(cover_image=upload(picture(image_format="PNG"), "x.jpg"))
    assert article.cover_image.name.endswith(".png")


def test_a_text_file_called_jpg_is_refused():
    with pytest.raises(ValidationError) as error:
        images.check_upload(upload(b"Just some words, not a picture.\n"))
    assert error.value.code == "not_an_image"
    assert "is not a picture" in str(error.value.message % error.value.params)


def test_a_picture_with_too_many_pixels_is_refused_before_decoding():
    # 8000 x 6000 = 48 megapixels: small as a file, huge once decoded.
    data = picture(size=(8000, 6000), image_format="PNG", mode="1")
    assert len(data) < images.MAX_UPLOAD_BYTES
    with pytest.raises(ValidationError) as error:
        images.check_upload(upload(data, "huge.png", "image/png"))
    assert error.value.code == "too_many_pixels"


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ValidationError) as error:
        images.check_upload(upload(picture(size=(200, 200))))
    assert error.value.code == "file_too_large"


def test_a_truncated_picture_is_refused():
    data = picture(size=(300, 300))
    with pytest.raises(ValidationError) as error:
        images.check_upload(upload(data[: len(data) // 2]))
    assert error.value.code == "damaged_image"


def test_a_gif_is_refused_with_the_formats_that_are_accepted():
    with pytest.raises(ValidationError) as error:
        images.check_upload(upload(picture(image_format="GIF"), "a.gif", "image/gif"))
    assert error.value.code == "unsupported_format"


def test_the_form_field_names_the_problem():
    field = Article._meta.get_field("cover_image").formfield()
    with pytest.raises(ValidationError) as error:
        field.clean(upload(b"<?php echo 1; ?>", name="evil.jpg"))
    assert "“evil.jpg” is not a picture" in error.value.messages[0]


def test_the_shell_cannot_store_a_non_picture_either():
    article = ArticleFactory.build(cover_image=upload(b"plain text", name="a.jpg"))
    with pytest.raises(ValidationError), transaction.atomic():
        article.save()
    assert not Article.objects.filter(slug=article.slug).exists()


def test_rendition_widths_never_exceed_the_picture():
    assert images.rendition_widths(300) == [300]
    assert images.rendition_widths(1000) == [480, 800, 1000]
    assert images.rendition_widths(4000) == [480, 800, 1200, 1600]


def render(template, **context):
    return Template("{% load responsive_images %}" + template).render(Context(context))


def test_responsive_image_offers_webp_and_the_original_in_every_width():
    article = ArticleFactory(cover_image=upload(picture(size=(2000, 1000))))
    html = render(
        "{% responsive_image article.cover_image 'A stand' %}", article=article
    )

    stem = f"/media/renditions/{article.cover_image.name.rsplit('.', 1)[0]}"
    assert html.startswith("<picture>")
    assert (
        f'<source type="image/webp" srcset="{stem}-480w.webp 480w, {stem}-800w.webp '
        f'800w, {stem}-1200w.webp 1200w, {stem}-1600w.webp 1600w"'
    ) in html
    assert f'src="{stem}-1600w.jpg"' in html
    assert f"{stem}-480w.jpg 480w" in html
    for attribute in (
        'alt="A stand"',
        'width="1600"',
        'height="800"',
        'loading="lazy"',
        'decoding="async"',
        "sizes=",
    ):
        assert attribute in html


def test_responsive_image_escapes_the_description():
    article = ArticleFactory(cover_image=upload(picture()))
    html = render(
        "{% responsive_image article.cover_image alt %}", article=article, alt='"><b>'
    )
    assert 'alt="&quot;&gt;&lt;b&gt;"' in html


def test_responsive_image_without_a_picture_renders_nothing():
    assert (
        render("{% responsive_image article.cover_image 'x' %}", article=Article())
        == ""
    )
