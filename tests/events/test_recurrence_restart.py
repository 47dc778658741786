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
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(1, 3))}"]
    if freq in ("MONTHLY", "YEARLY") and draw(st.booleans()):
        nth = draw(st.sampled_from(["", "+1", "+2", "+4", "-1"]))
        parts.append(f"BYDAY={nth}{draw(st.sampled_from(DAYS))}")
    elif draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    if freq in ("MONTHLY", "YEARLY") and draw(st.booleans()):
        parts.append(f"BYMONTHDAY={draw(st.sampled_from(['1', '15', '29', '31', '-1']))}")
    if freq == "YEARLY" and draw(st.booleans()):
        parts.append(f"BYMONTH={draw(st.sampled_from(['2', '3,10', '12']))}")
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


def test_a_daily_series_from_2016_restarts_within_two_days_of_the_window():
    tz = zoneinfo.ZoneInfo("Europe/Berlin")
    rule = rrulestr("FREQ=DAILY", dtstart=datetime(2016, 3, 1, 19, tzinfo=tz))
    moment = datetime(2026, 11, 25, 12, tzinfo=tz)
    restarted = restarted_near(rule, moment)
    assert moment - timedelta(days=2) < restarted._dtstart < moment
    assert restarted._dtstart.hour == 19


def test_a_monthly_series_from_1990_starts_near_the_window():
    tz = zoneinfo.ZoneInfo("Europe/Berlin")
    rule = rrulestr("FREQ=MONTHLY", dtstart=datetime(1990, 1, 31, 19, tzinfo=tz))
    moment = datetime(2026, 11, 25, tzinfo=tz)
    restarted = restarted_near(rule, moment)
    assert moment - timedelta(days=62) < restarted._dtstart < moment
    # The day came from DTSTART: months without a 31st still have no meeting.
    assert [d.day for d in restarted.xafter(moment, count=3)] == [31, 31, 31]


def test_a_biennial_series_from_2000_still_meets_in_the_even_years():
    # Restarted 24 months at a time: a period of any other length would move it to the
    # odd years once the series is old enough (here 26 years).
    tz = zoneinfo.ZoneInfo("Europe/Berlin")
    rule = rrulestr("FREQ=YEARLY;INTERVAL=2", dtstart=datetime(2000, 1, 10, 19, tzinfo=tz))
    moment = datetime(2026, 6, 1, tzinfo=tz)
    assert list(restarted_near(rule, moment).xafter(moment, count=2)) == [
        datetime(2028, 1, 10, 19, tzinfo=tz),
        datetime(2030, 1, 10, 19, tzinfo=tz),
    ]


def test_rules_that_count_are_left_alone():
    start = datetime(2016, 3, 1, 19, tzinfo=zoneinfo.ZoneInfo("UTC"))
    for text in ("FREQ=WEEKLY;COUNT=600", "FREQ=MONTHLY;BYDAY=2WE;COUNT=100"):
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
