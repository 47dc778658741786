"""The folded keys that carry the duplicate constraints (no unaccent in the database)."""

import pytest

from representatives.models import UserGroup, match_key, meetup_feed_url, website_key
from representatives.services import DuplicateGroup, group_submit
from tests.representatives.factories import UserGroupFactory


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
        ("", ""),
        (None, ""),
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
        ("PyBerlin.org/Meetups/", "pyberlin.org/meetups"),
        (
            "https://pyberlin.org/go?to=https://x.example.org/",
            "pyberlin.org/go?to=https://x.example.org",
        ),
        ("https://pyberlin.org/#/events#next", "pyberlin.org"),
        ("https://pyberlin.org/PyX/", "pyberlin.org/pyx"),
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


@pytest.fixture
def pyberlin(db):
    return UserGroupFactory(
        name="PyBerlin", city="Berlin", country="DE", website="https://pyberlin.example.org/"
    )


@pytest.mark.parametrize(
    ("field", "value", "submitted"),
    [
        ("name", "Python Kraków", {"name": "python krakow", "city": "Berlin", "country": "DE"}),
        ("city", "Kraków", {"name": "PYBERLIN", "city": "krakow", "country": "PL"}),
        (
            "website",
            "https://pykrakow.example.org/",
            {"name": "PyK", "city": "Kraków", "website": "http://www.PyKrakow.example.org"},
        ),
    ],
)
def test_a_name_city_or_website_saved_alone_still_refuses_its_duplicates(
    pyberlin, member, field, value, submitted
):
    setattr(pyberlin, field, value)
    pyberlin.save(update_fields=[field])
    with pytest.raises(DuplicateGroup) as refused:
        group_submit(by=member, **submitted)
    assert refused.value.existing == pyberlin


def test_a_name_saved_alone_writes_no_other_pending_edit(pyberlin):
    pyberlin.name = "PyBerlin Mitte"
    pyberlin.contact_email = "not-yet@example.org"
    pyberlin.save(update_fields=["name"])
    stored = UserGroup.objects.get(pk=pyberlin.pk)
    assert (stored.name, stored.contact_email) == ("PyBerlin Mitte", "")


def test_saving_other_fields_leaves_the_stored_names_key_alone(pyberlin, member):
    pyberlin.name = "PyBerlin Renamed"  # an edit not saved (yet)
    pyberlin.last_import_status = UserGroup.ImportStatus.OK
    pyberlin.save(update_fields=["last_import_status"])
    with pytest.raises(DuplicateGroup):
        group_submit(by=member, name="PyBerlin", city="Berlin", country="DE")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {"ignore_conflicts": True}), ((None, True), {})],
    ids=["by keyword", "by position"],
)
def test_bulk_created_groups_that_are_already_there_are_skipped_when_asked(pyberlin, args, kwargs):
    # The seed runs again over its own groups: Django's options reach the insert.
    UserGroup.objects.bulk_create(
        [
            UserGroup(name="PyBerlin", slug=pyberlin.slug, city="Berlin", country="DE"),
            UserGroup(name="PyParis", slug="pyparis", city="Paris", country="FR"),
        ],
        *args,
        **kwargs,
    )
    assert sorted(UserGroup.objects.values_list("name", flat=True)) == ["PyBerlin", "PyParis"]
    assert UserGroup.objects.get(slug="pyparis").region.slug == "europe"
