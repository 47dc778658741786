"""Generated shifts: their defaults, the 1-to-12-hour limit at its ends, and the refusals
word for word."""

from datetime import time

import pytest

from community.workflow import ActionRefused
from kits import services
from tests.kits.factories import BoothFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def booth():
    return BoothFactory(conference_starts=in_days(30), conference_ends=in_days(30))


def generate(booth, **kwargs):
    args = {"day_starts": time(9), "day_ends": time(18), "hours": 3} | kwargs
    return services.shift_generate(booth=booth, by=booth.lead, **args)


def test_generated_shifts_take_one_to_two_volunteers_and_no_skill_by_default(booth):
    shifts = generate(booth)
    assert {(s.capacity_min, s.capacity_max, s.skill) for s in shifts} == {(1, 2, "")}


@pytest.mark.parametrize(("hours", "count"), [(1, 9), (12, 1)])
def test_a_shift_may_last_one_hour_or_twelve(booth, hours, count):
    assert len(generate(booth, hours=hours)) == count


@pytest.mark.parametrize(
    ("kwargs", "refusal"),
    [
        ({"hours": 0}, "A shift lasts 1 to 12 hours."),
        ({"hours": 13}, "A shift lasts 1 to 12 hours."),
        ({"day_ends": time(9)}, "The booth day ends after it starts."),
    ],
)
def test_an_impossible_day_is_refused_in_words(booth, kwargs, refusal):
    with pytest.raises(ActionRefused) as refused:
        generate(booth, **kwargs)
    assert str(refused.value) == refusal
    assert not booth.shifts.exists()
