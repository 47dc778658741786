"""Shifts: the lead creates or generates them; volunteers sign up, drop, wait; the database
refuses one volunteer two shifts at the same time."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from community.workflow import ActionRefused
from kits import services
from kits.models import Shift, ShiftSignup, ShiftWaiting
from tests.factories import UserFactory
from tests.kits.factories import BoothFactory, ShiftFactory, ShiftSignupFactory, at

pytestmark = pytest.mark.django_db


def test_lead_creates_a_shift_in_the_conference_zone(client):
    booth = BoothFactory(timezone="America/Chicago")
    client.force_login(booth.lead)
    day = booth.conference_starts.isoformat()
    client.post(
        reverse("kits:shift-new", args=[booth.pk]),
        {
            "starts_at": f"{day}T10:00",
            "ends_at": f"{day}T13:00",
            "capacity_min": 2,
            "capacity_max": 3,
            "skill": "Spanish",
        },
    )
    shift = Shift.objects.get()
    local = shift.starts_at.astimezone(booth.zone)
    assert (local.hour, shift.capacity_min, shift.capacity_max, shift.skill) == (
        10,
        2,
        3,
        "Spanish",
    )
    # 10:00 in Chicago is 15:00 or 16:00 UTC, never 10:00.
    assert shift.starts_at.astimezone(UTC).hour in (15, 16)


def test_shift_form_errors_come_back_in_the_form_with_what_was_typed(client):
    booth = BoothFactory()
    client.force_login(booth.lead)
    day = booth.conference_starts.isoformat()
    response = client.post(
        reverse("kits:shift-new", args=[booth.pk]),
        {
            "starts_at": f"{day}T13:00",
            "ends_at": f"{day}T10:00",
            "capacity_min": 1,
            "capacity_max": 1,
            "skill": "Portuguese",
        },
    )
    assert response.status_code == 200
    form = response.context["shift_form"]
    assert form.errors["ends_at"] == ["A shift ends after it starts."]
    assert form["skill"].value() == "Portuguese"
    assert 'value="Portuguese"' in response.content.decode()
    assert not Shift.objects.exists()


def test_shifts_the_service_refuses_come_back_in_the_form_with_its_reason(client, monkeypatch):
    from kits import models

    monkeypatch.setattr(models, "MAX_GENERATED_SHIFTS", 8)  # three days of three shifts: 9
    booth = BoothFactory()
    client.force_login(booth.lead)
    response = client.post(
        reverse("kits:shift-generate", args=[booth.pk]),
        {"day_starts": "09:00", "day_ends": "18:00", "hours": 3, "capacity_min": 1,
         "capacity_max": 2, "skill": "Setup"},
    )  # fmt: skip
    assert response.status_code == 200
    form = response.context["generate_form"]
    assert form.non_field_errors() == ["That makes 9 shifts; at most 8."]
    assert form["skill"].value() == "Setup"
    assert "That makes 9 shifts; at most 8." in response.content.decode()
    assert not Shift.objects.exists()


def test_generate_form_errors_come_back_in_that_form(client):
    booth = BoothFactory()
    client.force_login(booth.lead)
    response = client.post(
        reverse("kits:shift-generate", args=[booth.pk]),
        {"day_starts": "18:00", "day_ends": "09:00", "hours": 3, "capacity_min": 1,
         "capacity_max": 2, "skill": "Badges"},
    )  # fmt: skip
    assert response.status_code == 200
    form = response.context["generate_form"]
    assert form.errors["day_ends"] == ["The booth closes after it opens."]
    assert form["skill"].value() == "Badges"
    assert not response.context["shift_form"].is_bound
    assert not Shift.objects.exists()


def test_generate_makes_shifts_for_every_conference_day():
    booth = BoothFactory()  # three conference days
    made = services.shift_generate(
        booth=booth, by=booth.lead, day_starts=time(9), day_ends=time(18), hours=3
    )
    assert len(made) == 9
    first = made[0].starts_at.astimezone(booth.zone)
    last = made[-1].ends_at.astimezone(booth.zone)
    assert (first.date(), first.hour) == (booth.conference_starts, 9)
    assert (last.date(), last.hour) == (booth.conference_ends, 18)


def test_generate_keeps_a_shorter_last_piece():
    booth = BoothFactory(conference_ends=BoothFactory.build().conference_starts)
    booth.conference_ends = booth.conference_starts
    booth.save()
    made = services.shift_generate(
        booth=booth, by=booth.lead, day_starts=time(9), day_ends=time(17), hours=3
    )
    assert [s.ends_at - s.starts_at for s in made] == [timedelta(hours=h) for h in (3, 3, 2)]


def test_only_the_lead_generates_shifts():
    booth = BoothFactory()
    with pytest.raises(ActionRefused):
        services.shift_generate(
            booth=booth, by=UserFactory(), day_starts=time(9), day_ends=time(18), hours=3
        )


def test_volunteer_signs_up_and_sees_it_in_my_shifts(client, member):
    shift = ShiftFactory()
    client.force_login(member)
    response = client.post(reverse("kits:shift-signup", args=[shift.pk]), follow=True)
    assert "You are on this shift" in response.content.decode()
    page = client.get(reverse("kits:my-shifts")).content.decode()
    assert shift.booth.conference_name in page
    assert shift.booth.lead.email in page


def test_full_shift_refuses_with_a_message(client, member):
    shift = ShiftFactory(capacity_min=1, capacity_max=1)
    ShiftSignupFactory(shift=shift)
    client.force_login(member)
    response = client.post(reverse("kits:shift-signup", args=[shift.pk]), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "This shift is full. Join its waiting list to get the next free place."
    ]
    assert shift.signups.count() == 1


def test_volunteer_cannot_hold_two_overlapping_shifts_at_different_booths(member):
    first = ShiftFactory()
    other_booth = BoothFactory(conference_starts=first.booth.conference_starts)
    overlapping = ShiftFactory(
        booth=other_booth,
        starts_at=first.starts_at + timedelta(hours=1),
        ends_at=first.ends_at + timedelta(hours=1),
    )
    services.shift_signup(shift=first, by=member)
    with pytest.raises(ActionRefused, match="already hold a shift at that time"):
        services.shift_signup(shift=overlapping, by=member)
    assert not overlapping.signups.exists()


def test_back_to_back_shifts_are_allowed(member):
    first = ShiftFactory()
    after = ShiftFactory(
        booth=first.booth, starts_at=first.ends_at, ends_at=first.ends_at + timedelta(hours=3)
    )
    services.shift_signup(shift=first, by=member)
    services.shift_signup(shift=after, by=member)
    assert ShiftSignup.objects.filter(volunteer=member).count() == 2


def test_the_database_refuses_overlap_without_the_service(member):
    first = ShiftFactory()
    second = ShiftFactory(booth=first.booth, starts_at=first.starts_at + timedelta(hours=2))
    ShiftSignupFactory(shift=first, volunteer=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShiftSignupFactory(shift=second, volunteer=member)


def test_drop_before_the_cutoff_then_refused_after(member):
    shift = ShiftFactory()
    services.shift_signup(shift=shift, by=member)
    late = shift.starts_at - timedelta(hours=2)
    with pytest.raises(ActionRefused, match="write to the booth lead"):
        services.shift_drop(shift=shift, by=member, now=late)
    services.shift_drop(shift=shift, by=member)
    assert not shift.signups.exists()


def test_a_dropped_place_goes_to_the_first_waiting_and_mails_them(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(capacity_min=1, capacity_max=1)
    services.shift_signup(shift=shift, by=member)
    first, second = UserFactory(), UserFactory()
    services.shift_wait(shift=shift, by=first)
    services.shift_wait(shift=shift, by=second)
    with django_capture_on_commit_callbacks(execute=True):
        services.shift_drop(shift=shift, by=member)
    assert list(shift.signups.values_list("volunteer", flat=True)) == [first.pk]
    assert list(ShiftWaiting.objects.values_list("volunteer", flat=True)) == [second.pk]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [first.email]
    assert shift.booth.conference_name in mailoutbox[0].subject


def test_a_waiting_volunteer_busy_elsewhere_is_skipped(member):
    shift = ShiftFactory(capacity_min=1, capacity_max=1)
    services.shift_signup(shift=shift, by=member)
    busy, free = UserFactory(), UserFactory()
    services.shift_wait(shift=shift, by=busy)
    services.shift_wait(shift=shift, by=free)
    elsewhere = ShiftFactory(starts_at=shift.starts_at, ends_at=shift.ends_at)
    services.shift_signup(shift=elsewhere, by=busy)
    services.shift_drop(shift=shift, by=member)
    assert list(shift.signups.values_list("volunteer", flat=True)) == [free.pk]
    assert ShiftWaiting.objects.filter(volunteer=busy).exists()


def test_started_shift_takes_no_sign_ups(member):
    shift = ShiftFactory()
    started = r"^This shift has started; it takes no more sign-ups\.$"
    with pytest.raises(ActionRefused, match=started):
        services.shift_signup(shift=shift, by=member, now=shift.starts_at + timedelta(minutes=1))
    with pytest.raises(ActionRefused, match=started):
        services.shift_signup(shift=shift, by=member, now=shift.starts_at)
    assert not shift.signups.exists()


def test_cancelled_booth_takes_no_sign_ups(member):
    shift = ShiftFactory(booth=BoothFactory(status="cancelled"))
    with pytest.raises(ActionRefused, match=r"^This booth no longer takes sign-ups\.$"):
        services.shift_signup(shift=shift, by=member)


def test_unverified_address_cannot_sign_up(client):
    user = UserFactory(verified_email=False)
    shift = ShiftFactory()
    client.force_login(user)
    client.post(reverse("kits:shift-signup", args=[shift.pk]))
    assert not shift.signups.exists()


def test_open_places_counts_upcoming_shifts_of_upcoming_booths(member):
    shift = ShiftFactory(capacity_max=3)
    ShiftSignupFactory(shift=shift)
    ShiftFactory(booth=BoothFactory(status="cancelled"), capacity_max=5)
    assert Shift.objects.open_places() == 2


def test_an_overfilled_shift_frees_no_place_for_another(member):
    """Staff lowered "at most" below the people signed up: the extra sign-ups take no
    place, and they must not count against another shift's free places either."""
    booth = BoothFactory()
    overfilled = ShiftFactory(booth=booth, capacity_max=3)
    for _ in range(3):
        ShiftSignupFactory(shift=overfilled)
    Shift.objects.filter(pk=overfilled.pk).update(capacity_max=1)
    ShiftFactory(booth=booth, starts_at=overfilled.ends_at,
                 ends_at=overfilled.ends_at + timedelta(hours=2), capacity_max=4)  # fmt: skip
    assert Shift.objects.open_places() == 4
    # The overview's figure matches the per-shift figures the booth pages show.
    assert Shift.objects.open_places() == sum(
        shift.open_places() for shift in Shift.objects.upcoming().with_filled()
    )


def test_datetime_helper_is_aware():
    booth = BoothFactory.build()
    assert at(booth, 0, 9).tzinfo is not None
    assert datetime.combine(booth.conference_starts, time(9)).tzinfo is None


def test_signing_up_twice_for_one_shift_says_so_and_keeps_one_place(member):
    shift = ShiftFactory()
    services.shift_signup(shift=shift, by=member)
    with pytest.raises(ActionRefused, match=r"^You are already on this shift\.$"):
        services.shift_signup(shift=shift, by=member)
    assert shift.signups.count() == 1


def test_taking_a_place_leaves_the_waiting_list_and_others_keep_theirs(member):
    shift = ShiftFactory(capacity_min=1, capacity_max=1)
    holder = ShiftSignupFactory(shift=shift)
    other = UserFactory()
    services.shift_wait(shift=shift, by=member)
    services.shift_wait(shift=shift, by=other)
    holder.delete()  # the lead removed the holder in the admin: a place is free
    services.shift_signup(shift=shift, by=member)
    assert list(shift.waiting.values_list("volunteer", flat=True)) == [other.pk]
