"""Feeds of a calendar: iCalendar, RSS, Atom and JSON, all answering conditional GET."""

import hashlib
from datetime import timedelta
from functools import wraps
from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.core.cache import caches
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from zlib_ng import gzip_ng

from community.content_versions import current_versions
from community.feeds import joined
from community.http import accepts_gzip, cached_public_page
from community.markup import markdown_to_text, render_markdown
from community.pagination import limit_from
from events.filters import EventFilter
from events.models import Calendar, Event, not_over_at
from events.stored_vevents import calendar_feed_to_ical

FEED_ITEMS = 50
JSON_DEFAULT_LIMIT = 50
JSON_MAX_LIMIT = 200
# Calendar apps subscribed to the ICS feed keep recently ended events.
ICS_PAST_DAYS = 90


# The apps whose rows a calendar page or feed shows (events, and the regions beside them).
FEED_NAMESPACES = ("events", "representatives")


def feed_version() -> str:
    """Changes on any write to the calendars' tables and, hourly, as events drop out of the
    feeds' window. One small query (the content versions), whatever the number of events."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    raw = f"{current_versions(FEED_NAMESPACES)}|{hour.isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def conditional_feed(view):
    """ETag/Last-Modified for a calendar's public pages and feeds, then public caching."""
    return cached_public_page(*FEED_NAMESPACES)(view)


def _cors(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


# --- iCalendar -------------------------------------------------------------------------


def ics_events(calendar):
    """Public events of ``calendar`` that subscribers should have: not over, or recently over."""
    now = timezone.now()
    since = now - timedelta(days=ICS_PAST_DAYS)
    # One condition rather than `pk IN (not_over())`: that subquery scanned every event.
    return (
        Event.objects.public()
        .filter(calendar=calendar)
        .filter(not_over_at(now) | Q(end__gte=since))
        .order_by("start", "pk")
    )


# Through zlib-ng, whose level 5 compresses about as well as level 6 (zlib's default, and
# Django's GZipMiddleware's) in less time: a 2.6 MB feed becomes 0.27 MB in about 14 ms,
# where zlib's level 6 took 33 ms and zlib-ng's 18 (bench/README.md). Paid once per feed
# version; lower levels were faster still, but their bigger body slowed every response.
ICS_GZIP_LEVEL = 5


def ics_feed_body(calendar, version: str, *, gzipped: bool, filters=None) -> bytes:
    """The calendar's ICS feed, gzip-compressed or not, narrowed by ``filters`` (an
    ``EventFilter`` over ``ics_events(calendar)``) when given.

    The compressed feed is shared by every process under its version (and the filters in
    force), so a change costs one build and one compression, not one per worker; a client
    without gzip gets it decompressed (a few ms, against about 25 ms to build). Such a
    client does not fill the shared copy: it would wait for a compression it never reads
    (about 15 ms for 2.6 MB), and the next client that accepts gzip fills it.
    """
    query = filters.query_string() if filters is not None else ""
    narrowed = f":{hashlib.sha256(query.encode()).hexdigest()[:16]}" if query else ""
    key = f"events:ics:{calendar.slug}:{version}{narrowed}:gzip"
    compressed = caches["shared"].get(key)
    if compressed is not None:
        return compressed if gzipped else gzip_ng.decompress(compressed)
    plain = calendar_feed_to_ical(calendar, filters.qs if query else ics_events(calendar))
    if not gzipped:
        return plain
    # mtime=0: the same feed compresses to the same bytes in every process.
    compressed = gzip_ng.compress(plain, compresslevel=ICS_GZIP_LEVEL, mtime=0)
    caches["shared"].set(key, compressed, 3600)
    return compressed


@require_GET
@vary_on_headers("Accept-Encoding")  # outside: 304s answered before the view need it too
@cached_public_page(*FEED_NAMESPACES, gzip_variants=True)
def calendar_ics(request, calendar):
    calendar_obj = get_object_or_404(Calendar, slug=calendar)
    gzipped = accepts_gzip(request)
    filters = EventFilter(request.GET, queryset=ics_events(calendar_obj))
    body = ics_feed_body(calendar_obj, feed_version(), gzipped=gzipped, filters=filters)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if gzipped:
        # cached_public_page gives each encoding its own ETag (RFC 9110, 8.8.3).
        response["Content-Encoding"] = "gzip"
    response["Content-Disposition"] = f'inline; filename="{calendar}.ics"'
    return response


# --- RSS and Atom -----------------------------------------------------------------------


class FeedSource(NamedTuple):
    calendar: Calendar
    filters: EventFilter  # the calendar page's filters, from the feed's query string


def upcoming_in(request, calendar) -> EventFilter:
    """The calendar's upcoming events, narrowed by the request's filters as its page is."""
    return EventFilter(request.GET, queryset=Event.objects.upcoming().filter(calendar=calendar))


class UpcomingEventsFeed(Feed):
    description_template = None

    def get_object(self, request, calendar):
        calendar_obj = get_object_or_404(Calendar, slug=calendar)
        return FeedSource(calendar_obj, upcoming_in(request, calendar_obj))

    def title(self, obj):
        narrowed = " (filtered)" if obj.filters.is_filtered else ""
        return f"{obj.calendar.name}: upcoming events{narrowed}"

    def link(self, obj):
        query = obj.filters.query_string()
        return obj.calendar.get_absolute_url() + (f"?{query}" if query else "")

    def description(self, obj):
        return obj.calendar.description

    def items(self, obj):
        return obj.filters.qs.select_related("calendar")[:FEED_ITEMS]

    def item_title(self, item):
        prefix = "Cancelled: " if item.is_cancelled else ""
        return f"{prefix}{item.title}"

    def item_description(self, item):
        # A series is announced by its next meeting, where it moved to if it moved.
        start, _ = item.shown_dates()
        when = start.strftime("%a %d %b %Y")
        if not item.is_all_day:
            when += start.strftime(", %H:%M %Z")
        parts = [when, item.location_text] if item.location_text else [when]
        header = format_html("<p>{}</p>", " · ".join(parts))
        return header + render_markdown(item.description)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.uid

    item_guid_is_permalink = False

    # Items carry dates, so the feed's own date (and so its ETag) only moves on a change.
    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_category_display(), *item.tags]


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return obj.calendar.description


_rss = UpcomingEventsFeed()
_atom = UpcomingEventsAtomFeed()


@require_GET
@conditional_feed
def calendar_rss(request, calendar):
    return joined(_rss(request, calendar=calendar))


@require_GET
@conditional_feed
def calendar_atom(request, calendar):
    return joined(_atom(request, calendar=calendar))


# --- JSON --------------------------------------------------------------------------------


def event_json(event, request):
    """The public description of an event (no organiser contact, no submitter)."""
    start, end = event.shown_dates()
    return {
        "uid": event.uid,
        "title": event.title,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "website": event.website_url or None,
        "registration_url": event.registration_url or None,
        "status": event.status,
        "category": event.category,
        "tags": event.tags,
        "all_day": event.is_all_day,
        "start": start.date().isoformat() if event.is_all_day else start.isoformat(),
        "end": end.date().isoformat() if event.is_all_day else end.isoformat(),
        "timezone": event.timezone,
        "recurrence_rule": event.recurrence_rule or None,
        "attendance_mode": event.attendance_mode,
        "location": event.location_text,
        "city": event.city,
        "country": event.country,
        "is_featured": event.is_featured,
        "summary": markdown_to_text(event.description)[:500],
        "cfp_deadline": event.cfp_deadline.isoformat() if event.cfp_deadline else None,
    }


@require_GET
@_cors
@conditional_feed
def calendar_json(request, calendar):
    calendar_obj = get_object_or_404(Calendar, slug=calendar)
    limit = limit_from(request, default=JSON_DEFAULT_LIMIT, maximum=JSON_MAX_LIMIT)
    events = upcoming_in(request, calendar_obj).qs.select_related("calendar")
    data = {
        "calendar": {
            "slug": calendar_obj.slug,
            "name": calendar_obj.name,
            "url": request.build_absolute_uri(calendar_obj.get_absolute_url()),
        },
        "events": [event_json(event, request) for event in events[:limit]],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
