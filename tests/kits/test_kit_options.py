"""The kits offered for a request's dates: each with its outbound and return transit (the
table need not be symmetric), in a fixed number of queries whatever the number of kits."""

from datetime import timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange

from kits import services
from kits.models import ShippingTime, blocked_period
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


def test_a_booking_held_from_the_day_after_or_until_the_day_before_leaves_the_kit_free():
    arrive_by, leave_on = in_days(60), in_days(65)
    wanted = blocked_period(arrive_by, leave_on, 5, 5)  # a North American kit to Canada
    before = KitFactory(name="Kit back the day before")
    ApprovedBookingFactory(
        kit=before, blocked_period=DateRange(wanted.lower - timedelta(days=10), wanted.lower)
    )
    after = KitFactory(name="Kit leaving the day after")
    ApprovedBookingFactory(
        kit=after, blocked_period=DateRange(wanted.upper, wanted.upper + timedelta(days=10))
    )
    found = options("CA", arrive_by=arrive_by, leave_on=leave_on)
    assert found["Kit back the day before"].is_free
    assert found["Kit leaving the day after"].is_free


def test_a_booking_sharing_one_day_of_the_hold_takes_the_kit():
    arrive_by, leave_on = in_days(60), in_days(65)
    wanted = blocked_period(arrive_by, leave_on, 5, 5)
    first = KitFactory(name="Kit back on the first day")
    ApprovedBookingFactory(
        kit=first,
        blocked_period=DateRange(
            wanted.lower - timedelta(days=10), wanted.lower + timedelta(days=1)
        ),
    )
    last = KitFactory(name="Kit leaving on the last day")
    ApprovedBookingFactory(
        kit=last,
        blocked_period=DateRange(
            wanted.upper - timedelta(days=1), wanted.upper + timedelta(days=10)
        ),
    )
    found = options("CA", arrive_by=arrive_by, leave_on=leave_on)
    assert not found["Kit back on the first day"].is_free
    assert not found["Kit leaving on the last day"].is_free


def test_free_kits_come_first_then_the_shorter_transit_then_the_name():
    ApprovedBookingFactory(kit=KitFactory(name="A taken kit"))
    KitFactory(name="B free kit")
    KitFactory(name="C free kit")
    KitFactory(name="Far free kit", region=region("south-america"))
    found = services.kits_for_dates(country="CA", arrive_by=in_days(58), leave_on=in_days(63))
    assert [o.kit.name for o in found] == [
        "B free kit",
        "C free kit",
        "Far free kit",
        "A taken kit",
    ]


def test_a_hold_that_starts_before_today_meets_a_booking_that_ended_in_those_days():
    # The conference is in three days and the kit needs five to get there: its hold starts
    # two days ago, when the kit was still held by a booking that ended yesterday.
    kit = KitFactory(name="NA kit")
    earlier = ApprovedBookingFactory(kit=kit, blocked_period=DateRange(in_days(-20), in_days(0)))
    option = options("CA", arrive_by=in_days(3), leave_on=in_days(5))["NA kit"]
    assert (option.is_free, option.conflict) == (False, earlier)


def test_a_booking_that_ended_before_the_earliest_hold_leaves_the_kit_free():
    kit = KitFactory(name="NA kit")
    ApprovedBookingFactory(kit=kit, blocked_period=DateRange(in_days(-20), in_days(-2)))
    assert options("CA", arrive_by=in_days(3), leave_on=in_days(5))["NA kit"].is_free
