import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import GifImagePlugin, Image, ImageOps, PngImagePlugin

from community import uploads
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
    assert result.image.name.endswith(".png")  # one colour: a palette PNG


def test_transparent_png_stays_transparent():
    result = process_image(image_file(mode="RGBA", size=(64, 48)))
    stored = Image.open(io.BytesIO(result.image.read()))
    assert result.image.name.endswith(".png")
    assert stored.convert("RGBA").getpixel((0, 0))[3] == 0 or stored.mode in ("P", "RGBA")


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


# --- issue 23 §6: bounded size, bounded decode, no comments ------------------------------


def noisy_image(size, mode="RGBA"):
    """A picture with thousands of colours (a photo, a gradient logo), not a flat fill."""
    noise = Image.effect_noise(size, 80).convert("L")
    bands = [noise, noise.rotate(90), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    if mode == "RGBA":
        bands.append(Image.new("L", size, 200))
    return Image.merge(mode, bands)


def upload_of(image, fmt, name, **save_kwargs):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_a_large_lossy_webp_is_stored_at_the_size_asked_for_not_as_a_huge_png():
    upload = upload_of(noisy_image((1200, 1200)), "WEBP", "logo.webp", quality=30)
    result = process_image(upload, fit=(160, 160), thumbnail_size=None)
    stored = Image.open(io.BytesIO(result.image.read()))
    assert stored.size == (160, 160)
    assert stored.format == "WEBP"  # thousands of colours with alpha: lossy, transparent
    assert stored.mode == "RGBA"
    assert result.image.size < 60_000
    assert result.thumbnail is None


def test_uploads_are_stored_no_larger_than_any_page_shows_them():
    result = process_image(image_file(size=(3000, 2000)))
    assert (result.width, result.height) == (1600, 1067)


def test_a_flat_colour_logo_is_a_palette_png():
    result = process_image(image_file(size=(400, 400), fmt="JPEG", name="logo.jpg"), fit=(160, 160))
    stored = Image.open(io.BytesIO(result.image.read()))
    assert (stored.format, stored.mode) == ("PNG", "P")


def test_jpeg_comments_are_stripped():
    upload = upload_of(noisy_image((300, 300), "RGB"), "JPEG", "photo.jpg", comment=b"SECRET-COM")
    assert b"SECRET-COM" in upload.read()
    upload.seek(0)
    for stored in process_image(upload).image, process_image(upload_again(upload)).thumbnail:
        data = stored.read()
        assert b"SECRET-COM" not in data
        assert "comment" not in Image.open(io.BytesIO(data)).info


def upload_again(upload):
    upload.seek(0)
    return SimpleUploadedFile(upload.name, upload.read(), content_type=upload.content_type)


def test_png_text_chunks_are_stripped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SECRET-TEXT")
    info.add_itxt("Author", "SECRET-ITXT")
    upload = upload_of(noisy_image((200, 200), "RGB"), "PNG", "logo.png", pnginfo=info)
    data = process_image(upload).image.read()
    assert b"SECRET-TEXT" not in data
    assert b"SECRET-ITXT" not in data


def test_gif_comments_are_stripped():
    upload = image_file(size=(200, 200), fmt="GIF", name="logo.gif", comment=b"SECRET-GIF")
    assert b"SECRET-GIF" in upload.read()
    upload.seek(0)
    data = process_image(upload).image.read()
    assert b"SECRET-GIF" not in data


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    decoded = []
    transpose = ImageOps.exif_transpose

    def spy(image, **kwargs):
        decoded.append(image.size)
        return transpose(image, **kwargs)

    monkeypatch.setattr(uploads.ImageOps, "exif_transpose", spy)
    upload = upload_of(noisy_image((2400, 2400), "RGB"), "JPEG", "logo.jpg", quality=20)
    process_image(upload, fit=(160, 160), thumbnail_size=None)
    assert decoded == [(300, 300)]  # 1/8 scale: 36 times fewer pixels decoded


def test_only_the_first_frame_of_an_animation_is_decoded(monkeypatch):
    frames = [Image.new("RGB", (100, 100), colour) for colour in ("red", "green", "blue")] * 20
    upload = upload_of(frames[0], "GIF", "anim.gif", save_all=True, append_images=frames[1:])
    seeks = []
    seek = GifImagePlugin.GifImageFile.seek

    def counting_seek(self, frame):
        seeks.append(frame)
        return seek(self, frame)

    monkeypatch.setattr(GifImagePlugin.GifImageFile, "seek", counting_seek)
    result = process_image(upload)
    assert max(seeks, default=0) == 0
    assert Image.open(io.BytesIO(result.image.read())).convert("RGB").getpixel((0, 0)) == (
        255,
        0,
        0,
    )


# --- the form field: what it asks the browser for, what it keeps, what it gives back ------


def png_upload(size=(400, 300)):
    return upload_of(Image.new("RGB", size, (200, 30, 30)), "PNG", "logo.png")


def test_form_field_asks_the_browser_for_the_accepted_images_and_states_the_limits():
    field = ImageUploadField(required=False)
    assert field.widget.attrs["accept"] == "image/png,image/jpeg,image/gif,image/webp"
    assert field.help_text == "PNG, JPEG, GIF or WebP, at most 2 MB and 4096 x 4096 pixels."
    html = field.widget.render("logo", None)
    assert 'accept="image/png,image/jpeg,image/gif,image/webp"' in html


def test_form_field_stores_at_its_own_size_and_without_a_thumbnail_when_asked():
    field = ImageUploadField(required=False, fit=(100, 100), thumbnail_size=None)
    processed = field.clean(png_upload())
    assert (processed.width, processed.height) == (100, 75)
    assert processed.thumbnail is None


def test_form_field_default_gives_a_thumbnail():
    processed = ImageUploadField(required=False).clean(png_upload())
    assert processed.thumbnail is not None
    assert Image.open(processed.thumbnail).size == (240, 180)


@pytest.mark.parametrize("required", [True, False])
def test_form_field_keeps_the_stored_image_when_nothing_new_is_uploaded(required):
    # A form bound to an object with a logo: no new upload means "keep it", not "required"
    # and not a re-encoding of the stored file.
    field = ImageUploadField(required=required)
    assert field.clean(None, initial="jobs/logos/stored.png") is None


# --- what the re-encoding keeps: alpha only where the upload has it, the names, the limit ---


def transparent_upload(kind):
    """A logo whose left half is see-through, in each way a file can carry transparency."""
    if kind == "grey with alpha":
        image = Image.new("LA", (64, 48), (90, 0))
        image.paste((90, 255), (32, 0, 64, 48))
    else:  # a palette whose colour 0 is transparent (GIF, and PNG's tRNS chunk)
        image = Image.new("P", (64, 48), 0)
        image.putpalette([0, 0, 0, 55, 118, 171] + [0] * 762)
        image.paste(1, (32, 0, 64, 48))
    fmt = "GIF" if kind == "palette GIF" else "PNG"
    extra = {} if kind == "grey with alpha" else {"transparency": 0}
    return upload_of(image, fmt, f"logo.{fmt.lower()}", **extra)


@pytest.mark.parametrize("kind", ["grey with alpha", "palette PNG", "palette GIF"])
def test_a_see_through_part_stays_see_through(kind):
    result = process_image(transparent_upload(kind), thumbnail_size=None)
    stored = Image.open(io.BytesIO(result.image.read())).convert("RGBA")
    assert stored.getpixel((0, 0))[3] == 0
    assert stored.getpixel((63, 47))[3] == 255


def test_an_opaque_photo_is_stored_as_a_webp_without_an_alpha_channel():
    result = process_image(upload_of(noisy_image((300, 200), "RGB"), "JPEG", "photo.jpg"))
    stored = Image.open(io.BytesIO(result.image.read()))
    assert (stored.format, stored.mode) == ("WEBP", "RGB")
    assert result.image.name.endswith(".webp")
    assert result.thumbnail.name.endswith("-thumb.webp")


def test_a_greyscale_photo_is_accepted_and_kept_grey_level_for_grey_level():
    grey = Image.effect_noise((300, 200), 80).convert("L")
    result = process_image(upload_of(grey, "PNG", "photo.png"), thumbnail_size=None)
    stored = Image.open(io.BytesIO(result.image.read()))
    assert (stored.format, stored.mode) == ("PNG", "P")  # at most 256 greys
    assert stored.convert("L").tobytes() == grey.tobytes()


def test_a_logo_of_a_few_hundred_colours_is_stored_exactly():
    colours = Image.new("RGB", (20, 10))
    colours.putdata([(n, 255 - n, (n * 7) % 256) for n in range(200)])
    result = process_image(upload_of(colours, "PNG", "logo.png"), thumbnail_size=None)
    stored = Image.open(io.BytesIO(result.image.read()))
    assert (stored.format, stored.mode) == ("PNG", "P")
    assert stored.convert("RGB").tobytes() == colours.tobytes()


def test_an_upload_that_states_its_size_is_refused_with_it_before_it_is_read():
    upload = SimpleUploadedFile("logo.png", b"x" * 10 * 1024, content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        process_image(upload, max_bytes=9 * 1024)
    assert refused.value.code == "too_large"
    assert refused.value.messages == ["The image is too large (10 KB); the limit is 9 KB."]
    assert upload.tell() == 0  # refused on its stated size, not after reading it


class UnsizedUpload:
    """A stream that does not say its size (a chunked upload), recording what is asked."""

    def __init__(self, data):
        self.stream, self.asked = io.BytesIO(data), []

    def read(self, size=-1):
        self.asked.append(size)
        return self.stream.read(size)


def test_an_upload_without_a_stated_size_is_read_no_further_than_the_limit():
    upload = UnsizedUpload(b"x" * 100_000)
    with pytest.raises(ValidationError) as refused:
        process_image(upload, max_bytes=9 * 1024)
    assert upload.asked == [9 * 1024 + 1]
    assert refused.value.code == "too_large"
    assert refused.value.messages == ["The image is too large; the limit is 9 KB."]


def test_an_upload_of_exactly_the_byte_limit_is_accepted():
    upload = image_file(size=(200, 200))
    assert process_image(upload, max_bytes=upload.size).width == 200


def test_an_upload_of_unknown_size_exactly_at_the_limit_is_accepted():
    data = image_file(size=(200, 200)).read()
    assert process_image(UnsizedUpload(data), max_bytes=len(data)).width == 200


def test_a_file_that_is_no_image_is_refused_in_words_with_its_code():
    fake = SimpleUploadedFile("logo.png", b"I am not a picture at all", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        process_image(fake)
    assert refused.value.code == "not_an_image"
    assert refused.value.messages == [
        "Upload a PNG, JPEG, GIF or WebP image. Other files, including SVG, are not accepted."
    ]


@pytest.mark.parametrize(
    ("size", "accepted"),
    [
        ((50, 20), True),  # as wide as allowed
        ((20, 50), True),  # as tall as allowed
        ((40, 25), True),  # exactly the most pixels
        ((51, 10), False),
        ((10, 51), False),
        ((41, 25), False),  # sides within the limit, too many pixels in all
    ],
)
def test_the_side_and_pixel_limits_hold_at_their_edges(size, accepted):
    upload = image_file(size=size)
    limits = {"max_side": 50, "max_pixels": 1000}
    if accepted:
        assert process_image(upload, **limits).width == size[0]
        return
    with pytest.raises(ValidationError) as refused:
        process_image(upload, **limits)
    assert refused.value.code == "too_many_pixels"
    assert refused.value.messages == ["The image is too large; at most 50 x 50 pixels."]


def test_a_picture_just_past_pillows_pixel_guard_is_refused_not_a_crash(monkeypatch):
    # Past MAX_IMAGE_PIXELS but under twice it, Pillow only warns; the warning is the refusal.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 30_000)
    with pytest.raises(ValidationError) as refused:
        process_image(image_file(size=(200, 200)), max_pixels=10**9, max_side=10**5)
    assert refused.value.code == "too_many_pixels"


def test_stored_files_get_new_random_names_and_the_thumbnail_follows_its_image():
    first, second = process_image(image_file()), process_image(image_file(name="logo.png"))
    stem = first.image.name.removesuffix(".png")
    assert re.fullmatch("[0-9a-f]{32}", stem)  # a uuid4 in hex: nothing of the upload
    assert first.thumbnail.name == f"{stem}-thumb.png"
    assert second.image.name != first.image.name
