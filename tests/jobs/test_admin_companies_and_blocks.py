import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jobs.models import BlockedPoster
from tests.factories import UserFactory
from tests.jobs.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def company_form(company, **extra):
    return {"name": company.name, "slug": company.slug, "website": company.website, **extra}


def test_reviewer_replaces_a_company_logo_with_a_validated_image(client, job_reviewer):
    company = CompanyFactory()
    buffer = io.BytesIO()
    Image.new("RGB", (500, 500), "#306998").save(buffer, format="PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    client.force_login(job_reviewer)
    url = reverse("admin:jobs_company_change", args=[company.pk])
    response = client.post(url, company_form(company, new_logo=logo))
    assert response.status_code == 302
    company.refresh_from_db()
    # One colour: a palette PNG, at twice the 80 pixels a page shows.
    assert company.logo.name.endswith(".png")
    assert Image.open(company.logo.path).size == (160, 160)


def test_company_logo_upload_refuses_svg(client, job_reviewer):
    company = CompanyFactory()
    svg = SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    client.force_login(job_reviewer)
    url = reverse("admin:jobs_company_change", args=[company.pk])
    response = client.post(url, company_form(company, new_logo=svg))
    assert response.status_code == 200
    assert "including SVG, are not accepted" in response.content.decode()
    company.refresh_from_db()
    assert not company.logo


def test_other_roles_cannot_edit_companies(client, calendar_volunteer):
    company = CompanyFactory()
    client.force_login(calendar_volunteer)
    url = reverse("admin:jobs_company_change", args=[company.pk])
    assert client.post(url, company_form(company, name="Renamed")).status_code == 403
    company.refresh_from_db()
    assert company.name != "Renamed"


def test_reviewer_unblocks_a_poster_by_deleting_the_block(client, job_reviewer):
    block = BlockedPoster.objects.create(user=UserFactory(), reason="spam")
    client.force_login(job_reviewer)
    url = reverse("admin:jobs_blockedposter_delete", args=[block.pk])
    client.post(url, {"post": "yes"})
    assert not BlockedPoster.objects.exists()


def test_other_roles_cannot_unblock(client, kit_manager):
    block = BlockedPoster.objects.create(user=UserFactory(), reason="spam")
    client.force_login(kit_manager)
    url = reverse("admin:jobs_blockedposter_delete", args=[block.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert BlockedPoster.objects.exists()
