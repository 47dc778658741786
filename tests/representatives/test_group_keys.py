"""The folded keys that carry the duplicate constraints (no unaccent in the database)."""

import pytest

from representatives.models import match_key, meetup_feed_url, website_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Python Kraków", "python krakow"),
        ("PYTHON  KRAKÓW!", "python krakow"),
        ("Python-Kraków", "python krakow"),
        ("PyData São Paulo", "pydata sao paulo"),
        ("Straße", "strasse"),
        ("København", "kobenhavn"),
        ("Łódź", "lodz"),
        ("İstanbul", "istanbul"),
        ("  ", ""),
    ],
)
def test_match_key_folds_case_accents_and_punctuation(text, key):
    assert match_key(text) == key


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.PyBerlin.org/", "pyberlin.org"),
        ("http://pyberlin.org", "pyberlin.org"),
        ("https://pyberlin.org/meetups/#next", "pyberlin.org/meetups"),
        ("https://meetup.com/PyBerlin/", "meetup.com/pyberlin"),
        ("", ""),
    ],
)
def test_website_key_is_the_same_site_whatever_its_spelling(url, key):
    assert website_key(url) == key


def test_two_groups_on_one_host_with_different_paths_are_different_sites():
    assert website_key("https://meetup.com/pyberlin/") != website_key("https://meetup.com/pydata/")


@pytest.mark.parametrize(
    "url",
    ["https://www.meetup.com/pug/events/", "https://example.org/pug/", "not a url", ""],
)
def test_only_a_meetup_group_page_is_rewritten(url):
    assert meetup_feed_url(url) == url
