"""A representative changes only their own regions' groups, milestones and reports; another
region's answers 404 however its address is reached. The board reads every region's."""

import pytest
from django.urls import reverse

from representatives.models import ActivityReport, Milestone, Region, RegionCountry, UserGroup
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def europe_rep(representative):
    RepresentativeFactory(user=representative)  # Europe
    return representative


def admin_url(model, action, *args):
    return reverse(f"admin:representatives_{model}_{action}", args=args)


def group_data(group, **overrides):
    return {
        "name": group.name,
        "slug": group.slug,
        "city": group.city,
        "country": group.country,
        "status": "active",
        **overrides,
    }


def test_a_representative_lists_only_their_regions_groups(client, europe_rep):
    UserGroupFactory(name="PyBerlin", country="DE")
    UserGroupFactory(name="PyTokyo", country="JP", city="Tokyo")
    client.force_login(europe_rep)
    html = client.get(admin_url("usergroup", "changelist")).content.decode()
    assert "PyBerlin" in html
    assert "PyTokyo" not in html


def test_a_representative_whose_term_ended_no_longer_edits_the_regions_groups(client):
    former = RepresentativeFactory(status="emeritus")
    UserGroupFactory(name="PyBerlin", country="DE")
    assert not UserGroup.objects.editable_by(former.user).exists()


def test_another_regions_group_is_a_404_to_read_and_to_change(client, europe_rep):
    tokyo = UserGroupFactory(name="PyTokyo", country="JP", city="Tokyo")
    client.force_login(europe_rep)
    url = admin_url("usergroup", "change", tokyo.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, group_data(tokyo, city="Osaka")).status_code == 404
    assert client.get(admin_url("usergroup", "history", tokyo.pk)).status_code == 404
    tokyo.refresh_from_db()
    assert tokyo.city == "Tokyo"


def test_a_representative_cannot_move_a_group_into_another_region(client, europe_rep):
    berlin = UserGroupFactory(name="PyBerlin", country="DE")
    client.force_login(europe_rep)
    response = client.post(
        admin_url("usergroup", "change", berlin.pk), group_data(berlin, country="JP")
    )
    assert response.status_code == 200
    assert "only in the countries of the regions you represent" in response.content.decode()
    berlin.refresh_from_db()
    assert berlin.country == "DE"


def test_a_representative_cannot_add_a_group_in_another_region(client, europe_rep):
    client.force_login(europe_rep)
    data = {
        "name": "PyOsaka",
        "slug": "pyosaka",
        "city": "Osaka",
        "country": "JP",
        "status": "active",
    }
    response = client.post(admin_url("usergroup", "add"), data)
    assert response.status_code == 200
    assert not UserGroup.objects.filter(slug="pyosaka").exists()


def test_a_calendar_volunteer_edits_every_regions_groups(client, calendar_volunteer):
    tokyo = UserGroupFactory(name="PyTokyo", country="JP", city="Tokyo")
    client.force_login(calendar_volunteer)
    response = client.post(
        admin_url("usergroup", "change", tokyo.pk), group_data(tokyo, city="Osaka")
    )
    assert response.status_code == 302
    tokyo.refresh_from_db()
    assert tokyo.city == "Osaka"


def test_the_admin_says_an_unknown_country_code_in_words(client, calendar_volunteer):
    group = UserGroupFactory()
    client.force_login(calendar_volunteer)
    response = client.post(
        admin_url("usergroup", "change", group.pk), group_data(group, country="QQ")
    )
    assert response.status_code == 200
    assert "“QQ” is not a country code we know" in response.content.decode()


def test_the_admin_refuses_a_duplicate_with_a_link(client, calendar_volunteer):
    existing = UserGroupFactory(name="Python Zürich", city="Zürich", country="CH")
    other = UserGroupFactory(name="Zurich Pythonistas", city="Zurich", country="CH")
    client.force_login(calendar_volunteer)
    response = client.post(
        admin_url("usergroup", "change", other.pk), group_data(other, name="python zurich")
    )
    assert response.status_code == 200
    assert admin_url("usergroup", "change", existing.pk) in response.content.decode()


def test_the_board_reads_every_group_but_changes_none(client, board_member):
    tokyo = UserGroupFactory(name="PyTokyo", country="JP", city="Tokyo")
    client.force_login(board_member)
    url = admin_url("usergroup", "change", tokyo.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, group_data(tokyo, city="Osaka")).status_code == 403


def test_a_representative_edits_only_their_regions_milestones(client, europe_rep):
    europe = Region.objects.get(slug="europe")
    asia = Region.objects.get(slug="asia")
    own = Milestone.objects.create(region=europe, happened_on="2025-01-01", title="First contact")
    other = Milestone.objects.create(region=asia, happened_on="2025-01-01", title="Kit shipped")
    client.force_login(europe_rep)
    assert client.get(admin_url("milestone", "change", own.pk)).status_code == 200
    assert client.get(admin_url("milestone", "change", other.pk)).status_code == 404
    assert (
        client.post(admin_url("milestone", "delete", other.pk), {"post": "yes"}).status_code == 404
    )
    # Adding one for another region by editing the form's value is refused.
    response = client.post(
        admin_url("milestone", "add"),
        {"region": asia.pk, "happened_on": "2025-02-01", "title": "Tampered"},
    )
    assert response.status_code == 200
    assert not Milestone.objects.filter(title="Tampered").exists()
    response = client.post(
        admin_url("milestone", "add"),
        {"region": europe.pk, "happened_on": "2025-02-01", "title": "Representative appointed"},
    )
    assert response.status_code == 302
    assert Milestone.objects.filter(region=europe, title="Representative appointed").exists()


def test_a_representative_reads_only_their_regions_reports(client, europe_rep):
    asia_rep = RepresentativeFactory(region=Region.objects.get(slug="asia"))
    report = ActivityReport.objects.create(
        representative=asia_rep, year=2025, quarter=1, summary="Asia's quarter"
    )
    client.force_login(europe_rep)
    assert client.get(admin_url("activityreport", "change", report.pk)).status_code == 404
    listing = client.get(admin_url("activityreport", "changelist")).content.decode()
    assert admin_url("activityreport", "change", report.pk) not in listing


def test_a_country_moving_to_another_region_takes_its_groups_along():
    berlin = UserGroupFactory(name="PyBerlin", country="DE")
    assert berlin.region.slug == "europe"
    asia = Region.objects.get(slug="asia")
    germany = RegionCountry.objects.get(country="DE")
    germany.delete()
    berlin.refresh_from_db()
    assert berlin.region is None
    RegionCountry.objects.create(region=asia, country="DE")
    berlin.refresh_from_db()
    assert berlin.region == asia


def test_removing_a_country_leaves_the_regions_other_groups_in_it():
    berlin = UserGroupFactory(name="PyBerlin", country="DE")
    paris = UserGroupFactory(name="PyParis", city="Paris", country="FR")
    RegionCountry.objects.get(country="DE").delete()
    berlin.refresh_from_db()
    paris.refresh_from_db()
    assert berlin.region is None
    assert paris.region.slug == "europe"


def test_a_country_row_moved_in_place_takes_its_groups_along():
    berlin = UserGroupFactory(name="PyBerlin", country="DE")
    germany = RegionCountry.objects.get(country="DE")
    germany.region = Region.objects.get(slug="asia")
    germany.save()
    berlin.refresh_from_db()
    assert berlin.region.slug == "asia"
