"""Reports for kit managers and the board, with a chart fed through json_script and CSV export."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.kits.factories import (
    ApprovedBookingFactory,
    KitFactory,
    KitItemFactory,
    ShipmentFactory,
    region,
)
from tests.plans import large_table_plans, plan, queries_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipments(db):
    na = KitFactory(name="North American kit")
    sa = KitFactory(name="South American kit", region=region("south-america"), home_country="BR")
    year = date.today().year
    for cost, days in (("100.00", 3), ("300.00", 5), ("200.00", 4)):
        ShipmentFactory(
            kit=na,
            carrier="ups",
            cost=Decimal(cost),
            cost_usd=Decimal(cost),
            shipped_on=date(year, 2, 1),
            expected_on=date(year, 2, 1 + days),
            delivered_on=date(year, 2, 1 + days),
            status="delivered",
        )
    ShipmentFactory(
        kit=sa,
        carrier="dhl",
        from_country="BR",
        to_country="CL",
        cost=Decimal("900"),
        currency="BRL",
        cost_usd=Decimal("166.50"),
        shipped_on=date(year, 3, 1),
        expected_on=date(year, 3, 9),
    )
    return {"na": na, "sa": sa, "year": year}


def test_managers_and_the_board_read_reports_others_do_not(
    client, na_manager, board_member, member, shipments
):
    for user, status in ((na_manager, 200), (board_member, 200), (member, 403)):
        client.force_login(user)
        assert client.get(reverse("kits:report")).status_code == status
        assert client.get(reverse("kits:report-csv")).status_code == status


def test_costs_per_region_and_year_medians_and_the_chart_data(client, board_member, shipments):
    client.force_login(board_member)
    response = client.get(reverse("kits:report"))
    text = response.text
    assert "600.00" in text  # North America's three UPS shipments
    assert "166.50" in text
    # The median of 100, 200, 300 and of 3, 4, 5 days, on the US → CA route.
    row = re.search(r"US → CA</td>.*?</tr>", text, re.S).group(0)
    assert "200.00" in row
    assert ">4<" in row
    data = json.loads(
        re.search(
            r'<script id="kit-cost-chart-data" type="application/json">(.*?)</script>', text
        ).group(1)
    )
    assert data["labels"] == [str(shipments["year"])]
    assert {d["label"] for d in data["datasets"]} == {"North America", "South America"}
    assert "<script>" not in text  # no inline script: the chart reads json_script


def test_filters_apply_to_the_report_and_the_csv(client, board_member, shipments):
    client.force_login(board_member)
    query = f"?region={region('south-america').pk}"
    assert "600.00" not in client.get(reverse("kits:report") + query).text
    response = client.get(reverse("kits:report-csv") + query)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "kit", "region"]
    assert [r[1] for r in rows[1:]] == ["South American kit"]
    assert rows[1][rows[0].index("cost_usd")] == "166.50"


def test_utilisation_and_low_stock(client, board_member, shipments):
    ApprovedBookingFactory(kit=shipments["na"], status="closed")
    KitItemFactory(kit=shipments["na"], name="Stickers", is_consumable=True, quantity=10,
                   reorder_threshold=100)  # fmt: skip
    KitItemFactory(kit=shipments["na"], name="Brochures", is_consumable=True, quantity=500,
                   reorder_threshold=100)  # fmt: skip
    client.force_login(board_member)
    text = client.get(reverse("kits:report")).text
    assert "Stickers" in text
    assert "Brochures" not in text
    assert "Utilisation in" in text


def _table_rows(text, caption):
    table = re.search(rf"<caption[^>]*>{caption}</caption>(.*?)</table>", text, re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
    ]


def test_cost_tables_sum_every_shipment_with_a_cost_once_per_year_region_and_carrier(
    client, board_member, shipments
):
    year = shipments["year"]
    ShipmentFactory(kit=shipments["na"], carrier="dhl", cost=Decimal("50.00"),
                    shipped_on=date(year - 1, 6, 1), expected_on=date(year - 1, 6, 3))  # fmt: skip
    # Booked and paid, not sent yet: no year, listed last.
    ShipmentFactory(kit=shipments["na"], carrier="ups", cost=Decimal("25.00"), status="planned",
                    shipped_on=None, expected_on=None, rate_date=None)  # fmt: skip
    ShipmentFactory(kit=shipments["na"], carrier="fedex", cost=None, cost_usd=None)  # no cost
    client.force_login(board_member)
    text = client.get(reverse("kits:report")).text
    assert _table_rows(text, "Shipping cost per region and year") == [
        [str(year - 1), "North America", "1", "50.00"],
        [str(year), "North America", "3", "600.00"],
        [str(year), "South America", "1", "166.50"],
        ["—", "North America", "1", "25.00"],
    ]
    assert _table_rows(text, "Shipping cost per carrier") == [
        ["DHL Express", "2", "216.50"],
        ["UPS", "4", "625.00"],
    ]


def test_cost_and_route_queries_read_the_costed_route_index(client, board_member, shipments):
    # At 10,000 shipments, scanning the wide table and sorting it for the medians took 16 ms.
    client.force_login(board_member)
    with large_table_plans() as captured:
        assert client.get(reverse("kits:report")).status_code == 200
    costs = queries_with(captured, 'SUM("kits_shipment"."cost_usd")')
    medians = queries_with(captured, "percentile_disc")
    assert len(costs) == len(medians) == 1
    for query in costs + medians:
        # "Index Only" once vacuumed; a test database never is.
        assert "kits_shipment_costed_route_idx" in plan(query)
        assert "Seq Scan on kits_shipment" not in plan(query)
