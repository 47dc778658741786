"""The median shipping cost a booth's kit choice is ranked by: which shipments count."""

from decimal import Decimal

import pytest

from kits import services
from tests.kits.factories import KitFactory, ShipmentFactory

pytestmark = pytest.mark.django_db


def test_only_priced_outbound_shipments_to_the_destinations_region_count():
    kit = KitFactory()
    for cost in ("300", "500"):
        ShipmentFactory(kit=kit, to_country="CA", cost=Decimal(cost))
    ShipmentFactory(kit=kit, to_country="US", cost=None)  # no cost yet
    ShipmentFactory(kit=kit, to_country="DE", cost=Decimal("9000"))  # another region
    ShipmentFactory(kit=kit, to_country="US", cost=Decimal("5"), purpose="return")

    assert services.median_shipping_costs("US") == {kit.region_id: (Decimal("400.00"), 2)}


def test_a_country_in_no_region_reads_the_shipments_to_itself():
    assert services.region_for_country("AQ") is None
    kit = KitFactory()
    ShipmentFactory(kit=kit, to_country="AQ", cost=Decimal("120"))
    ShipmentFactory(kit=kit, to_country="CA", cost=Decimal("999"))

    assert services.median_shipping_costs("AQ") == {kit.region_id: (Decimal("120.00"), 1)}
