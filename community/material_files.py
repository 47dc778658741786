"""Marketing material files: what a file is, decided by its bytes, never its name.

Print files and slide decks are larger than the site's other uploads, so they are kept as
sent (no re-encoding) in private storage and always served as downloads; only a preview
image is made from them. SVG is refused: a logo's SVG could carry script, and a PNG or a
PDF serves the same purpose.
"""

import io
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from community.uploads import process_image

MATERIAL_MAX_BYTES = 50 * 1024 * 1024
PREVIEW_SIZE = (480, 480)
# Office files are ZIP archives; the member that names their type tells them apart.
ZIP_FORMATS = {
    "ppt/presentation.xml": ("PowerPoint slides", "pptx"),
    "word/document.xml": ("Word document", "docx"),
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.presentation": ("OpenDocument slides", "odp"),
    b"application/vnd.oasis.opendocument.text": ("OpenDocument text", "odt"),
}
IMAGE_FORMATS = {b"\x89PNG\r\n\x1a\n": ("PNG image", "png"), b"\xff\xd8\xff": ("JPEG image", "jpg")}


@dataclass(frozen=True)
class CheckedMaterial:
    content: ContentFile
    stored_name: str
    file_format: str
    size: int
    preview: ContentFile | None


def _refused():
    return ValidationError(
        "Upload a PDF, PNG, JPEG, PowerPoint, Word or OpenDocument file; this file is none "
        "of them, whatever its name says.",
        code="not_a_material",
    )


def _zip_format(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return ODF_MIMETYPES.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    return next((kind for member, kind in ZIP_FORMATS.items() if member in names), None)


def _image_preview(data: bytes) -> ContentFile | None:
    try:
        processed = process_image(
            io.BytesIO(data),
            max_bytes=MATERIAL_MAX_BYTES,
            fit=PREVIEW_SIZE,
            thumbnail_size=None,
        )
    except ValidationError:
        return None  # too many pixels to preview: the list shows the format's icon
    return processed.image


def check_material(upload) -> CheckedMaterial:
    """The file's format from its bytes, its size, and a preview image when it is an image;
    ``ValidationError`` for anything else or anything larger than the limit."""
    size = getattr(upload, "size", None)
    if size is not None and size > MATERIAL_MAX_BYTES:
        raise ValidationError(
            f"The file is too large; the limit is {MATERIAL_MAX_BYTES // (1024 * 1024)} MB.",
            code="too_large",
        )
    data = upload.read(MATERIAL_MAX_BYTES + 1)
    if len(data) > MATERIAL_MAX_BYTES:
        raise ValidationError("The file is too large.", code="too_large")
    preview = None
    if data.startswith(b"%PDF-"):
        kind = ("PDF document", "pdf")
    elif data.startswith(b"PK\x03\x04"):
        kind = _zip_format(data)
    else:
        kind = next((k for magic, k in IMAGE_FORMATS.items() if data.startswith(magic)), None)
        if kind:
            preview = _image_preview(data)
    if kind is None:
        raise _refused()
    label, extension = kind
    return CheckedMaterial(
        content=ContentFile(data),
        stored_name=f"{uuid.uuid4().hex}.{extension}",
        file_format=label,
        size=len(data),
        preview=preview,
    )
