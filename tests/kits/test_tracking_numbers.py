"""A tracking number typed with spaces is refused with a message that shows the form wanted."""

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
