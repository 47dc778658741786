import io
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.material_files import check_material
from community.materials import material_file_set
from community.models import Material


def png_upload(size=(900, 600), name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="guide.pdf"):
    """A PDF header with no page in it: broken, as far as poppler is concerned."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")


def real_pdf_upload(name="flyer.pdf", pages=2, size=(595, 842)):
    """A real PDF of ``pages`` A4 pages (first red, then blue), written by Pillow."""
    first, *rest = [
        Image.new("RGB", size, colour) for colour in [(200, 30, 30)] + [(30, 30, 200)] * (pages - 1)
    ]
    buffer = io.BytesIO()
    first.save(buffer, "PDF", save_all=True, append_images=rest)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


class MaterialFactory(factory.django.DjangoModelFactory):
    """A material whose file went through the same check and save as the admin's."""

    class Meta:
        model = Material

    title = factory.Sequence(lambda n: f"Python logo pack {n}")
    kind = Material.Kind.LOGO
    language = "en"
    released_on = date(2026, 1, 15)

    @classmethod
    def _create(cls, model_class, *args, upload=None, **kwargs):
        material = model_class(*args, **kwargs)
        material_file_set(material=material, checked=check_material(upload or pdf_upload()))
        material.save()
        return material
