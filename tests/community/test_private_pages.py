"""Pages served to a signed-in person are private: a shared cache never keeps them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name", ["budget:report", "community:overview", "community:inbox", "kits:my-shifts"]
)
def test_signed_in_pages_are_private(client, board_member, url_name):
    client.force_login(board_member)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_anonymous_public_pages_stay_public(client):
    response = client.get(reverse("jobs:index"))
    assert "public" in response["Cache-Control"]
