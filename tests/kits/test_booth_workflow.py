"""A booth moves planned → confirmed → staffed → done (or cancelled) through the shared
workflow: its lead and its kit's managers move it, a history row per change."""

import pytest
from django.urls import reverse

from community.workflow import ActionRefused, TransitionRefused
from kits import services
from kits.models import BOOTH_WORKFLOW, Booth, BoothActor, BoothStatus
from tests.factories import UserFactory
from tests.kits.factories import BookingFactory, BoothFactory, KitFactory, in_days

pytestmark = pytest.mark.django_db

ALLOWED = [
    (BoothStatus.PLANNED, BoothStatus.CONFIRMED),
    (BoothStatus.CONFIRMED, BoothStatus.STAFFED),
    (BoothStatus.STAFFED, BoothStatus.DONE),
    (BoothStatus.PLANNED, BoothStatus.CANCELLED),
    (BoothStatus.CONFIRMED, BoothStatus.CANCELLED),
    (BoothStatus.STAFFED, BoothStatus.CANCELLED),
]


@pytest.mark.parametrize(("source", "to"), ALLOWED)
def test_lead_makes_every_allowed_move_with_a_history_row(source, to):
    booth = BoothFactory(status=source)
    services.booth_move(booth=booth, by=booth.lead, to=to, reason="why")
    booth.refresh_from_db()
    assert booth.status == to
    row = booth.history.get()
    assert (row.from_status, row.to_status, row.by, row.reason) == (source, to, booth.lead, "why")


@pytest.mark.parametrize("source", BoothStatus.values)
@pytest.mark.parametrize("to", BoothStatus.values)
def test_moves_outside_the_table_are_refused(source, to):
    if (source, to) in ALLOWED:
        return
    booth = BoothFactory(status=source)
    with pytest.raises(TransitionRefused):
        services.booth_move(booth=booth, by=booth.lead, to=to)
    booth.refresh_from_db()
    assert booth.status == source
    assert not booth.history.exists()


def test_both_actors_appear_in_every_move():
    for pair in ALLOWED:
        assert BOOTH_WORKFLOW.actors(*pair) == {BoothActor.LEAD, BoothActor.MANAGER}


def test_kit_manager_of_the_booked_kit_moves_the_booth(na_manager):
    booth = BoothFactory(booking=BookingFactory(kit=KitFactory()))
    services.booth_move(booth=booth, by=na_manager, to=BoothStatus.CONFIRMED)
    assert booth.history.get().by == na_manager


def test_other_member_cannot_move_a_booth(sa_manager):
    booth = BoothFactory(booking=BookingFactory(kit=KitFactory()))
    for user in (UserFactory(), sa_manager):
        with pytest.raises(ActionRefused):
            services.booth_move(booth=booth, by=user, to=BoothStatus.CONFIRMED)


def test_planning_a_booth_records_its_creation_and_default_checklist(member):
    booth = services.booth_plan(
        by=member,
        conference_name="PyCon Test",
        conference_city="Chicago",
        conference_country="US",
        conference_starts=in_days(30),
        conference_ends=in_days(32),
        timezone="America/Chicago",
    )
    assert booth.lead == member
    assert booth.status == BoothStatus.PLANNED
    assert booth.history.get().from_status == ""
    assert booth.checklist.count() >= 3


def test_plan_form_refuses_an_unknown_zone_and_keeps_the_input(client, member):
    client.force_login(member)
    response = client.post(
        reverse("kits:booth-new"),
        {
            "conference_name": "PyCon Typo",
            "conference_city": "Chicago",
            "conference_country": "US",
            "conference_starts": in_days(30).isoformat(),
            "conference_ends": in_days(32).isoformat(),
            "timezone": "Mars/Olympus",
        },
    )
    assert response.status_code == 200
    assert "Choose a time zone" in response.content.decode()
    assert "PyCon Typo" in response.content.decode()
    assert not Booth.objects.exists()


def test_plan_form_reads_setup_in_the_conference_zone(client, member):
    client.force_login(member)
    response = client.post(
        reverse("kits:booth-new"),
        {
            "conference_name": "PyCon Zone",
            "conference_city": "Chicago",
            "conference_country": "US",
            "conference_starts": in_days(30).isoformat(),
            "conference_ends": in_days(32).isoformat(),
            "timezone": "America/Chicago",
            "setup_at": f"{in_days(29).isoformat()}T16:00",
        },
    )
    assert response.status_code == 302
    booth = Booth.objects.get()
    local = booth.setup_at.astimezone(booth.zone)
    assert (local.hour, local.minute) == (16, 0)


def test_lead_moves_the_booth_from_the_manage_page(client):
    booth = BoothFactory()
    client.force_login(booth.lead)
    page = client.get(reverse("kits:booth-manage", args=[booth.pk]))
    assert "Mark “Confirmed”" in page.content.decode()
    client.post(reverse("kits:booth-move", args=[booth.pk]), {"to": "confirmed"})
    booth.refresh_from_db()
    assert booth.status == BoothStatus.CONFIRMED


def test_refused_move_is_a_message_not_an_error(client):
    booth = BoothFactory()
    client.force_login(booth.lead)
    response = client.post(reverse("kits:booth-move", args=[booth.pk]), {"to": "done"}, follow=True)
    assert response.status_code == 200
    assert "cannot become “Done”" in response.content.decode()


def test_lead_ticks_a_checklist_item(client):
    booth = services.booth_plan(
        by=UserFactory(),
        conference_name="PyCon Tick",
        conference_city="Chicago",
        conference_country="US",
        conference_starts=in_days(30),
        conference_ends=in_days(31),
    )
    item = booth.checklist.first()
    client.force_login(booth.lead)
    client.post(reverse("kits:checklist-tick", args=[booth.pk, item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.is_done
    assert item.done_by == booth.lead
    client.post(reverse("kits:checklist-add", args=[booth.pk]), {"label": "Buy tape"})
    assert booth.checklist.filter(label="Buy tape").exists()
