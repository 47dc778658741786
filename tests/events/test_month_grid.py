"""Placing occurrences on the local days of a month, without HTTP."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from events.models import Event
from events.month_grid import MonthGrid


def event(pk, start, end, zone="UTC", **fields):
    tz = ZoneInfo(zone)
    return Event(pk=pk, title=f"Event {pk}", start=start.replace(tzinfo=tz),
                 end=end.replace(tzinfo=tz), timezone=zone, **fields)  # fmt: skip


def test_the_grid_has_every_day_of_the_month_and_its_leading_blanks():
    grid = MonthGrid(2027, 2)
    days = grid.days([])
    assert [day for day, _, _ in days] == [date(2027, 2, n) for n in range(1, 29)]
    assert grid.leading_blanks == range(0)  # 1 Feb 2027 is a Monday
    assert MonthGrid(2027, 3).leading_blanks == range(0)
    assert MonthGrid(2027, 5).leading_blanks == range(5)  # a Saturday


def test_the_window_reaches_a_day_beyond_each_end_for_every_zone():
    assert MonthGrid(2027, 2).window == (
        datetime(2027, 1, 31, tzinfo=UTC),
        datetime(2027, 3, 2, tzinfo=UTC),
    )


def test_an_event_past_midnight_is_on_both_of_its_local_days():
    late = event(1, datetime(2027, 2, 10, 22), datetime(2027, 2, 11, 2), "Asia/Kolkata")
    days = {day: shown for day, shown, _ in MonthGrid(2027, 2).days([late])}
    assert [e.pk for e, _, _ in days[date(2027, 2, 10)]] == [1]
    assert [e.pk for e, _, _ in days[date(2027, 2, 11)]] == [1]
    assert days[date(2027, 2, 12)] == []


def test_an_occurrence_sits_on_its_own_local_date_not_the_utc_one():
    # 00:30 on the 5th in Auckland is still the 4th in UTC.
    early = event(1, datetime(2027, 2, 5, 0, 30), datetime(2027, 2, 5, 2), "Pacific/Auckland")
    days = {day: shown for day, shown, _ in MonthGrid(2027, 2).days([early])}
    assert days[date(2027, 2, 4)] == []
    assert [e.pk for e, _, _ in days[date(2027, 2, 5)]] == [1]


def test_a_day_lists_by_local_time_and_counts_what_it_hides():
    pune = event(1, datetime(2027, 2, 3, 8), datetime(2027, 2, 3, 9), "Asia/Kolkata")
    singapore = event(2, datetime(2027, 2, 3, 9), datetime(2027, 2, 3, 10), "Asia/Singapore")
    # 08:00 in Pune is later in UTC than 09:00 in Singapore; the day reads by local time.
    more = [event(10 + n, datetime(2027, 2, 3, 12), datetime(2027, 2, 3, 13)) for n in range(3)]
    days = {
        day: (shown, hidden)
        for day, shown, hidden in MonthGrid(2027, 2).days([singapore, *more, pune], shown=3)
    }
    shown, hidden = days[date(2027, 2, 3)]
    assert [e.pk for e, _, _ in shown] == [1, 2, 10]
    assert hidden == 2


def test_a_series_is_placed_on_each_meeting_and_cancelled_meetings_are_left_out():
    weekly = event(
        1,
        datetime(2027, 1, 6, 18),
        datetime(2027, 1, 6, 20),
        "Europe/Berlin",
        recurrence_rule="FREQ=WEEKLY",
        cancelled_occurrences=[datetime(2027, 2, 10, 17, tzinfo=UTC)],
    )
    days = MonthGrid(2027, 2).days([weekly])
    meetings = {day: shown for day, shown, _ in days if shown}
    assert sorted(meetings) == [date(2027, 2, d) for d in (3, 17, 24)]
    assert [cancelled for _, _, cancelled in meetings[date(2027, 2, 17)]] == [False]
