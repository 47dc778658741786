"""VTIMEZONE blocks in the RRULE form Google Calendar and Outlook export.

icalendar's ``add_missing_timezones()`` writes one DTSTART plus a long RDATE list per
observance, with onsets in the new offset's wall time; a CalDAV server read such blocks
one hour off across DST changes. Here each run of yearly changes that follow one rule
("last Sunday of March at 02:00") becomes one STANDARD or DAYLIGHT component with an
RRULE, DTSTART being the first onset in the wall time before the change (RFC 5545).
The changes come from zoneinfo itself, so history (the United States before 2007,
Europe before 1996) is exact too.
"""

import calendar
import zoneinfo
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import icalendar

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FIRST_YEAR = 1970


def _state(zone, moment):
    local = moment.astimezone(zone)
    return local.utcoffset(), bool(local.dst()), local.tzname()


def _changes(zone, first_year: int, last_year: int):
    """(instant, offset before, (offset, is_dst, name) after) of each change of ``zone``.

    Probed every five days (no zone has changed twice within five days since 1970; the
    tests compare every zone used with zoneinfo), then narrowed to
    the second: about 40 ms a zone, cached per process by ``vtimezone``.
    """
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    state = _state(zone, moment)
    step = timedelta(days=5)
    changes = []
    while moment < end:
        following = moment + step
        new_state = _state(zone, following)
        if new_state != state:
            low, high = moment, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            changes.append((high.replace(microsecond=0), state[0], new_state))
            state = new_state
        moment = following
    return changes


def _day_rules(day) -> set[str]:
    """The yearly rules (BYDAY or BYMONTHDAY values) that make ``day``."""
    weekday = WEEKDAYS[day.weekday()]
    rules = {f"{(day.day - 1) // 7 + 1}{weekday}", f"D{day.day}"}
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        rules.add(f"-1{weekday}")
    return rules


def _preferred(rules: set[str]) -> str:
    # "Last Sunday" reads as the law does and stays right in years with five Sundays.
    for prefix in ("-1", "1", "2", "3", "4"):
        found = sorted(rule for rule in rules if rule.startswith(prefix) and rule[0] != "D")
        if found:
            return found[0]
    return min(rules)


def _runs(onsets):
    """Group (onset, instant) pairs into runs that one yearly rule describes."""
    runs = []
    for onset, instant in onsets:
        if runs:
            run = runs[-1]
            previous = run["onsets"][-1]
            common = run["rules"] & _day_rules(onset.date())
            if (
                onset.year == previous.year + 1
                and onset.month == previous.month
                and onset.time() == previous.time()
                and common
            ):
                run["onsets"].append(onset)
                run["instants"].append(instant)
                run["rules"] = common
                continue
        runs.append({"onsets": [onset], "instants": [instant], "rules": _day_rules(onset.date())})
    return runs


@lru_cache(maxsize=512)
def vtimezone(zone_name: str, last_year: int) -> str:
    """The VTIMEZONE of ``zone_name`` from 1970 on, its last rules open-ended when they
    still hold in ``last_year``."""
    zone = zoneinfo.ZoneInfo(zone_name)
    tz = icalendar.Timezone()
    tz.add("tzid", zone_name)
    offset, is_dst, name = _state(zone, datetime(FIRST_YEAR, 1, 1, tzinfo=UTC))
    # Naive on purpose: DTSTART of an observance is local time without TZID.
    first = datetime(FIRST_YEAR, 1, 1)  # noqa: DTZ001
    components = [(first, offset, offset, name, is_dst, None)]
    by_kind = {}
    for instant, before, (after, new_is_dst, new_name) in _changes(zone, FIRST_YEAR, last_year):
        # The onset in the wall time before the change, as RFC 5545 reads DTSTART here.
        onset = (instant + before).replace(tzinfo=None)
        by_kind.setdefault((before, after, new_name, new_is_dst), []).append((onset, instant))
    for (before, after, new_name, new_is_dst), onsets in by_kind.items():
        for run in _runs(onsets):
            rule = None
            if len(run["onsets"]) > 1:
                first = run["onsets"][0]
                rule = {"FREQ": "YEARLY", "BYMONTH": first.month}
                chosen = _preferred(run["rules"])
                if chosen.startswith("D"):
                    rule["BYMONTHDAY"] = int(chosen[1:])
                else:
                    rule["BYDAY"] = chosen
                if run["onsets"][-1].year < last_year:
                    # A day after the last onset: readers that compare UNTIL with the
                    # local onset (icalendar's does) dropped a last onset east of UTC,
                    # and the next one is a year away.
                    rule["UNTIL"] = run["instants"][-1] + timedelta(days=1)
            components.append((run["onsets"][0], before, after, new_name, new_is_dst, rule))
    for onset, before, after, tzname, dst, rule in sorted(components, key=lambda c: c[0]):
        part = icalendar.TimezoneDaylight() if dst else icalendar.TimezoneStandard()
        part.add("dtstart", onset)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        if tzname:
            part.add("tzname", tzname)
        if rule:
            part.add("rrule", rule)
        tz.add_component(part)
    return tz.to_ical().decode()
