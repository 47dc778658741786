"""The catalogue, a kit page, the admin shipment list and the cost report cost the same
number of queries at 10 and at 10,000 shipments."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kits.models import Shipment
from tests.kits.factories import ApprovedBookingFactory, KitFactory, KitItemFactory

pytestmark = pytest.mark.django_db


def bulk_shipments(kit, count):
    today = timezone.localdate()
    Shipment.objects.bulk_create(
        Shipment(
            kit=kit,
            from_address="A",
            from_country="US",
            to_address="B",
            to_country=("CA", "MX", "BR")[i % 3],
            carrier=("ups", "dhl", "fedex")[i % 3],
            tracking_number=f"T{i:08d}",
            shipped_on=today - timedelta(days=i % 900 + 5),
            expected_on=today - timedelta(days=i % 900),
            delivered_on=today - timedelta(days=i % 900),
            status="delivered",
            cost=Decimal(100 + i % 50),
            cost_usd=Decimal(100 + i % 50),
        )
        for i in range(count)
    )


@pytest.fixture
def world(db):
    kit = KitFactory(name="North American kit")
    KitItemFactory(kit=kit)
    ApprovedBookingFactory(kit=kit)
    return kit


PAGES = {
    "catalogue": (lambda kit: reverse("kits:index"), None, 6),
    # Board members are staff now (they decide representative applications in the admin):
    # two more queries for the admin link in the header, whatever the rows; one for the
    # marketing material the kit carries.
    "kit page": (lambda kit: kit.get_absolute_url(), "board", 15),
    "admin shipments": (lambda kit: reverse("admin:kits_shipment_changelist"), "manager", 14),
    "cost report": (lambda kit: reverse("kits:report"), "board", 11),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_the_same_at_10_and_10000_shipments(
    client, world, na_manager, board_member, page, django_assert_num_queries
):
    url_for, login, pinned = PAGES[page]
    user = {"board": board_member, "manager": na_manager, None: None}[login]
    if user:
        client.force_login(user)
    counts = []
    for total in (10, 10_000):
        bulk_shipments(world, total - Shipment.objects.count())
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url_for(world)).status_code == 200
        counts.append(len(queries))
    assert counts == [pinned, pinned]
