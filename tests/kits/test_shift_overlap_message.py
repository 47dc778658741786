"""Refused a second shift at the same time, a volunteer is told which shift they hold: its
day and times in its conference's zone, and the conference."""

from datetime import timedelta

import pytest

from community.workflow import ActionRefused
from kits import services
from tests.kits.factories import BoothFactory, ShiftFactory, at

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
