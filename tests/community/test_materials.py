"""The marketing material library: public and internal items, files checked by content,
previews, downloads counted without a query per download."""

import importlib.util
import io
import shutil
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from community import material_files
from community import materials as library
from community.material_files import PREVIEW_SIZE, check_material
from community.models import Material
from tests.community.factories import MaterialFactory, pdf_upload, png_upload, real_pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.KITS_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    library._pending.clear()
    library._last_flush[0] = time.monotonic()


def listing(client, **params):
    return client.get(reverse("community:materials"), params).content.decode()


def test_public_items_are_listed_with_format_size_and_licence(client):
    MaterialFactory(title="Conference flyer", kind=Material.Kind.FLYER)
    page = listing(client)
    assert "Conference flyer" in page
    assert "PDF document" in page
    assert "CC BY-SA 4.0" in page


def test_internal_items_need_a_signed_in_volunteer(client, member, calendar_volunteer):
    internal = MaterialFactory(title="Booth staffing guide", is_public=False)
    download = reverse("community:material-download", args=[internal.pk])
    assert "Booth staffing guide" not in listing(client)
    assert client.get(download).status_code == 404
    client.force_login(member)
    assert "Booth staffing guide" not in listing(client)
    assert client.get(download).status_code == 404
    client.force_login(calendar_volunteer)
    assert "Booth staffing guide" in listing(client)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_download_is_an_attachment_named_after_the_title(client):
    item = MaterialFactory(title="Sticker sheet", version="2.1")
    response = client.get(reverse("community:material-download", args=[item.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="sticker-sheet-v21.pdf')
    assert response["Content-Type"] == "application/octet-stream"


def test_images_get_a_preview_and_broken_pdfs_an_icon(client):
    image = MaterialFactory(title="Logo", upload=png_upload())
    pdf = MaterialFactory(title="Guide")
    assert image.preview
    assert not pdf.preview
    page = listing(client)
    assert reverse("community:material-preview", args=[image.pk]) in page
    preview = client.get(reverse("community:material-preview", args=[image.pk]))
    assert preview.status_code == 200
    assert client.get(reverse("community:material-preview", args=[pdf.pk])).status_code == 404


needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftoppm") or importlib.util.find_spec("pdf2image") is None,
    reason="poppler-utils and pdf2image render PDF previews (make test installs both)",
)


@needs_poppler
def test_a_pdf_gets_its_first_page_as_a_bounded_preview(client):
    flyer = MaterialFactory(title="Flyer", upload=real_pdf_upload(pages=3))
    assert flyer.preview
    assert reverse("community:material-preview", args=[flyer.pk]) in listing(client)
    response = client.get(reverse("community:material-preview", args=[flyer.pk]))
    assert response.status_code == 200
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert max(image.size) <= max(PREVIEW_SIZE)
    assert image.size[1] > image.size[0]  # A4 upright
    assert image.convert("RGB").getpixel((image.size[0] // 2, image.size[1] // 2))[0] > 150
    # The first page is red; the later ones are blue.


@needs_poppler
def test_a_broken_pdf_gets_the_icon_and_the_upload_still_succeeds(client):
    half = real_pdf_upload().read()
    broken = MaterialFactory(title="Broken", upload=SimpleUploadedFile("b.pdf", half[:200]))
    assert broken.file_format == "PDF document"
    assert not broken.preview
    page = listing(client)
    assert 'class="material-icon' in page
    assert client.get(reverse("community:material-preview", args=[broken.pk])).status_code == 404


@needs_poppler
def test_a_pdf_too_slow_or_too_large_to_render_gets_the_icon(monkeypatch):
    monkeypatch.setattr(material_files, "PDF_PREVIEW_SECONDS", 0.0001)
    assert check_material(real_pdf_upload()).preview is None
    monkeypatch.setattr(material_files, "PDF_PREVIEW_SECONDS", 10)
    monkeypatch.setattr(material_files, "PDF_PREVIEW_MAX_BYTES", 100)
    assert check_material(real_pdf_upload()).preview is None
    monkeypatch.setattr(material_files, "PDF_PREVIEW_MAX_BYTES", 20 * 1024 * 1024)
    assert check_material(real_pdf_upload()).preview is not None


@pytest.mark.parametrize(
    "data",
    [b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", b"MZ\x90\x00", b""],
)
def test_files_are_checked_by_content_not_name(data):
    with pytest.raises(ValidationError):
        check_material(SimpleUploadedFile("logo.png", data, content_type="image/png"))


def test_the_admin_refuses_a_disguised_file_with_a_message(client, superuser):
    client.force_login(superuser)
    fake = SimpleUploadedFile("flyer.pdf", b"<html><script>x</script>")
    response = client.post(
        reverse("admin:community_material_add"),
        {"title": "Flyer", "kind": "flyer", "language": "en", "licence": "CC0",
         "version": "1", "released_on": "2026-01-01", "is_public": "on", "upload": fake},
    )  # fmt: skip
    assert response.status_code == 200
    assert "this file is none of them" in response.content.decode()
    assert not Material.objects.exists()


def test_the_admin_uploads_an_item_with_its_preview(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:community_material_add"),
        {"title": "Banner", "kind": "banner", "language": "es", "licence": "CC0",
         "version": "3", "released_on": "2026-01-01", "is_public": "on",
         "upload": png_upload()},
    )  # fmt: skip
    assert response.status_code == 302
    banner = Material.objects.get()
    assert banner.file_format == "PNG image"
    assert banner.preview


def test_filters_by_kind_and_language(client):
    MaterialFactory(title="Spanish flyer", kind=Material.Kind.FLYER, language="es")
    MaterialFactory(title="English sticker", kind=Material.Kind.STICKER)
    page = listing(client, kind="flyer", language="es")
    assert "Spanish flyer" in page
    assert "English sticker" not in page
    assert "Spanish flyer" in listing(client, kind="nonsense", language="xx")


def test_downloads_are_counted_in_one_statement_per_flush(client):
    item = MaterialFactory()
    url = reverse("community:material-download", args=[item.pk])
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(5):
            client.get(url)
    assert not any(q["sql"].startswith("UPDATE") for q in ctx.captured_queries)
    assert library.download_counts_flush() == 5
    item.refresh_from_db()
    assert item.download_count == 5


def test_listing_query_count_does_not_grow(client):
    MaterialFactory()
    with CaptureQueriesContext(connection) as few:
        listing(client)
    for _ in range(10):
        MaterialFactory(upload=pdf_upload())
    with CaptureQueriesContext(connection) as many:
        listing(client)
    assert len(many) == len(few)
