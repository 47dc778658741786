"""A shipment's USD value: the rate of its own currency on or before its ship date (never a
later rate, never another currency's); no cost, no USD value. The budget app's rows date a
shipment by its ship date, else its planned delivery, and name the shipment."""

from datetime import timedelta
from decimal import Decimal

import pytest

from kits import services
from kits.models import ExchangeRate, KitItem, Shipment, ShipmentStatus
from tests.kits.factories import KitFactory, KitItemFactory, ShipmentFactory, in_days

pytestmark = pytest.mark.django_db


def test_the_rate_is_this_currencys_last_one_on_or_before_the_ship_date():
    shipped_on = in_days(-3)
    ExchangeRate.objects.create(currency="EUR", on=shipped_on - timedelta(days=2),
                                usd_per_unit=Decimal("1.08"))  # fmt: skip
    ExchangeRate.objects.create(currency="EUR", on=in_days(0), usd_per_unit=Decimal("1.20"))
    ExchangeRate.objects.create(currency="GBP", on=shipped_on, usd_per_unit=Decimal("1.30"))
    shipment = Shipment(cost=Decimal("100"), currency="EUR", shipped_on=shipped_on)
    services.shipment_price(shipment)
    assert (shipment.usd_rate, shipment.rate_date, shipment.cost_usd) == (
        Decimal("1.08"),
        shipped_on - timedelta(days=2),
        Decimal("108.00"),
    )


def test_a_shipment_logged_without_a_cost_has_no_usd_value(na_manager):
    shipment = ShipmentFactory(cost=None, cost_usd=None, usd_rate=None, rate_date=None)
    services.shipment_log(shipment=shipment, by=na_manager)
    shipment.refresh_from_db()
    assert (shipment.cost_usd, shipment.usd_rate, shipment.rate_date) == (None, None, None)


def test_cost_rows_are_dated_by_shipping_else_planned_delivery_in_date_order():
    kit = KitFactory()
    shipped = ShipmentFactory(kit=kit, shipped_on=in_days(-3), expected_on=in_days(2))
    planned = ShipmentFactory(kit=kit, status=ShipmentStatus.PLANNED, shipped_on=None,
                              expected_on=in_days(-5), rate_date=in_days(-5))  # fmt: skip
    rows = list(Shipment.objects.costs())
    assert [(row["shipment_id"], row["date"]) for row in rows] == [
        (planned.pk, in_days(-5)),
        (shipped.pk, in_days(-3)),
    ]


def test_cost_rows_of_the_same_day_are_listed_by_id_whatever_order_they_are_stored_in():
    # Stored in the opposite order of their ids: without the tie-break by id, PostgreSQL
    # returns same-day rows as it reads them.
    kit = KitFactory()
    higher = ShipmentFactory(pk=900_002, kit=kit, shipped_on=in_days(-3))
    lower = ShipmentFactory(pk=900_001, kit=kit, shipped_on=in_days(-3))
    assert [row["shipment_id"] for row in Shipment.objects.costs()] == [lower.pk, higher.pk]


def test_only_consumables_are_flagged_for_reorder():
    kit = KitFactory()
    KitItemFactory(kit=kit, name="Banner", quantity=1, reorder_threshold=5)
    stickers = KitItemFactory(kit=kit, name="Stickers", quantity=10, is_consumable=True,
                              reorder_threshold=50)  # fmt: skip
    assert list(KitItem.objects.below_threshold()) == [stickers]


def test_a_cost_in_a_currency_without_a_rate_yet_is_not_guessed(na_manager):
    shipment = ShipmentFactory(cost=Decimal("90"), currency="JPY", cost_usd=None)
    services.shipment_log(shipment=shipment, by=na_manager)
    shipment.refresh_from_db()
    assert (shipment.cost_usd, shipment.usd_rate, shipment.rate_date) == (None, None, None)
