"""Shift reminders: which sign-ups are reminded (the 24 hours ahead, not started, not yet
reminded), each claimed on its own, a volunteer without an address skipped without stopping
the rest, and what the mail says."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kits import services
from kits.models import ShiftSignup
from tests.factories import UserFactory
from tests.kits.factories import ShiftFactory, ShiftSignupFactory

pytestmark = pytest.mark.django_db


def signup_at(start, **volunteer):
    shift = ShiftFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    return ShiftSignupFactory(shift=shift, volunteer=UserFactory(**volunteer))


def test_the_sign_ups_of_the_next_24_hours_are_reminded_once_each(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    # Made first, so that it comes first: skipping it must not stop the others.
    no_address = signup_at(now + timedelta(hours=1), email="")
    soon = signup_at(now + timedelta(hours=2))
    last_minute = signup_at(now + timedelta(hours=24))
    too_early = signup_at(now + timedelta(hours=24, minutes=1))
    started = signup_at(now - timedelta(minutes=1))
    reminded = signup_at(now + timedelta(hours=3))
    ShiftSignup.objects.filter(pk=reminded.pk).update(reminded_at=now - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.shift_reminders_send(now=now) == 2

    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [soon.volunteer.email, last_minute.volunteer.email]
    )
    stamped = set(ShiftSignup.objects.filter(reminded_at=now).values_list("pk", flat=True))
    assert stamped == {no_address.pk, soon.pk, last_minute.pk}
    assert too_early.pk not in stamped
    assert started.pk not in stamped


def test_the_reminder_names_the_shift_and_links_to_my_shifts(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    signup = signup_at(now + timedelta(hours=5))
    with django_capture_on_commit_callbacks(execute=True):
        services.shift_reminders_send(now=now)

    [mail] = mailoutbox
    assert f"Your shift: {signup.shift} (" in mail.body
    assert "Your shifts: http" in mail.body
    assert mail.body.rstrip().endswith(reverse("kits:my-shifts"))
