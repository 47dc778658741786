"""iCalendar (RFC 5545) export and parsing, symmetric so a feed re-imports unchanged.

``values_from_event`` and ``values_from_vevent`` produce the same normalised
dict, so the importer can tell "unchanged" from "updated" by comparing them.
"""

import logging
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache

import icalendar
from django.conf import settings
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from community.markup import markdown_to_text
from events.models import Event, EventStatus, is_valid_timezone

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
    """The VEVENT for ``event`` plus one cancelled VEVENT per cancelled occurrence."""
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
    return components


@lru_cache(maxsize=512)
def _vtimezone(zone: str) -> str:
    """The VTIMEZONE block for ``zone``, as icalendar writes it."""
    cal = icalendar.Calendar()
    probe = icalendar.Event()
    probe.add("dtstart", datetime(2000, 1, 1, tzinfo=zoneinfo.ZoneInfo(zone)))
    cal.add_component(probe)
    cal.add_missing_timezones()
    return b"".join(tz.to_ical() for tz in cal.walk("VTIMEZONE")).decode()


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


def _zone_of(prop, default_tz: str) -> str:
    """The IANA zone a date-time property was written in, or ``default_tz``."""
    tzinfo = getattr(prop.dt, "tzinfo", None)
    key = getattr(tzinfo, "key", None)
    if key and is_valid_timezone(key):
        return key
    if tzinfo is not None and tzinfo.utcoffset(prop.dt) == timedelta(0) and key is None:
        return "UTC"
    tzid = prop.params.get("TZID")
    if tzid and is_valid_timezone(tzid):
        return tzid
    # Outlook and Exchange publish Windows zone names ("W. Europe Standard Time").
    if tzid and is_valid_timezone(WINDOWS_TO_OLSON.get(tzid, "")):
        return WINDOWS_TO_OLSON[tzid]
    return default_tz


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


def values_from_vevent(vevent, default_tz: str) -> tuple[dict, str]:
    """(normalised values, zone name) of a master VEVENT; raises ValueError when unusable."""
    start_prop = vevent.get("dtstart")
    if start_prop is None:
        raise ValueError("it has no DTSTART")
    start_value = start_prop.dt
    all_day = not isinstance(start_value, datetime)
    tz = _zone_of(start_prop, default_tz)
    end_prop = vevent.get("dtend")
    if end_prop is not None:
        end_value = end_prop.dt
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
        return _aware(value, tz).astimezone(UTC)

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
        "description": _text(vevent, "description"),
        "category": category,
        "tags": tags,
        "is_all_day": all_day,
        "start": moment(start_value),
        "end": moment(end_value),
        "timezone": None if all_day else tz,
        "recurrence_rule": rrule.to_ical().decode() if rrule is not None else "",
        "excluded_dates": sorted(moment(item.dt) for item in _date_list(vevent, "exdate")),
        "cancelled_occurrences": [],
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


def parse_calendar(data: bytes) -> ParsedCalendar:
    """Read every event of an ICS document; unusable events are listed in ``skipped``."""
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise ICSFormatError(f"This is not a readable iCalendar file: {exc}") from exc
    if isinstance(cal, list) or cal.name != "VCALENDAR":
        raise ICSFormatError("This is not an iCalendar file: it has no single VCALENDAR.")
    default_tz = _text(cal, "x-wr-timezone")
    if not is_valid_timezone(default_tz):
        default_tz = "UTC"
    result = ParsedCalendar()
    by_uid: dict[str, ParsedEvent] = {}
    overrides = []
    for vevent in cal.walk("VEVENT"):
        uid = _text(vevent, "uid")
        label = uid or _text(vevent, "summary") or "(an event without UID)"
        if not uid:
            result.skipped.append((label, "it has no UID, so re-imports could not match it"))
            continue
        if vevent.get("recurrence-id") is not None:
            overrides.append(vevent)
            continue
        try:
            values, tz = values_from_vevent(vevent, default_tz)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            result.skipped.append((label, f"it cannot be read: {exc}"))
            continue
        if uid in by_uid:
            result.skipped.append((label, "its UID appears twice in the file"))
            continue
        by_uid[uid] = ParsedEvent(uid=uid, values=values, timezone=tz)
        result.events.append(by_uid[uid])
    for vevent in overrides:
        uid = _text(vevent, "uid")
        master = by_uid.get(uid)
        if master is None:
            result.skipped.append((uid, "a changed occurrence whose series is not in the file"))
            continue
        if _text(vevent, "status").upper() != "CANCELLED":
            result.skipped.append(
                (uid, "a single occurrence changed in the source; the series is kept as is")
            )
            continue
        prop = vevent.get("recurrence-id")
        if master.values["is_all_day"]:
            value = prop.dt.date() if isinstance(prop.dt, datetime) else prop.dt
        else:
            value = _aware(prop.dt, _zone_of(prop, master.timezone)).astimezone(UTC)
        master.values["cancelled_occurrences"].append(value)
    for parsed in result.events:
        parsed.values["cancelled_occurrences"].sort()
    return result


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
    for name in (
        "attendance_mode", "venue_name", "venue_address", "city", "country", "website_url",
        "registration_url",
    ):  # fmt: skip
        setattr(event, name, values[name])
