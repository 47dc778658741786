"""A booth's moves and checklist ticks: what the history and the item keep, and the words of
a refusal."""

import pytest

from community.workflow import ActionRefused
from kits import services
from kits.models import BoothStatus
from tests.factories import UserFactory
from tests.kits.factories import BoothFactory

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
