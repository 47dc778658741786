"""Refused a second shift at the same time, a volunteer is told which shift they hold: its
day and times in its conference's zone, and the conference."""

from datetime import timedelta

import pytest
from django.db import IntegrityError

from community.workflow import ActionRefused
from kits import services
from kits.models import ShiftSignup
from tests.kits.factories import BoothFactory, ShiftFactory, ShiftSignupFactory, at

pytestmark = pytest.mark.django_db


def test_the_refusal_names_the_held_shift_in_its_conference_zone(member):
    held = ShiftFactory(booth=BoothFactory(conference_name="PyCon Tokyo", timezone="Asia/Tokyo"))
    other_booth = BoothFactory(conference_starts=held.booth.conference_starts)
    clash = ShiftFactory(
        booth=other_booth,
        starts_at=held.starts_at + timedelta(hours=1),
        ends_at=held.ends_at + timedelta(hours=1),
    )
    services.shift_signup(shift=held, by=member)
    with pytest.raises(ActionRefused) as refused:
        services.shift_signup(shift=clash, by=member)
    day = at(held.booth, 0, 9)
    assert f"{day:%a %d %b} 09:00\u201312:00 at PyCon Tokyo" in str(refused.value)


def test_the_refusal_names_my_clashing_shift_not_my_others_nor_someone_elses(member):
    starts = BoothFactory().conference_starts
    someone_elses = ShiftFactory(
        booth=BoothFactory(conference_name="PyCon Other", conference_starts=starts)
    )
    ShiftSignupFactory(shift=someone_elses)
    early = ShiftFactory(
        booth=BoothFactory(conference_name="PyCon Early", conference_starts=starts),
        starts_at=someone_elses.starts_at - timedelta(hours=3),
        ends_at=someone_elses.starts_at - timedelta(hours=1),
    )
    held = ShiftFactory(booth=BoothFactory(conference_name="PyCon Held", conference_starts=starts))
    clash = ShiftFactory(
        booth=BoothFactory(conference_starts=starts),
        starts_at=held.starts_at + timedelta(hours=1),
        ends_at=held.ends_at + timedelta(hours=1),
    )
    services.shift_signup(shift=early, by=member)
    services.shift_signup(shift=held, by=member)
    with pytest.raises(ActionRefused) as refused:
        services.shift_signup(shift=clash, by=member)
    assert str(refused.value) == (
        f"You already hold a shift at that time: {held} at PyCon Held. "
        "Drop it first to take this one."
    )


def test_a_clash_gone_before_it_is_named_still_gets_a_plain_refusal(member, monkeypatch):
    """The database refused the place, but the clashing shift was dropped in the same
    moment: the volunteer is told why without the shift's name, not shown an error."""
    shift = ShiftFactory()

    def refused_by_the_database(self, *args, **kwargs):
        raise IntegrityError("conflicting key value violates exclusion constraint")

    monkeypatch.setattr(ShiftSignup, "save", refused_by_the_database)
    with pytest.raises(ActionRefused) as refused:
        services.shift_signup(shift=shift, by=member)
    assert str(refused.value) == "You already hold a shift at that time."
