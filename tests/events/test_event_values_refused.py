"""What ``Event.clean`` refuses, field by field, in the words the forms and the admin show,
and what it lets through at each boundary."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Event, moved_occurrence_entry
from representatives.models import Region
from tests.events.factories import python_events

pytestmark = pytest.mark.django_db

HORIZON = "Dates more than 5 years ahead are not accepted; the latest is "


@pytest.fixture(autouse=True)
def five_years(settings):
    settings.EVENT_HORIZON_YEARS = 5


def next_year_at(month, day, hour=9, zone=UTC):
    return datetime(timezone.now().year + 1, month, day, hour, tzinfo=zone)


def event(**values):
    start = values.pop("start", next_year_at(6, 10))
    fields = {
        "calendar": python_events(),
        "title": "PyCon Example",
        "start": start,
        "end": values.pop("end", start + timedelta(hours=8)),
        "timezone": "UTC",
        **values,
    }
    return Event(**fields)


def errors(candidate) -> dict:
    with pytest.raises(ValidationError) as refused:
        candidate.clean()
    return refused.value.message_dict


def far():
    return timezone.now() + timedelta(days=5 * 366 + 10)


def test_a_valid_event_passes():
    event().clean()


def test_an_unknown_zone_is_refused():
    assert errors(event(timezone="Europe/Atlantis")) == {
        "timezone": ["Use an IANA time zone name such as Europe/Berlin."]
    }


@pytest.mark.parametrize("name", ["start", "end"])
def test_a_start_or_end_past_the_horizon_is_refused_on_its_field(name):
    values = {"start": far(), "end": far() + timedelta(hours=1)} if name == "start" else {}
    values.setdefault("end", far())
    found = errors(event(**values))
    assert found[name][0].startswith(HORIZON)


def test_a_cfp_deadline_past_the_horizon_is_refused():
    start = far() + timedelta(days=10)
    found = errors(event(start=start, cfp_deadline=far().date()))
    assert found["cfp_deadline"][0].startswith(HORIZON)


def test_an_event_must_end_after_it_starts():
    start = next_year_at(6, 10)
    assert errors(event(start=start, end=start)) == {"end": ["The event must end after it starts."]}
    event(start=start, end=start + timedelta(seconds=1)).clean()


def test_an_end_past_the_horizon_is_named_once_not_also_as_before_the_start():
    found = errors(event(start=far() + timedelta(days=1), end=far()))
    assert found["end"] == [found["start"][0]]


def test_an_unreadable_moved_meeting_is_refused():
    found = errors(event(moved_occurrences=[{"original": "yesterday"}]))
    assert list(found) == ["moved_occurrences"]
    assert found["moved_occurrences"][0].startswith("A moved occurrence cannot be read: ")


def moved_entry(**changes):
    original = next_year_at(6, 17, 18)
    entry = moved_occurrence_entry(
        original=original,
        start=original + timedelta(days=1),
        end=original + timedelta(days=1, hours=2),
    )
    return {**entry, **changes}


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("2027-06-17T18:00:00+00:00", "each moved occurrence is an object"),
        (
            moved_entry(title="x" * 201),
            "a moved occurrence's title is text of at most 200 characters",
        ),
        (moved_entry(title=7), "a moved occurrence's title is text of at most 200 characters"),
        (moved_entry(start="2027-06-18T18:00:00"), "a moved occurrence's times carry their offset"),
        (moved_entry(end=moved_entry()["start"]), "a moved occurrence must end after it starts"),
    ],
    ids=["not-an-object", "long-title", "title-not-text", "no-offset", "ends-as-it-starts"],
)
def test_a_moved_meeting_that_cannot_be_read_is_refused_with_the_reason(entry, reason):
    found = errors(event(recurrence_rule="FREQ=WEEKLY", moved_occurrences=[entry]))
    assert found == {"moved_occurrences": [f"A moved occurrence cannot be read: {reason}"]}


def test_a_moved_meeting_may_have_a_title_of_200_characters():
    moved = [moved_entry(title="x" * 200)]
    event(recurrence_rule="FREQ=WEEKLY", moved_occurrences=moved).clean()


@pytest.mark.parametrize("which", ["start", "end"])
def test_a_meeting_moved_past_the_horizon_is_refused(which):
    original = next_year_at(6, 17)
    start = far() if which == "start" else original
    end = far() + timedelta(hours=1)
    moved = [moved_occurrence_entry(original=original, start=start, end=end)]
    found = errors(event(recurrence_rule="FREQ=WEEKLY", moved_occurrences=moved))
    assert found["moved_occurrences"][0].startswith(HORIZON)


@pytest.mark.parametrize("name", ["excluded_dates", "cancelled_occurrences"])
def test_a_skipped_or_cancelled_meeting_past_the_horizon_is_refused(name):
    found = errors(event(recurrence_rule="FREQ=WEEKLY", **{name: [next_year_at(6, 17), far()]}))
    assert list(found) == [name]
    assert found[name][0].startswith(HORIZON)


def test_the_rule_is_checked_when_start_and_zone_are_good():
    found = errors(event(recurrence_rule="FREQ=HOURLY"))
    assert found == {
        "recurrence_rule": [
            "Events repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY), not FREQ=HOURLY."
        ]
    }


def test_the_rule_is_not_checked_against_a_bad_start_or_zone():
    assert "recurrence_rule" not in errors(event(recurrence_rule="FREQ=HOURLY", timezone="Nowhere"))
    bad_start = event(recurrence_rule="FREQ=HOURLY", start=far(), end=far() + timedelta(hours=1))
    assert "recurrence_rule" not in errors(bad_start)


@pytest.mark.parametrize("name", ["website_url", "registration_url"])
def test_links_must_be_web_addresses(name):
    assert errors(event(**{name: "ftp://example.org/"})) == {
        name: ["Use an http:// or https:// address."]
    }
    event(**{name: "HTTPS://example.org/"}).clean()
    event(**{name: "http://example.org/"}).clean()


def test_the_cfp_closes_by_the_first_day_in_the_events_own_zone():
    tokyo = ZoneInfo("Asia/Tokyo")
    start = next_year_at(6, 10, hour=0, zone=tokyo)  # 9 June in UTC
    values = {"start": start, "end": start + timedelta(hours=8), "timezone": "Asia/Tokyo"}
    event(cfp_deadline=start.date(), **values).clean()
    assert errors(event(cfp_deadline=start.date() + timedelta(days=1), **values)) == {
        "cfp_deadline": [
            f"The call for proposals must close by the event's first day (10 June {start.year})."
        ]
    }


def test_a_cfp_deadline_is_not_judged_against_an_unknown_zone():
    found = errors(event(cfp_deadline=date(timezone.now().year + 1, 12, 1), timezone="Nowhere"))
    assert list(found) == ["timezone"]


# --- the series ----------------------------------------------------------------------------------


def test_a_rule_dateutil_cannot_read_is_refused():
    found = errors(event(recurrence_rule="FREQ=WEEKLY;BYDAY=XX"))
    assert found["recurrence_rule"][0].startswith("This RRULE cannot be used: ")


def test_a_rule_that_never_meets_names_the_horizon():
    assert errors(event(recurrence_rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")) == {
        "recurrence_rule": [
            "This rule makes no meeting within 5 years of the first one (e.g. February 30th)."
        ]
    }


def test_a_counted_series_must_fit_in_the_horizon():
    leap_days = event(recurrence_rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=4")
    assert errors(leap_days) == {
        "recurrence_rule": [
            "A series with COUNT must hold its meetings within 5 years of the first one."
        ]
    }


def test_a_counted_series_ending_past_the_horizon_is_refused():
    start = timezone.now().replace(microsecond=0) + timedelta(days=3 * 366)
    found = errors(event(start=start, recurrence_rule="FREQ=YEARLY;COUNT=3"))
    assert found["recurrence_rule"][0].startswith("The series ends too late: " + HORIZON)
    event(start=start, recurrence_rule="FREQ=YEARLY;COUNT=2").clean()


def test_a_region_without_the_events_country_is_refused_in_full_words():
    europe = Region.objects.for_country("DE")
    assert errors(event(country="US", region=europe)) == {
        "region": [
            f"United States is not in the {europe.name} region. "
            "Leave the region empty: it is found from the country."
        ]
    }
