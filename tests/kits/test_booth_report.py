"""After the conference: the lead files the report; consumables come off the kit's stock
and raise the reorder flag; the kit's cost per visitor = (shipping + consumables) / visitors (the
sponsorship that paid for the booth is the budget app's, tests/budget/test_support_page.py)."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.workflow import ActionRefused
from kits import services
from kits.models import Booth, BoothReport, KitItem, cost_per_visitor
from tests.kits.factories import (
    BookingFactory,
    BoothFactory,
    KitFactory,
    KitItemFactory,
    ShipmentFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_booth(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    kit = KitFactory()
    booking = BookingFactory(kit=kit)
    booth = BoothFactory(
        booking=booking,
        conference_starts=in_days(-5),
        conference_ends=in_days(-3),
    )
    ShipmentFactory(kit=kit, booking=booking, cost=Decimal("300"), customs_fees_usd=Decimal("50"))
    stickers = KitItemFactory(
        kit=kit, name="Stickers", quantity=500, is_consumable=True, reorder_threshold=200
    )
    return booth, stickers


def photo():
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("booth.png", buffer.getvalue(), content_type="image/png")


def test_lead_files_the_report_and_the_stock_goes_down(client, past_booth):
    booth, stickers = past_booth
    client.force_login(booth.lead)
    url = reverse("kits:booth-report", args=[booth.pk])
    response = client.post(
        url,
        {
            "visitors": 250,
            "membership_signups": 12,
            "lessons": "Bring more chairs",
            "consumables_cost_usd": "150",
            f"used_{stickers.pk}": 350,
            "photo_upload": photo(),
        },
    )
    assert response.status_code == 302
    stickers.refresh_from_db()
    assert stickers.quantity == 150
    assert stickers.needs_reorder
    page = client.get(url).content.decode()
    assert "Reorder now: Stickers (150 left)" in page
    assert "350 \u00d7 Stickers" in page
    # (300 + 50 + 150) / 250: the kit's share; the sponsorship is added on the board's page.
    assert 'Kit cost per visitor</dt><dd class="col-sm-7">2.00 USD' in page
    assert BoothReport.objects.get().photo_thumbnail


def test_costs_rows_for_the_budget_app(past_booth):
    booth, _stickers = past_booth
    services.booth_report_file(
        booth=booth, by=booth.lead, visitors=100, consumables_cost_usd=Decimal("50")
    )
    row = Booth.objects.costs().get(booth_id=booth.pk)
    assert row["shipping_usd"] == Decimal("350.00")
    assert row["consumables_usd"] == Decimal("50.00")
    assert "sponsorship_usd" not in row
    assert cost_per_visitor(row) == Decimal("4.00")
    assert cost_per_visitor(row, paid_for_booth=Decimal("1000")) == Decimal("14.00")


def test_more_than_the_stock_is_refused_and_nothing_changes(past_booth):
    booth, stickers = past_booth
    with pytest.raises(ActionRefused, match="only 500 Stickers"):
        services.booth_report_file(booth=booth, by=booth.lead, visitors=10, used={stickers.pk: 600})
    assert KitItem.objects.get(pk=stickers.pk).quantity == 500
    assert not BoothReport.objects.exists()


def test_report_is_filed_once(past_booth):
    booth, _ = past_booth
    services.booth_report_file(booth=booth, by=booth.lead, visitors=10)
    with pytest.raises(ActionRefused, match="already filed"):
        services.booth_report_file(booth=booth, by=booth.lead, visitors=10)


def test_no_report_before_the_conference():
    booth = BoothFactory(conference_starts=in_days(10), conference_ends=in_days(12))
    with pytest.raises(ActionRefused, match="once the conference has begun"):
        services.booth_report_file(booth=booth, by=booth.lead, visitors=1)


def test_board_reads_the_report_but_gets_no_form(client, board_member, past_booth):
    booth, _ = past_booth
    client.force_login(board_member)
    page = client.get(reverse("kits:booth-report", args=[booth.pk])).content.decode()
    assert "No report filed yet." in page
    assert "350.00 USD" in page


def test_cost_per_visitor_waits_for_visitors():
    assert (
        cost_per_visitor(
            {"visitors": None, "shipping_usd": 0, "consumables_usd": 0},
            paid_for_booth=Decimal("1000"),
        )
        is None
    )


def test_priced_consumables_count_the_cost_when_the_lead_gives_none(client, past_booth):
    booth, stickers = past_booth
    stickers.unit_cost_usd = Decimal("0.12")
    stickers.save()
    brochures = KitItemFactory(
        kit=stickers.kit,
        name="Brochures",
        quantity=100,
        is_consumable=True,
        reorder_threshold=10,
        unit_cost_usd=Decimal("0.85"),
    )
    unpriced = KitItemFactory(
        kit=stickers.kit, name="Flyers", quantity=50, is_consumable=True, reorder_threshold=5
    )
    report = services.booth_report_file(
        booth=booth,
        by=booth.lead,
        visitors=100,
        used={stickers.pk: 300, brochures.pk: 40, unpriced.pk: 10},
    )
    # 300 x 0.12 + 40 x 0.85; the unpriced flyers add nothing.
    assert report.consumables_cost_usd == Decimal("70.00")
    costs = {use.item.name: use.cost_usd for use in report.consumables.all()}
    assert costs == {"Stickers": Decimal("36.00"), "Brochures": Decimal("34.00"), "Flyers": None}
    assert Booth.objects.costs().get(booth_id=booth.pk)["consumables_usd"] == Decimal("70.00")
    client.force_login(booth.lead)
    page = client.get(reverse("kits:booth-report", args=[booth.pk])).content.decode()
    assert "300 \u00d7 Stickers (36.00 USD)" in page


def test_the_leads_own_consumables_figure_wins(past_booth):
    booth, stickers = past_booth
    stickers.unit_cost_usd = Decimal("0.12")
    stickers.save()
    report = services.booth_report_file(
        booth=booth,
        by=booth.lead,
        visitors=100,
        consumables_cost_usd=Decimal("50"),
        used={stickers.pk: 300},
    )
    assert report.consumables_cost_usd == Decimal("50")
    assert report.consumables.get().cost_usd == Decimal("36.00")


def test_the_database_refuses_a_negative_unit_cost(past_booth):
    from django.db import IntegrityError, transaction

    _booth, stickers = past_booth
    with (
        pytest.raises(IntegrityError, match="kits_item_unit_cost_not_negative"),
        transaction.atomic(),
    ):
        KitItem.objects.filter(pk=stickers.pk).update(unit_cost_usd=Decimal("-1"))
