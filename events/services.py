"""What spans models or sends mail: submission, moderation, and ICS import."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from community.fetch import FetchFailed, fetch_public
from community.mail import queue_mail
from community.markup import markdown_to_text
from events.ics import ICSFormatError, apply_values, parse_calendar, values_from_event
from events.models import Calendar, Event, EventStatus, EventStatusChange, InvalidTransition

logger = logging.getLogger(__name__)


class SubmissionLimitReached(Exception):
    """The user submitted as many events as the daily limit allows."""


class ImportFailed(Exception):
    """The feed could not be fetched or read; nothing was imported."""


# --- submission ------------------------------------------------------------------------


def submissions_left_today(user) -> int:
    since = timezone.now() - timedelta(hours=24)
    used = Event.objects.submissions_since(user, since).count()
    return max(settings.EVENT_SUBMISSIONS_PER_DAY - used, 0)


def event_submit(*, event: Event, by) -> Event:
    """Save a new submission by ``by`` for moderation, within the daily limit."""
    with transaction.atomic():
        # Lock the user's row so two parallel submissions cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        if submissions_left_today(by) <= 0:
            raise SubmissionLimitReached(
                f"You can submit {settings.EVENT_SUBMISSIONS_PER_DAY} events a day. "
                "Please try again tomorrow, or write to the calendar team."
            )
        event.submitted_by = by
        event.status = EventStatus.SUBMITTED
        event.save()
        EventStatusChange.objects.create(
            event=event, from_status="", to_status=EventStatus.SUBMITTED, changed_by=by
        )
    return event


def event_publish(*, event: Event, by) -> None:
    """Publish a submitted (or reinstate a cancelled) event and tell the submitter."""
    event.publish(by=by)
    _notify_submitter(event, "published")


def event_reject(*, event: Event, by, reason: str) -> None:
    event.reject(by=by, reason=reason)
    _notify_submitter(event, "rejected")


def _notify_submitter(event: Event, what: str) -> None:
    user = event.submitted_by
    if user is None or not user.email:
        return
    queue_mail(
        to=[user.email],
        template=f"events/email/{what}",
        context={
            "event": event,
            "user": user,
            "site_url": settings.SITE_URL,
        },
    )


def moderate_many(events, action, *, by, reason="") -> tuple[int, list[str]]:
    """Apply ``action`` ("publish" or "reject") to each event; returns (done, problems)."""
    done, problems = 0, []
    for event in events:
        try:
            if action == "publish":
                event_publish(event=event, by=by)
            else:
                event_reject(event=event, by=by, reason=reason)
        except InvalidTransition as exc:
            problems.append(str(exc))
        else:
            done += 1
    return done, problems


# --- import ----------------------------------------------------------------------------

MAX_FEED_BYTES = 20 * 1024 * 1024
ICS_ACCEPT = "text/calendar, text/plain;q=0.5, */*;q=0.1"


def fetch_feed(url: str, *, timeout: float) -> bytes:
    """The bytes of an http(s) feed on a public host, within ``timeout`` seconds in all."""
    try:
        return fetch_public(url, timeout=timeout, max_bytes=MAX_FEED_BYTES, accept=ICS_ACCEPT)
    except FetchFailed as exc:
        raise ImportFailed(str(exc)) from exc


def fetch_ics(source: str, *, timeout: float = 20) -> bytes:
    """The bytes of an ICS URL (http, https, webcal) or local file (for ``import_ics``)."""
    if source.startswith("webcal://"):
        source = "https://" + source.removeprefix("webcal://")
    if "://" in source:
        return fetch_feed(source, timeout=timeout)
    path = Path(source)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"The file {source} could not be read: {exc.strerror}.") from exc


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    over_limit: int = 0
    limit: int = 0

    def summary(self) -> str:
        text = (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped"
        )
        if self.over_limit:
            text += (
                f", {self.over_limit} not imported: the feed has more than {self.limit} "
                "events (EVENT_FEED_MAX_EVENTS)"
            )
        return text


def _validate(event: Event) -> None:
    event.full_clean(exclude=["calendar", "submitted_by", "source_group", "region"])


def _import_one(parsed, *, calendar, publish, source_group, result) -> None:
    values = parsed.values
    event = Event.objects.select_for_update().filter(calendar=calendar, uid=parsed.uid).first()
    if event is None:
        if values["is_cancelled"] and not publish:
            result.skipped.append((parsed.uid, "cancelled before it was ever published"))
            return
        event = Event(calendar=calendar, uid=parsed.uid, source_group=source_group)
        apply_values(event, values, parsed.timezone)
        if values["is_cancelled"]:
            event.status = EventStatus.CANCELLED
        elif publish:
            event.status = EventStatus.PUBLISHED
        if event.status != EventStatus.SUBMITTED:
            event.published_at = timezone.now()
        _validate(event)
        event.save()
        EventStatusChange.objects.create(
            event=event, from_status="", to_status=event.status, reason="Imported from a feed."
        )
        result.created += 1
        return
    if event.status in (EventStatus.REJECTED, EventStatus.ARCHIVED):
        result.skipped.append(
            (parsed.uid, f"a volunteer {event.get_status_display().lower()} it here")
        )
        return
    # Our side describes its Markdown as plain text; read the feed's text the same way,
    # so Markdown-looking text in a foreign feed does not count as a change every time.
    comparable = {**values, "description": markdown_to_text(values["description"])}
    if values_from_event(event) == comparable:
        result.unchanged += 1
        return
    apply_values(event, values, parsed.timezone)
    _validate(event)
    event.save()
    if values["is_cancelled"] and event.status == EventStatus.PUBLISHED:
        event.cancel(reason="Cancelled in the source feed.")
    elif values["is_cancelled"] and event.status == EventStatus.SUBMITTED:
        event.archive(reason="Cancelled in the source feed before it was published.")
    elif not values["is_cancelled"] and event.status == EventStatus.CANCELLED:
        event.publish(by=None)
    result.updated += 1


def import_ics(
    *,
    calendar: Calendar,
    data: bytes,
    publish: bool = True,
    source_group=None,
    progress=None,
    max_events: int | None = None,
) -> ImportResult:
    """Create or update ``calendar``'s events from ICS ``data``, matched by UID.

    Each event is saved in its own savepoint, so one broken event is skipped whole
    and never half-imported. Events missing from the feed are left alone. Only the
    first ``max_events`` (EVENT_FEED_MAX_EVENTS) events are read; the rest are counted.
    """
    try:
        parsed = parse_calendar(data)
    except ICSFormatError as exc:
        raise ImportFailed(str(exc)) from exc
    limit = settings.EVENT_FEED_MAX_EVENTS if max_events is None else max_events
    events = parsed.events[:limit]
    result = ImportResult(
        skipped=list(parsed.skipped), over_limit=len(parsed.events) - len(events), limit=limit
    )
    total = len(events)
    for index, item in enumerate(events, start=1):
        try:
            with transaction.atomic():
                _import_one(
                    item,
                    calendar=calendar,
                    publish=publish,
                    source_group=source_group,
                    result=result,
                )
        except ValidationError as exc:
            messages = "; ".join(exc.messages)
            result.skipped.append((item.uid, f"it is not valid: {messages}"))
        except InvalidTransition as exc:
            result.skipped.append((item.uid, str(exc)))
        except (DatabaseError, ValueError, OverflowError) as exc:
            # What validation did not foresee (dates at the end of time, text the database
            # refuses): this event is rolled back to its savepoint, the others still import.
            logger.exception("Event %r of an ICS import could not be saved", item.uid[:200])
            result.skipped.append((item.uid, f"it could not be saved ({type(exc).__name__})"))
        if progress:
            progress(index, total)
    return result


# A group's message shows at most this many skipped events, each UID and reason cut to
# these lengths: they come from the feed, which may be huge.
MESSAGE_SKIPPED_LINES = 20
MESSAGE_UID_CHARS = 200
MESSAGE_REASON_CHARS = 300


def _storable(text: str) -> str:
    """``text`` as PostgreSQL can store it: it refuses NUL characters in text columns."""
    return text.replace("\x00", "\\x00")


def _record_import(group, *, status, message: str, at) -> None:
    group.last_import_status = status
    group.last_import_message = _storable(message)
    group.last_import_at = at
    group.save(update_fields=["last_import_status", "last_import_message", "last_import_at"])


def import_group_feed(group, *, calendar=None, timeout: float = 20) -> ImportResult | None:
    """Import one user group's feed; a failure is recorded on the group, never raised.

    Trusted groups' new events publish at once; others' wait for a volunteer. The import
    runs in its own transaction: a failure leaves none of this feed's changes behind.
    """
    calendar = calendar or Calendar.objects.get(slug=Calendar.USER_GROUP_EVENTS)
    now = timezone.now()
    try:
        # Fetched outside the transaction: a slow feed must not hold a database transaction.
        data = fetch_feed(group.ics_url, timeout=timeout)
        with transaction.atomic():
            result = import_ics(
                calendar=calendar, data=data, publish=group.is_trusted, source_group=group
            )
    except ImportFailed as exc:
        reason = str(exc)
    except Exception as exc:
        # One broken feed must not stop the hourly import of every later group.
        logger.exception("Feed of user group %s failed unexpectedly", group.slug)
        reason = f"The import stopped on an unexpected error ({type(exc).__name__})."
    else:
        lines = [result.summary()] + [
            f"skipped {uid[:MESSAGE_UID_CHARS]}: {why[:MESSAGE_REASON_CHARS]}"
            for uid, why in result.skipped[:MESSAGE_SKIPPED_LINES]
        ]
        _record_import(group, status=group.ImportStatus.OK, message="\n".join(lines), at=now)
        return result
    _record_import(group, status=group.ImportStatus.FAILED, message=reason, at=now)
    logger.warning("Feed of user group %s failed: %s", group.slug, reason)
    return None
