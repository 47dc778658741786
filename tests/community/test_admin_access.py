"""Who the admin lets in, and what everyone else sees instead of a bare 403."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from community import roles
from tests.events.factories import SubmittedEventFactory, python_events
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# Board members have admin work now: they decide representative applications there.
@pytest.mark.parametrize("who", ["member"])
def test_signed_in_people_without_admin_work_get_the_sites_page(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:index"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "The volunteer admin has nothing for you yet" in page
    assert 'class="site-header"' in page  # the site's look, not Django's bare page
    assert reverse("events:my-submissions") in page
    assert reverse("jobs:mine") in page


def test_staff_the_admin_has_nothing_for_are_not_sent_to_set_up_two_factor(client):
    # A staff account whose apps register nothing in the admin for it (kit managers and
    # treasurers, until the kits app gave them pages) gets the site's page, not the
    # two-factor set-up of an empty admin.
    user = UserFactory(username="nothing-yet", is_staff=True, mfa=False)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 403  # not a redirect to the two-factor set-up
    assert "The volunteer admin has nothing for you yet" in response.content.decode()
    header = client.get(reverse("community:profile")).content.decode()
    assert "Volunteer admin" not in header


@pytest.mark.parametrize("role", [roles.KIT_MANAGERS, roles.TREASURERS])
def test_kit_managers_and_treasurers_have_work_in_the_admin(client, role):
    # The kits app gives both roles pages (kits, shipments, exchange rates): the admin
    # lets them in, after the second factor.
    client.force_login(UserFactory(username="kits", role=role, mfa=False))
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_a_role_reaches_the_admin_once_an_app_gives_it_work(client):
    # Derived from what the admin offers, not from a list of roles: once a kit manager
    # may change something registered in the admin, the admin lets them in.
    user = UserFactory(username="kit-with-work", role=roles.KIT_MANAGERS)
    user.user_permissions.add(
        Permission.objects.get(
            codename="change_usergroup", content_type__app_label="representatives"
        )
    )
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert "Volunteer admin" in client.get(reverse("community:profile")).content.decode()


def test_staff_with_work_but_no_second_factor_are_still_sent_to_set_it_up(client):
    user = UserFactory(username="no-mfa", role=roles.CALENDAR_VOLUNTEERS, mfa=False)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_a_403_anywhere_is_the_sites_page(client, job_reviewer):
    client.force_login(job_reviewer)  # has admin work, but not events
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page is not open to you" in page
    assert 'class="site-header"' in page


# --- the menu ------------------------------------------------------------------------------


def test_the_user_menu_has_my_events_and_my_jobs(client, member):
    client.force_login(member)
    page = client.get(reverse("community:about")).content.decode()
    assert f'href="{reverse("events:my-submissions")}">My events' in page
    assert f'href="{reverse("jobs:mine")}">My jobs' in page
    assert "Volunteer admin" not in page


def test_the_volunteers_menu_and_admin_home_show_what_waits(client, calendar_volunteer):
    python_events().volunteers.add(calendar_volunteer)
    SubmittedEventFactory()
    SubmittedEventFactory()
    client.force_login(calendar_volunteer)
    page = client.get(reverse("community:about")).content.decode()
    assert "Events to review" in page
    assert '<span class="badge text-bg-warning">2</span>' in page
    home = client.get(reverse("admin:index")).content.decode()
    assert "Waiting for you" in home
    assert "<strong>2</strong> waiting" in home


def test_members_pages_count_no_queues(client, member, django_assert_num_queries):
    client.force_login(member)
    client.get(reverse("community:about"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("community:about"))
    assert not any("events_event" in q["sql"] for q in queries.captured_queries)
