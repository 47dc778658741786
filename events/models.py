import re
import uuid
import zoneinfo
from datetime import MAXYEAR, UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.timezone import now as django_now

from community.countries import COUNTRIES, COUNTRY_NAMES
from community.markup import text_length_constraint
from community.predicates import matches
from community.workflow import ActionRefused, TransitionRecord, Workflow, WorkflowModel
from representatives.models import Region

# Rendered as Markdown on every page view and feed (README.md, "Limits").
DESCRIPTION_MAX_LENGTH = 10_000


@lru_cache(maxsize=1)
def valid_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_timezone(name: str) -> bool:
    return name in valid_timezones()


def new_uid() -> str:
    return f"{uuid.uuid4()}@community.python.org"


class Calendar(models.Model):
    """One of the two public calendars; its volunteers moderate its events."""

    PYTHON_EVENTS = "python-events"
    USER_GROUP_EVENTS = "user-group-events"

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_calendars",
        help_text="Calendar volunteers who moderate this calendar's events.",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:calendar", kwargs={"calendar": self.slug})

    @property
    def listing_heading(self) -> str:
        """What the calendar holds, as lists that show the two apart call it."""
        return {
            self.PYTHON_EVENTS: "Conferences, sprints and workshops",
            self.USER_GROUP_EVENTS: "User group meetups",
        }.get(self.slug, self.name)


class EventStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"
    ARCHIVED = "archived", "Archived"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EventActor(models.TextChoices):
    SUBMITTER = "submitter", "Submitter"
    # A volunteer of the event's calendar, or a superuser.
    VOLUNTEER = "volunteer", "Calendar volunteer"
    # The feed importer and management commands.
    SYSTEM = "system", "System"


# Who may move an event from which status to which. A rejected event goes back to the
# queue when its submitter resubmits it (edited); an archived one is gone from every
# public page and feed; a withdrawn one is the submitter's own "never mind".
WORKFLOW = Workflow(
    EventStatus,
    {
        (EventStatus.SUBMITTED, EventStatus.PUBLISHED): {EventActor.VOLUNTEER},
        (EventStatus.SUBMITTED, EventStatus.REJECTED): {EventActor.VOLUNTEER},
        (EventStatus.SUBMITTED, EventStatus.ARCHIVED): {EventActor.VOLUNTEER, EventActor.SYSTEM},
        (EventStatus.SUBMITTED, EventStatus.WITHDRAWN): {EventActor.SUBMITTER},
        (EventStatus.PUBLISHED, EventStatus.CANCELLED): {EventActor.VOLUNTEER, EventActor.SYSTEM},
        (EventStatus.PUBLISHED, EventStatus.ARCHIVED): {EventActor.VOLUNTEER},
        (EventStatus.CANCELLED, EventStatus.PUBLISHED): {EventActor.VOLUNTEER, EventActor.SYSTEM},
        (EventStatus.CANCELLED, EventStatus.ARCHIVED): {EventActor.VOLUNTEER},
        (EventStatus.REJECTED, EventStatus.ARCHIVED): {EventActor.VOLUNTEER},
        (EventStatus.REJECTED, EventStatus.SUBMITTED): {EventActor.SUBMITTER},
    },
    noun="event",
)

# Shown on public pages and in feeds. Cancelled events stay listed so that
# calendar apps that subscribed learn about the cancellation.
PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)
# The public rule, the one definition: ``Event.objects.public()`` (every list, grid and
# feed) filters with it and ``Event.is_public`` (the event's page) evaluates it.
PUBLIC_EVENTS = Q(status__in=PUBLIC_STATUSES)


def _snapshot(pairs) -> dict:
    # Copies of lists, so editing a list field in place still counts as a change.
    return {name: list(value) if isinstance(value, list) else value for name, value in pairs}


# --- how far ahead, how often ------------------------------------------------------------

# Before this year no event is accepted: converting year-1 dates between zones overflows.
EARLIEST_EVENT_YEAR = 1900
# A series repeats at most daily: FREQ=MINUTELY from 2000 took 134 s and 861 MB to import,
# FREQ=SECONDLY never finished, and pages showing such a series timed out.
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RULE_PARTS = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTHDAY", "BYYEARDAY",
     "BYWEEKNO", "BYMONTH", "BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND"}
)  # fmt: skip
MAX_RULE_INTERVAL = 99
_RULE_TEXT = re.compile(r"[A-Z0-9=;,+-]{1,500}")
_UNTIL_TEXT = re.compile(r"(\d{8})(?:T(\d{6})Z?)?")


def horizon_end(now=None) -> datetime:
    """The latest moment an event date may have: ``EVENT_HORIZON_YEARS`` from now."""
    return (now or timezone.now()) + relativedelta(years=settings.EVENT_HORIZON_YEARS)


def validate_within_horizon(value, *, now=None) -> None:
    """Refuse a date or datetime past the horizon (or before 1900): the one check that
    forms, the admin and the importer apply to every date of an event."""
    limit = horizon_end(now)
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = value.replace(tzinfo=UTC)
        too_late = value > limit
    else:
        too_late = value > limit.date()
    if too_late:
        raise ValidationError(
            f"Dates more than {settings.EVENT_HORIZON_YEARS} years ahead are not accepted; "
            f"the latest is {limit:%Y-%m-%d}.",
            code="beyond_horizon",
        )
    if value.year < EARLIEST_EVENT_YEAR:
        raise ValidationError(
            f"Dates before {EARLIEST_EVENT_YEAR} are not accepted.", code="before_horizon"
        )


def max_rule_count() -> int:
    """COUNT above this could not fit in the horizon even at one meeting a day."""
    return settings.EVENT_HORIZON_YEARS * 366


def validate_recurrence_rule(text: str, *, now=None) -> None:
    """Refuse an RRULE the site does not expand: finer than daily, more than one time of
    day, an INTERVAL, COUNT or UNTIL that reaches past the horizon, or unknown parts.

    Checked on the text, before dateutil sees it, so a refused rule is never expanded.
    """
    upper = text.upper()
    if not _RULE_TEXT.fullmatch(upper):
        raise ValidationError("Write the rule as NAME=VALUE parts separated by semicolons.")
    parts = {}
    for part in upper.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not value:
            raise ValidationError(f"“{part}” is not a NAME=VALUE part.")
        if name not in RULE_PARTS:
            raise ValidationError(f"{name} is not supported in a recurrence rule.")
        if name in parts:
            raise ValidationError(f"{name} appears twice.")
        parts[name] = value
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            f"Events repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY), "
            f"not FREQ={freq or '(missing)'}.",
            code="frequency",
        )
    for name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        if "," in parts.get(name, ""):
            raise ValidationError(f"An event meets once a day at most: {name} takes one value.")
    if not parts.get("INTERVAL", "1").isdigit() or not (
        1 <= int(parts.get("INTERVAL", "1")) <= MAX_RULE_INTERVAL
    ):
        raise ValidationError(f"INTERVAL must be a whole number from 1 to {MAX_RULE_INTERVAL}.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError("Give COUNT or UNTIL, not both.")
    if "COUNT" in parts and (
        not parts["COUNT"].isdigit() or not 1 <= int(parts["COUNT"]) <= max_rule_count()
    ):
        raise ValidationError(f"COUNT must be a whole number from 1 to {max_rule_count()}.")
    if "UNTIL" in parts:
        match = _UNTIL_TEXT.fullmatch(parts["UNTIL"])
        try:
            digits = match.group(1) if match else ""
            until = date(int(digits[:4]), int(digits[4:6]), int(digits[6:])) if digits else None
        except ValueError:
            until = None
        if until is None:
            raise ValidationError("UNTIL must be a date such as 20271231T235959Z.")
        try:
            validate_within_horizon(until, now=now)
        except ValidationError as exc:
            what = "The series ends too late" if exc.code == "beyond_horizon" else "UNTIL"
            raise ValidationError(f"{what}: {exc.messages[0]}") from None


@lru_cache(maxsize=4096)
def parsed_rule(text: str, dtstart: datetime, zone: str):
    """``rrulestr`` kept per process, like compiled regular expressions: parsing took a
    quarter of the time a page spends placing a series' occurrences. dateutil's rules
    are not changed by iterating them (``replace`` returns a new one), so sharing is safe.

    ``zone`` is part of the key because aware datetimes compare (and hash) by instant:
    09:00 in Berlin and 08:00 UTC would share a rule that repeats at the wrong wall time.
    Rules are parsed without dateutil's ``cache=True``: it kept every date a rule ever
    generated, so 4,096 cached rules had no bound on memory. A rule is only ever expanded
    inside the window a page shows, which is cheap to redo.
    """
    return rrulestr(text, dtstart=dtstart)


def restarted_near(rule, moment):
    """``rule`` restarted a whole number of its periods later, shortly before ``moment``.

    dateutil walks a rule from its first occurrence, so a weekly meetup running for
    ten years took 520 steps each time a page showed its next meeting. A rule that does
    not count its occurrences yields the same dates from any start a whole number of
    periods on. A period of a fixed number of days (DAILY, WEEKLY) is added to the aware
    local start, which keeps its wall time across DST changes; a MONTHLY or YEARLY rule
    restarts on the first day of its period, with the day (and month) that dateutil
    would have taken from the old start given explicitly.
    """
    if not isinstance(rule, rrule) or rule._count is not None:
        return rule
    start = rule._dtstart
    if rule._freq in (DAILY, WEEKLY):
        period = timedelta(days=rule._interval * (7 if rule._freq == WEEKLY else 1))
        periods = (moment - start) // period - 1
        if periods <= 0:
            return rule
        return rule.replace(dtstart=start + periods * period)
    if rule._freq not in (MONTHLY, YEARLY):
        return rule
    months = rule._interval * (12 if rule._freq == YEARLY else 1)
    local = moment.astimezone(start.tzinfo) if start.tzinfo else moment
    first_month = start.month if rule._freq == MONTHLY else 1
    periods = ((local.year - start.year) * 12 + local.month - first_month) // months - 1
    if periods <= 0:
        return rule
    derived = {}
    if "bymonthday" in rule._original_rule and rule._original_rule["bymonthday"] is None:
        derived["bymonthday"] = start.day
    if "bymonth" in rule._original_rule and rule._original_rule["bymonth"] is None:
        derived["bymonth"] = start.month
    restart = start.replace(month=first_month, day=1) + relativedelta(months=periods * months)
    return rule.replace(dtstart=restart, **derived)


# The Gregorian calendar repeats every 400 years, to the weekday and leap day.
_CALENDAR_CYCLE_YEARS = 400


def rule_starts(rule, after, before, *, last=None, limit=None) -> list[datetime]:
    """The starts ``rule`` itself yields in [after, before), at most ``limit``.

    Restarted near ``after`` and stopped at ``before`` (or ``last``, the final start of a
    counted series), so the work is the window's whatever the series' age. dateutil only
    checks UNTIL against dates a rule matches, so a rule that never matches
    (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) walked on to the year 9999 for 6 s. The window
    is therefore moved a whole number of 400-year cycles towards 9999, where that walk
    ends within one cycle, and the dates found are moved back.
    """
    stop = before if last is None else min(before, last)
    if rule._until is not None:
        stop = min(stop, rule._until)
    if stop < rule._dtstart or stop < after:
        return []
    zone = rule._dtstart.tzinfo

    def wall(moment):
        return moment.astimezone(zone).replace(tzinfo=None) if zone else moment

    cycles = max((MAXYEAR - 1 - wall(stop).year) // _CALENDAR_CYCLE_YEARS, 0)
    shift = relativedelta(years=cycles * _CALENDAR_CYCLE_YEARS)
    # With COUNT turned into ``last`` (or a stop), the rule may restart near the window too.
    uncounted = rule if rule._count is None else rule.replace(count=None)
    restarted = restarted_near(uncounted, after)
    moved = restarted.replace(
        dtstart=wall(restarted._dtstart) + shift, until=wall(stop) + shift, count=None
    )
    starts = []
    for start in moved.xafter(wall(after) + shift, inc=True, count=limit):
        start = (start - shift).replace(tzinfo=zone)
        if start >= before:
            break
        starts.append(start)
    return starts


@lru_cache(maxsize=4096)
def counted_series_last_start(text: str, dtstart: datetime, zone: str):
    """(last start, complete) of a series with COUNT, found by walking at most
    ``EVENT_HORIZON_YEARS`` of the rule.

    COUNT bounds the meetings the rule makes; a DTSTART the rule does not make is one
    more, as recurring_ical_events (and the calendar apps the tests compare with) expand
    it. ``complete`` is False when COUNT was not reached within that span; such a series
    is refused by ``Event.clean`` and, where it was saved anyway, ends there.
    """
    rule = parsed_rule(text, dtstart, zone)
    cap = dtstart + relativedelta(years=settings.EVENT_HORIZON_YEARS)
    starts = rule_starts(rule, dtstart, cap + timedelta(seconds=1), limit=rule._count)
    return (starts[-1] if starts else dtstart), len(starts) == rule._count


@lru_cache(maxsize=8192)
def window_rule_starts(text: str, dtstart: datetime, zone: str, after, before, limit):
    """The starts a valid rule (``Event.rrule``) itself yields in [after, before), at most
    ``limit``, kept per process like ``parsed_rule``.

    A month grid asks the same question of each series on every request for that month
    (the window is the month's, less the event's duration), and the expansion was a
    quarter of the page's time. The answer depends on nothing but these arguments, and
    a tuple of a few datetimes is small, so 8,192 windows stay within a few megabytes.
    """
    rule = parsed_rule(text, dtstart, zone)
    last = None
    if rule._count is not None:
        last = counted_series_last_start(text, dtstart, zone)[0]
    return tuple(rule_starts(rule, after, before, last=last, limit=limit))


@lru_cache(maxsize=4096)
def rule_meets(text: str, dtstart: datetime, zone: str) -> bool:
    """Whether the rule's pattern (whatever its COUNT or UNTIL) makes a meeting other than
    DTSTART within ``EVENT_HORIZON_YEARS`` of it.

    ``Event.clean`` refuses a rule that does not. One stored before that check would cost
    every page showing it a walk through a 400-year calendar cycle (about a second), so
    pages find it out once per process and show its DTSTART only.
    """
    rule = parsed_rule(text, dtstart, zone)
    pattern = rule.replace(count=None, until=None)
    span = dtstart + relativedelta(years=settings.EVENT_HORIZON_YEARS)
    return any(start != dtstart for start in rule_starts(pattern, dtstart, span, limit=2))


def title_slug(title: str) -> str:
    """The readable part of an event's URL (search engines and readers; never looked up)."""
    return slugify(title)[:60] or "event"


@lru_cache(maxsize=8192)
def event_path(script_prefix, urlconf, calendar: str, pk: int, title: str) -> str:
    """An event page's path, kept per process: lists and the month grid show up to 200
    events a page, and reversing and slugifying each was a fifth of the month grid's
    time. The prefix and urlconf are in the key because ``reverse`` reads them."""
    return reverse(
        "events:event-detail",
        kwargs={"calendar": calendar, "pk": pk, "slug": title_slug(title)},
        urlconf=urlconf,
    )


class Occurrence(NamedTuple):
    """One meeting as pages show it: local start and end, whether it is cancelled, and
    its own title when it was retitled ("" for the event's)."""

    start: datetime
    end: datetime
    is_cancelled: bool
    title: str = ""


class MovedOccurrence(NamedTuple):
    """Where an occurrence of a series went: its new (UTC) start and end, its own title."""

    start: datetime
    end: datetime
    title: str


MOVED_TITLE_MAX_LENGTH = 200


def moved_occurrence_entry(*, original, start, end, title: str = "") -> dict:
    """The ``Event.moved_occurrences`` entry of one moved (or retitled) occurrence."""
    return {
        "original": original.astimezone(UTC).isoformat(),
        "start": start.astimezone(UTC).isoformat(),
        "end": end.astimezone(UTC).isoformat(),
        "title": title,
    }


def _moves_from_json(entries) -> dict[datetime, MovedOccurrence]:
    """``Event.moved_occurrences`` by original start; ValueError on a malformed entry."""
    moves = {}
    for entry in entries or ():
        if not isinstance(entry, dict):
            raise ValueError("each moved occurrence is an object")
        original, start, end = (
            datetime.fromisoformat(entry[name]) for name in ("original", "start", "end")
        )
        title = entry.get("title") or ""
        if not isinstance(title, str) or len(title) > MOVED_TITLE_MAX_LENGTH:
            raise ValueError("a moved occurrence's title is text of at most 200 characters")
        if any(timezone.is_naive(value) for value in (original, start, end)):
            raise ValueError("a moved occurrence's times carry their offset")
        if end <= start:
            raise ValueError("a moved occurrence must end after it starts")
        moves[original] = MovedOccurrence(start, end, title)
    return moves


def not_over_at(now) -> Q:
    """The condition of ``EventQuerySet.not_over``, to combine with others in one filter."""
    return Q(end__gte=now) | (
        ~Q(recurrence_rule="") & (Q(series_end__isnull=True) | Q(series_end__gte=now))
    )


def with_shown_dates(events, now=None) -> list[tuple]:
    """Each event with the local dates to show (``Event.shown_dates``): (event, start, end)."""
    now = now or timezone.now()
    return [(event, *event.shown_dates(now)) for event in events]


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events anyone may see (``PUBLIC_EVENTS``)."""
        return self.filter(PUBLIC_EVENTS)

    def recurring(self):
        return self.exclude(recurrence_rule="")

    def not_over(self, now=None):
        """Events (or series) with something left to happen: not yet ended, or recurring on."""
        return self.filter(not_over_at(now or timezone.now()))

    def upcoming(self, now=None):
        """Public events still to come, soonest first: a series by its next occurrence,
        an event under way by its start."""
        return self.public().not_over(now).order_by(F("next_start").asc(nulls_last=True), "pk")

    def due_for_reorder(self, now=None):
        """Series whose stored next occurrence is over: they sort too early until
        ``refresh_next_starts`` moves them on. An occurrence under way keeps its place,
        as an event under way sorts by its start (recomputing it would find it again)."""
        now = now or timezone.now()
        return (
            self.recurring()
            .not_over(now)
            .alias(next_end=F("next_start") + (F("end") - F("start")))
            .filter(next_end__lt=now)
        )

    def refresh_next_starts(self, now=None) -> int:
        """Store the next occurrence of every series that is due (see above); the count."""
        now = now or timezone.now()
        due = list(self.due_for_reorder(now))
        for event in due:
            event.next_start = event.compute_next_start(now)
        Event.objects.bulk_update(due, ["next_start"], batch_size=500)
        return len(due)

    def past(self, now=None):
        """Public events that are over, most recent first."""
        now = now or timezone.now()
        return (
            self.public()
            .filter(end__lt=now)
            .filter(Q(recurrence_rule="") | Q(series_end__lt=now))
            .order_by("-start", "-pk")
        )

    def overlapping(self, start, end):
        """Public events or series with an occurrence that may fall in [start, end)."""
        return self.public().filter(
            Q(start__lt=end)
            & (
                Q(end__gte=start)
                | (~Q(recurrence_rule="") & (Q(series_end__isnull=True) | Q(series_end__gte=start)))
            )
        )

    def soonest(self, limit: int, *, candidates: int = 25, now=None) -> list[tuple]:
        """The ``limit`` soonest (event, start, end) rows of these events (``upcoming()``),
        a series placed by its next meeting.

        The database sorts a series by the next meeting stored at its last refresh (hourly),
        which may have begun since; looking a little further and sorting by the occurrence
        shown keeps the home page exact in between.
        """
        rows = with_shown_dates(self[:candidates], now)
        return sorted(rows, key=lambda row: (row[1], row[0].pk))[:limit]

    def submitted_by(self, user):
        return self.filter(submitted_by=user).order_by("-created_at")

    def moderated_by(self, user):
        """The events ``user`` may moderate: every one for a superuser, else their calendars'."""
        if user.is_superuser:
            return self
        return self.filter(calendar__volunteers=user)

    def waiting(self):
        """The moderation queue: submissions waiting for a volunteer, oldest first."""
        return self.filter(status=EventStatus.SUBMITTED).order_by("created_at", "pk")

    def duplicates_of(self, *, title: str, start, website_url: str = "", exclude_pk=None):
        """Events a new submission would repeat: the same title and start, or the same
        website. Archived and withdrawn events are gone and do not count."""
        same = Q(title__iexact=title.strip(), start=start)
        if website_url:
            same |= Q(website_url=website_url)
        gone = (EventStatus.ARCHIVED, EventStatus.WITHDRAWN)
        found = self.exclude(status__in=gone).filter(same)
        if exclude_pk is not None:
            found = found.exclude(pk=exclude_pk)
        return found.select_related("calendar").order_by("start", "pk")

    def submissions_since(self, user, since):
        return self.filter(submitted_by=user, created_at__gte=since)

    def with_duplicate_flag(self):
        """Annotate ``has_duplicates`` on submissions: another event with a similar title and
        overlapping dates, or the same website. Only the queue is checked, which keeps the
        admin list fast at 10,000 events."""
        others = Event.objects.exclude(pk=OuterRef("pk")).exclude(status=EventStatus.ARCHIVED)
        similar = others.filter(
            title__trigram_similar=OuterRef("title"),
            start__lt=OuterRef("end"),
            end__gt=OuterRef("start"),
        )
        same_url = others.exclude(website_url="").filter(website_url=OuterRef("website_url"))
        return self.annotate(
            has_duplicates=Case(
                When(status=EventStatus.SUBMITTED, then=Exists(similar) | Exists(same_url)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class Event(WorkflowModel, models.Model):
    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid (in person and online)"

    class Category(models.TextChoices):
        CONFERENCE = "conference", "Conference"
        MEETUP = "meetup", "Meetup"
        SPRINT = "sprint", "Sprint"
        WORKSHOP = "workshop", "Workshop"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    Status = EventStatus
    workflow = WORKFLOW
    history_model = "EventStatusChange"
    history_fk = "event"

    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT, related_name="events")
    uid = models.CharField(
        "iCalendar UID",
        max_length=255,
        default=new_uid,
        help_text="Stable identifier that calendar apps use to recognise the event.",
    )
    sequence = models.PositiveIntegerField(
        default=0, help_text="iCalendar SEQUENCE, raised on every change to a public event."
    )
    title = models.CharField(max_length=200)
    description = models.TextField(
        blank=True, max_length=DESCRIPTION_MAX_LENGTH, help_text="Markdown."
    )
    category = models.CharField(max_length=20, choices=Category, default=Category.CONFERENCE)
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True)

    is_all_day = models.BooleanField(default=False)
    # Aware datetimes (stored in UTC); the event's own zone beside them. An
    # all-day event runs from midnight of its first day to midnight after its
    # last day, in its zone.
    start = models.DateTimeField()
    end = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC")
    recurrence_rule = models.CharField(
        "recurrence (RRULE)",
        max_length=500,
        blank=True,
        help_text="iCalendar RRULE such as FREQ=WEEKLY;BYDAY=TU, empty for a one-off event.",
    )
    excluded_dates = ArrayField(
        models.DateTimeField(),
        default=list,
        blank=True,
        help_text="Occurrences (their start) that are not part of the series (EXDATE).",
    )
    cancelled_occurrences = ArrayField(
        models.DateTimeField(),
        default=list,
        blank=True,
        help_text="Occurrences (their start) that were announced and then cancelled.",
    )
    # Occurrences moved or retitled (an iCalendar override, or a volunteer's change): each
    # {"original": the RECURRENCE-ID instant, "start", "end" (ISO, UTC), "title" ("" keeps
    # the series' title)}. Kept on the row, not in a table of their own, so every list,
    # grid and feed that loads events places them without another query.
    moved_occurrences = models.JSONField(
        default=list,
        blank=True,
        help_text="Occurrences (by their original start) moved to another time or retitled.",
    )
    # End of the last occurrence of a series, NULL for a series without end.
    series_end = models.DateTimeField(null=True, blank=True, editable=False)
    # Where the event sorts in upcoming lists: its start, or for a series the start of
    # its next occurrence when last computed (on save, then hourly by
    # `manage.py refresh_event_order`). NULL for a series with nothing left.
    next_start = models.DateTimeField(null=True, blank=True, editable=False)

    attendance_mode = models.CharField(
        max_length=10, choices=AttendanceMode, default=AttendanceMode.IN_PERSON
    )
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRIES, blank=True)
    region = models.ForeignKey(
        "representatives.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )

    website_url = models.URLField(max_length=500, blank=True)
    registration_url = models.URLField(max_length=500, blank=True)
    cfp_deadline = models.DateField("CFP deadline", null=True, blank=True)
    is_featured = models.BooleanField(default=False)

    # Never public: not on pages, in feeds, JSON or ICS.
    organiser_name = models.CharField(max_length=150, blank=True)
    organiser_email = models.EmailField(blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_events",
    )
    source_group = models.ForeignKey(
        "representatives.UserGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text="The user group whose feed this event was imported from.",
    )
    status = models.CharField(max_length=10, choices=EventStatus, default=EventStatus.SUBMITTED)
    rejection_reason = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # ``timezone`` is a field name here, so the module is reached by its full path.
    created_at = models.DateTimeField(default=django_now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Stored for the site search (community/search.py): computing it per row cost a scan
    # of every event's description at 10,000 events.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("city", weight="B", config="english")
        + SearchVector("description", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()

    # Fields calendar apps see: changing one on a public event raises SEQUENCE.
    FEED_FIELDS = (
        "title", "description", "category", "tags", "is_all_day", "start", "end", "timezone",
        "recurrence_rule", "excluded_dates", "cancelled_occurrences", "moved_occurrences",
        "attendance_mode", "venue_name", "venue_address", "city", "country", "website_url",
        "registration_url", "cfp_deadline",
    )  # fmt: skip

    # What a submitter writes (the submission form's fields as stored): the edits an
    # event carries into ``event_resubmit`` and ``event_update``.
    SUBMITTER_FIELDS = (
        "calendar_id", "title", "category", "description", "tags", "is_all_day", "start",
        "end", "timezone", "recurrence_rule", "attendance_mode", "venue_name",
        "venue_address", "city", "country", "region_id", "website_url", "registration_url",
        "cfp_deadline", "organiser_name", "organiser_email",
    )  # fmt: skip

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "uid"], name="event_uid_unique_per_calendar"
            ),
            text_length_constraint(
                "description", DESCRIPTION_MAX_LENGTH, name="event_description_length"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in EventStatus]),
                name="event_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=EventStatus.REJECTED) | ~Q(rejection_reason=""),
                name="event_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "end"], name="event_status_end"),
            models.Index(
                fields=["calendar", "status", "start"], name="event_calendar_status_start"
            ),
            # Lists of upcoming public events read these in order and stop after a
            # page; the planner falls back to a sort when past events outnumber them.
            models.Index(
                fields=["next_start", "id"],
                condition=PUBLIC_EVENTS,
                name="event_public_next_start",
            ),
            models.Index(
                fields=["calendar", "next_start", "id"],
                condition=PUBLIC_EVENTS,
                name="event_calendar_next_start",
            ),
            # The country filter's menu (public_event_countries): a loose index scan.
            models.Index(
                fields=["country"],
                condition=Q(status__in=PUBLIC_STATUSES),
                name="event_public_country",
            ),
            models.Index(fields=["website_url"], name="event_website_url"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="event_title_trgm"),
            GinIndex(fields=["search_vector"], name="event_search_gin", fastupdate=False),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Calendar apps only replace their copy when SEQUENCE goes up.
        if self.is_public and self.feed_fields_changed():
            self.sequence += 1
        self.series_end = self.compute_series_end()
        self.next_start = self.compute_next_start()
        # Its VEVENT text is stored after the save (events.stored_vevents.store_saved).
        super().save(*args, **kwargs)
        self._loaded_feed_values = _snapshot(
            (name, getattr(self, name)) for name in self.FEED_FIELDS
        )

    def get_absolute_url(self):
        return event_path(
            get_script_prefix(), get_urlconf(), self.calendar.slug, self.pk, self.title
        )

    def clean(self):
        errors = {}
        if not is_valid_timezone(self.timezone):
            errors["timezone"] = "Use an IANA time zone name such as Europe/Berlin."
        for name in ("start", "end", "cfp_deadline"):
            value = getattr(self, name)
            if value:
                try:
                    validate_within_horizon(value)
                except ValidationError as exc:
                    errors[name] = exc.messages
        if self.start and self.end and self.end <= self.start and "end" not in errors:
            errors["end"] = "The event must end after it starts."
        try:
            moves = _moves_from_json(self.moved_occurrences)
        except (ValueError, TypeError, KeyError) as exc:
            errors["moved_occurrences"] = f"A moved occurrence cannot be read: {exc}"
        else:
            for move in moves.values():
                try:
                    validate_within_horizon(move.start)
                    validate_within_horizon(move.end)
                except ValidationError as exc:
                    errors["moved_occurrences"] = exc.messages
                    break
        for name in ("excluded_dates", "cancelled_occurrences"):
            for value in getattr(self, name) or ():
                try:
                    validate_within_horizon(value)
                except ValidationError as exc:
                    errors[name] = exc.messages
                    break
        if self.recurrence_rule and self.start and not {"timezone", "start"} & set(errors):
            try:
                self.validate_series()
            except ValidationError as exc:
                errors["recurrence_rule"] = exc.messages
        for name in ("website_url", "registration_url"):
            url = getattr(self, name)
            if url and not url.lower().startswith(("http://", "https://")):
                errors[name] = "Use an http:// or https:// address."
        if self.cfp_deadline and self.start and "timezone" not in errors:
            first_day = self.local_start.date()
            if self.cfp_deadline > first_day:
                errors["cfp_deadline"] = (
                    "The call for proposals must close by the event's first day "
                    f"({first_day:%-d %B %Y})."
                )
        self._clean_region(errors)
        if errors:
            raise ValidationError(errors)

    def validate_series(self) -> None:
        """Refuse a recurrence the site does not list (``validate_recurrence_rule``), one
        dateutil cannot read, or a COUNT whose last meeting lies past the horizon."""
        validate_recurrence_rule(self.recurrence_rule)
        try:
            rule = rrulestr(self.recurrence_rule, dtstart=self.local_start)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValidationError(f"This RRULE cannot be used: {exc}") from None
        if not rule_meets(self.recurrence_rule, self.local_start, self.timezone):
            raise ValidationError(
                f"This rule makes no meeting within {settings.EVENT_HORIZON_YEARS} years "
                "of the first one (e.g. February 30th)."
            )
        if rule._count is None:
            return
        last, complete = counted_series_last_start(
            self.recurrence_rule, self.local_start, self.timezone
        )
        if not complete:
            raise ValidationError(
                f"A series with COUNT must hold its meetings within "
                f"{settings.EVENT_HORIZON_YEARS} years of the first one."
            )
        try:
            validate_within_horizon(last)
        except ValidationError as exc:
            raise ValidationError(f"The series ends too late: {exc.messages[0]}") from None

    def region_excludes_country(self) -> bool:
        """Whether the event's region is one whose countries do not include its country."""
        return (
            bool(self.country)
            and self.region_id is not None
            and self.region.contains_country(self.country) is False
        )

    def _clean_region(self, errors) -> None:
        """Derive the region from the country, and refuse a region that does not contain it."""
        if not self.country:
            return
        if self.region_id is None:
            self.region = Region.objects.for_country(self.country)
            return
        if self.region_excludes_country():
            errors["region"] = (
                f"{self.country_name} is not in the {self.region.name} region. "
                "Leave the region empty: it is found from the country."
            )

    @classmethod
    def from_db(cls, db, field_names, values):
        # Keeps the loaded feed fields (those not deferred) for feed_fields_changed(),
        # as Django's documentation shows for "customizing model loading".
        instance = super().from_db(db, field_names, values)
        loaded = instance.__dict__
        instance._loaded_feed_values = _snapshot(
            (name, loaded[name]) for name in cls.FEED_FIELDS if name in loaded
        )
        return instance

    def feed_fields_changed(self) -> bool:
        loaded = getattr(self, "_loaded_feed_values", None)
        if loaded is None:
            return False
        return any(getattr(self, name) != value for name, value in loaded.items())

    # --- display helpers -------------------------------------------------------

    @property
    def slug(self) -> str:
        return title_slug(self.title)

    @property
    def is_public(self) -> bool:
        """Whether ``Event.objects.public()`` includes this event (``PUBLIC_EVENTS``)."""
        return matches(PUBLIC_EVENTS, self)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence_rule)

    @property
    def is_online(self) -> bool:
        return self.attendance_mode != self.AttendanceMode.IN_PERSON

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.tzinfo)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.tzinfo)

    @property
    def last_day(self):
        """The last calendar day of an all-day event (its end is exclusive)."""
        return (self.local_end - timedelta(days=1)).date()

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, "")

    @property
    def location_text(self) -> str:
        """One line for calendar apps and listings; online-only events say so."""
        parts = [self.venue_name, self.venue_address, self.city, self.country_name]
        place = ", ".join(p for p in parts if p)
        if self.attendance_mode == self.AttendanceMode.ONLINE:
            return "Online"
        if self.attendance_mode == self.AttendanceMode.HYBRID:
            return f"{place} and online" if place else "Online"
        return place

    @property
    def map_url(self) -> str:
        """An OpenStreetMap search for the venue, for a map and directions ("" when there
        is no place to find). A link only: no tiles or scripts from elsewhere on our pages."""
        if self.attendance_mode == self.AttendanceMode.ONLINE:
            return ""
        # The street address finds the place; a venue's name only helps without one.
        street = self.venue_address or self.venue_name
        query = ", ".join(part for part in (street, self.city, self.country_name) if part)
        if not query:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    # --- recurrence ------------------------------------------------------------

    def rrule(self):
        """The dateutil rule, anchored at the local start so 09:00 stays 09:00 across DST.

        None for a one-off event, and for a rule the site refuses that was stored before
        it was refused (finer than daily, unreadable, never meeting): such a series shows
        its DTSTART only.
        """
        if not self.recurrence_rule:
            return None
        try:
            rule = parsed_rule(self.recurrence_rule, self.local_start, self.timezone)
        except (ValueError, TypeError, OverflowError):
            return None
        if not isinstance(rule, rrule) or rule._freq > DAILY:
            return None
        if not rule_meets(self.recurrence_rule, self.local_start, self.timezone):
            return None
        return rule

    def _counted_last_start(self, rule):
        if rule._count is None:
            return None
        return counted_series_last_start(self.recurrence_rule, self.local_start, self.timezone)[0]

    def last_start(self):
        """The local start of a series' last meeting; None while it goes on without end."""
        rule = self.rrule()
        if rule is None:
            return self.local_start
        if rule._count is not None:
            return self._counted_last_start(rule)
        if rule._until is None:
            return None
        # The last meeting on or before UNTIL, looked for backwards in growing windows
        # rather than by walking the rule from DTSTART.
        until = min(rule._until, horizon_end())
        for years in (1, 4, 16, 64):
            after = max(until - relativedelta(years=years), self.local_start)
            found = rule_starts(rule, after, until + timedelta(seconds=1))
            if found:
                return found[-1]
            if after == self.local_start:
                break
        return self.local_start

    def compute_series_end(self):
        if not self.recurrence_rule:
            return None
        last = self.last_start()
        if last is None:
            return None
        # A meeting moved past the series' last one ends the series later.
        return max([last + (self.end - self.start), *(m.end for m in self.moves().values())])

    def compute_next_start(self, now=None):
        """The start to sort by: the event's own, or a series' next occurrence not yet over."""
        if not self.recurrence_rule:
            return self.start
        found = self.next_occurrence(now)
        return found[0] if found else None

    def starts_between(self, after, before, limit=None) -> list[datetime]:
        """Local starts of a series' meetings in [after, before), EXDATEs included.

        DTSTART is a meeting even when the rule does not make it (RFC 5545: a "first
        Thursday" series starting on a 4th Thursday meets that day too), as calendar
        apps and recurring_ical_events show it; COUNT bounds the rule's own meetings.
        """
        first = self.local_start
        starts = []
        if self.rrule() is not None:
            starts = list(
                window_rule_starts(self.recurrence_rule, first, self.timezone, after, before, limit)
            )
        if after <= first < before and (not starts or starts[0] != first):
            starts = [first, *starts][:limit]
        return starts

    def moves(self) -> dict[datetime, MovedOccurrence]:
        """Moved or retitled occurrences by their original start (``moved_occurrences``);
        empty when the stored list cannot be read (``clean`` refuses such a list)."""
        try:
            return _moves_from_json(self.moved_occurrences)
        except (ValueError, TypeError, KeyError):
            return {}

    def occurrences(self, after, before, limit=500, *, include_cancelled=False):
        """The ``Occurrence``s that overlap [after, before), in order of their start.

        A moved occurrence is at its new time (and not at its original one); a cancelled
        occurrence of a series is left out unless ``include_cancelled`` (the event's own
        page shows it as cancelled).
        """
        duration = self.end - self.start
        if not self.recurrence_rule:
            if self.start < before and self.end > after:
                return [Occurrence(self.local_start, self.local_end, self.is_cancelled)]
            return []
        cancelled = set(self.cancelled_occurrences)
        moves = self.moves()
        excluded = set(self.excluded_dates)
        passed_over = excluded | set(moves) | (set() if include_cancelled else cancelled)
        found = []
        # Passed-over meetings are skipped after the fact, so ask for enough to fill ``limit``.
        generated = self.starts_between(after - duration, before, limit=limit + len(passed_over))
        for start in generated:
            if start in passed_over:
                continue
            is_cancelled = self.is_cancelled or start in cancelled
            found.append(Occurrence(start, start + duration, is_cancelled))
            if len(found) == limit:
                break
        zone = self.tzinfo
        for original, move in moves.items():
            if original in excluded or (original in cancelled and not include_cancelled):
                continue
            if move.start < before and move.end > after:
                is_cancelled = self.is_cancelled or original in cancelled
                found.append(
                    Occurrence(
                        move.start.astimezone(zone), move.end.astimezone(zone), is_cancelled,
                        move.title,
                    )
                )  # fmt: skip
        found.sort(key=lambda occurrence: occurrence.start)
        return found[:limit]

    @property
    def recurrence_text(self) -> str:
        """The common RRULEs in words ("Every month on the 2nd Wednesday"), else the rule."""
        parts = dict(p.split("=", 1) for p in self.recurrence_rule.split(";") if "=" in p)
        names = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
                 "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}  # fmt: skip
        ordinals = {"1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "-1": "last"}
        freq, interval, byday = parts.get("FREQ"), parts.get("INTERVAL", "1"), parts.get("BYDAY")
        unknown = set(parts) - {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"}
        text = self.recurrence_rule
        if unknown or (byday and "," in byday):
            return text
        if freq == "DAILY" and not byday:
            text = "Every day" if interval == "1" else f"Every {interval} days"
        elif freq == "WEEKLY" and (not byday or byday in names):
            day = names.get(byday or "", self.local_start.strftime("%A"))
            text = f"Every week on {day}" if interval == "1" else f"Every {interval} weeks on {day}"
        elif freq == "MONTHLY" and byday and interval == "1":
            nth, day = byday[:-2].lstrip("+"), byday[-2:]
            if nth in ordinals and day in names:
                text = f"Every month on the {ordinals[nth]} {names[day]}"
        elif freq == "MONTHLY" and not byday and interval == "1":
            text = f"Every month on day {self.local_start.day}"
        if "UNTIL" in parts and text != self.recurrence_rule:
            text += f", until {parts['UNTIL'][:4]}-{parts['UNTIL'][4:6]}-{parts['UNTIL'][6:8]}"
        elif "COUNT" in parts and text != self.recurrence_rule:
            text += f", {parts['COUNT']} times"
        return text

    def next_occurrence(self, now=None):
        """The first occurrence not yet over, or None."""
        now = now or timezone.now()
        found = self.occurrences(now, now + timedelta(days=3660), limit=1)
        return found[0] if found else None

    def shown_dates(self, now=None) -> tuple[datetime, datetime]:
        """The local (start, end) that pages and feeds show: a series' next occurrence not
        yet over, else the event's own dates (a one-off, or a series with nothing left)."""
        occurrence = self.next_occurrence(now) if self.is_recurring else None
        if occurrence:
            return occurrence[0], occurrence[1]
        return self.local_start, self.local_end

    # --- workflow hooks (community/workflow.py calls them on the locked row) ----------

    # What a status change writes: save_transition saves only these, so the rest of
    # save() (recurrence dates, feed-field comparison) is not redone for a status.
    TRANSITION_FIELDS = ("status", "rejection_reason", "published_at", "sequence", "updated_at")

    def check_transition(self, source, to, *, by, actor, reason, now) -> None:
        if to == EventStatus.REJECTED and not reason:
            raise ActionRefused("A rejection needs a reason for the submitter.")
        if actor == EventActor.SUBMITTER and (by is None or by.pk != self.submitted_by_id):
            raise ActionRefused("Only the person who submitted this event can do that.")

    def apply_transition(self, source, to, *, by, actor, reason, now) -> None:
        if to == EventStatus.REJECTED:
            self.rejection_reason = reason
        elif source == EventStatus.REJECTED:
            self.rejection_reason = ""  # resubmitted: the old reason no longer applies
        if to == EventStatus.PUBLISHED and self.published_at is None:
            self.published_at = now
        # Calendar apps only replace their copy when SEQUENCE goes up.
        if source in PUBLIC_STATUSES or to in PUBLIC_STATUSES:
            self.sequence += 1

    def save_transition(self) -> None:
        # Model.save: its post_save stores the new VEVENT text (SEQUENCE, STATUS) too.
        super().save(update_fields=self.TRANSITION_FIELDS)

    def can_be_edited_by_submitter(self) -> bool:
        return self.status == EventStatus.SUBMITTED

    def can_be_resubmitted(self) -> bool:
        """A rejected event its submitter may edit and send back to the queue."""
        return self.workflow.allows(self.status, EventStatus.SUBMITTED, EventActor.SUBMITTER)

    def can_be_withdrawn(self) -> bool:
        return self.workflow.allows(self.status, EventStatus.WITHDRAWN, EventActor.SUBMITTER)

    def possible_duplicates(self):
        """Other events that look like this one, most similar first (for volunteers)."""
        from django.contrib.postgres.search import TrigramSimilarity

        others = Event.objects.exclude(pk=self.pk).exclude(status=EventStatus.ARCHIVED)
        similar = Q(title__trigram_similar=self.title, start__lt=self.end, end__gt=self.start)
        if self.website_url:
            similar |= Q(website_url=self.website_url)
        return (
            others.filter(similar)
            .select_related("calendar")
            .annotate(similarity=TrigramSimilarity("title", self.title))
            .order_by("-similarity")[:10]
        )


def public_event_countries() -> list[str]:
    """The countries of public events, by code, for the filters' country menu.

    A loose index scan, as jobs.models.submitted_countries: each step asks
    event_public_country for the first code after the previous one, so the cost follows
    the number of countries, not of events.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE used(code) AS (
                (SELECT country FROM events_event
                 WHERE country > '' AND status = ANY(%(public)s) ORDER BY country LIMIT 1)
                UNION ALL
                SELECT (SELECT country FROM events_event
                        WHERE country > used.code AND status = ANY(%(public)s)
                        ORDER BY country LIMIT 1)
                FROM used WHERE used.code IS NOT NULL
            )
            SELECT code FROM used WHERE code IS NOT NULL
            """,
            {"public": [str(status) for status in PUBLIC_STATUSES]},
        )
        return [code for (code,) in cursor.fetchall()]


class RenderedVEvent(models.Model):
    """An event's VEVENT text as the ICS feeds serve it, stored whenever the event is saved.

    A feed of thousands of events is then one query and a join instead of seconds of
    rendering. Derived data, kept beside the event rather than in it so the pages that
    list events read narrow rows. A feed serves it only while ``event_updated_at`` and
    ``render_key`` still match (``events.stored_vevents.calendar_feed_to_ical``); otherwise it
    renders the event afresh, so a write path that forgets to store costs speed, not
    correctness.
    """

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="rendered_vevent"
    )
    text = models.TextField()
    event_updated_at = models.DateTimeField(
        help_text="The event's updated_at when the text was rendered."
    )
    render_key = models.CharField(
        max_length=32,
        help_text="Digest of what else the text depends on: format, libraries, site URL, calendar.",
    )

    def __str__(self):
        return f"VEVENT of event {self.event_id}"


class EventStatusChange(TransitionRecord):
    """One status change: who moved the event from which status to which, when and why."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="status_changes")
    # With the statuses as choices, so the admin shows their labels.
    from_status = models.CharField(max_length=30, choices=EventStatus, blank=True)
    to_status = models.CharField(max_length=30, choices=EventStatus)

    class Meta(TransitionRecord.Meta):
        pass
