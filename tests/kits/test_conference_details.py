"""Bookings and booths share one abstract ConferenceDetails: its fields, its date check (in
Python and in PostgreSQL, under the constraint names the migrations already hold) and the
copy of a calendar event's name, place and dates."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kits.models import Booking, Booth, ConferenceDetails, conference_dates_in_order
from tests.events.factories import EventFactory
from tests.kits.factories import BookingFactory, BoothFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "conference_name",
    "conference_city",
    "conference_country",
    "conference_starts",
    "conference_ends",
}


@pytest.mark.parametrize("model", [Booking, Booth])
def test_conference_fields_come_from_the_abstract_model(model):
    assert issubclass(model, ConferenceDetails)
    inherited = {f.name for f in model._meta.fields if f.model is model and f.name in FIELDS}
    assert inherited == FIELDS


@pytest.mark.parametrize(
    ("factory", "constraint"),
    [
        (BookingFactory, "kits_booking_conference_dates_in_order"),
        (BoothFactory, "kits_booth_dates_in_order"),
    ],
)
def test_database_refuses_a_conference_ending_before_it_starts(factory, constraint):
    row = factory()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(
            conference_ends=row.conference_starts - timedelta(days=1)
        )


def test_the_date_check_built_at_run_time_is_the_one_the_migrations_hold():
    """The models build it at import, before ``make mutate`` can change it: build it again."""
    held = next(
        c for c in Booking._meta.constraints if c.name == "kits_booking_conference_dates_in_order"
    )
    built = conference_dates_in_order()
    assert built.name % {"app_label": "kits", "class": "booking"} == held.name
    assert built.condition == held.condition
    assert conference_dates_in_order(name="kits_booth_dates_in_order").name == (
        "kits_booth_dates_in_order"
    )


def test_the_date_check_refuses_an_end_before_the_start_and_allows_one_day():
    check = conference_dates_in_order()
    booking = BookingFactory()
    booking.conference_ends = booking.conference_starts
    check.validate(Booking, booking)
    booking.conference_ends = booking.conference_starts - timedelta(days=1)
    with pytest.raises(ValidationError):
        check.validate(Booking, booking)


def test_clean_says_which_date_is_wrong():
    booth = BoothFactory.build()
    booth.conference_ends = booth.conference_starts - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        booth.clean()
    assert caught.value.message_dict == {
        "conference_ends": ["The conference ends before it starts."]
    }


def test_location_names_the_country():
    assert BoothFactory.build(conference_city="Durban", conference_country="ZA").location == (
        "Durban, South Africa"
    )


def test_from_event_takes_the_days_in_the_events_zone():
    # 23:00 UTC on the 9th is already the 10th in Tokyo; ends 09:00 UTC on the 12th (18:00 JST).
    event = EventFactory.build(
        title="PyCon JP",
        city="Tokyo",
        country="JP",
        timezone="Asia/Tokyo",
        start=datetime(2027, 9, 9, 23, 0, tzinfo=UTC),
        end=datetime(2027, 9, 12, 9, 0, tzinfo=UTC),
    )
    assert ConferenceDetails.from_event(event) == {
        "conference_name": "PyCon JP",
        "conference_city": "Tokyo",
        "conference_country": "JP",
        "conference_starts": datetime(2027, 9, 10).date(),
        "conference_ends": datetime(2027, 9, 12).date(),
    }


def test_from_event_all_day_ends_on_its_last_day_not_the_next_midnight():
    event = EventFactory.build(
        is_all_day=True,
        timezone="Europe/Prague",
        start=datetime(2027, 7, 13, 22, 0, tzinfo=UTC),  # 14 July, 00:00 in Prague
        end=datetime(2027, 7, 18, 22, 0, tzinfo=UTC),  # 19 July, 00:00: after the 18th
    )
    details = ConferenceDetails.from_event(event)
    assert details["conference_starts"] == datetime(2027, 7, 14).date()
    assert details["conference_ends"] == datetime(2027, 7, 18).date()


def test_from_event_ends_on_the_last_day_in_the_events_zone_not_the_readers():
    # 20:00 UTC on the 12th is already 05:00 on the 13th in Tokyo.
    event = EventFactory.build(
        timezone="Asia/Tokyo",
        start=datetime(2027, 9, 9, 23, 0, tzinfo=UTC),
        end=datetime(2027, 9, 12, 20, 0, tzinfo=UTC),
    )
    with timezone.override("America/Los_Angeles"):
        details = ConferenceDetails.from_event(event)
    assert details["conference_ends"] == datetime(2027, 9, 13).date()


@pytest.mark.parametrize("zone", ["", "Mars/Olympus_Mons"])
def test_from_event_without_a_known_zone_reads_the_days_in_utc(zone):
    event = EventFactory.build(
        timezone=zone,
        start=datetime(2027, 9, 9, 23, 0, tzinfo=UTC),  # the 9th in UTC, the 10th in Tokyo
        end=datetime(2027, 9, 11, 23, 0, tzinfo=UTC),
    )
    with timezone.override("Asia/Tokyo"):
        details = ConferenceDetails.from_event(event)
    assert (details["conference_starts"], details["conference_ends"]) == (
        datetime(2027, 9, 9).date(),
        datetime(2027, 9, 11).date(),
    )


def test_from_event_ending_at_midnight_ends_on_the_day_before():
    event = EventFactory.build(
        is_all_day=False,
        timezone="Europe/Prague",
        start=datetime(2027, 7, 14, 7, 0, tzinfo=UTC),  # 09:00 in Prague
        end=datetime(2027, 7, 16, 22, 0, tzinfo=UTC),  # 17 July, 00:00 in Prague
    )
    assert ConferenceDetails.from_event(event)["conference_ends"] == datetime(2027, 7, 16).date()
