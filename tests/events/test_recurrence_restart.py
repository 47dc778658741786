"""Restarting a long-running rule near the window must not change a single date."""

import zoneinfo
from datetime import UTC, datetime, timedelta

from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from events.models import restarted_near

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def rules(draw):
    freq = draw(st.sampled_from(["DAILY", "WEEKLY"]))
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(1, 3))}"]
    if draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(DAYS))}")
    if draw(st.booleans()):
        parts.append("UNTIL=20300101T000000Z")
    return ";".join(parts)


@settings(max_examples=300, deadline=None)
@given(
    rule_text=rules(),
    zone=st.sampled_from(ZONES),
    first=st.datetimes(min_value=datetime(2012, 1, 1), max_value=datetime(2026, 1, 1)),
    later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=5000)),
)
def test_a_restarted_rule_yields_the_same_occurrences(rule_text, zone, first, later):
    tz = zoneinfo.ZoneInfo(zone)
    dtstart = first.replace(second=0, microsecond=0, tzinfo=tz)
    rule = rrulestr(rule_text, dtstart=dtstart)
    moment = dtstart + later
    expected = list(rule.xafter(moment, inc=True, count=12))
    assert list(restarted_near(rule, moment).xafter(moment, inc=True, count=12)) == expected


def test_a_ten_year_old_weekly_meetup_starts_near_the_window():
    tz = zoneinfo.ZoneInfo("Europe/Berlin")
    rule = rrulestr("FREQ=WEEKLY;BYDAY=TU", dtstart=datetime(2016, 3, 1, 19, tzinfo=tz))
    moment = datetime(2026, 11, 25, tzinfo=tz)
    restarted = restarted_near(rule, moment)
    first_walked = next(iter(restarted))
    assert moment - timedelta(weeks=3) < first_walked < moment
    assert first_walked.hour == 19  # wall time kept across DST


def test_rules_that_count_or_run_monthly_are_left_alone():
    start = datetime(2016, 3, 1, 19, tzinfo=zoneinfo.ZoneInfo("UTC"))
    for text in ("FREQ=WEEKLY;COUNT=600", "FREQ=MONTHLY;BYDAY=2WE"):
        rule = rrulestr(text, dtstart=start)
        assert restarted_near(rule, datetime(2026, 1, 1, tzinfo=start.tzinfo)) is rule


def test_parsed_rules_are_kept_per_zone_not_per_instant():
    from events.models import Event

    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    start = datetime(2026, 1, 6, 9, tzinfo=berlin)  # 08:00 UTC
    meetups = [
        Event(start=start, end=start + timedelta(hours=2), timezone=zone, recurrence_rule=rule)
        for zone, rule in (("Europe/Berlin", "FREQ=WEEKLY"), ("UTC", "FREQ=WEEKLY"))
    ]
    after = datetime(2026, 7, 1, tzinfo=berlin)
    summer = [meetup.next_occurrence(after)[0] for meetup in meetups]
    assert summer[0].hour == 9  # Berlin wall time kept across DST
    assert summer[1].hour == 8  # 08:00 UTC every week
    assert summer[0] != summer[1]


def test_a_series_rule_is_parsed_once_per_process():
    from events.models import Event

    start = datetime(2026, 3, 10, 18, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    series = Event(
        start=start, end=start + timedelta(hours=2), timezone="Europe/Berlin",
        recurrence_rule="FREQ=MONTHLY;BYDAY=2TU;COUNT=6",
    )  # fmt: skip
    window = (datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC))
    first = series.occurrences(*window)
    rule = series.rrule()
    assert rule is series.rrule()  # parsed once
    assert series.occurrences(*window) == first
