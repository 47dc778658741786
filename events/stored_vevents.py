"""Each event's VEVENT text, stored when the event is saved, and the ICS feeds built from it.

Storage beside the pure rendering and parsing of ``events.ics``: this module reads and
writes ``RenderedVEvent`` rows and the database; ``events.ics`` knows nothing of them,
and ``events.models`` imports neither (``EventsConfig.ready`` connects ``store_saved``).
"""

import hashlib
import logging
from importlib.metadata import version
from itertools import islice
from operator import itemgetter

from django.conf import settings
from django.db.models import Case, F, Q, When

from community.markup import RENDERER as MARKDOWN_RENDERER
from events.ics import _document, vevent_text
from events.models import Calendar, Event, RenderedVEvent

logger = logging.getLogger(__name__)

# Raise when the same event would now render differently (a property added or written
# otherwise): text stored by older code then no longer counts as current.
ICS_FORMAT = 1
# The text also depends on these libraries' output (icalendar's writer, Markdown → text).
_RENDERERS = f"{version('icalendar')}|{MARKDOWN_RENDERER}"


def render_key(calendar_slug: str) -> str:
    """What a stored VEVENT depends on besides its event row (which ``updated_at`` tracks)."""
    raw = f"{ICS_FORMAT}|{_RENDERERS}|{settings.SITE_URL}|{calendar_slug}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def store_rendered_vevents(events) -> None:
    """Render saved ``events`` and store their text for the feeds (one query)."""
    RenderedVEvent.objects.bulk_create(
        [
            RenderedVEvent(
                event=event,
                text=vevent_text(event),
                event_updated_at=event.updated_at,
                render_key=render_key(event.calendar.slug),
            )
            for event in events
        ],
        update_conflicts=True,
        unique_fields=["event"],
        update_fields=["text", "event_updated_at", "render_key"],
        batch_size=500,
    )


def _current_text(calendar_slug: str) -> Case:
    """The stored text of an event of that calendar, or NULL when missing or out of date."""
    return Case(
        When(
            Q(rendered_vevent__event_updated_at=F("updated_at"))
            & Q(rendered_vevent__render_key=render_key(calendar_slug)),
            then=F("rendered_vevent__text"),
        ),
        default=None,
    )


def stale_events(calendar):
    """``calendar``'s events whose stored text is missing or out of date."""
    # The search vector is not part of the text; deferring it also lets migration 0012,
    # which runs this with the current model, work on a database from before 0014.
    return (
        calendar.events.defer("search_vector")
        .annotate(current_text=_current_text(calendar.slug))
        .filter(current_text__isnull=True)
    )


def refresh_stale_vevents(*, batch_size: int = 500) -> int:
    """Store the text of every event whose stored text is missing or out of date."""
    refreshed = 0
    for calendar in Calendar.objects.all():
        stale = stale_events(calendar).select_related("calendar").iterator(batch_size)
        while batch := list(islice(stale, batch_size)):
            store_rendered_vevents(batch)
            refreshed += len(batch)
    return refreshed


def store_saved(sender, instance, raw=False, **kwargs):
    """post_save of an event: store its text (not while loading fixtures, which are raw)."""
    if not raw:
        store_rendered_vevents([instance])


def calendar_feed_to_ical(calendar, events) -> bytes:
    """The feed of ``events`` (a queryset of ``calendar``'s events) from their stored text.

    One query; events whose text is missing or out of date (see ``render_key``) are
    rendered here, the same way, so the document equals ``calendar_to_ical``'s.
    """
    zone = Case(When(is_all_day=False, then=F("timezone")), default=None)
    rows = list(
        events.annotate(current_text=_current_text(calendar.slug), zone=zone).values_list(
            "pk", "zone", "current_text"
        )
    )
    texts = list(map(itemgetter(2), rows))
    if None in texts:
        stale = [pk for pk, _, text in rows if text is None]
        # Normal after a deploy that changes render_key until `manage.py
        # refresh_event_ics` runs; otherwise a write path that does not store its text.
        logger.warning("ICS feed of %s: rendering %d stale events", calendar.slug, len(stale))
        rendered = {
            event.pk: vevent_text(event)
            for event in Event.objects.filter(pk__in=stale).select_related("calendar")
        }
        texts = [text if text is not None else rendered[pk] for pk, _, text in rows]
    zones = set(map(itemgetter(1), rows)) - {None, "UTC"}
    return _document(calendar.name, calendar.description, zones, [t.encode() for t in texts])
