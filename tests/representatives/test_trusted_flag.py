"""Only calendar volunteers and superusers may mark a group trusted: its feed skips moderation."""

import pytest
from django.urls import reverse

from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def representative(representative):
    """The role, with an active term in Europe, where the factory's groups meet."""
    RepresentativeFactory(user=representative)
    return representative


def change(client, group, **overrides):
    data = {
        "name": group.name,
        "slug": group.slug,
        "city": group.city,
        "country": group.country,
        "website": "",
        "ics_url": "https://example.org/feed.ics",
        "status": "active",
        **overrides,
    }
    return client.post(reverse("admin:representatives_usergroup_change", args=[group.pk]), data)


def test_a_representative_cannot_mark_a_group_trusted(client, representative):
    group = UserGroupFactory()
    client.force_login(representative)
    page = client.get(reverse("admin:representatives_usergroup_change", args=[group.pk]))
    assert 'name="is_trusted"' not in page.content.decode()
    response = change(client, group, is_trusted="on", city="Potsdam")
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.city == "Potsdam"  # the rest of the form still saves
    assert group.is_trusted is False


def test_a_representative_cannot_add_a_trusted_group(client, representative):
    client.force_login(representative)
    data = {
        "name": "New group",
        "slug": "new-group",
        "is_trusted": "on",
        "city": "Rome",
        "country": "IT",
        "status": "active",
    }
    client.post(reverse("admin:representatives_usergroup_add"), data)
    from representatives.models import UserGroup

    assert UserGroup.objects.get(slug="new-group").is_trusted is False


@pytest.mark.parametrize("who", ["calendar_volunteer", "superuser"])
def test_calendar_volunteers_and_superusers_set_the_trusted_flag(client, request, who):
    group = UserGroupFactory()
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("admin:representatives_usergroup_change", args=[group.pk]))
    assert 'name="is_trusted"' in page.content.decode()
    assert change(client, group, is_trusted="on").status_code == 302
    group.refresh_from_db()
    assert group.is_trusted is True


def test_a_representative_proposes_trust_and_a_calendar_volunteer_finds_it(
    client, representative, calendar_volunteer
):
    group = UserGroupFactory()
    client.force_login(representative)
    response = change(client, group, is_trust_proposed="on", is_trusted="on")
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.is_trust_proposed is True
    assert group.is_trusted is False
    client.force_login(calendar_volunteer)
    listing = client.get(
        reverse("admin:representatives_usergroup_changelist"), {"is_trust_proposed__exact": "1"}
    )
    assert group.name in listing.content.decode()
