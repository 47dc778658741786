"""Image uploads: checked by their content, re-encoded, and given a thumbnail.

The file's name and the browser's content type are never trusted: Pillow must
recognise the bytes as one of a few raster formats. Re-encoding drops EXIF and
any other metadata (camera serials, GPS positions) and anything appended to the
image, and the pixel limit is checked from the header before any pixel is
decoded, so a small file that would expand to gigabytes is refused cheaply.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4096
MAX_PIXELS = MAX_SIDE * MAX_SIDE
THUMBNAIL_SIZE = (240, 240)
# Raster formats only: SVG (which can carry script) is not something Pillow opens.
ALLOWED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


@dataclass(frozen=True)
class ProcessedImage:
    """A re-encoded image and its thumbnail, ready to assign to ImageField/FileFields."""

    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _encode(image: Image.Image, name: str) -> ContentFile:
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{name}.{extension}")


def process_image(
    upload,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_side: int = MAX_SIDE,
    max_pixels: int = MAX_PIXELS,
    thumbnail_size: tuple[int, int] = THUMBNAIL_SIZE,
) -> ProcessedImage:
    """Validate an uploaded file as an image and return it re-encoded with a thumbnail.

    Raises ``ValidationError`` with a message meant for the person who uploaded it.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"The image is too large ({size // 1024} KB); the limit is {max_bytes // 1024} KB.",
            code="too_large",
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            f"The image is too large; the limit is {max_bytes // 1024} KB.", code="too_large"
        )
    not_an_image = ValidationError(
        "Upload a PNG, JPEG, GIF or WebP image. Other files, including SVG, are not accepted.",
        code="not_an_image",
    )
    too_many_pixels = ValidationError(
        f"The image is too large; at most {max_side} x {max_side} pixels.", code="too_many_pixels"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise not_an_image
            width, height = image.size
            if width > max_side or height > max_side or width * height > max_pixels:
                raise too_many_pixels
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image from None

    # Phones store rotation in EXIF; apply it before the metadata is dropped.
    image = ImageOps.exif_transpose(image)
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    name = uuid.uuid4().hex
    thumbnail = image.copy()
    thumbnail.thumbnail(thumbnail_size)
    return ProcessedImage(
        image=_encode(image, name),
        thumbnail=_encode(thumbnail, f"{name}-thumb"),
        width=image.width,
        height=image.height,
    )


class ImageUploadField(forms.FileField):
    """A form field whose cleaned value is a ``ProcessedImage`` (or None when left empty)."""

    widget = forms.FileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            f"PNG, JPEG, GIF or WebP, at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB "
            f"and {MAX_SIDE} x {MAX_SIDE} pixels.",
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/png,image/jpeg,image/gif,image/webp")

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        return process_image(upload)
