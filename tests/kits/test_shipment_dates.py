"""A parcel may be delivered, or expected, on the day it is shipped, never before it."""

import pytest
from django.core.exceptions import ValidationError

from kits.models import Shipment
from tests.kits.factories import in_days


def test_same_day_delivery_and_expectation_are_allowed():
    Shipment(shipped_on=in_days(0), delivered_on=in_days(0), expected_on=in_days(0)).clean()


def test_a_delivery_before_the_ship_date_is_refused_by_field():
    with pytest.raises(ValidationError) as refused:
        Shipment(shipped_on=in_days(0), delivered_on=in_days(-1)).clean()
    assert refused.value.message_dict == {
        "delivered_on": ["The delivery date is before the ship date."]
    }
