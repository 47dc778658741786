"""Dropping a shift gives back only the dropper's place on that shift, up to the cut-off
(inclusive); the waiting list takes volunteers who are not on the shift yet and whose shift
has not begun."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.workflow import ActionRefused
from kits import services
from kits.models import ShiftSignup, ShiftWaiting
from tests.factories import UserFactory
from tests.kits.factories import ShiftFactory, ShiftSignupFactory

pytestmark = pytest.mark.django_db


def test_dropping_keeps_the_droppers_other_shifts_and_the_others_on_this_one(member):
    shift = ShiftFactory()
    later = ShiftFactory(booth=shift.booth, starts_at=shift.ends_at,
                         ends_at=shift.ends_at + timedelta(hours=3))  # fmt: skip
    services.shift_signup(shift=shift, by=member)
    services.shift_signup(shift=later, by=member)
    colleague = ShiftSignupFactory(shift=shift)
    services.shift_drop(shift=shift, by=member)
    assert set(ShiftSignup.objects.values_list("shift", "volunteer")) == {
        (later.pk, member.pk),
        (shift.pk, colleague.volunteer_id),
    }


def test_a_drop_exactly_at_the_cut_off_is_still_allowed(member):
    shift = ShiftFactory()
    services.shift_signup(shift=shift, by=member)
    services.shift_drop(shift=shift, by=member, now=shift.drop_cutoff)
    assert not shift.signups.exists()


def test_a_late_drop_names_the_cut_off_and_the_leads_address(member):
    shift = ShiftFactory()
    services.shift_signup(shift=shift, by=member)
    with pytest.raises(ActionRefused) as refused:
        services.shift_drop(shift=shift, by=member, now=shift.drop_cutoff + timedelta(seconds=1))
    assert str(refused.value) == (
        "Shifts can be dropped up to 24 hours before they start; "
        f"please write to the booth lead ({shift.booth.lead.email}) instead."
    )


def test_dropping_a_shift_one_is_not_on_is_refused(member):
    shift = ShiftFactory()
    ShiftSignupFactory(shift=shift)
    with pytest.raises(ActionRefused, match=r"^You are not on this shift\.$"):
        services.shift_drop(shift=shift, by=member)
    assert shift.signups.count() == 1


def test_the_mail_to_the_next_in_line_names_the_shift_and_links_my_shifts(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(capacity_min=1, capacity_max=1)
    services.shift_signup(shift=shift, by=member)
    services.shift_wait(shift=shift, by=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.shift_drop(shift=shift, by=member)
    body = mailoutbox[0].body
    assert f"{shift.booth.conference_name}, {shift} ({shift.booth.timezone})" in body
    assert reverse("kits:my-shifts") in body


def test_one_cannot_wait_for_a_shift_one_holds(member):
    shift = ShiftFactory()
    services.shift_signup(shift=shift, by=member)
    with pytest.raises(ActionRefused, match=r"^You are already on this shift\.$"):
        services.shift_wait(shift=shift, by=member)
    assert not ShiftWaiting.objects.exists()


def test_holding_another_shift_does_not_stop_waiting_for_this_one(member):
    held = ShiftFactory()
    full = ShiftFactory(booth=held.booth, starts_at=held.ends_at,
                        ends_at=held.ends_at + timedelta(hours=3), capacity_max=1)  # fmt: skip
    services.shift_signup(shift=held, by=member)
    ShiftSignupFactory(shift=full)
    services.shift_wait(shift=full, by=member)
    assert list(ShiftWaiting.objects.values_list("shift", "volunteer")) == [(full.pk, member.pk)]


def test_a_started_shift_takes_nobody_on_its_waiting_list(member):
    started = timezone.now() - timedelta(hours=1)
    shift = ShiftFactory(starts_at=started, ends_at=started + timedelta(hours=3))
    with pytest.raises(ActionRefused, match=r"^This shift has started\.$"):
        services.shift_wait(shift=shift, by=member)


def test_a_shift_starting_this_very_moment_takes_nobody_on_its_waiting_list(member, monkeypatch):
    shift = ShiftFactory()
    monkeypatch.setattr(timezone, "now", lambda: shift.starts_at)
    with pytest.raises(ActionRefused, match=r"^This shift has started\.$"):
        services.shift_wait(shift=shift, by=member)
    assert not ShiftWaiting.objects.exists()
