import re

import pytest
from django.db import connection
from django.urls import reverse

from representatives.models import GroupReview, GroupStatus, Region, UserGroup
from tests.plans import large_table_plans, plan, queries_with
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("representatives:group-list")


def test_directory_lists_groups_with_their_place_and_region(client):
    europe = Region.objects.get(slug="europe")
    UserGroupFactory(name="PyBerlin", city="Berlin", country="DE", region=europe)
    html = client.get(DIRECTORY).content.decode()
    assert "PyBerlin" in html
    assert "Berlin, Germany" in html
    assert europe.get_absolute_url() in html


def test_directory_filters_by_region_country_and_text(client):
    europe = Region.objects.get(slug="europe")
    asia = Region.objects.get(slug="asia")
    UserGroupFactory(name="PyBerlin", city="Berlin", country="DE", region=europe)
    UserGroupFactory(name="PyTokyo", city="Tokyo", country="JP", region=asia)
    assert b"PyTokyo" not in client.get(DIRECTORY, {"region": "europe"}).content
    assert b"PyBerlin" not in client.get(DIRECTORY, {"country": "JP"}).content
    only_tokyo = client.get(DIRECTORY, {"q": "tokyo"}).content
    assert b"PyTokyo" in only_tokyo
    assert b"PyBerlin" not in only_tokyo


def test_a_bad_filter_value_is_ignored_not_an_error(client):
    UserGroupFactory(name="PyBerlin")
    response = client.get(DIRECTORY, {"region": "atlantis", "country": "ZZ"})
    assert response.status_code == 200
    assert b"PyBerlin" in response.content


def test_directory_query_count_does_not_grow_with_groups(client, django_assert_num_queries):
    UserGroupFactory.create_batch(3)
    # Content versions, count, the page's groups, the per-country counts, the region
    # filter's choices.
    with django_assert_num_queries(5):
        client.get(DIRECTORY)
    UserGroupFactory.create_batch(60)
    with django_assert_num_queries(5):
        response = client.get(DIRECTORY)
    assert b"Page 1 of 3" in response.content


def test_directory_first_page_reads_groups_in_name_order_from_an_index(client):
    # 10,000 groups sorted for a page of 30 took 10 ms.
    UserGroupFactory.create_batch(2)
    with large_table_plans() as captured:
        assert client.get(DIRECTORY).status_code == 200
    [rows] = queries_with(captured, '"representatives_usergroup"."slug"')  # the page's rows
    assert "usergroup_listed_by_name" in plan(rows)
    assert "Sort" not in plan(rows)


def test_region_page_lists_its_groups(client):
    europe = Region.objects.get(slug="europe")
    UserGroupFactory(name="PyAmsterdam", city="Amsterdam", country="NL")
    UserGroupFactory(name="PyNairobi", city="Nairobi", country="KE")
    html = client.get(europe.get_absolute_url()).content.decode()
    assert "PyAmsterdam" in html
    assert "PyNairobi" not in html


def test_seed_scale_adds_groups(settings):
    from django.core.management import call_command

    from representatives.models import UserGroup

    settings.DEBUG = True
    call_command("seed_demo", "--scale", "25")
    assert UserGroup.objects.filter(slug__startswith="scale-group-").count() == 25


def names(response) -> set[str]:
    return {
        name
        for name in ("PyBerlin", "PyParis", "PyTokyo", "PyGhost", "PyWaiting")
        if f">{name}<" in response.content.decode()
    }


@pytest.fixture
def directory():
    UserGroupFactory(name="PyBerlin", city="Berlin", country="DE", languages=["de", "en"])
    UserGroupFactory(
        name="PyParis", city="Paris", country="FR", languages=["fr"], status=GroupStatus.DORMANT
    )
    UserGroupFactory(name="PyTokyo", city="Tokyo", country="JP", languages=["ja", "en"])
    UserGroupFactory(name="PyGhost", city="Rome", country="IT", status=GroupStatus.CLOSED)
    UserGroupFactory(
        name="PyWaiting", city="Oslo", country="NO", review_status=GroupReview.SUBMITTED
    )


def test_closed_and_waiting_groups_are_not_listed_by_default(client, directory):
    assert names(client.get(DIRECTORY)) == {"PyBerlin", "PyParis", "PyTokyo"}


def test_filters_by_language_and_status(client, directory):
    assert names(client.get(DIRECTORY, {"language": "en"})) == {"PyBerlin", "PyTokyo"}
    assert names(client.get(DIRECTORY, {"status": "dormant"})) == {"PyParis"}
    # Closed groups when asked for; groups waiting for review never.
    assert names(client.get(DIRECTORY, {"status": "closed"})) == {"PyGhost"}


def test_search_forgives_typos_accents_and_case(client):
    UserGroupFactory(name="Python Kraków", city="Kraków", country="PL")
    UserGroupFactory(name="Python Zürich", city="Zürich", country="CH")
    for typed, found in [("krakw", "Python Kraków"), ("ZURICH", "Python Zürich")]:
        html = client.get(DIRECTORY, {"q": typed}).content.decode()
        assert found in html, typed
    html = client.get(DIRECTORY, {"q": "pythn krakow"}).content.decode()
    assert "Python Kraków" in html
    assert "Python Zürich" not in html


def test_per_country_counts_link_to_the_country(client, directory):
    html = client.get(DIRECTORY, {"language": "en"}).content.decode()
    # The links keep the other filters.
    assert re.search(r'href="\?language=en&amp;country=DE">Germany<span[^>]*>1</span>', html)
    assert 'country=FR"' not in html


def test_the_contact_is_never_public(client):
    group = UserGroupFactory(name="PyBerlin", contact_email="orga@private.example")
    for url in (DIRECTORY, group.get_absolute_url(), group.region.get_absolute_url()):
        assert b"orga@private.example" not in client.get(url).content


def test_a_group_page_shows_its_public_fields(client):
    group = UserGroupFactory(
        name="PyBerlin",
        languages=["de", "en"],
        meeting_frequency="monthly",
        social_links=["https://fosstodon.org/@pyberlin"],
        status=GroupStatus.DORMANT,
    )
    html = client.get(group.get_absolute_url()).content.decode()
    assert "German, English" in html
    assert "Monthly" in html
    assert 'href="https://fosstodon.org/@pyberlin"' in html
    assert "no activity for a year" in html


def test_a_group_waiting_for_review_has_no_public_page(client):
    group = UserGroupFactory(review_status=GroupReview.SUBMITTED)
    assert client.get(group.get_absolute_url()).status_code == 404


def test_a_group_page_costs_the_same_queries_whatever_the_group(client, django_assert_num_queries):
    plain = UserGroupFactory()
    full = UserGroupFactory(languages=["de"], social_links=["https://a.example.org/"])
    # Content versions and the group with its region.
    for group in (plain, full):
        with django_assert_num_queries(2):
            client.get(group.get_absolute_url())


def test_the_sitemap_lists_approved_groups_only(client):
    listed = UserGroupFactory(name="PyListed")
    waiting = UserGroupFactory(name="PyWaiting", review_status=GroupReview.SUBMITTED)
    xml = client.get(reverse("sitemap-section", args=["groups"])).content.decode()
    assert listed.get_absolute_url() in xml
    assert waiting.get_absolute_url() not in xml


def test_site_search_finds_approved_groups_only_and_links_their_page(client):
    listed = UserGroupFactory(name="Walrus Pythonistas")
    UserGroupFactory(name="Walrus Waiting", review_status=GroupReview.SUBMITTED)
    html = client.get(reverse("community:search"), {"q": "walrus"}).content.decode()
    assert listed.get_absolute_url() in html
    assert "Walrus Waiting" not in html


def test_search_understands_or_between_words(client, directory):
    # Only the full-text query reads "or": the typo-forgiving match wants every word.
    assert names(client.get(DIRECTORY, {"q": "tokyo or berlin"})) == {"PyBerlin", "PyTokyo"}


def test_every_word_of_a_search_with_typos_must_match(client):
    UserGroupFactory(name="Python Tokyo", city="Tokyo", country="JP")
    UserGroupFactory(name="Python Berlin", city="Berlin", country="DE")
    html = client.get(DIRECTORY, {"q": "tokyo pythn"}).content.decode()
    assert "Python Tokyo" in html
    assert "Python Berlin" not in html


def test_search_finds_english_word_forms_whatever_the_servers_default(client):
    # A cluster initialised with the C locale defaults to the "simple" configuration,
    # which does not know that "meetups" is "meetup".
    UserGroupFactory(name="Python Meetup Hamburg", city="Hamburg", country="DE")
    with connection.cursor() as cursor:
        cursor.execute("SET default_text_search_config = 'pg_catalog.simple'")
    try:
        html = client.get(DIRECTORY, {"q": "meetups or nowhere"}).content.decode()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET default_text_search_config")
    assert "Python Meetup Hamburg" in html


def test_a_long_search_is_read_by_its_first_six_words(client):
    UserGroupFactory(name="Python Users Berlin", city="Berlin", country="DE")
    html = client.get(DIRECTORY, {"q": "python users berlin python users berlin zzzz"})
    assert "Python Users Berlin" in html.content.decode()


def test_per_country_counts_put_the_most_groups_first_then_the_code():
    for country in ("JP", "FR", "FR", "DE", "BE"):
        UserGroupFactory(country=country)
    UserGroupFactory(country="")  # no country: not a count of its own
    UserGroupFactory(country="AN")  # a code since withdrawn from the list shows as itself
    assert UserGroup.objects.count_by_country() == [
        ("FR", "France", 2),
        ("AN", "AN", 1),
        ("BE", "Belgium", 1),
        ("DE", "Germany", 1),
        ("JP", "Japan", 1),
    ]
