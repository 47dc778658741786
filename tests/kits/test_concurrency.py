"""Two managers approving two overlapping requests at the same moment: exactly one wins."""

import time

import pytest

from kits import services
from kits.models import Booking, BookingStatus
from tests.concurrency import run_together
from tests.kits.factories import BookingFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_overlapping_approvals_at_once_only_one_wins(na_manager, monkeypatch):
    first = BookingFactory()
    second = BookingFactory(kit=first.kit)
    original = Booking.first_conflict

    def slow_check(self):
        # Both checks find nothing before either commits: only the constraint stops one.
        found = original(self)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(Booking, "first_conflict", slow_check)
    outcomes = run_together(
        lambda: services.booking_approve(booking=Booking.objects.get(pk=first.pk), by=na_manager),
        lambda: services.booking_approve(booking=Booking.objects.get(pk=second.pk), by=na_manager),
    )
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"]
    refused = next(o for o in outcomes if o.startswith("refused"))
    assert "already booked" in refused
    statuses = sorted(Booking.objects.filter(kit=first.kit).values_list("status", flat=True))
    assert statuses == [BookingStatus.APPROVED, BookingStatus.REQUESTED]
