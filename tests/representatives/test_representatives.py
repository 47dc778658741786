"""Representatives: who they are on public pages, their terms, and who reads strategy notes."""

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from community import roles
from representatives.models import Milestone, Region, Representative
from representatives.services import representative_terms_end
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.kits.factories import KitFactory
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db
REGIONS = reverse("representatives:region-list")


def europe():
    return Region.objects.get(slug="europe")


def test_the_regions_page_lists_representatives_but_never_their_email(client):
    user = UserFactory(first_name="Ada", last_name="Lovelace", email="ada@private.example")
    RepresentativeFactory(
        user=user, contact_label="Mastodon", contact_url="https://mastodon.example/@ada"
    )
    html = client.get(REGIONS).content.decode()
    assert "Ada Lovelace" in html
    assert "ada@private.example" not in html
    html = client.get(europe().get_absolute_url()).content.decode()
    assert "Ada Lovelace" in html
    assert "https://mastodon.example/@ada" in html
    assert "ada@private.example" not in html


def test_a_region_page_shows_milestones_groups_per_country_events_and_kits(client):
    region = europe()
    Milestone.objects.create(region=region, happened_on=date(2025, 7, 14), title="First contact")
    UserGroupFactory(name="PyBerlin", country="DE")
    UserGroupFactory(name="PyMunich", country="DE", city="Munich")
    UserGroupFactory(name="PyLyon", country="FR", city="Lyon")
    EventFactory(title="PyCon Portugal", region=region)
    KitFactory(name="Europe booth kit", region=region)
    html = client.get(region.get_absolute_url()).content.decode()
    assert "First contact" in html
    assert re.search(r"Germany<span[^>]*>2</span>", html)
    assert re.search(r"France<span[^>]*>1</span>", html)
    assert "PyCon Portugal" in html
    assert "Europe booth kit" in html


def test_a_region_page_leaves_out_closed_and_waiting_groups(client):
    UserGroupFactory(name="PyBerlin", country="DE")
    UserGroupFactory(name="PyGhost", country="DE", city="Bonn", status="closed")
    UserGroupFactory(name="PyWaiting", country="DE", city="Kiel", review_status="submitted")
    html = client.get(europe().get_absolute_url()).content.decode()
    assert re.search(r"Germany<span[^>]*>1</span>", html)
    assert "PyGhost" not in html
    assert "PyWaiting" not in html


def test_strategy_notes_are_not_on_the_public_page(client):
    Region.objects.filter(slug="europe").update(strategy_notes="Find a sponsor in Lyon")
    assert "Find a sponsor in Lyon" not in client.get(europe().get_absolute_url()).content.decode()


def strategy_url(slug="europe"):
    return reverse("representatives:region-strategy", kwargs={"slug": slug})


def test_board_members_and_the_regions_representatives_read_strategy_notes(client, board_member):
    Region.objects.filter(slug="europe").update(strategy_notes="Find a sponsor in Lyon")
    client.force_login(board_member)
    assert "Find a sponsor in Lyon" in client.get(strategy_url()).content.decode()
    rep = RepresentativeFactory()
    client.force_login(rep.user)
    assert "Find a sponsor in Lyon" in client.get(strategy_url()).content.decode()


def test_another_regions_representative_and_members_cannot_read_strategy_notes(client, member):
    asian = RepresentativeFactory(region=Region.objects.get(slug="asia"))
    client.force_login(asian.user)
    assert client.get(strategy_url("europe")).status_code == 404
    client.force_login(member)
    assert client.get(strategy_url("europe")).status_code == 404
    client.logout()
    assert client.get(strategy_url("europe")).status_code == 302


def test_the_database_refuses_a_term_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        RepresentativeFactory(term_start=date(2026, 5, 1), term_end=date(2026, 4, 1))


def admin_data(user, **overrides):
    return {
        "user": user.pk,
        "region": europe().pk,
        "role_title": "Regional representative",
        "term_start": "2026-05-01",
        "term_end": "",
        "status": "active",
        "bio": "",
        "contact_label": "",
        "contact_url": "",
        **overrides,
    }


def test_the_admin_says_when_a_term_ends_before_it_starts(client, superuser):
    client.force_login(superuser)
    user = UserFactory()
    response = client.post(
        reverse("admin:representatives_representative_add"),
        admin_data(user, term_end="2026-04-01"),
    )
    assert (
        "The term ends (01 Apr 2026) before it starts (01 May 2026)." in response.content.decode()
    )
    assert not Representative.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "not javascript: links"),
        ("ftp://example.org/me", "not ftp: links"),
    ],
)
def test_a_contact_link_must_be_http_or_https(client, superuser, url, message):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:representatives_representative_add"),
        admin_data(UserFactory(), contact_url=url),
    )
    assert message in response.content.decode()
    assert not Representative.objects.exists()


def test_an_active_representative_saved_in_the_admin_gets_the_role(client, superuser):
    client.force_login(superuser)
    user = UserFactory()
    response = client.post(reverse("admin:representatives_representative_add"), admin_data(user))
    assert response.status_code == 302
    assert user.groups.filter(name=roles.REGIONAL_REPRESENTATIVES.name).exists()


def test_ended_terms_become_emeritus_and_lose_the_role():
    ended = RepresentativeFactory(term_end=date.today() - timedelta(days=1))
    roles.grant_role(ended.user, roles.REGIONAL_REPRESENTATIVES)
    serving = RepresentativeFactory(term_end=date.today() + timedelta(days=30))
    call_command("end_representative_terms", "--dry-run")
    ended.refresh_from_db()
    assert ended.status == Representative.Status.ACTIVE
    call_command("end_representative_terms")
    ended.refresh_from_db()
    serving.refresh_from_db()
    assert ended.status == Representative.Status.EMERITUS
    assert serving.status == Representative.Status.ACTIVE
    assert not ended.user.groups.filter(name=roles.REGIONAL_REPRESENTATIVES.name).exists()


def test_ending_terms_changes_them_unless_a_dry_run_is_asked_for():
    ended = RepresentativeFactory(term_end=date.today() - timedelta(days=1))
    assert representative_terms_end(today=date.today()) == [ended]
    ended.refresh_from_db()
    assert ended.status == Representative.Status.EMERITUS


def test_regions_with_and_without_an_active_representative():
    RepresentativeFactory(region=europe())
    RepresentativeFactory(region=Region.objects.get(slug="india"), status="proposed")
    served = list(Region.objects.with_active_representatives())
    assert [r.slug for r in served] == ["europe"]
    assert len(served[0].active_representatives) == 1
    unserved = set(Region.objects.without_active_representative().values_list("slug", flat=True))
    assert "india" in unserved
    assert "europe" not in unserved


def test_each_region_comes_with_its_active_representatives_in_two_queries(
    django_assert_num_queries,
):
    ada = UserFactory(first_name="Ada", last_name="Lovelace")
    RepresentativeFactory(user=ada, region=europe())
    RepresentativeFactory(region=europe(), status=Representative.Status.EMERITUS)
    RepresentativeFactory(region=Region.objects.get(slug="india"), status="proposed")
    # The regions, then their active representatives with their users.
    with django_assert_num_queries(2):
        names = {
            region.slug: [rep.display_name for rep in region.active_representatives]
            for region in Region.objects.with_representatives()
        }
    assert names["europe"] == ["Ada Lovelace"]
    assert names["india"] == []  # regions nobody represents are there too


@pytest.mark.parametrize("total", [1, 40])
def test_region_pages_keep_their_query_count(client, django_assert_num_queries, total):
    for _ in range(total):
        RepresentativeFactory(user=UserFactory(), region=europe())
        UserGroupFactory(country="FR")
    EventFactory.create_batch(min(total, 10), region=europe())
    # Content versions, regions, their representatives.
    with django_assert_num_queries(3):
        client.get(REGIONS)
    url = europe().get_absolute_url()
    # Content versions, region, representatives, milestones, per-country counts, groups,
    # upcoming events, kits.
    with django_assert_num_queries(8):
        client.get(url)
