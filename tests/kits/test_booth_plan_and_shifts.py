"""Planning a booth (its checklist, who planned it) and creating its shifts (the defaults,
the limits at their boundaries, the refusals word for word)."""

import pytest

from community.workflow import ActionRefused
from kits import services
from kits.models import DEFAULT_CHECKLIST
from tests.factories import UserFactory
from tests.kits.factories import BoothFactory, at, in_days

pytestmark = pytest.mark.django_db


def plan(by, **kwargs):
    return services.booth_plan(
        by=by,
        conference_name="PyCon Plan",
        conference_city="Chicago",
        conference_country="US",
        conference_starts=in_days(30),
        conference_ends=in_days(32),
        timezone="America/Chicago",
        **kwargs,
    )


def checklist(booth):
    return list(booth.checklist.order_by("position").values_list("position", "label"))


def test_a_planned_booth_gets_the_default_checklist_in_order():
    booth = plan(UserFactory())
    assert checklist(booth) == list(enumerate(DEFAULT_CHECKLIST))


def test_a_booth_planned_for_another_lead_keeps_the_given_checklist_and_the_planner():
    planner, lead = UserFactory(username="planner"), UserFactory(username="lead")
    booth = plan(planner, lead=lead, checklist=["Book hotel", "Pack stickers"])
    assert booth.lead == lead
    assert booth.history.get().by == planner
    assert checklist(booth) == [(0, "Book hotel"), (1, "Pack stickers")]


def test_a_shift_takes_one_to_two_volunteers_and_no_skill_by_default():
    booth = BoothFactory()
    shift = services.shift_create(
        booth=booth, by=booth.lead, starts_at=at(booth, 0, 9), ends_at=at(booth, 0, 12)
    )
    assert (shift.capacity_min, shift.capacity_max, shift.skill) == (1, 2, "")


def test_a_shift_may_want_exactly_its_most_or_nobody_at_least():
    booth = BoothFactory()
    exact = services.shift_create(
        booth=booth,
        by=booth.lead,
        starts_at=at(booth, 0, 9),
        ends_at=at(booth, 0, 12),
        capacity_min=3,
        capacity_max=3,
    )
    optional = services.shift_create(
        booth=booth,
        by=booth.lead,
        starts_at=at(booth, 0, 12),
        ends_at=at(booth, 0, 15),
        capacity_min=0,
        capacity_max=1,
    )
    assert [(s.capacity_min, s.capacity_max) for s in (exact, optional)] == [(3, 3), (0, 1)]


@pytest.mark.parametrize(
    ("hours", "most", "refusal"),
    [
        ((9, 9), 2, "A shift ends after it starts."),
        ((12, 9), 2, "A shift ends after it starts."),
        ((9, 12), 0, "“At most” must be at least the number needed, and at least 1."),
    ],
)
def test_an_impossible_shift_is_refused_in_words(hours, most, refusal):
    booth = BoothFactory()
    with pytest.raises(ActionRefused) as refused:
        services.shift_create(
            booth=booth,
            by=booth.lead,
            starts_at=at(booth, 0, hours[0]),
            ends_at=at(booth, 0, hours[1]),
            capacity_min=0,
            capacity_max=most,
        )
    assert str(refused.value) == refusal
    assert not booth.shifts.exists()
