"""Links shown on public pages are http or https, refused in words otherwise; a Meetup
group's page is turned into its feed."""

import pytest
from django.core.exceptions import ValidationError

from representatives.models import meetup_feed_url, validate_web_url


@pytest.mark.parametrize(
    "url",
    [
        "http://pyberlin.example.org/",
        "https://pyberlin.example.org/a?b=c",
        "HTTPS://X.ORG",
        "http://pyberlin.example.org:8080/events",
    ],
)
def test_http_and_https_links_pass(url):
    validate_web_url(url)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("javascript:alert(1)", "javascript: links"),
        ("FTP://files.example.org/", "ftp: links"),
        ("mailto:ines@example.org", "mailto: links"),
        ("pyberlin.example.org", "this address"),
    ],
)
def test_other_links_are_refused_naming_what_they_are(url, shown):
    with pytest.raises(ValidationError) as refused:
        validate_web_url(url)
    assert refused.value.code == "scheme"
    assert refused.value.messages == [f"Only http and https links can be shown, not {shown}."]


def test_an_http_link_must_still_be_a_web_address():
    with pytest.raises(ValidationError) as refused:
        validate_web_url("https://not a host/")
    assert refused.value.code == "invalid"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.meetup.com/pug-berlin/",
        "http://meetup.com/pug-berlin",
        "  https://WWW.Meetup.com/pug-berlin/?utm_source=share  ",
        "https://www.meetup.com//pug-berlin//",
        "https://www.meetup.com/pug-berlin/?from=https://example.org/",
        "https://www.meetup.com/pug-berlin/?a=1?b=2",
    ],
)
def test_a_meetup_group_page_becomes_its_feed(url):
    assert meetup_feed_url(url) == "https://www.meetup.com/pug-berlin/events/ical/"


@pytest.mark.parametrize(
    "url",
    [
        "www.meetup.com/pug-berlin/",
        "https://www.meetup.com/",
        "https://meetup.com.example.org/pug-berlin/",
        "https://www.meetup.com/pug-berlin/events/123/",
    ],
)
def test_other_addresses_are_left_as_they_are(url):
    assert meetup_feed_url(url) == url


def test_no_address_stays_none():
    assert meetup_feed_url(None) is None
