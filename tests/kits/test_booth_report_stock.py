"""A booth's report takes the consumables used off its own kit's stock: only the items
named, only consumables, only this kit's, and a refusal names the item that is short."""

import pytest

from community.workflow import ActionRefused
from kits import services
from kits.models import BoothReport, KitItem
from tests.kits.factories import (
    BookingFactory,
    BoothFactory,
    KitFactory,
    KitItemFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def booth():
    return BoothFactory(
        booking=BookingFactory(kit=KitFactory(name="Booth kit")),
        conference_starts=in_days(-5),
        conference_ends=in_days(-3),
    )


def consumable(kit, name, quantity):
    return KitItemFactory(
        kit=kit, name=name, quantity=quantity, is_consumable=True, reorder_threshold=0
    )


def stock(*items):
    return [KitItem.objects.get(pk=item.pk).quantity for item in items]


def refusal(booth, used):
    with pytest.raises(ActionRefused) as refused:
        services.booth_report_file(booth=booth, by=booth.lead, visitors=10, used=used)
    assert not BoothReport.objects.exists()
    return str(refused.value)


def test_only_the_items_used_come_off_the_stock(booth):
    stickers = consumable(booth.booking.kit, "Stickers", 500)
    brochures = consumable(booth.booking.kit, "Brochures", 400)
    services.booth_report_file(booth=booth, by=booth.lead, visitors=10, used={stickers.pk: 300})
    assert stock(stickers, brochures) == [200, 400]


def test_a_shortfall_names_the_item_that_is_short(booth):
    brochures = consumable(booth.booking.kit, "Brochures", 400)
    stickers = consumable(booth.booking.kit, "Stickers", 20)
    assert (
        refusal(booth, {stickers.pk: 30})
        == "Cannot take 30 off the stock: only 20 Stickers are in stock."
    )
    assert stock(brochures, stickers) == [400, 20]


def test_another_kits_item_is_no_such_item_and_keeps_its_stock(booth):
    consumable(booth.booking.kit, "Stickers", 500)
    theirs = consumable(KitFactory(name="Other kit"), "Their stickers", 500)
    assert refusal(booth, {theirs.pk: 5}) == "Cannot take 5 off the stock: no such item."
    assert stock(theirs) == [500]


def test_an_unknown_item_is_no_such_item(booth):
    assert refusal(booth, {987654: 5}) == "Cannot take 5 off the stock: no such item."


def test_equipment_that_is_not_consumed_does_not_come_off_the_stock(booth):
    banner = KitItemFactory(kit=booth.booking.kit, name="Banner", quantity=2, is_consumable=False)
    assert (
        refusal(booth, {banner.pk: 1}) == "Cannot take 1 off the stock: only 2 Banner are in stock."
    )
    assert stock(banner) == [2]
