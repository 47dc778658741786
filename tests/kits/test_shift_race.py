"""Two volunteers taking the last place at the same moment: exactly one wins."""

import time

import pytest

from kits import services
from kits.models import Shift, ShiftSignup
from tests.factories import UserFactory
from tests.kits.factories import ShiftFactory
from tests.kits.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_sign_ups_for_the_last_place_only_one_wins(monkeypatch):
    shift = ShiftFactory(capacity_min=1, capacity_max=1)
    first, second = UserFactory(), UserFactory()
    original = ShiftSignup.save

    def slow_save(self, *args, **kwargs):
        # Both would count a free place before either commits, were the shift not locked.
        time.sleep(0.3)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ShiftSignup, "save", slow_save)

    outcomes = run_together(
        lambda: services.shift_signup(shift=Shift.objects.get(pk=shift.pk), by=first),
        lambda: services.shift_signup(shift=Shift.objects.get(pk=shift.pk), by=second),
    )
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"]
    assert "full" in next(o for o in outcomes if o.startswith("refused"))
    assert shift.signups.count() == 1


def test_one_volunteer_two_overlapping_shifts_at_once_only_one_wins():
    shift = ShiftFactory(capacity_max=5)
    other = ShiftFactory(starts_at=shift.starts_at, ends_at=shift.ends_at, capacity_max=5)
    volunteer = UserFactory()
    outcomes = run_together(
        lambda: services.shift_signup(shift=shift, by=volunteer),
        lambda: services.shift_signup(shift=other, by=volunteer),
    )
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"]
    assert "already hold a shift" in next(o for o in outcomes if o.startswith("refused"))
