import uuid
import zoneinfo
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from urllib.parse import urlencode

from dateutil.rrule import DAILY, WEEKLY, rrule, rrulestr
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import DEFERRED, Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.timezone import now as django_now

from community.countries import COUNTRIES, COUNTRY_NAMES


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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.__dict__.pop("_absolute_url", None)  # the slug may have changed

    def get_absolute_url(self):
        return self._absolute_url

    @property
    def listing_heading(self) -> str:
        """What the calendar holds, as lists that show the two apart call it."""
        return {
            self.PYTHON_EVENTS: "Conferences, sprints and workshops",
            self.USER_GROUP_EVENTS: "User group meetups",
        }.get(self.slug, self.name)

    @cached_property
    def _absolute_url(self):
        # Once per instance: every event of a month grid links through its calendar.
        return reverse("events:calendar", kwargs={"calendar": self.slug})


class EventStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"
    ARCHIVED = "archived", "Archived"


# Which status may follow which. A rejected event stays rejected (the submitter
# can submit again); an archived one is gone from every public page and feed.
TRANSITIONS = {
    EventStatus.SUBMITTED: {EventStatus.PUBLISHED, EventStatus.REJECTED, EventStatus.ARCHIVED},
    EventStatus.PUBLISHED: {EventStatus.CANCELLED, EventStatus.ARCHIVED},
    EventStatus.CANCELLED: {EventStatus.PUBLISHED, EventStatus.ARCHIVED},
    EventStatus.REJECTED: {EventStatus.ARCHIVED},
    EventStatus.ARCHIVED: set(),
}

# Shown on public pages and in feeds. Cancelled events stay listed so that
# calendar apps that subscribed learn about the cancellation.
PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


class InvalidTransition(Exception):
    """A status change the transition map does not allow (or someone changed it first)."""


def _snapshot(pairs) -> dict:
    # Copies of lists, so editing a list field in place still counts as a change.
    return {name: list(value) if isinstance(value, list) else value for name, value in pairs}


@lru_cache(maxsize=4096)
def parsed_rule(text: str, dtstart: datetime, zone: str):
    """``rrulestr`` kept per process, like compiled regular expressions: parsing took a
    quarter of the time a page spends placing a series' occurrences. dateutil's rules
    are not changed by iterating them (``replace`` returns a new one), so sharing is safe.

    ``zone`` is part of the key because aware datetimes compare (and hash) by instant:
    09:00 in Berlin and 08:00 UTC would share a rule that repeats at the wrong wall time.
    With ``cache=True`` a rule also keeps the dates it has generated, so the next page
    that places the same series reads them instead of walking the rule again.
    """
    return rrulestr(text, dtstart=dtstart, cache=True)


def restarted_near(rule, moment):
    """``rule`` restarted a whole number of its periods later, shortly before ``moment``.

    dateutil walks a rule from its first occurrence, so a weekly meetup running for
    ten years took 520 steps each time a page showed its next meeting. A rule whose
    period is a fixed number of days (DAILY, WEEKLY) and that does not count its
    occurrences yields the same dates from any start a whole number of periods on;
    adding days to the aware local start keeps its wall time across DST changes.
    """
    if not isinstance(rule, rrule) or rule._count is not None or rule._freq not in (DAILY, WEEKLY):
        return rule
    period = timedelta(days=rule._interval * (7 if rule._freq == WEEKLY else 1))
    periods = (moment - rule._dtstart) // period - 1
    if periods <= 0:
        return rule
    return rule.replace(dtstart=rule._dtstart + periods * period)


def not_over_at(now) -> Q:
    """The condition of ``EventQuerySet.not_over``, to combine with others in one filter."""
    return Q(end__gte=now) | (
        ~Q(recurrence_rule="") & (Q(series_end__isnull=True) | Q(series_end__gte=now))
    )


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

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

    def submitted_by(self, user):
        return self.filter(submitted_by=user).order_by("-created_at")

    def moderated_by(self, user):
        """The events ``user`` may moderate: every one for a superuser, else their calendars'."""
        if user.is_superuser:
            return self
        return self.filter(calendar__volunteers=user)

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


class Event(models.Model):
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
    description = models.TextField(blank=True, help_text="Markdown.")
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

    objects = EventQuerySet.as_manager()

    # Fields calendar apps see: changing one on a public event raises SEQUENCE.
    FEED_FIELDS = (
        "title", "description", "category", "tags", "is_all_day", "start", "end", "timezone",
        "recurrence_rule", "excluded_dates", "cancelled_occurrences", "attendance_mode",
        "venue_name", "venue_address", "city", "country", "website_url", "registration_url",
        "cfp_deadline",
    )  # fmt: skip

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "uid"], name="event_uid_unique_per_calendar"
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
                condition=Q(status__in=PUBLIC_STATUSES),
                name="event_public_next_start",
            ),
            models.Index(
                fields=["calendar", "next_start", "id"],
                condition=Q(status__in=PUBLIC_STATUSES),
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
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Calendar apps only replace their copy when SEQUENCE goes up.
        if self.is_public and self.feed_fields_changed():
            self.sequence += 1
        self.series_end = self.compute_series_end()
        self.next_start = self.compute_next_start()
        super().save(*args, **kwargs)
        self._loaded_feed_values = _snapshot(
            (name, getattr(self, name)) for name in self.FEED_FIELDS
        )
        # Imported here: events.ics renders events, so it imports this module.
        from events.ics import store_rendered_vevents

        store_rendered_vevents([self])

    def get_absolute_url(self):
        # "events:event-detail" is the calendar's address plus "<pk>/<slug>/"; built from
        # it because reverse() per event was a sixth of a month grid at 400 events.
        # tests/events/test_public_pages.py checks both give the same address.
        return f"{self.calendar.get_absolute_url()}{self.pk}/{self.slug}/"

    def clean(self):
        errors = {}
        if not is_valid_timezone(self.timezone):
            errors["timezone"] = "Use an IANA time zone name such as Europe/Berlin."
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The event must end after it starts."
        if self.recurrence_rule and "timezone" not in errors and self.start:
            try:
                self.rrule()
            except (ValueError, TypeError) as exc:
                errors["recurrence_rule"] = f"This RRULE cannot be used: {exc}"
        for name in ("website_url", "registration_url"):
            url = getattr(self, name)
            if url and not url.lower().startswith(("http://", "https://")):
                errors[name] = "Use an http:// or https:// address."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values):
        # Django's own from_db (an override its docs show), with the place of each loaded
        # column worked out once per column list rather than once per row: a month grid
        # loads 400 events with only(), and the per-row search was a tenth of its time.
        # Also keeps the loaded feed fields for feed_fields_changed().
        positions, feed_positions = _row_layout(cls, tuple(field_names))
        if positions is not None:
            values = [DEFERRED if i is None else values[i] for i in positions]
        instance = cls(*values)
        instance._state.adding = False
        instance._state.db = db
        instance._loaded_feed_values = _snapshot((name, values[i]) for name, i in feed_positions)
        return instance

    def feed_fields_changed(self) -> bool:
        loaded = getattr(self, "_loaded_feed_values", None)
        if loaded is None:
            return False
        return any(getattr(self, name) != value for name, value in loaded.items())

    # --- display helpers -------------------------------------------------------

    @property
    def slug(self) -> str:
        return slugify(self.title)[:60] or "event"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

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
        """The dateutil rule, anchored at the local start so 09:00 stays 09:00 across DST."""
        if not self.recurrence_rule:
            return None
        return parsed_rule(self.recurrence_rule, self.local_start, self.timezone)

    def compute_series_end(self):
        rule = self.rrule()
        if rule is None:
            return None
        if rule._until is None and rule._count is None:
            return None
        last = None
        for last in rule:  # noqa: B007 - bounded by UNTIL or COUNT
            pass
        return (last or self.local_start) + (self.end - self.start)

    def compute_next_start(self, now=None):
        """The start to sort by: the event's own, or a series' next occurrence not yet over."""
        if not self.recurrence_rule:
            return self.start
        found = self.next_occurrence(now)
        return found[0] if found else None

    def occurrences(self, after, before, limit=500):
        """(start, end, is_cancelled) of occurrences that overlap [after, before)."""
        duration = self.end - self.start
        rule = self.rrule()
        if rule is None:
            if self.start < before and self.end > after:
                return [(self.local_start, self.local_end, self.is_cancelled)]
            return []
        excluded = set(self.excluded_dates)
        cancelled = set(self.cancelled_occurrences)
        found = []
        rule = restarted_near(rule, after - duration)
        for start in rule.xafter(after - duration, inc=True, count=limit):
            if start >= before:
                break
            if start in excluded:
                continue
            found.append((start, start + duration, self.is_cancelled or start in cancelled))
        return found

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

    # --- status machine --------------------------------------------------------

    def change_status(self, to, *, by=None, reason=""):
        """Move to status ``to`` if the map allows it, with a history row. Returns the change."""
        with transaction.atomic():
            current = (
                Event.objects.select_for_update(of=("self",))
                .select_related("calendar")
                .get(pk=self.pk)
            )
            if to not in TRANSITIONS[EventStatus(current.status)]:
                raise InvalidTransition(
                    f"“{current.title}” is {current.get_status_display().lower()}; "
                    f"it cannot become {EventStatus(to).label.lower()}."
                )
            updates = {"status": to, "updated_at": timezone.now()}
            if to == EventStatus.REJECTED:
                if not reason.strip():
                    raise InvalidTransition("A rejection needs a reason for the submitter.")
                updates["rejection_reason"] = reason.strip()
            if to == EventStatus.PUBLISHED and current.published_at is None:
                updates["published_at"] = timezone.now()
            if current.status in PUBLIC_STATUSES or to in PUBLIC_STATUSES:
                updates["sequence"] = current.sequence + 1
            Event.objects.filter(pk=self.pk).update(**updates)
            from_status = current.status
            for name, value in updates.items():
                setattr(self, name, value)
                setattr(current, name, value)
            from events.ics import store_rendered_vevents  # see save()

            store_rendered_vevents([current])
            return EventStatusChange.objects.create(
                event=self, from_status=from_status, to_status=to, changed_by=by, reason=reason
            )

    def publish(self, *, by=None):
        return self.change_status(EventStatus.PUBLISHED, by=by)

    def reject(self, *, by=None, reason):
        return self.change_status(EventStatus.REJECTED, by=by, reason=reason)

    def cancel(self, *, by=None, reason=""):
        return self.change_status(EventStatus.CANCELLED, by=by, reason=reason)

    def archive(self, *, by=None, reason=""):
        return self.change_status(EventStatus.ARCHIVED, by=by, reason=reason)

    def can_be_edited_by_submitter(self) -> bool:
        return self.status == EventStatus.SUBMITTED

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


@lru_cache(maxsize=64)
def _row_layout(model, field_names: tuple[str, ...]):
    """For rows of ``model`` loaded with these columns: where each concrete field's value
    is in the row (None when deferred; no map when the row is complete and in order), and
    the feed fields' places in the full list of values."""
    attnames = [field.attname for field in model._meta.concrete_fields]
    if tuple(attnames) == field_names:
        positions = None
    else:
        index = {name: i for i, name in enumerate(field_names)}
        positions = tuple(index.get(name) for name in attnames)
    feed = set(model.FEED_FIELDS)
    feed_positions = tuple(
        (name, i)
        for i, name in enumerate(attnames)
        if name in feed and (positions is None or positions[i] is not None)
    )
    return positions, feed_positions


class RenderedVEvent(models.Model):
    """An event's VEVENT text as the ICS feeds serve it, stored whenever the event is saved.

    A feed of thousands of events is then one query and a join instead of seconds of
    rendering. Derived data, kept beside the event rather than in it so the pages that
    list events read narrow rows. A feed serves it only while ``event_updated_at`` and
    ``render_key`` still match (``events.ics.calendar_feed_to_ical``); otherwise it
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


class EventStatusChange(models.Model):
    """One status change: who moved the event from which status to which, when and why."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=EventStatus, blank=True)
    to_status = models.CharField(max_length=10, choices=EventStatus)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        get_latest_by = "changed_at"

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"
