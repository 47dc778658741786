"""The public pages of booths and materials are shared by anonymous readers: public
Cache-Control (so the reverse proxy may keep them), validators and 304s, and a change
shows at once. The bench's cache-header check found them without either."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.community.factories import MaterialFactory
from tests.kits.factories import ShiftFactory, ShiftSignupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift(db):
    return ShiftFactory(booth__conference_name="PyCon Cache")


def pages(shift):
    return {
        "booth list": reverse("kits:booth-list"),
        "booth": reverse("kits:booth-detail", args=[shift.booth.pk]),
        "materials": reverse("community:materials"),
    }


@pytest.mark.parametrize("page", ["booth list", "booth", "materials"])
def test_anonymous_readers_get_a_public_page_with_validators(client, shift, page):
    MaterialFactory(title="Booth guide")
    url = pages(shift)[page]
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_head_request_gets_the_pages_validators_and_a_304(client, shift):
    """Link checkers and calendar apps ask with HEAD whether a page changed: it carries the
    same ETag as GET, and a HEAD with that ETag is answered 304 without a render."""
    url = pages(shift)["booth"]
    etag = client.get(url)["ETag"]
    head = client.head(url)
    assert head.status_code == 200
    assert head["ETag"] == etag
    assert client.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_sign_up_shows_on_the_booth_page_at_once(client, shift):
    url = pages(shift)["booth"]
    etag = client.get(url)["ETag"]
    ShiftSignupFactory(shift=shift, volunteer__first_name="Ada", shows_first_name=True)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Ada" in response.text


def test_signed_in_readers_get_their_own_private_booth_page(client, shift, member):
    Client().get(pages(shift)["booth"])  # an anonymous copy exists
    ShiftSignupFactory(shift=shift, volunteer=member)
    client.force_login(member)
    response = client.get(pages(shift)["booth"])
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
