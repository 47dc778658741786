import pytest

from community import pagination
from community.pagination import CappedPaginator
from representatives.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    return Region.objects.order_by("pk")  # seven from the data migrations


def test_counts_everything_under_the_cap(regions):
    paginator = CappedPaginator(regions, 2, cap=10)
    assert paginator.count == 7
    assert not paginator.is_capped
    assert paginator.num_pages == 4


def test_stops_counting_at_the_cap(regions, django_assert_num_queries):
    paginator = CappedPaginator(regions, 2, cap=4)
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 4
        assert paginator.is_capped
    assert "LIMIT 5" in captured.captured_queries[0]["sql"]
    assert paginator.num_pages == 2


def test_the_default_cap_is_read_when_paginating(regions, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    assert CappedPaginator(regions, 2).count == 3
