"""iCalendar (RFC 5545) export and parsing, symmetric so a feed re-imports unchanged.

``values_from_event`` and ``values_from_vevent`` produce the same normalised
dict, so the importer can tell "unchanged" from "updated" by comparing them.
"""

import logging
import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from itertools import takewhile

import icalendar
from dateutil.rrule import rrulestr
from django.conf import settings
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from community.markup import markdown_to_text
from events.models import (
    DESCRIPTION_MAX_LENGTH,
    Event,
    EventStatus,
    is_valid_timezone,
    moved_occurrence_entry,
    valid_timezones,
)
from events.vtimezone import vtimezone

logger = logging.getLogger(__name__)

PRODID = "-//Python Software Foundation//Community event calendars//EN"
# Properties beyond RFC 5545 that carry what LOCATION alone cannot, so our own
# feed re-imports into exactly the same fields. Other clients ignore X- properties.
X_FIELDS = {
    "X-PSF-VENUE-NAME": "venue_name",
    "X-PSF-VENUE-ADDRESS": "venue_address",
    "X-PSF-CITY": "city",
    "X-PSF-COUNTRY": "country",
    "X-PSF-ATTENDANCE-MODE": "attendance_mode",
    "X-PSF-REGISTRATION-URL": "registration_url",
}
CATEGORY_BY_NAME = {
    **{choice.value: choice.value for choice in Event.Category},
    **{choice.label.lower(): choice.value for choice in Event.Category},
}


class ICSFormatError(ValueError):
    """The data is not an iCalendar file we can read."""


@dataclass
class ParsedEvent:
    uid: str
    values: dict
    timezone: str
    # The file's own VTIMEZONEs by TZID, for reading its overrides the same way.
    zones: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass
class ParsedCalendar:
    events: list[ParsedEvent] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


# --- export ----------------------------------------------------------------------------


def _local(dt: datetime, tz: str):
    """A datetime as written in the feed: UTC for UTC events, else wall time with TZID."""
    if tz == "UTC":
        return dt.astimezone(UTC)
    return dt.astimezone(zoneinfo.ZoneInfo(tz))


def normalised_rrule(rule: str) -> str:
    """The RRULE as icalendar writes it (its own part order), so rules compare by meaning."""
    return icalendar.vRecur.from_ical(rule).to_ical().decode() if rule else ""


def values_from_event(event: Event) -> dict:
    """What a feed says about ``event``, normalised for comparison with an imported one."""
    all_day = event.is_all_day
    tz = event.timezone

    def moment(dt):
        return dt.astimezone(zoneinfo.ZoneInfo(tz)).date() if all_day else dt.astimezone(UTC)

    return {
        "title": event.title,
        "description": markdown_to_text(event.description),
        "category": event.category,
        "tags": list(event.tags),
        "is_all_day": all_day,
        "start": moment(event.start),
        "end": moment(event.end),
        "timezone": None if all_day else tz,
        "recurrence_rule": normalised_rrule(event.recurrence_rule),
        "excluded_dates": sorted(moment(dt) for dt in event.excluded_dates),
        "cancelled_occurrences": sorted(moment(dt) for dt in event.cancelled_occurrences),
        "moved_occurrences": sorted(
            (moment(original), moment(move.start), moment(move.end), move.title)
            for original, move in event.moves().items()
        ),
        "attendance_mode": event.attendance_mode,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "city": event.city,
        "country": event.country,
        "website_url": event.website_url,
        "registration_url": event.registration_url,
        "is_cancelled": event.status == EventStatus.CANCELLED,
    }


def _feed_moment(value, event):
    return value if event.is_all_day else _local(value, event.timezone)


def event_components(event: Event) -> list[icalendar.Event]:
    """The VEVENT for ``event`` plus one VEVENT with RECURRENCE-ID per cancelled, moved
    or retitled occurrence, as calendar apps write overrides."""
    values = values_from_event(event)
    page_url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    # Without METHOD, DTSTAMP is when the event was last revised in our store;
    # using updated_at (not "now") keeps the feed byte-identical between changes.
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("created", event.created_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("summary", event.title)
    if values["description"]:
        vevent.add("description", values["description"])
    vevent.add("dtstart", _feed_moment(values["start"], event))
    vevent.add("dtend", _feed_moment(values["end"], event))
    if event.recurrence_rule:
        vevent.add("rrule", icalendar.vRecur.from_ical(event.recurrence_rule))
        if values["excluded_dates"]:
            vevent.add("exdate", [_feed_moment(v, event) for v in values["excluded_dates"]])
    vevent.add("status", "CANCELLED" if values["is_cancelled"] else "CONFIRMED")
    vevent.add("class", "PUBLIC")
    if event.location_text:
        vevent.add("location", event.location_text)
    if event.website_url:
        vevent.add("url", event.website_url)
    vevent.add("categories", [Event.Category(event.category).label, *event.tags])
    vevent.add("x-psf-page", page_url)
    for prop, name in X_FIELDS.items():
        if values[name]:
            vevent.add(prop, values[name])
    components = [vevent]
    duration = event.end - event.start
    for occurrence in values["cancelled_occurrences"]:
        cancelled = icalendar.Event()
        start = _feed_moment(occurrence, event)
        if event.is_all_day:
            end = start + timedelta(days=(event.last_day - event.local_start.date()).days + 1)
        else:
            end = start + duration
        cancelled.add("uid", event.uid)
        cancelled.add("sequence", event.sequence)
        cancelled.add("dtstamp", event.updated_at.astimezone(UTC))
        cancelled.add("recurrence-id", start)
        cancelled.add("dtstart", start)
        cancelled.add("dtend", end)
        cancelled.add("summary", event.title)
        cancelled.add("status", "CANCELLED")
        components.append(cancelled)
    cancelled_set = set(values["cancelled_occurrences"])
    for original, start, end, title in values["moved_occurrences"]:
        if original in cancelled_set:
            continue  # written above, as cancelled
        moved = icalendar.Event()
        moved.add("uid", event.uid)
        moved.add("sequence", event.sequence)
        moved.add("dtstamp", event.updated_at.astimezone(UTC))
        moved.add("recurrence-id", _feed_moment(original, event))
        moved.add("dtstart", _feed_moment(start, event))
        moved.add("dtend", _feed_moment(end, event))
        moved.add("summary", title or event.title)
        if values["description"]:
            moved.add("description", values["description"])
        moved.add("status", "CANCELLED" if values["is_cancelled"] else "CONFIRMED")
        if event.location_text:
            moved.add("location", event.location_text)
        if event.website_url:
            moved.add("url", event.website_url)
        components.append(moved)
    return components


def _vtimezone(zone: str) -> str:
    """The VTIMEZONE block for ``zone``, in the RRULE form calendar apps export."""
    # Rules still in force ten years on are written open-ended.
    return vtimezone(zone, last_year=datetime.now(UTC).year + 10)


def vevent_text(event: Event) -> str:
    """``event``'s VEVENT (and its cancelled occurrences) as a feed writes them."""
    return b"".join(c.to_ical() for c in event_components(event)).decode()


CALENDAR_END = "END:VCALENDAR\r\n"


def _calendar_head(name: str, description: str) -> str:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", description)
    cal.add("x-published-ttl", "PT1H")
    return cal.to_ical().decode().removesuffix(CALENDAR_END)


def _document(name: str, description: str, zones, vevents: list[bytes]) -> bytes:
    # Bytes throughout, one join: the feed is megabytes, and each copy or re-encoding costs.
    head = [_calendar_head(name, description), *(_vtimezone(zone) for zone in sorted(zones))]
    return b"".join([*(part.encode() for part in head), *vevents, CALENDAR_END.encode()])


def calendar_to_ical(*, name: str, description: str, events) -> bytes:
    """An iCalendar document of ``events``, each rendered now (a single event's download)."""
    events = list(events)
    zones = {e.timezone for e in events if not e.is_all_day and e.timezone != "UTC"}
    return _document(name, description, zones, [vevent_text(e).encode() for e in events])


# --- parsing -------------------------------------------------------------------------


def _text(component, name) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value).strip()


class ZoneRefused(ValueError):
    """A date-time whose time zone cannot be found; the event is skipped with this reason."""


def _vendor_suffix(tzid: str) -> str:
    """The IANA name at the end of a vendor-prefixed TZID ("/mozilla.org/20050126_1/
    Europe/Berlin", "/citadel.org/20190914_1/Europe/Berlin"), or ""."""
    parts = tzid.strip("/").split("/")
    for first in range(1, len(parts)):
        candidate = "/".join(parts[first:])
        if is_valid_timezone(candidate):
            return candidate
    return ""


@lru_cache(maxsize=256)
def _iana_zone_like(tzinfo, year: int, preferred: tuple[str, ...]) -> str:
    """An IANA zone with the offsets of ``tzinfo`` (a VTIMEZONE of the file) on every day
    of the two years from ``year``, or "" when none has (about 20 ms, once per zone and
    year of a file: the definitions are built afresh for each parse).

    Stored events keep an IANA name (pages, RRULE expansion and export rely on it), so a
    zone defined only in the file is stored as the IANA zone it behaves like. Compared on
    about once a month first (cheap), then daily for the few that remain, so zones
    whose clocks change on other days (Europe and the United States in March) differ.
    """
    first = datetime(year, 1, 1, 12, tzinfo=UTC)
    monthly = [first + timedelta(days=30 * n + 14) for n in range(24)]
    daily = [first + timedelta(days=n) for n in range(730)]

    def offsets(zone, moments):
        return tuple(moment.astimezone(zone).utcoffset() for moment in moments)

    try:
        wanted_monthly = offsets(tzinfo, monthly)
        wanted_daily = offsets(tzinfo, daily)
    except (ValueError, OverflowError, TypeError):
        return ""
    candidates = sorted(
        valid_timezones(),
        key=lambda name: (
            name not in preferred,
            "/" not in name or name.startswith(("Etc/", "SystemV/", "US/")),
            name,
        ),
    )
    for name in candidates:
        zone = zoneinfo.ZoneInfo(name)
        if offsets(zone, monthly) == wanted_monthly and offsets(zone, daily) == wanted_daily:
            return name
    return ""


def _zone_of(prop, default_tz: str, zones=None) -> str:
    """The IANA zone a date-time property was written in; raises ``ZoneRefused``.

    In this order: an IANA TZID; a vendor-prefixed IANA name; a Windows zone name
    (CLDR's windowsZones, as icalendar ships it); the VTIMEZONE the file defines, as the
    IANA zone that keeps its offsets. A time without TZID is UTC when written with Z,
    else floating, read in the calendar's X-WR-TIMEZONE. Never UTC by default.
    """
    value = prop.dt
    tzinfo = getattr(value, "tzinfo", None)
    tzid = str(prop.params.get("TZID") or "")
    key = getattr(tzinfo, "key", None)
    if key and is_valid_timezone(key):
        return key
    if tzid:
        for name in (tzid, _vendor_suffix(tzid), WINDOWS_TO_OLSON.get(tzid, "")):
            if name and is_valid_timezone(name):
                return name
        # icalendar keeps the first definition of a TZID for the whole process, so a
        # "Customized Time Zone" of one feed would be read with another feed's offsets:
        # the file's own VTIMEZONE, built afresh (``zones``), comes first.
        tzinfo = (zones or {}).get(tzid, tzinfo)
        if tzinfo is not None:
            words = {word.lower() for word in re.split(r"[^A-Za-z]+", tzid) if word}
            preferred = tuple(
                name
                for name in (default_tz, *sorted(valid_timezones()))
                if name and (name == default_tz or name.rsplit("/", 1)[-1].lower() in words)
            )
            found = _iana_zone_like(tzinfo, value.year, preferred)
            if found:
                return found
            raise ZoneRefused(
                f"its time zone “{tzid[:100]}” is defined in the file with offsets no IANA "
                "time zone has"
            )
        raise ZoneRefused(
            f"its time zone “{tzid[:100]}” is not an IANA or Windows zone name, and the "
            "file does not define it (VTIMEZONE)"
        )
    if tzinfo is not None and tzinfo.utcoffset(value) == timedelta(0):
        return "UTC"
    if not isinstance(value, datetime):
        return default_tz or "UTC"  # a DATE: all-day, its zone decided by apply_values
    if default_tz:
        return default_tz
    raise ZoneRefused(
        "its times have no time zone (no TZID, no Z for UTC, and the calendar has no X-WR-TIMEZONE)"
    )


def _wall_time(value, tz: str):
    """A timed value as the wall time it was written in, in the IANA zone ``tz`` it
    resolved to (a zone the file defines is read as that zone, see ``_zone_of``)."""
    key = getattr(value.tzinfo, "key", None)
    if value.tzinfo is None or not (key and is_valid_timezone(key)):
        if value.tzinfo is not None and value.utcoffset() == timedelta(0) and tz == "UTC":
            return value
        return value.replace(tzinfo=zoneinfo.ZoneInfo(tz))
    return value


def _aware(value, tz: str):
    """An aware datetime for a parsed DATE or DATE-TIME in zone ``tz``."""
    zone = zoneinfo.ZoneInfo(tz)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=zone)
        return value
    return datetime.combine(value, time.min, tzinfo=zone)


def _date_list(component, name) -> list:
    props = component.get(name)
    if props is None:
        return []
    if not isinstance(props, list):
        props = [props]
    found = []
    for prop in props:
        for item in getattr(prop, "dts", [prop]):
            found.append(item)
    return found


def values_from_vevent(vevent, default_tz: str, zones=None) -> tuple[dict, str]:
    """(normalised values, zone name) of a master VEVENT; raises ValueError when unusable."""
    start_prop = vevent.get("dtstart")
    if start_prop is None:
        raise ValueError("it has no DTSTART")
    start_value = start_prop.dt
    all_day = not isinstance(start_value, datetime)
    tz = _zone_of(start_prop, default_tz, zones)
    if not all_day:
        start_value = _wall_time(start_value, tz)
    end_prop = vevent.get("dtend")
    if end_prop is not None:
        end_value = end_prop.dt
        if isinstance(end_value, datetime) and not all_day:
            end_value = _wall_time(end_value, _zone_of(end_prop, tz, zones))
    elif vevent.get("duration") is not None:
        end_value = start_value + vevent.get("duration").dt
    elif all_day:
        end_value = start_value + timedelta(days=1)
    else:
        # RFC 5545 reads a missing DTEND as "ends when it starts"; we store an hour
        # so the event is visible as a block in calendar views.
        end_value = start_value + timedelta(hours=1)
    if all_day and isinstance(end_value, datetime):
        end_value = end_value.date()

    def moment(value):
        if all_day:
            return value.date() if isinstance(value, datetime) else value
        return _wall_time(value, tz).astimezone(UTC)

    raw = vevent.get("categories")
    props = raw if isinstance(raw, list) else ([raw] if raw is not None else [])
    categories = [str(c).strip() for prop in props for c in prop.cats]
    category = Event.Category.OTHER
    tags = []
    for index, name in enumerate(categories):
        if index == 0 and name.lower() in CATEGORY_BY_NAME:
            category = CATEGORY_BY_NAME[name.lower()]
        elif name:
            tags.append(name[:40])
    rrule = vevent.get("rrule")
    if isinstance(rrule, list):
        if len(rrule) > 1:
            raise ValueError("it has more than one RRULE")
        rrule = rrule[0]
    x_values = {name: _text(vevent, prop) for prop, name in X_FIELDS.items()}
    has_x_fields = any(x_values.values())
    values = {
        "title": _text(vevent, "summary"),
        # A feed's text may be longer than our limit (and its check constraint) allows.
        "description": _text(vevent, "description")[:DESCRIPTION_MAX_LENGTH],
        "category": category,
        "tags": tags,
        "is_all_day": all_day,
        "start": moment(start_value),
        "end": moment(end_value),
        "timezone": None if all_day else tz,
        "recurrence_rule": rrule.to_ical().decode() if rrule is not None else "",
        "excluded_dates": sorted(moment(item.dt) for item in _date_list(vevent, "exdate")),
        "cancelled_occurrences": [],
        "moved_occurrences": [],
        "attendance_mode": x_values["attendance_mode"] or Event.AttendanceMode.IN_PERSON,
        "venue_name": x_values["venue_name"],
        # A foreign feed has one LOCATION line; it is the best address we have.
        "venue_address": x_values["venue_address"]
        if has_x_fields
        else _text(vevent, "location")[:300],
        "city": x_values["city"],
        "country": x_values["country"].upper(),
        "website_url": _text(vevent, "url"),
        "registration_url": x_values["registration_url"],
        "is_cancelled": _text(vevent, "status").upper() == "CANCELLED",
    }
    return values, tz


# A parameter value runs on over at most this many physical lines before we stop joining.
MAX_BROKEN_PARAMETER_LINES = 5
FOLD = re.compile(rb"\r?\n[ \t]")


def _has_open_quote(line: bytes) -> bool:
    """Whether a content line ends inside a quoted parameter value (before its value)."""
    quoted = False
    for char in line:
        if char == 0x22:  # "
            quoted = not quoted
        elif char == 0x3A and not quoted:  # the : that starts the value
            return False
    return quoted


def _closing_line(lines: list[bytes], start: int) -> int | None:
    """The index of the line that closes a quote left open before ``start``, if near."""
    for index in range(start, min(start + MAX_BROKEN_PARAMETER_LINES, len(lines))):
        line = lines[index]
        if line[:6].upper().startswith((b"BEGIN:", b"END:")):
            return None
        if b'"' in line:
            return index
    return None


def rejoin_broken_parameters(data: bytes) -> bytes:
    """``data`` with line breaks inside quoted parameter values escaped (RFC 6868 ``^n``).

    Some exporters (Apple's X-APPLE-STRUCTURED-LOCATION;X-ADDRESS="street<newline>city")
    write a raw line break inside a quoted parameter; a parser then reads two broken lines
    and silently drops the property (a DTSTART so broken drops the whole event). A quote
    that no nearby line closes is left alone, so it cannot swallow the rest of the feed.
    """
    if b'"' not in data:
        return data
    lines = data.splitlines(keepends=True)
    joined: list[bytes] = []
    index = 0
    while index < len(lines):
        first = index
        index += 1
        while index < len(lines) and lines[index].startswith((b" ", b"\t")):
            index += 1  # a folded continuation belongs to this line
        line = b"".join(lines[first:index])
        if b'"' in line and _has_open_quote(FOLD.sub(b"", line).rstrip(b"\r\n")):
            closing = _closing_line(lines, index)
            if closing is not None:
                broken = [line, *lines[index:closing]]
                line = b"^n".join(part.rstrip(b"\r\n") for part in broken) + b"^n" + lines[closing]
                index = closing + 1
        joined.append(line)
    return b"".join(joined)


def _contains_nul(values: dict) -> bool:
    return any(
        "\x00" in item
        for value in values.values()
        for item in (value if isinstance(value, list) else [value])
        if isinstance(item, str)
    )


def parse_calendar(data: bytes) -> ParsedCalendar:
    """Read every event of an ICS document; unusable events are listed in ``skipped``."""
    try:
        cal = icalendar.Calendar.from_ical(rejoin_broken_parameters(data))
    except (ValueError, IndexError, KeyError) as exc:
        # Never the parser's message: it quotes the body, which may be anything (an
        # internal page, binary with NUL bytes the database cannot store).
        raise ICSFormatError("This is not a readable iCalendar file.") from exc
    if isinstance(cal, list) or cal.name != "VCALENDAR":
        raise ICSFormatError("This is not an iCalendar file: it has no single VCALENDAR.")
    # Floating times are read in the calendar's zone; without one they are refused.
    default_tz = _text(cal, "x-wr-timezone")
    if not is_valid_timezone(default_tz):
        default_tz = ""
    zones = {}
    for component in cal.walk("VTIMEZONE"):
        try:
            zones[str(component["tzid"])] = component.to_tz(lookup_tzid=False)
        except (KeyError, ValueError, TypeError, OverflowError):
            continue  # an unreadable definition: a TZID that needs it is refused later
    result = ParsedCalendar()
    by_uid: dict[str, ParsedEvent] = {}
    overrides = []
    for vevent in cal.walk("VEVENT"):
        uid = _text(vevent, "uid")
        label = uid or _text(vevent, "summary") or "(an event without UID)"
        if not uid:
            result.skipped.append((label, "it has no UID, so re-imports could not match it"))
            continue
        if "\x00" in uid:
            result.skipped.append((label, "its UID contains a NUL character"))
            continue
        if vevent.get("recurrence-id") is not None:
            overrides.append(vevent)
            continue
        try:
            values, tz = values_from_vevent(vevent, default_tz, zones)
        except OverflowError:
            result.skipped.append((label, "its dates are outside the calendar's range"))
            continue
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            result.skipped.append((label, f"it cannot be read: {exc}"))
            continue
        if _contains_nul(values):
            result.skipped.append((label, "its text contains a NUL character"))
            continue
        if uid in by_uid:
            result.skipped.append((label, "its UID appears twice in the file"))
            continue
        by_uid[uid] = ParsedEvent(uid=uid, values=values, timezone=tz, zones=zones)
        result.events.append(by_uid[uid])
    _apply_overrides(overrides, by_uid, result)
    return result


# --- overrides (RECURRENCE-ID) ---------------------------------------------------------


def _recurrence_instant(vevent, series: ParsedEvent):
    """The original start an override replaces: a date for an all-day series, else UTC."""
    prop = vevent.get("recurrence-id")
    if series.values["is_all_day"]:
        return prop.dt.date() if isinstance(prop.dt, datetime) else prop.dt
    if not isinstance(prop.dt, datetime):
        raise ValueError("its RECURRENCE-ID is a date, but the series has times")
    return _wall_time(prop.dt, _zone_of(prop, series.timezone, series.zones)).astimezone(UTC)


def _rule_walk_start(values: dict, tz: str, moment):
    """``moment`` (a date or UTC datetime of a parsed series) as dateutil walks the rule."""
    if values["is_all_day"]:
        # All-day rules walk floating dates.
        return datetime.combine(moment, time.min)
    return moment.astimezone(zoneinfo.ZoneInfo(tz))


def _rule_text(rule: icalendar.vRecur) -> str:
    return normalised_rrule(rule.to_ical().decode())


def _split_series(series: ParsedEvent, vevent, split_at) -> ParsedEvent | None:
    """Split ``series`` at ``split_at`` for a RANGE=THISANDFUTURE override: the series
    ends before it, and a new series (UID ``<uid>/<split_at>``) goes on from the
    override's own start with its fields. None when nothing is left after the split."""
    values = series.values
    if not values["recurrence_rule"]:
        raise ValueError("it changes “this and future” meetings of an event that does not repeat")
    new_values, new_tz = values_from_vevent(vevent, series.timezone, series.zones)
    if new_values["is_all_day"] != values["is_all_day"]:
        raise ValueError("it turns meetings of a series into all-day ones, or back")
    rule = icalendar.vRecur.from_ical(values["recurrence_rule"])
    following = icalendar.vRecur.from_ical(values["recurrence_rule"])
    if "COUNT" in rule:
        first = _rule_walk_start(values, series.timezone, values["start"])
        cut = _rule_walk_start(values, series.timezone, split_at)
        # COUNT is bounded (validate_recurrence_rule), and the walk stops at the split.
        walk = rrulestr(values["recurrence_rule"], dtstart=first)
        before = sum(1 for _ in takewhile(lambda start: start < cut, walk))
        remaining = int(rule["COUNT"][0]) - before
        del rule["COUNT"]
        if remaining <= 0:
            return None
        following["COUNT"] = [remaining]
    # The last moment of the old part: UNTIL is a date for all-day series.
    last = split_at - (timedelta(days=1) if values["is_all_day"] else timedelta(seconds=1))
    if "UNTIL" not in rule or _until_after(rule["UNTIL"][0], last):
        rule["UNTIL"] = [last]
    values["recurrence_rule"] = _rule_text(rule)
    new_values["recurrence_rule"] = _rule_text(following)
    # Dates of the series on or after the split belong to the new series.
    for name in ("excluded_dates", "cancelled_occurrences"):
        new_values[name] = [moment for moment in values[name] if moment >= split_at]
        values[name] = [moment for moment in values[name] if moment < split_at]
    stamp = f"{split_at:%Y%m%d}" if values["is_all_day"] else f"{split_at:%Y%m%dT%H%M%SZ}"
    return ParsedEvent(
        uid=f"{series.uid[:230]}/{stamp}", values=new_values, timezone=new_tz, zones=series.zones
    )


def _until_after(until, last) -> bool:
    """Whether a rule's UNTIL lies after ``last`` (a date, or an aware UTC datetime)."""
    if isinstance(last, datetime):
        if not isinstance(until, datetime):
            until = datetime.combine(until, time.max, tzinfo=UTC)
        elif until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        return until > last
    return (until.date() if isinstance(until, datetime) else until) > last


def _moved_entry(vevent, series: ParsedEvent, original):
    """(original, start, end, title) of an override that moves or retitles a meeting;
    None when it keeps the meeting's time and title."""
    values, _ = values_from_vevent(vevent, series.timezone, series.zones)
    if values["is_all_day"] != series.values["is_all_day"]:
        raise ValueError("it turns one meeting of a series into an all-day one, or back")
    duration = series.values["end"] - series.values["start"]
    title = "" if values["title"] == series.values["title"] else values["title"][:200]
    if values["start"] == original and values["end"] == original + duration and not title:
        return None
    return (original, values["start"], values["end"], title)


def _apply_overrides(overrides, by_uid: dict[str, ParsedEvent], result: ParsedCalendar) -> None:
    """Fold overrides (VEVENTs with RECURRENCE-ID, in any order in the file) into their
    series: "this and future" splits first, then cancelled, moved and retitled meetings,
    each to the part of its series it falls in."""
    pieces: dict[str, list] = {uid: [(None, parsed)] for uid, parsed in by_uid.items()}

    def series_for(uid, original):
        found = None
        for split_at, parsed in pieces[uid]:
            if split_at is None or split_at <= original:
                found = parsed
        return found

    readable = []
    for vevent in overrides:
        uid = _text(vevent, "uid")
        if uid not in by_uid:
            result.skipped.append((uid, "a changed occurrence whose series is not in the file"))
            continue
        try:
            original = _recurrence_instant(vevent, by_uid[uid])
        except (OverflowError, ValueError, TypeError, AttributeError) as exc:
            result.skipped.append((uid, f"a changed occurrence whose date cannot be read: {exc}"))
            continue
        is_split = str(vevent.get("recurrence-id").params.get("RANGE", "")).upper() == (
            "THISANDFUTURE"
        )
        readable.append((not is_split, original, uid, vevent))
    for is_single, original, uid, vevent in sorted(readable, key=lambda item: item[:2]):
        series = series_for(uid, original)
        try:
            if not is_single:
                following = _split_series(series, vevent, original)
                if following is not None:
                    pieces[uid].append((original, following))
                    result.events.append(following)
            elif _text(vevent, "status").upper() == "CANCELLED":
                series.values["cancelled_occurrences"].append(original)
            else:
                moved = _moved_entry(vevent, series, original)
                if moved is not None:
                    series.values["moved_occurrences"].append(moved)
        except OverflowError:
            result.skipped.append((uid, "a changed occurrence whose dates are out of range"))
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            result.skipped.append((uid, f"a changed occurrence that cannot be read: {exc}"))
    for parsed in result.events:
        parsed.values["cancelled_occurrences"].sort()
        parsed.values["moved_occurrences"].sort()


def apply_values(event: Event, values: dict, tz: str) -> None:
    """Set ``event``'s fields from parsed values (the inverse of ``values_from_event``)."""
    if values["is_all_day"]:
        # An all-day event keeps the zone it had (or the feed's default); its
        # days start at midnight there.
        zone = event.timezone if event.pk and event.is_all_day else tz
        event.timezone = zone

        def instant(value):
            return _aware(value, zone)
    else:
        event.timezone = tz

        def instant(value):
            return value

    event.title = values["title"]
    # The feed carries plain text; Markdown renders plain text as itself.
    event.description = values["description"]
    event.category = values["category"]
    event.tags = values["tags"]
    event.is_all_day = values["is_all_day"]
    event.start = instant(values["start"])
    event.end = instant(values["end"])
    event.recurrence_rule = values["recurrence_rule"]
    event.excluded_dates = [instant(v) for v in values["excluded_dates"]]
    event.cancelled_occurrences = [instant(v) for v in values["cancelled_occurrences"]]
    event.moved_occurrences = [
        moved_occurrence_entry(
            original=instant(original), start=instant(start), end=instant(end), title=title
        )
        for original, start, end, title in values["moved_occurrences"]
    ]
    for name in (
        "attendance_mode", "venue_name", "venue_address", "city", "country", "website_url",
        "registration_url",
    ):  # fmt: skip
        setattr(event, name, values[name])
