"""A booth's moves and checklist ticks: what the history and the item keep, and the words of
a refusal."""

import pytest

from community.workflow import ActionRefused
from kits import services
from kits.models import BoothStatus
from tests.factories import UserFactory
from tests.kits.factories import BoothFactory, at

pytestmark = pytest.mark.django_db


def test_a_move_without_a_reason_records_none():
    booth = BoothFactory()
    services.booth_move(booth=booth, by=booth.lead, to=BoothStatus.CONFIRMED)
    row = booth.history.get()
    assert (row.to_status, row.by, row.reason) == (BoothStatus.CONFIRMED, booth.lead, "")


def test_a_stranger_is_told_who_may_move_a_booth():
    booth = BoothFactory()
    with pytest.raises(ActionRefused) as refused:
        services.booth_move(booth=booth, by=UserFactory(), to=BoothStatus.CONFIRMED)
    assert str(refused.value) == "Only the booth's lead or its kit's managers can do that."
    assert not booth.history.exists()


def test_ticking_marks_an_item_done_by_the_lead_and_unticking_clears_it():
    booth = BoothFactory()
    item = booth.checklist.create(label="Buy tape", position=1)
    services.checklist_tick(item=item, by=booth.lead)
    item.refresh_from_db()
    assert item.done_at is not None
    assert item.done_by == booth.lead
    services.checklist_tick(item=item, by=booth.lead, done=False)
    item.refresh_from_db()
    assert (item.done_at, item.done_by) == (None, None)


def test_a_stranger_is_told_who_may_tick_the_checklist():
    booth = BoothFactory()
    item = booth.checklist.create(label="Buy tape", position=1)
    with pytest.raises(ActionRefused) as refused:
        services.checklist_tick(item=item, by=UserFactory())
    assert str(refused.value) == (
        "Only the booth's lead or its kit's managers can tick its checklist."
    )
    item.refresh_from_db()
    assert item.done_at is None


def test_an_added_item_goes_after_the_last_one():
    booth = BoothFactory()
    booth.checklist.create(label="Book the table", position=7)
    booth.checklist.create(label="Print flyers", position=3)
    item = services.checklist_add(booth=booth, by=booth.lead, label="  Buy tape  ")
    assert (item.label, item.position) == ("Buy tape", 8)
    assert [i.label for i in booth.checklist.order_by("position")][-1] == "Buy tape"


def test_the_first_item_of_an_empty_checklist_is_number_one():
    booth = BoothFactory()
    assert services.checklist_add(booth=booth, by=booth.lead, label="Buy tape").position == 1


def test_a_long_label_is_cut_to_two_hundred_characters():
    booth = BoothFactory()
    item = services.checklist_add(booth=booth, by=booth.lead, label="x" * 250)
    assert booth.checklist.get(pk=item.pk).label == "x" * 200


@pytest.mark.parametrize("label", ["   ", "", None])
def test_an_empty_label_is_refused_in_words(label):
    booth = BoothFactory()
    with pytest.raises(ActionRefused) as refused:
        services.checklist_add(booth=booth, by=booth.lead, label=label)
    assert str(refused.value) == "Say what needs doing."
    assert not booth.checklist.exists()


def test_a_stranger_is_told_who_may_change_the_checklist_and_the_shifts():
    booth = BoothFactory()
    stranger = UserFactory()
    with pytest.raises(ActionRefused) as refused:
        services.checklist_add(booth=booth, by=stranger, label="Buy tape")
    assert str(refused.value) == (
        "Only the booth's lead or its kit's managers can change its checklist."
    )
    with pytest.raises(ActionRefused) as refused:
        services.shift_create(
            booth=booth, by=stranger, starts_at=at(booth, 0, 9), ends_at=at(booth, 0, 12)
        )
    assert str(refused.value) == (
        "Only the booth's lead or its kit's managers can change its shifts."
    )
    assert not booth.checklist.exists()
    assert not booth.shifts.exists()
