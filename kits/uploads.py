"""Receipts and customs papers: PDF or images, checked by their bytes, never by their name."""

import uuid
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from community.uploads import process_image
from kits.models import ATTACHMENT_MAX_BYTES


@dataclass(frozen=True)
class CheckedAttachment:
    content: ContentFile
    stored_name: str
    original_name: str
    content_type: str
    size: int


def _too_large(size=None):
    limit = ATTACHMENT_MAX_BYTES // (1024 * 1024)
    got = f" ({size / (1024 * 1024):.0f} MB)" if size else ""
    return ValidationError(
        f"The file is too large{got}; the limit is {limit} MB.", code="too_large"
    )


def check_attachment(upload) -> CheckedAttachment:
    """Accept a PDF (kept as sent) or a raster image (re-encoded); refuse anything else."""
    size = getattr(upload, "size", None)
    if size is not None and size > ATTACHMENT_MAX_BYTES:
        raise _too_large(size)
    original_name = (getattr(upload, "name", "") or "upload")[-200:]
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        data = upload.read(ATTACHMENT_MAX_BYTES + 1)
        if len(data) > ATTACHMENT_MAX_BYTES:
            raise _too_large()
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(
                "This PDF is incomplete or damaged; save it again and upload the new copy.",
                code="bad_pdf",
            )
        return CheckedAttachment(
            content=ContentFile(data),
            stored_name=f"{uuid.uuid4().hex}.pdf",
            original_name=original_name,
            content_type="application/pdf",
            size=len(data),
        )
    try:
        image = process_image(upload, max_bytes=ATTACHMENT_MAX_BYTES)
    except ValidationError:
        raise ValidationError(
            "Upload a PDF or a PNG, JPEG, GIF or WebP image; this file is neither, "
            "whatever its name says.",
            code="not_a_document",
        ) from None
    name = image.image.name
    return CheckedAttachment(
        content=image.image,
        stored_name=name,
        original_name=original_name,
        content_type="image/png" if name.endswith(".png") else "image/jpeg",
        size=image.image.size,
    )


class AttachmentField(forms.FileField):
    """A form field whose cleaned value is a ``CheckedAttachment`` (or None when empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            f"A receipt or customs paper: PDF or image, at most "
            f"{ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB.",
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "application/pdf,image/png,image/jpeg,image/webp")

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        return check_attachment(upload)
