"""The board overview's count of free places on upcoming shifts, at its edges: no shifts at
all, and shifts nobody has signed up for yet."""

import pytest

from kits.models import Shift
from tests.kits.factories import ShiftFactory

pytestmark = pytest.mark.django_db


def test_no_upcoming_shifts_means_no_open_places():
    assert Shift.objects.open_places() == 0


def test_shifts_nobody_took_offer_every_place():
    ShiftFactory(capacity_min=1, capacity_max=3)
    assert Shift.objects.open_places() == 3
