"""Marketing material files: what a file is, decided by its bytes, never its name.

Print files and slide decks are larger than the site's other uploads, so they are kept as
sent (no re-encoding) in private storage and always served as downloads; only a preview
image is made from them: images through Pillow, PDFs by rendering their first page with
Debian's poppler (through pdf2image). SVG is refused: a logo's SVG could carry script, and
a PNG or a PDF serves the same purpose.
"""

import io
import logging
import tempfile
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from community.uploads import process_image

MATERIAL_MAX_BYTES = 50 * 1024 * 1024
PREVIEW_SIZE = (480, 480)
# Poppler runs on what staff upload; a PDF that keeps it busy longer than this (or one it
# cannot read) gets the format's icon instead of a preview, never an error.
PDF_PREVIEW_SECONDS = 10
# Rendering reads the whole document; past this a print file is previewed by its icon.
PDF_PREVIEW_MAX_BYTES = 20 * 1024 * 1024
logger = logging.getLogger(__name__)
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


def _pdf_preview(data: bytes) -> ContentFile | None:
    """The first page of a PDF as a PNG within ``PREVIEW_SIZE``, or None (the list then
    shows the icon) when the PDF is too large, broken, too slow, or poppler is missing."""
    if len(data) > PDF_PREVIEW_MAX_BYTES:
        return None
    try:
        from pdf2image import convert_from_path, pdfinfo_from_path
        from pdf2image.exceptions import PDFInfoNotInstalledError
    except ImportError:
        logger.warning("pdf2image is not installed: PDFs get no preview")
        return None
    try:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(data)
            pdf.flush()
            # convert_from_path asks pdfinfo for the page count without a time limit;
            # asking first with one bounds that second call on the same file too.
            pdfinfo_from_path(pdf.name, timeout=PDF_PREVIEW_SECONDS)
            pages = convert_from_path(
                pdf.name,
                first_page=1,
                last_page=1,
                fmt="png",
                size=max(PREVIEW_SIZE),  # pdftoppm -scale-to: the longer side, in pixels
                timeout=PDF_PREVIEW_SECONDS,
            )
    except PDFInfoNotInstalledError:
        logger.warning("poppler (pdfinfo, pdftoppm) is not installed: PDFs get no preview")
        return None
    except Exception as error:  # a broken or hostile PDF: any failure means no preview
        logger.info("No preview for a PDF poppler could not render: %s", type(error).__name__)
        return None
    if not pages:
        return None
    buffer = io.BytesIO()
    pages[0].convert("RGB").save(buffer, "PNG", optimize=True)
    return _image_preview(buffer.getvalue())


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
        preview = _pdf_preview(data)
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
