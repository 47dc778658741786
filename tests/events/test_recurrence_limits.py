"""Issue 23 §2 and §7: rules that would hang the site and dates past the horizon are refused
with a reason in every way in (form, admin, importer), and pages never walk a series from
its DTSTART. Work is asserted by counting the periods dateutil steps through."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import Event, horizon_end, rule_meets
from events.services import import_ics
from tests.events.factories import EventFactory, python_events, user_group_events
from tests.events.rule_work import rule_work_budget
from tests.events.test_moderation_admin import change_form_data
from tests.events.test_submission import form_data

pytestmark = pytest.mark.django_db

REFUSED_RULES = [
    "FREQ=MINUTELY",
    "FREQ=SECONDLY",
    "FREQ=SECONDLY;COUNT=2000000000",
    "FREQ=HOURLY;INTERVAL=1",
    # Once a day at most: three times a day is the same as FREQ=HOURLY.
    "FREQ=DAILY;BYHOUR=9,13,17",
    "FREQ=WEEKLY;INTERVAL=100000000",
    "FREQ=WEEKLY\nRRULE:FREQ=MINUTELY",
]


def ics(*vevents: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//", *vevents, "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


def vevent(uid, *props):
    return "\r\n".join(["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{uid}", *props, "END:VEVENT"])


def clean_errors(event) -> dict:
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    return refused.value.message_dict


@pytest.mark.parametrize("rule", REFUSED_RULES)
def test_rules_finer_than_daily_are_refused_without_being_expanded(rule):
    start = datetime(2000, 1, 1, 9, tzinfo=UTC)
    event = EventFactory.build(start=start, end=start + timedelta(hours=1), recurrence_rule=rule)
    with rule_work_budget(0):
        errors = clean_errors(event)
    assert "recurrence_rule" in errors


def test_the_refusal_names_the_reason():
    event = EventFactory.build(recurrence_rule="FREQ=MINUTELY")
    assert "at most daily" in clean_errors(event)["recurrence_rule"][0]


def test_the_importer_skips_rules_finer_than_daily_with_a_reason():
    old = ["DTSTART:20000101T000000Z", "DTEND:20000101T003000Z"]
    data = ics(
        vevent("minutely", *old, "RRULE:FREQ=MINUTELY"),
        vevent("secondly", *old, "RRULE:FREQ=SECONDLY"),
        vevent("secondly-counted", *old, "RRULE:FREQ=SECONDLY;COUNT=2000000000"),
        vevent("weekly-since-2000", *old, "RRULE:FREQ=WEEKLY"),
    )
    with rule_work_budget(200):
        result = import_ics(calendar=user_group_events(), data=data)
    reasons = dict(result.skipped)
    for uid in ("minutely", "secondly", "secondly-counted"):
        assert "at most daily" in reasons[uid]
    assert result.created == 1
    assert Event.objects.get(uid="weekly-since-2000").next_start > timezone.now()


def test_the_admin_refuses_a_rule_finer_than_daily(client, superuser):
    event = EventFactory()
    client.force_login(superuser)
    url, data = change_form_data(client, event, recurrence_rule="FREQ=MINUTELY")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Events repeat at most daily" in response.content.decode()
    event.refresh_from_db()
    assert event.recurrence_rule == ""


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
def test_a_series_until_the_year_9999_is_refused_quickly(zone):
    start = timezone.now() + timedelta(days=7)
    event = EventFactory.build(
        start=start,
        end=start + timedelta(hours=2),
        timezone=zone,
        recurrence_rule="FREQ=WEEKLY;UNTIL=99991231T235959Z",
    )
    with rule_work_budget(0):
        errors = clean_errors(event)
    assert "ends too late" in errors["recurrence_rule"][0]
    assert f"{horizon_end():%Y-%m-%d}" in errors["recurrence_rule"][0]


def test_a_count_that_runs_past_the_horizon_is_refused():
    start = timezone.now() + timedelta(days=7)
    weekly = EventFactory.build(
        start=start, end=start + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY;COUNT=1000"
    )
    assert "recurrence_rule" in clean_errors(weekly)
    huge = EventFactory.build(recurrence_rule="FREQ=DAILY;COUNT=2000000000")
    with rule_work_budget(0):
        assert "COUNT must be" in clean_errors(huge)["recurrence_rule"][0]


def test_a_series_within_the_horizon_is_accepted():
    start = timezone.now() + timedelta(days=7)
    until = start + timedelta(days=365 * 3)
    for rule in ("FREQ=WEEKLY;COUNT=52", f"FREQ=MONTHLY;UNTIL={until:%Y%m%dT%H%M%SZ}"):
        event = EventFactory.build(
            start=start, end=start + timedelta(hours=2), recurrence_rule=rule
        )
        event.full_clean()


def test_an_event_past_the_horizon_is_refused():
    start = horizon_end() + timedelta(days=1)
    event = EventFactory.build(start=start, end=start + timedelta(hours=2))
    assert "years ahead are not accepted" in clean_errors(event)["start"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        # An all-day event ending 9999-12-31: "the day after" overflowed into a 500.
        ({"start_time": "", "end_time": "", "end_date": "9999-12-31"}, "end_date"),
        ({"start_date": "9999-12-31", "end_date": "9999-12-31"}, "start_date"),
        ({"repeat": "weekly", "repeat_until": "9999-12-31"}, "repeat_until"),
        (
            {"repeat": "weekly", "repeat_until": "9999-12-31", "timezone": "America/Los_Angeles"},
            "repeat_until",
        ),
    ],
)
def test_the_submission_form_refuses_dates_past_the_horizon(client, member, overrides, field):
    client.force_login(member)
    response = client.post(reverse("events:submit"), form_data(**overrides))
    assert response.status_code == 200
    assert "years ahead are not accepted" in response.context["form"].errors[field][0]
    assert not Event.objects.exists()


def test_the_admin_refuses_a_skipped_date_past_the_horizon(client, superuser):
    event = EventFactory(recurrence_rule="FREQ=WEEKLY")
    client.force_login(superuser)
    url, data = change_form_data(client, event, skipped_dates="9999-12-31")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "years ahead are not accepted" in response.content.decode()


def test_the_importer_skips_dates_past_the_horizon_and_before_1900():
    far = (horizon_end() + timedelta(days=2)).strftime("%Y%m%d")
    data = ics(
        vevent("far-future", f"DTSTART:{far}T090000Z", f"DTEND:{far}T100000Z"),
        vevent("all-day-9999", "DTSTART;VALUE=DATE:20270101", "DTEND;VALUE=DATE:99991231"),
        vevent(
            "exdate-9999",
            "DTSTART;TZID=Europe/Paris:20270101T090000",
            "DTEND;TZID=Europe/Paris:20270101T100000",
            "RRULE:FREQ=WEEKLY;COUNT=3",
            "EXDATE:99991231T230000Z",
        ),
        vevent("year-one", "DTSTART;TZID=Asia/Tokyo:00010101T000000", "DURATION:PT1H"),
        vevent("fine", "DTSTART:20270101T090000Z", "DTEND:20270101T100000Z"),
    )
    result = import_ics(calendar=user_group_events(), data=data)
    reasons = dict(result.skipped)
    for uid in ("far-future", "all-day-9999", "exdate-9999"):
        assert "years ahead are not accepted" in reasons[uid]
    assert "year-one" in reasons
    assert result.created == 1


# --- pages never walk a series from its start ----------------------------------------------


def published_series(rule, start):
    event = EventFactory(start=start, end=start + timedelta(hours=1), calendar=python_events())
    # Stored before rules were checked: the pages must still answer at once.
    Event.objects.filter(pk=event.pk).update(recurrence_rule=rule)
    return event


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MINUTELY",
        "FREQ=SECONDLY;COUNT=2000000000",
        "FREQ=WEEKLY;UNTIL=99991231T235959Z",
        "FREQ=MONTHLY;BYDAY=1TH",
    ],
)
def test_public_pages_expand_only_the_window_they_show(client, rule):
    published_series(rule, datetime(2000, 1, 6, 18, tzinfo=UTC))
    now = timezone.now()
    pages = [
        reverse("community:home"),
        reverse("events:index"),
        reverse("events:calendar", args=["python-events"]),
        reverse("events:calendar-month", args=["python-events", now.year, now.month]),
        reverse("events:calendar-json", args=["python-events"]),
        reverse("events:calendar-ics", args=["python-events"]),
    ]
    for page in pages:
        with rule_work_budget(8000):  # about ten years of days, never 26 years of minutes
            assert client.get(page).status_code == 200


NEVER_MATCHES = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"


def test_a_rule_that_never_meets_is_refused():
    event = EventFactory.build(recurrence_rule=NEVER_MATCHES)
    assert "no meeting within 5 years" in clean_errors(event)["recurrence_rule"][0]


def test_an_until_without_utc_is_refused_for_a_series_with_a_zone():
    # RFC 5545: with a DTSTART in a zone, UNTIL is given in UTC ("...Z"); dateutil refuses
    # a floating one, and the submitter is told so instead of the page failing.
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    event = EventFactory.build(
        start=start,
        end=start + timedelta(hours=1),
        timezone="Europe/Berlin",
        recurrence_rule="FREQ=WEEKLY;UNTIL=20270101T000000",
    )
    message = clean_errors(event)["recurrence_rule"][0]
    assert message.startswith("This RRULE cannot be used: RRULE UNTIL values must be")
    assert "in UTC" in message


def series_at(instant, zone, rule):
    return EventFactory.build(
        start=instant, end=instant + timedelta(hours=1), timezone=zone, recurrence_rule=rule
    )


def test_whether_a_rule_meets_is_judged_on_the_series_own_wall_clock():
    # The same instant is New Year's Eve in UTC and New Year's Day 2024 in Berlin: every
    # fourth 29 February from 2024 falls within five years, from 2023 none does.
    instant = datetime(2023, 12, 31, 23, 30, tzinfo=UTC)
    rule = "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29"
    series_at(instant, "Europe/Berlin", rule).full_clean()
    errors = clean_errors(series_at(instant, "UTC", rule))
    assert "no meeting within 5 years" in errors["recurrence_rule"][0]


def test_whether_a_count_fits_five_years_is_judged_on_the_series_own_wall_clock():
    # On the 31st, 36 times: from 31 December 2022 (UTC) the 36th is 31 December 2027,
    # five years on; from 1 January 2023 (Berlin, the same instant) it is a month later.
    instant = datetime(2022, 12, 31, 23, 30, tzinfo=UTC)
    rule = "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=36"
    series_at(instant, "UTC", rule).full_clean()
    errors = clean_errors(series_at(instant, "Europe/Berlin", rule))
    assert "must hold its meetings within 5 years" in errors["recurrence_rule"][0]


def test_a_stored_rule_that_never_meets_costs_one_calendar_cycle_per_process():
    # dateutil checks UNTIL only on dates a rule matches: this rule walked to 9999 (6 s)
    # from any window, on every page. Moved towards 9999 by whole 400-year cycles, the
    # walk ends there; found out once, the series shows its DTSTART only.
    rule_meets.cache_clear()
    start = datetime(2026, 1, 1, 18, tzinfo=UTC)
    event = Event(
        start=start, end=start + timedelta(hours=1), timezone="UTC", recurrence_rule=NEVER_MATCHES
    )
    after = datetime(2027, 3, 1, tzinfo=UTC)
    with rule_work_budget(400 * 366):
        assert event.occurrences(after, after + timedelta(days=31)) == []
    with rule_work_budget(0):
        assert event.next_occurrence(after) is None
        assert event.occurrences(start, after) == [(start, start + timedelta(hours=1), False, "")]


def test_an_old_monthly_series_finds_its_next_meeting_near_now():
    event = Event(
        start=datetime(1990, 1, 4, 18, tzinfo=UTC),
        end=datetime(1990, 1, 4, 20, tzinfo=UTC),
        timezone="UTC",
        recurrence_rule="FREQ=MONTHLY;BYDAY=1TH",
    )
    with rule_work_budget(130) as steps:  # the 3660-day look-ahead stops at the first find
        start = event.next_occurrence(datetime(2026, 11, 28, tzinfo=UTC)).start
    assert start == datetime(2026, 12, 3, 18, tzinfo=UTC)
    assert steps["count"] < 10


def test_the_last_meeting_of_a_long_series_is_found_near_its_until():
    event = EventFactory(
        start=datetime(2001, 1, 2, 18, tzinfo=UTC),
        end=datetime(2001, 1, 2, 20, tzinfo=UTC),
        recurrence_rule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T000000Z",
    )
    with rule_work_budget(120):
        assert event.compute_series_end() == datetime(2027, 6, 29, 20, tzinfo=UTC)


def test_a_series_that_ends_at_its_first_meeting_is_accepted():
    start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    event = EventFactory.build(
        start=start,
        end=start + timedelta(hours=2),
        recurrence_rule=f"FREQ=WEEKLY;UNTIL={start.astimezone(UTC):%Y%m%dT%H%M%SZ}",
    )
    event.full_clean()
    assert [o.start for o in event.occurrences(start, start + timedelta(days=60))] == [start]


def test_a_counted_series_is_not_walked_from_its_start_to_show_a_late_meeting():
    start = datetime(2026, 1, 5, 18, tzinfo=UTC)
    event = Event(
        start=start,
        end=start + timedelta(hours=1),
        timezone="UTC",
        recurrence_rule="FREQ=DAILY;COUNT=1800",
    )
    event.occurrences(start, start + timedelta(days=1))  # the series' end, found once
    late = start + timedelta(days=1700)
    with rule_work_budget(10):
        assert event.next_occurrence(late)[0] == late
