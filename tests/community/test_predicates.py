"""community.predicates.matches answers for one row as filter() does for a queryset."""

from datetime import datetime
from types import SimpleNamespace

import pytest
from django.db.models import Q

from community.predicates import matches

NOON = datetime(2026, 6, 1, 12)
ROW = SimpleNamespace(status="approved", expires_at=NOON, claimed_by_id=None)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Q(status="approved"), True),
        (Q(status="draft"), False),
        (Q(status__in=["draft", "approved"]), True),
        (Q(expires_at__gt=datetime(2026, 1, 1)), True),
        (Q(expires_at__gte=NOON), True),
        (Q(expires_at__lt=NOON), False),
        (Q(expires_at__lte=NOON), True),
        (Q(status="approved", expires_at__gt=NOON), False),  # AND
        (Q(status="draft") | Q(expires_at=NOON), True),  # OR
        (~Q(status="approved"), False),
        (Q(claimed_by_id__isnull=True), True),
        (Q(claimed_by_id=None), True),  # filter() reads it as IS NULL
        (Q(claimed_by_id=3), False),
        (Q(claimed_by_id__gt=3), False),  # SQL: a comparison with NULL is not true
        (Q(claimed_by_id__lt=3), False),
        (Q(status="approved") & ~(Q(status="draft") | Q(expires_at__lt=NOON)), True),
    ],
)
def test_matches_evaluates_like_the_database(condition, expected):
    assert matches(condition, ROW) is expected


def test_a_lookup_it_cannot_evaluate_is_refused():
    with pytest.raises(ValueError, match="icontains"):
        matches(Q(status__icontains="APP"), ROW)
