"""Which meetings a window of time holds: its edges, its limit, skipped, moved and cancelled
meetings, each in the event's own zone. Events are built in memory: no database."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from events.models import Event, EventStatus, moved_occurrence_entry, with_shown_dates
from tests.events.rule_work import rule_work_budget

BERLIN = ZoneInfo("Europe/Berlin")
# Tuesdays at 19:00 in Berlin (18:00 UTC in winter), two hours each.
FIRST = datetime(2027, 1, 5, 19, tzinfo=BERLIN)
HOURS = timedelta(hours=2)
WEEK = timedelta(weeks=1)


def meetup(rule="FREQ=WEEKLY", *, start=FIRST, moves=(), **fields):
    return Event(
        title="Berlin meetup",
        start=start,
        end=start + HOURS,
        timezone="Europe/Berlin",
        recurrence_rule=rule,
        moved_occurrences=[
            moved_occurrence_entry(original=original, start=new, end=new + HOURS, title=title)
            for original, new, title in moves
        ],
        **fields,
    )


def starts(occurrences):
    return [occurrence.start for occurrence in occurrences]


# --- the edges of a window ---------------------------------------------------------------


def test_a_one_off_event_is_in_a_window_only_when_they_overlap():
    conference = Event(start=FIRST, end=FIRST + HOURS, timezone="Europe/Berlin")
    assert conference.occurrences(FIRST - HOURS, FIRST) == []  # the window ends as it starts
    assert conference.occurrences(FIRST + HOURS, FIRST + WEEK) == []  # it ended as it began
    [shown] = conference.occurrences(FIRST + HOURS - timedelta(minutes=1), FIRST + WEEK)
    assert shown == (FIRST, FIRST + HOURS, False, "")


def test_a_window_ending_as_a_meeting_starts_leaves_it_out():
    series = meetup()
    assert series.starts_between(FIRST, FIRST + WEEK) == [FIRST]
    assert series.starts_between(FIRST + timedelta(minutes=1), FIRST + 2 * WEEK) == [FIRST + WEEK]


def test_a_window_starting_as_a_meeting_starts_holds_it():
    series = meetup()
    assert series.starts_between(FIRST + WEEK, FIRST + WEEK + HOURS) == [FIRST + WEEK]


def test_the_last_meeting_of_a_counted_series_is_in_a_window_starting_with_it():
    series = meetup("FREQ=WEEKLY;COUNT=3")
    last = FIRST + 2 * WEEK
    assert series.starts_between(last, last + WEEK) == [last]
    assert series.starts_between(last + timedelta(seconds=1), last + WEEK) == []


def test_a_moved_meeting_is_in_a_window_only_when_they_overlap():
    moved_to = FIRST + WEEK + timedelta(days=1)
    series = meetup("FREQ=WEEKLY;COUNT=3", moves=[(FIRST + WEEK, moved_to, "")])
    assert moved_to not in starts(series.occurrences(moved_to - HOURS, moved_to))
    assert moved_to not in starts(series.occurrences(moved_to + HOURS, moved_to + WEEK))
    assert moved_to in starts(
        series.occurrences(moved_to + HOURS - timedelta(seconds=1), moved_to + WEEK)
    )


# --- the limit -------------------------------------------------------------------------------


def test_a_limited_window_is_filled_past_skipped_and_moved_meetings():
    series = meetup(
        excluded_dates=[FIRST + WEEK],
        cancelled_occurrences=[FIRST + 2 * WEEK],
        moves=[(FIRST + 3 * WEEK, FIRST + 3 * WEEK + timedelta(days=30), "")],
    )
    shown = series.occurrences(FIRST, FIRST + 10 * WEEK, limit=3)
    assert starts(shown) == [FIRST, FIRST + 4 * WEEK, FIRST + 5 * WEEK]


def test_the_starts_asked_for_stop_at_the_limit():
    series = meetup()
    assert series.starts_between(FIRST, FIRST + 10 * WEEK, limit=2) == [FIRST, FIRST + WEEK]
    assert series.starts_between(FIRST + WEEK, FIRST + 10 * WEEK, limit=2) == [
        FIRST + WEEK,
        FIRST + 2 * WEEK,
    ]


# --- moved and cancelled meetings ---------------------------------------------------------


def test_a_moved_meeting_is_shown_in_the_events_zone_in_order_of_its_new_start():
    # Moved a week earlier than the meeting before it, on a Monday at 08:00 UTC.
    moved_to = datetime(2027, 1, 11, 8, tzinfo=UTC)
    series = meetup("FREQ=WEEKLY;COUNT=4", moves=[(FIRST + 2 * WEEK, moved_to, "Moved")])
    shown = series.occurrences(FIRST, FIRST + 5 * WEEK)
    assert starts(shown) == [FIRST, moved_to, FIRST + WEEK, FIRST + 3 * WEEK]
    assert (shown[1].start.hour, shown[1].end.hour) == (9, 11)  # 09:00 in Berlin
    assert shown[1].title == "Moved"


def test_a_moved_meeting_that_was_then_skipped_is_not_shown():
    later = FIRST + WEEK + timedelta(days=2)
    series = meetup(
        "FREQ=WEEKLY;COUNT=4",
        moves=[(FIRST + WEEK, later, "Skipped after all"), (FIRST + 2 * WEEK, later + WEEK, "")],
        excluded_dates=[FIRST + WEEK],
    )
    shown = series.occurrences(FIRST, FIRST + 5 * WEEK, include_cancelled=True)
    assert starts(shown) == [FIRST, later + WEEK, FIRST + 3 * WEEK]


def test_a_moved_meeting_that_was_then_cancelled_is_shown_cancelled_on_its_page_only():
    moved_to = FIRST + WEEK + timedelta(days=1)
    kept = FIRST + 2 * WEEK + timedelta(days=1)
    series = meetup(
        "FREQ=WEEKLY;COUNT=3",
        moves=[(FIRST + WEEK, moved_to, "Cancelled"), (FIRST + 2 * WEEK, kept, "Kept")],
        cancelled_occurrences=[FIRST + WEEK],
    )
    window = (FIRST, FIRST + 4 * WEEK)
    assert [(o.start, o.is_cancelled) for o in series.occurrences(*window)] == [
        (FIRST, False),
        (kept, False),
    ]
    assert [
        (o.start, o.is_cancelled) for o in series.occurrences(*window, include_cancelled=True)
    ] == [
        (FIRST, False),
        (moved_to, True),
        (kept, False),
    ]


def test_every_meeting_of_a_cancelled_series_is_shown_cancelled():
    moved_to = FIRST + WEEK + timedelta(days=1)
    series = meetup(
        "FREQ=WEEKLY;COUNT=2", moves=[(FIRST + WEEK, moved_to, "")], status=EventStatus.CANCELLED
    )
    shown = series.occurrences(FIRST, FIRST + 3 * WEEK)
    assert [(o.start, o.is_cancelled) for o in shown] == [(FIRST, True), (moved_to, True)]


def test_a_cancelled_meeting_is_left_out_unless_asked_for():
    series = meetup("FREQ=WEEKLY;COUNT=3", cancelled_occurrences=[FIRST + WEEK])
    window = (FIRST, FIRST + 4 * WEEK)
    assert series.occurrences(*window) == [
        (FIRST, FIRST + HOURS, False, ""),
        (FIRST + 2 * WEEK, FIRST + 2 * WEEK + HOURS, False, ""),
    ]
    assert [o.is_cancelled for o in series.occurrences(*window, include_cancelled=True)] == [
        False,
        True,
        False,
    ]


def test_a_window_shows_at_most_500_meetings_unless_told_otherwise():
    daily = meetup("FREQ=DAILY")
    assert len(daily.occurrences(FIRST, FIRST + timedelta(days=600))) == 500


def test_a_series_of_the_year_2000_lists_its_meetings():
    # Expanded 400-year cycles on, towards 9999: a window ending in 2000 is moved 7,600 years.
    start = datetime(1999, 12, 7, 19, tzinfo=BERLIN)
    series = meetup(start=start)
    assert series.starts_between(start, datetime(2000, 1, 1, tzinfo=BERLIN)) == [
        start + week * WEEK for week in range(4)
    ]


def test_a_window_starting_with_a_meeting_of_1971_holds_it_on_that_years_clock():
    # Berlin kept standard time all summer in 1971. The window is moved whole 400-year
    # cycles towards 9999, into years with today's summer time, so it is compared in wall time.
    series = meetup("FREQ=DAILY", start=datetime(1970, 6, 10, 19, tzinfo=BERLIN))
    meeting = datetime(1971, 7, 23, 18, tzinfo=UTC)  # 19:00 in Berlin that day
    assert series.starts_between(meeting, meeting + timedelta(days=1, hours=1)) == [
        meeting,
        meeting + timedelta(days=1),
    ]


def test_a_window_years_after_a_counted_series_ended_is_empty():
    # The series' end (1998) decides how far the window is moved towards 9999: a window in
    # 2007 moved as far would pass the year 9999.
    series = meetup("FREQ=MONTHLY;COUNT=5", start=datetime(1998, 7, 10, 19, tzinfo=BERLIN))
    assert (
        series.starts_between(datetime(2007, 5, 1, tzinfo=UTC), datetime(2007, 8, 1, tzinfo=UTC))
        == []
    )


# --- the last meeting of a series ------------------------------------------------------------


def test_a_series_until_a_meeting_ends_with_that_meeting():
    last = FIRST + 3 * WEEK
    series = meetup(f"FREQ=WEEKLY;UNTIL={last.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    assert series.last_start() == last
    assert series.compute_series_end() == last + HOURS


def test_a_series_meeting_every_three_years_ends_with_its_last_meeting_before_until():
    start = datetime(2018, 1, 9, 19, tzinfo=BERLIN)
    series = meetup("FREQ=YEARLY;INTERVAL=3;UNTIL=20261231T000000Z", start=start)
    assert series.last_start() == datetime(2024, 1, 9, 19, tzinfo=BERLIN)


def test_the_last_meeting_before_until_is_found_on_the_series_own_wall_clock():
    # 19:00 in Berlin is 18:00 UTC in January; in June the Berlin series meets at 17:00 UTC.
    rule = "FREQ=WEEKLY;UNTIL=20270701T000000Z"
    in_berlin = meetup(rule)
    in_utc = Event(start=FIRST, end=FIRST + HOURS, timezone="UTC", recurrence_rule=rule)
    assert in_berlin.last_start() == datetime(2027, 6, 29, 19, tzinfo=BERLIN)
    assert in_utc.last_start() == datetime(2027, 6, 29, 18, tzinfo=UTC)


def test_the_last_meeting_of_a_counted_series_is_counted_on_its_own_wall_clock():
    # The same instant is 31 December in UTC and 1 January in Berlin: three meetings on
    # the 31st end in March for the first and in May for the second.
    instant = datetime(2022, 12, 31, 23, 30, tzinfo=UTC)
    rule = "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3"
    in_utc = Event(start=instant, end=instant + HOURS, timezone="UTC", recurrence_rule=rule)
    in_berlin = meetup(rule, start=instant)
    assert in_utc.last_start() == datetime(2023, 3, 31, 23, 30, tzinfo=UTC)
    assert in_berlin.last_start() == datetime(2023, 5, 31, 0, 30, tzinfo=BERLIN)


def test_a_series_until_the_day_after_its_first_meeting_ends_with_it():
    # A "first Tuesday" series starting on the fourth Tuesday: DTSTART is its only meeting.
    start = FIRST + 3 * WEEK
    series = meetup("FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270127T000000Z", start=start)
    assert series.last_start() == start
    assert series.compute_series_end() == start + HOURS


# --- DTSTART, and rules stored before they were refused ---------------------------------------


def test_a_first_start_the_rule_does_not_make_is_a_meeting_inside_the_window_only():
    start = FIRST + 3 * WEEK  # the fourth Tuesday of January, in a "first Tuesday" series
    series = meetup("FREQ=MONTHLY;BYDAY=1TU", start=start)
    february = datetime(2027, 2, 2, 19, tzinfo=BERLIN)
    assert series.starts_between(start, datetime(2027, 3, 1, tzinfo=BERLIN)) == [start, february]
    assert series.starts_between(start - HOURS, start) == []
    assert series.starts_between(start + timedelta(seconds=1), february) == []


def test_a_stored_rule_finer_than_daily_shows_its_first_meeting_only():
    hourly = meetup("FREQ=HOURLY")
    assert hourly.starts_between(FIRST - HOURS, FIRST + WEEK) == [FIRST]


def test_a_stored_rule_that_never_meets_shows_its_first_meeting_only():
    never = meetup("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    assert never.starts_between(FIRST - HOURS, FIRST + WEEK) == [FIRST]


def test_whether_a_stored_rule_meets_is_found_on_the_series_own_wall_clock():
    # New Year's Eve 2023 in UTC, New Year's Day 2024 in Berlin: only the second has a
    # 29 February every fourth year.
    instant = datetime(2023, 12, 31, 23, 30, tzinfo=UTC)
    rule = "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29"
    in_berlin = meetup(rule, start=instant)
    in_utc = Event(start=instant, end=instant + HOURS, timezone="UTC", recurrence_rule=rule)
    assert in_berlin.rrule() is not None
    assert in_utc.rrule() is None


# --- the next meeting, and the dates pages show ------------------------------------------------


def test_the_next_meeting_is_the_first_not_yet_over():
    series = meetup("FREQ=WEEKLY;COUNT=3")
    under_way = FIRST + WEEK + timedelta(hours=1)
    assert series.next_occurrence(under_way) == (FIRST + WEEK, FIRST + WEEK + HOURS, False, "")
    just_over = FIRST + WEEK + HOURS + timedelta(minutes=1)
    assert series.next_occurrence(just_over)[0] == FIRST + 2 * WEEK
    assert series.next_occurrence(FIRST + 2 * WEEK + HOURS + timedelta(minutes=1)) is None


def test_the_next_meeting_is_counted_from_now_when_no_moment_is_given():
    from django.utils import timezone

    series = meetup(start=datetime(2020, 1, 7, 19, tzinfo=BERLIN))
    found = series.next_occurrence()
    assert timezone.now() - HOURS < found.end
    assert found.start < timezone.now() + WEEK


def test_the_next_meeting_of_an_old_daily_series_is_found_without_walking_ten_years():
    series = meetup("FREQ=DAILY", start=datetime(2020, 1, 7, 19, tzinfo=BERLIN))
    series.next_occurrence(FIRST - WEEK)  # the rule is parsed and checked once per process
    with rule_work_budget(10):
        assert series.next_occurrence(FIRST)[0] == FIRST


def test_a_series_sorts_by_its_next_meeting_and_a_one_off_by_its_start():
    series = meetup("FREQ=WEEKLY;COUNT=3")
    assert series.compute_next_start(FIRST + WEEK + 2 * HOURS) == FIRST + 2 * WEEK
    assert series.compute_next_start(FIRST + 3 * WEEK) is None
    conference = Event(start=FIRST, end=FIRST + HOURS, timezone="Europe/Berlin")
    assert conference.compute_next_start(FIRST + WEEK) == FIRST


def test_pages_show_a_series_by_its_next_meeting_and_else_by_its_own_dates():
    series = meetup("FREQ=WEEKLY;COUNT=3")
    later = FIRST + WEEK + 2 * HOURS
    assert series.shown_dates(later) == (FIRST + 2 * WEEK, FIRST + 2 * WEEK + HOURS)
    assert series.shown_dates(FIRST + 3 * WEEK) == (FIRST, FIRST + HOURS)
    conference = Event(start=FIRST, end=FIRST + HOURS, timezone="Europe/Berlin")
    assert conference.shown_dates(later) == (FIRST, FIRST + HOURS)
    assert with_shown_dates([series, conference], later) == [
        (series, FIRST + 2 * WEEK, FIRST + 2 * WEEK + HOURS),
        (conference, FIRST, FIRST + HOURS),
    ]


# --- how a moved meeting is stored ---------------------------------------------------------------


def test_a_moved_meeting_is_stored_in_utc_whatever_the_servers_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    entry = moved_occurrence_entry(original=FIRST, start=FIRST + HOURS, end=FIRST + 2 * HOURS)
    assert entry == {
        "original": "2027-01-05T18:00:00+00:00",
        "start": "2027-01-05T20:00:00+00:00",
        "end": "2027-01-05T22:00:00+00:00",
        "title": "",
    }
    series = meetup()
    series.moved_occurrences = [entry]
    assert series.moves()[FIRST].title == ""
