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


def test_generated_shifts_carry_the_places_and_skill_asked_for(booth):
    shifts = generate(booth, capacity_min=2, capacity_max=4, skill="Speaks Portuguese")
    assert {(s.capacity_min, s.capacity_max, s.skill) for s in shifts} == {
        (2, 4, "Speaks Portuguese")
    }


@pytest.mark.parametrize(("capacity_min", "capacity_max"), [(1, 1), (0, 1), (3, 3)])
def test_at_most_may_equal_the_number_needed_or_one(booth, capacity_min, capacity_max):
    assert generate(booth, capacity_min=capacity_min, capacity_max=capacity_max)


@pytest.mark.parametrize(("capacity_min", "capacity_max"), [(3, 2), (0, 0)])
def test_at_most_below_the_number_needed_or_one_is_refused_in_words(
    booth, capacity_min, capacity_max
):
    with pytest.raises(ActionRefused) as refused:
        generate(booth, capacity_min=capacity_min, capacity_max=capacity_max)
    assert str(refused.value) == "“At most” must be at least the number needed, and at least 1."
    assert not booth.shifts.exists()


def test_exactly_the_most_shifts_are_made_and_one_more_is_refused_in_words(booth, monkeypatch):
    from kits import models

    monkeypatch.setattr(models, "MAX_GENERATED_SHIFTS", 9)
    assert len(generate(booth, hours=1)) == 9
    booth.shifts.all().delete()
    monkeypatch.setattr(models, "MAX_GENERATED_SHIFTS", 8)
    with pytest.raises(ActionRefused) as refused:
        generate(booth, hours=1)
    assert str(refused.value) == "That makes 9 shifts; at most 8."
    assert not booth.shifts.exists()
