import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.uploads import ImageUploadField, process_image


def image_file(size=(64, 48), fmt="PNG", mode="RGB", name="logo.png", **save_kwargs):
    buffer = io.BytesIO()
    Image.new(mode, size, "#3776ab").save(buffer, format=fmt, **save_kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_png_is_re_encoded_with_a_thumbnail():
    result = process_image(image_file(size=(800, 600)))
    assert (result.width, result.height) == (800, 600)
    thumbnail = Image.open(io.BytesIO(result.thumbnail.read()))
    assert max(thumbnail.size) <= 240
    assert result.image.name.endswith(".jpg")


def test_transparent_png_stays_png():
    result = process_image(image_file(mode="RGBA"))
    assert result.image.name.endswith(".png")


def test_exif_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # camera make
    upload = image_file(fmt="JPEG", name="photo.jpg", exif=exif.tobytes())
    assert b"SpyCam" in upload.read()
    upload.seek(0)
    result = process_image(upload)
    data = result.image.read()
    assert b"SpyCam" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_text_file_named_png_is_refused():
    fake = SimpleUploadedFile("logo.png", b"I am not a picture at all", content_type="image/png")
    with pytest.raises(ValidationError, match="PNG, JPEG, GIF or WebP"):
        process_image(fake)


def test_svg_is_refused_even_with_an_image_content_type():
    svg = SimpleUploadedFile(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )
    with pytest.raises(ValidationError, match="SVG"):
        process_image(svg)


def test_truncated_image_is_refused():
    data = image_file(size=(300, 300)).read()
    broken = SimpleUploadedFile("logo.png", data[: len(data) // 2], content_type="image/png")
    with pytest.raises(ValidationError):
        process_image(broken)


def test_file_over_the_byte_limit_is_refused():
    with pytest.raises(ValidationError, match="too large"):
        process_image(image_file(size=(200, 200)), max_bytes=100)


def test_image_over_the_pixel_limit_is_refused_before_decoding():
    with pytest.raises(ValidationError, match="pixels"):
        process_image(image_file(size=(4097, 10)))


def test_decompression_bomb_is_refused(monkeypatch):
    # A tiny file announcing a huge canvas: Pillow's own guard must not crash the form.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError, match="pixels"):
        process_image(image_file(size=(300, 300)), max_pixels=10**9, max_side=10**5)


def test_form_field_returns_none_when_nothing_is_uploaded():
    field = ImageUploadField(required=False)
    assert field.clean(None) is None


def test_form_field_reports_a_fake_image_as_a_form_error():
    field = ImageUploadField(required=False)
    fake = SimpleUploadedFile("x.png", b"<html>", content_type="image/png")
    with pytest.raises(ValidationError):
        field.clean(fake)
