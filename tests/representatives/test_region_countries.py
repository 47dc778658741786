"""A region's countries live in the database; every country-to-region answer comes from there."""

import pytest
from django.db import IntegrityError, transaction

from kits.services import region_for_country
from representatives.models import Region, RegionCountry
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "slug"),
    [
        ("FR", "europe"),
        ("TR", "asia"),
        ("IN", "india"),
        ("LK", "asia"),
        ("BR", "south-america"),
        ("NZ", "australia"),
        ("ZA", "africa"),
        ("US", "north-america"),
    ],
)
def test_the_seeded_regions_hold_their_countries(country, slug):
    assert Region.objects.for_country(country).slug == slug
    assert Region.objects.get(slug=slug).contains_country(country) is True


def test_a_country_of_no_region_has_none():
    assert Region.objects.for_country("AQ") is None
    assert Region.objects.for_country("") is None


def test_a_region_without_countries_yet_refuses_no_country():
    # A volunteer has just added it: events in it are not refused against an empty list.
    new = Region.objects.create(name="Antarctica", slug="antarctica")
    assert new.contains_country("AQ") is None
    assert Region.objects.get(slug="europe").contains_country("JP") is False


def test_the_database_refuses_a_country_in_two_regions():
    asia = Region.objects.get(slug="asia")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionCountry.objects.create(region=asia, country="FR")


def test_the_admin_says_which_region_already_holds_a_country(client, superuser):
    asia = Region.objects.get(slug="asia")
    client.force_login(superuser)
    response = client.post(
        f"/admin/representatives/region/{asia.pk}/change/",
        {
            "name": asia.name,
            "slug": asia.slug,
            "status": asia.status,
            "description": "",
            "strategy_notes": "",
            "position": asia.position,
            "countries-TOTAL_FORMS": "1",
            "countries-INITIAL_FORMS": "0",
            "countries-0-country": "FR",
            "countries-0-region": asia.pk,
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "France is already in the Europe region" in response.content.decode()
    assert Region.objects.for_country("FR").slug == "europe"


def test_a_group_takes_its_region_from_its_country():
    group = UserGroupFactory(country="FR", region=Region.objects.get(slug="asia"))
    assert group.region.slug == "europe"
    group.country = "JP"
    group.save()
    assert group.region.slug == "asia"


def test_kits_place_a_conference_from_the_same_table():
    RegionCountry.objects.filter(country="LK").update(region=Region.objects.get(slug="india"))
    assert region_for_country("LK").slug == "india"


def test_the_group_admin_shows_the_region_but_does_not_let_anyone_choose_it(client, superuser):
    group = UserGroupFactory(country="FR")
    client.force_login(superuser)
    client.post(
        f"/admin/representatives/usergroup/{group.pk}/change/",
        {
            "name": group.name,
            "slug": group.slug,
            "website": "",
            "city": "Paris",
            "country": "FR",
            "region": Region.objects.get(slug="asia").pk,
            "ics_url": "",
        },
    )
    group.refresh_from_db()
    assert group.region.slug == "europe"


def test_a_country_saved_alone_takes_its_region_along():
    group = UserGroupFactory(country="FR")
    group.country = "JP"
    group.contact_email = "not-yet@example.org"  # an edit this save leaves alone
    group.save(update_fields=["country"])
    group.refresh_from_db()
    assert group.region.slug == "asia"
    assert group.contact_email == ""


def test_a_region_saved_alone_still_follows_the_country():
    group = UserGroupFactory(country="FR")
    group.region = Region.objects.get(slug="asia")
    group.save(update_fields=["region"])
    group.refresh_from_db()
    assert group.region.slug == "europe"


def test_recording_an_import_does_not_look_the_region_up_again(django_assert_num_queries):
    group = UserGroupFactory(country="FR")
    group.last_import_status = group.ImportStatus.OK
    with django_assert_num_queries(1):
        group.save(update_fields=["last_import_status"])
