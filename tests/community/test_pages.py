import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from representatives.models import Region

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "community:home",
    "community:about",
    "events:index",
    "jobs:index",
    "kits:index",
    "representatives:region-list",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_render_with_navigation_and_landmarks(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    for landmark in ("<header", "<main", "<footer", 'aria-label="Main navigation"'):
        assert landmark in html
    for area in ("events:index", "jobs:index", "kits:index", "representatives:region-list"):
        assert f'href="{reverse(area)}"' in html


def test_home_lists_the_regions_from_the_database(client):
    html = client.get(reverse("community:home")).content.decode()
    for region in Region.objects.all():
        assert region.name in html


def test_region_detail_and_unknown_region(client):
    europe = Region.objects.get(slug="europe")
    assert client.get(europe.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("representatives:region-detail", args=["atlantis"])).status_code == 404
    )


def test_regions_are_seeded_by_migration():
    assert set(Region.objects.values_list("slug", flat=True)) >= {
        "north-america", "south-america", "europe", "india", "australia", "asia",
    }  # fmt: skip
    assert Region.objects.active().count() == 3


def test_unknown_url_gets_the_site_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content


def test_server_error_page_renders_without_a_request_context():
    from community.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_signed_in_navigation_offers_profile_and_log_out(client, member):
    client.force_login(member)
    html = client.get(reverse("community:home")).content.decode()
    assert reverse("community:profile") in html
    assert f'action="{reverse("account_logout")}"' in html


def test_security_headers_are_sent():
    response = Client().get(reverse("community:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))[^>]*>", re.I)


@pytest.mark.parametrize(
    "template",
    sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html")),
    ids=lambda p: str(p.relative_to(settings.BASE_DIR)),
)
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script> breaks the Content-Security-Policy"
    assert " style=" not in text, "inline style= breaks the Content-Security-Policy"
    assert "<style" not in text


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
