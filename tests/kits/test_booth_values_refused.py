"""What a booth's form refuses, in the words the lead reads: an unknown time zone, a
teardown not after setup, a conference that ends before it starts."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from kits.models import Booking, Booth, validate_zone
from tests.kits.factories import in_days


def test_an_unknown_time_zone_is_refused_with_an_example():
    with pytest.raises(ValidationError) as refused:
        validate_zone("Mars/Olympus_Mons")
    assert refused.value.messages == ["Choose a time zone such as America/Chicago."]
    validate_zone("America/Chicago")


def booth(**values):
    return Booth(conference_starts=in_days(10), conference_ends=in_days(12), **values)


@pytest.mark.parametrize("hours", [0, -1])
def test_a_teardown_at_or_before_setup_is_refused(hours):
    setup = datetime(2027, 5, 14, 8, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as refused:
        booth(setup_at=setup, teardown_at=setup + timedelta(hours=hours)).clean()
    assert refused.value.message_dict == {"teardown_at": ["Teardown is before setup."]}


def test_a_teardown_after_setup_or_either_left_empty_is_accepted():
    setup = datetime(2027, 5, 14, 8, 0, tzinfo=UTC)
    booth(setup_at=setup, teardown_at=setup + timedelta(minutes=1)).clean()
    booth(setup_at=setup).clean()
    booth(teardown_at=setup).clean()


@pytest.mark.parametrize("model", [Booth, Booking])
def test_a_conference_ending_before_it_starts_is_refused(model):
    with pytest.raises(ValidationError) as refused:
        model(conference_starts=in_days(10), conference_ends=in_days(9)).clean()
    assert refused.value.message_dict == {
        "conference_ends": ["The conference ends before it starts."]
    }


@pytest.mark.parametrize("model", [Booth, Booking])
def test_a_one_day_conference_is_accepted(model):
    model(conference_starts=in_days(10), conference_ends=in_days(10)).clean()
