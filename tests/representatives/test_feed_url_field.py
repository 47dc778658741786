"""A user group's feed URL is an http(s) address on the public internet, said at the form."""

import ipaddress

import pytest

from community.fetch import is_public_address
from representatives.models import UserGroup
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


def save_feed_url(client, superuser, url):
    group = UserGroupFactory(name="Berlin", slug="pug-berlin")
    client.force_login(superuser)
    return client.post(
        f"/admin/representatives/usergroup/{group.pk}/change/",
        {
            "name": "Berlin",
            "slug": "pug-berlin",
            "website": "",
            "city": "Berlin",
            "country": "DE",
            "ics_url": url,
            "status": "active",
            "is_trusted": "",
        },
    )


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://example.org/feed.ics", "Only http and https URLs are fetched, not ftp."),
        ("http://169.254.169.254/latest/meta-data/", "not on the public internet"),
        ("http://10.0.0.1/feed.ics", "not on the public internet"),
        ("http://[::ffff:127.0.0.1]/feed.ics", "not on the public internet"),
        ("http://localhost:8000/feed.ics", "not on the public internet"),
        ("https://user:pass@example.org/feed.ics", "URLs with a user name or password"),
    ],  # An IPv6 literal's brackets in a test id make the id one pytest cannot select again
    # (mutmut selects each function's tests by id).
    ids=lambda value: value.replace("[", "(").replace("]", ")"),
)
def test_the_admin_refuses_a_feed_url_that_would_not_be_fetched(client, superuser, url, error):
    response = save_feed_url(client, superuser, url)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert UserGroup.objects.get().ics_url == ""


def test_the_admin_saves_a_public_https_feed_url(client, superuser):
    response = save_feed_url(client, superuser, "https://www.meetup.com/pug-berlin/events/ical/")
    assert response.status_code == 302
    assert UserGroup.objects.get().ics_url == "https://www.meetup.com/pug-berlin/events/ical/"


def test_a_development_host_may_be_allowed(client, superuser, settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    response = save_feed_url(client, superuser, "http://localhost:8000/feed.ics")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.215.14", "2606:4700::1111", "64:ff9b::808:808"]
)
def test_public_addresses_count_as_public(address):
    assert is_public_address(ipaddress.ip_address(address))
