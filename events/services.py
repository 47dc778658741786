"""What spans models or sends mail: submission, moderation, and ICS import."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from community.fetch import FetchFailed, fetch_public
from community.mail import queue_mail
from community.markup import markdown_to_text
from community.workflow import ActionRefused, apply_to_each
from events.ics import ICSFormatError, apply_values, parse_calendar, values_from_event
from events.models import (
    MOVED_TITLE_MAX_LENGTH,
    PUBLIC_STATUSES,
    Calendar,
    Event,
    EventActor,
    EventStatus,
    moved_occurrence_entry,
    validate_within_horizon,
)
from representatives.models import UserGroup

logger = logging.getLogger(__name__)


class SubmissionLimitReached(ActionRefused):
    """The user submitted as many events as the daily limit allows."""


class ImportFailed(Exception):
    """The feed could not be fetched or read; nothing was imported."""


# --- creation ----------------------------------------------------------------------------


def event_create(
    *, event: Event, by, actor: str, status: str = EventStatus.SUBMITTED, reason: str = ""
) -> Event:
    """Save a new event in its first status with its first history row.

    Submitters create submissions only; volunteers (the admin, the demo seed) and the
    system (the feed importer) may also create an event already public.
    """
    if actor == EventActor.SUBMITTER and status != EventStatus.SUBMITTED:
        raise ActionRefused("A submitted event waits for a calendar volunteer.")
    with transaction.atomic():
        if actor == EventActor.SUBMITTER:
            event.submitted_by = by
        event.status = status
        if status in PUBLIC_STATUSES and event.published_at is None:
            event.published_at = timezone.now()
        event.save()
        event.record_creation(by=by, reason=reason)
    return event


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
        event_create(event=event, by=by, actor=EventActor.SUBMITTER)
    return event


def event_update(*, event: Event, by) -> Event:
    """Save the submitter's edits (carried by ``event``) to a submission still waiting.

    The row is locked and its status read again: a volunteer may have moderated the
    event while the form was open, and then nothing is saved.
    """
    edits = {name: getattr(event, name) for name in Event.SUBMITTER_FIELDS}
    with transaction.atomic():
        locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if locked.submitted_by_id != by.pk:
            raise ActionRefused("Only the person who submitted this event can edit it.")
        if not locked.can_be_edited_by_submitter():
            raise ActionRefused(
                f"A volunteer moderated this event meanwhile (it is "
                f"{locked.get_status_display().lower()}); not saved."
            )
        for name, value in edits.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def event_withdraw(*, event: Event, by, reason: str = ""):
    """The submitter takes back a submission no volunteer has decided on yet."""
    return event.transition(EventStatus.WITHDRAWN, by=by, actor=EventActor.SUBMITTER, reason=reason)


def event_resubmit(*, event: Event, by):
    """The submitter sends a rejected event back to the queue, with the edits ``event`` carries.

    ``event`` may hold unsaved edits (a bound form's ``save(commit=False)``): they are
    saved in the same transaction, after the row is locked and the move is allowed.
    """
    edits = {name: getattr(event, name) for name in Event.SUBMITTER_FIELDS}
    with transaction.atomic():
        record = event.transition(EventStatus.SUBMITTED, by=by, actor=EventActor.SUBMITTER)
        for name, value in edits.items():
            setattr(event, name, value)
        event.save()
    return record


# --- moderation --------------------------------------------------------------------------


def event_publish(*, event: Event, by, actor: str = EventActor.VOLUNTEER):
    """Publish a submitted (or reinstate a cancelled) event and tell the submitter."""
    with transaction.atomic():
        record = event.transition(EventStatus.PUBLISHED, by=by, actor=actor)
        if event.source_group_id:
            # A group's event on the public calendar is its sign of life (issue 19).
            UserGroup.objects.filter(pk=event.source_group_id).record_activity(record.at)
        if actor != EventActor.SYSTEM:
            _notify_submitter(event, "published")
    return record


def event_reject(*, event: Event, by, reason: str):
    """Reject a submission with the reason the submitter is mailed."""
    with transaction.atomic():
        record = event.transition(
            EventStatus.REJECTED, by=by, actor=EventActor.VOLUNTEER, reason=reason
        )
        _notify_submitter(event, "rejected")
    return record


def event_cancel(*, event: Event, by, reason: str = "", actor: str = EventActor.VOLUNTEER):
    """Mark a published event cancelled: it stays listed so subscribed calendars learn it."""
    return event.transition(EventStatus.CANCELLED, by=by, actor=actor, reason=reason)


def event_archive(*, event: Event, by, reason: str = "", actor: str = EventActor.VOLUNTEER):
    """Hide an event from every public page and feed."""
    return event.transition(EventStatus.ARCHIVED, by=by, actor=actor, reason=reason)


def event_occurrence_change(
    *, event: Event, original, by, reason: str, start=None, end=None, title: str = "",
    cancel: bool = False,
):  # fmt: skip
    """Move, retitle or cancel one meeting of a series (``original``: its start as the
    rule makes it), with ``reason`` kept in the event's history. Returns the history row.

    Stored as an import stores a feed's overrides, so pages, feeds and the ICS export
    (with RECURRENCE-ID) show it alike; SEQUENCE goes up as for any change of a public
    event. Moving a meeting back to its own time with its own title undoes the move.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Say why this meeting changes: the reason is kept in its history.")
    with transaction.atomic():
        locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if not locked.is_recurring or locked.starts_between(
            original, original + timedelta(seconds=1), limit=1
        ) != [original]:
            raise ActionRefused("The series has no meeting at that time.")
        local = original.astimezone(locked.tzinfo)
        if cancel:
            locked.cancelled_occurrences = sorted({*locked.cancelled_occurrences, original})
            what = f"Meeting of {local:%Y-%m-%d %H:%M} cancelled"
        else:
            start = start or original
            end = end or start + (locked.end - locked.start)
            if end <= start:
                raise ActionRefused("The meeting must end after it starts.")
            try:
                validate_within_horizon(start)
                validate_within_horizon(end)
            except ValidationError as exc:
                raise ActionRefused(exc.messages[0]) from None
            title = title.strip()[:MOVED_TITLE_MAX_LENGTH]
            if title == locked.title:
                title = ""
            kept = [
                m
                for m in locked.moved_occurrences
                if datetime.fromisoformat(m["original"]) != original
            ]
            if start != original or end != original + (locked.end - locked.start) or title:
                kept.append(
                    moved_occurrence_entry(original=original, start=start, end=end, title=title)
                )
            locked.moved_occurrences = sorted(kept, key=lambda entry: entry["original"])
            new_local = start.astimezone(locked.tzinfo)
            what = f"Meeting of {local:%Y-%m-%d %H:%M} moved to {new_local:%Y-%m-%d %H:%M}"
            if title:
                what += f" as “{title}”"
        locked.save()
        # The same history as the event's status changes: the status stays, the row says
        # which meeting changed and why.
        record = locked.history_model_class().objects.create(
            event=locked,
            from_status=locked.status,
            to_status=locked.status,
            by=by,
            reason=f"{what}: {reason}",
        )
    event.refresh_from_db()
    return record


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


def events_moderate(events, service, *, by, **kwargs) -> tuple[int, list[str]]:
    """Call ``service`` (``event_publish``, ``event_reject``, …) on each event with ``by``
    and ``kwargs``; one refusal does not stop the others. Returns (done, problems)."""
    return apply_to_each(events, lambda event: service(event=event, by=by, **kwargs))


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
        status = EventStatus.SUBMITTED
        if values["is_cancelled"]:
            status = EventStatus.CANCELLED
        elif publish:
            status = EventStatus.PUBLISHED
        _validate(event)
        event_create(
            event=event,
            by=None,
            actor=EventActor.SYSTEM,
            status=status,
            reason="Imported from a feed.",
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
    country = event.country
    apply_values(event, values, parsed.timezone)
    if event.country != country or event.region_excludes_country():
        # The region was derived from the old country (or volunteers have since moved the
        # country to another region); clean() derives it again when empty, and would
        # refuse the country against the old region for good: a feed cannot empty it.
        event.region = None
    _validate(event)
    event.save()
    if values["is_cancelled"] and event.status == EventStatus.PUBLISHED:
        event_cancel(
            event=event, by=None, actor=EventActor.SYSTEM, reason="Cancelled in the source feed."
        )
    elif values["is_cancelled"] and event.status == EventStatus.SUBMITTED:
        event_archive(
            event=event,
            by=None,
            actor=EventActor.SYSTEM,
            reason="Cancelled in the source feed before it was published.",
        )
    elif not values["is_cancelled"] and event.status == EventStatus.CANCELLED:
        event_publish(event=event, by=None, actor=EventActor.SYSTEM)
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
        except ActionRefused as exc:
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
        if result.created or result.updated or result.unchanged:
            # A feed that still lists meetings is the group's sign of life (issue 19):
            # it keeps the group from being marked dormant, or makes it active again.
            UserGroup.objects.filter(pk=group.pk).record_activity(now)
        return result
    _record_import(group, status=group.ImportStatus.FAILED, message=reason, at=now)
    logger.warning("Feed of user group %s failed: %s", group.slug, reason)
    return None
