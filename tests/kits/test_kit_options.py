"""The kits offered for a request's dates: each with its outbound and return transit (the
table need not be symmetric), in a fixed number of queries whatever the number of kits."""

import pytest

from kits import services
from kits.models import ShippingTime
from representatives.models import Region
from tests.kits.factories import ApprovedBookingFactory, KitFactory, in_days, region

pytestmark = pytest.mark.django_db


def options(country, **kwargs):
    dates = {"arrive_by": in_days(60), "leave_on": in_days(65)} | kwargs
    return {o.kit.name: o for o in services.kits_for_dates(country=country, **dates)}


def test_an_option_returns_from_the_conferences_region_to_the_kits():
    KitFactory(name="NA kit")
    ShippingTime.objects.create(
        origin=region("north-america"), destination=region("south-america"), days=20
    )
    ShippingTime.objects.create(
        origin=region("south-america"), destination=region("north-america"), days=9
    )
    option = options("BR")["NA kit"]
    assert (option.outbound_days, option.return_days) == (20, 9)


def test_the_return_within_a_region_without_a_table_row_takes_five_days():
    KitFactory(name="NA kit")
    option = options("CA")["NA kit"]
    assert (option.outbound_days, option.return_days) == (5, 5)


def test_a_country_of_no_region_takes_the_default_transit_both_ways():
    assert Region.objects.for_country("AQ") is None
    KitFactory(name="NA kit")
    option = options("AQ")["NA kit"]
    assert (option.is_free, option.outbound_days, option.return_days) == (True, 14, 14)


def test_the_options_kits_regions_and_conflicts_come_in_four_queries(
    django_assert_num_queries,
):
    for n in range(3):
        taken = KitFactory(name=f"Taken kit {n}")
        ApprovedBookingFactory(kit=taken)
        KitFactory(name=f"Free kit {n}")
    with django_assert_num_queries(4):
        found = services.kits_for_dates(country="CA", arrive_by=in_days(58), leave_on=in_days(63))
        seen = [(o.kit.region.slug, o.conflict and o.conflict.kit.name) for o in found]
    assert seen.count(("north-america", None)) == 3
    assert {conflict for _, conflict in seen if conflict} == {f"Taken kit {n}" for n in range(3)}
