"""Tracking numbers: 4 to 40 letters, digits or dashes; spaces get their own message."""

import pytest
from django.core.exceptions import ValidationError

from kits.models import validate_tracking_number


def test_a_tracking_number_with_spaces_is_refused_with_an_example():
    with pytest.raises(ValidationError) as refused:
        validate_tracking_number("1Z 999 AA1")
    assert (refused.value.code, refused.value.message) == (
        "spaces",
        "Type the tracking number without spaces (as in 1Z999AA10123456784).",
    )


@pytest.mark.parametrize("number", ["1Z9", "1Z999/AA1", "X" * 41])
def test_a_tracking_number_too_short_long_or_with_other_signs_is_refused(number):
    with pytest.raises(ValidationError) as refused:
        validate_tracking_number(number)
    assert (refused.value.code, refused.value.message) == (
        "invalid",
        "A tracking number is 4 to 40 letters, digits or dashes.",
    )


def test_letters_digits_and_dashes_pass():
    validate_tracking_number("1Z999-AA1")
    validate_tracking_number("")
