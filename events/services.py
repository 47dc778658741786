"""What spans models or sends mail: submission, moderation, and ICS import."""

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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


def fetch_ics(source: str, *, timeout: float = 20) -> bytes:
    """The bytes of an ICS URL (http, https, webcal) or local file; ImportFailed otherwise."""
    if source.startswith("webcal://"):
        source = "https://" + source.removeprefix("webcal://")
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
            source, headers={"User-Agent": "PSF community calendar importer"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                data = response.read(MAX_FEED_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise ImportFailed(f"The feed answered HTTP {exc.code} ({exc.reason}).") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ImportFailed(f"The feed could not be reached: {reason}.") from exc
        if len(data) > MAX_FEED_BYTES:
            raise ImportFailed("The feed is larger than 20 MB; refusing to import it.")
        return data
    if "://" in source:
        raise ImportFailed("Only http, https and webcal URLs or local file paths can be imported.")
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

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped"
        )


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
    *, calendar: Calendar, data: bytes, publish: bool = True, source_group=None, progress=None
) -> ImportResult:
    """Create or update ``calendar``'s events from ICS ``data``, matched by UID.

    Each event is saved in its own savepoint, so one broken event is skipped whole
    and never half-imported. Events missing from the feed are left alone.
    """
    try:
        parsed = parse_calendar(data)
    except ICSFormatError as exc:
        raise ImportFailed(str(exc)) from exc
    result = ImportResult(skipped=list(parsed.skipped))
    total = len(parsed.events)
    for index, item in enumerate(parsed.events, start=1):
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
        if progress:
            progress(index, total)
    return result


def import_group_feed(group, *, calendar=None, timeout: float = 20) -> ImportResult | None:
    """Import one user group's feed; a failure is recorded on the group, never raised.

    Trusted groups' new events publish at once; others' wait for a volunteer.
    """
    calendar = calendar or Calendar.objects.get(slug=Calendar.USER_GROUP_EVENTS)
    now = timezone.now()
    try:
        data = fetch_ics(group.ics_url, timeout=timeout)
        result = import_ics(
            calendar=calendar, data=data, publish=group.is_trusted, source_group=group
        )
    except ImportFailed as exc:
        group.last_import_status = group.ImportStatus.FAILED
        group.last_import_message = str(exc)
        group.last_import_at = now
        group.save(update_fields=["last_import_status", "last_import_message", "last_import_at"])
        logger.warning("Feed of user group %s failed: %s", group.slug, exc)
        return None
    lines = [result.summary()] + [f"skipped {uid}: {why}" for uid, why in result.skipped[:20]]
    group.last_import_status = group.ImportStatus.OK
    group.last_import_message = "\n".join(lines)
    group.last_import_at = now
    group.save(update_fields=["last_import_status", "last_import_message", "last_import_at"])
    return result
