"""When a line is at 80 % or exceeded: the one rule the report and the alert mails share."""

from decimal import Decimal

import pytest

from budget.services import line_level


@pytest.mark.parametrize(
    ("approved", "spent", "committed", "level"),
    [
        ("1000", "0", "0", ""),
        ("1000", "799.99", "0", ""),
        ("1000", "800", "0", "warning"),
        ("1000", "600", "200", "warning"),  # what is promised counts with what is spent
        ("1000", "1000", "0", "warning"),  # all of it used is not yet over
        ("1000", "1000.01", "0", "exceeded"),
        ("1000", "900", "100.01", "exceeded"),
        ("1", "0.50", "0", ""),  # a line cut to one dollar keeps the same percentages
        ("0", "0", "0", ""),  # a line cut to nothing, with nothing used
        ("0", "0.01", "0", "exceeded"),
        ("-50", "0", "10", "exceeded"),
    ],
)
def test_line_level_from_what_is_spent_and_committed(approved, spent, committed, level):
    assert (
        line_level(approved=Decimal(approved), spent=Decimal(spent), committed=Decimal(committed))
        == level
    )
