import calendar as calendar_lib
import json
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from allauth.account.utils import has_verified_email
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_safe

from community.markup import markdown_to_text
from community.pagination import CappedPaginator
from events.feeds import conditional_feed
from events.filters import EventFilter
from events.forms import EventSubmissionForm
from events.ics import calendar_to_ical
from events.models import Calendar, Event, EventStatus
from events.services import SubmissionLimitReached, event_submit, submissions_left_today

PAGE_SIZE = 20
# /events/ shows each calendar apart, so weekly meetups never push the conferences off it.
INDEX_SECTION_SIZE = 10
WIDGET_DEFAULT = 5
WIDGET_MAX = 20
# The suggested <iframe> height: the heading and the "more" link, then about one row per
# event at 300 px wide (a title wrapping to two lines, its date and place), measured in
# tests/events/test_reader_layout_browser.py.
WIDGET_FRAME_BASE = 90
WIDGET_FRAME_PER_EVENT = 110
MONTH_GRID_LIMIT = 1500
# A busy day shows its first few events and a count: the grid is an overview, and
# rendering hundreds of entries made the month page the slowest of the site.
MONTH_DAY_SHOWN = 6
# What the grid shows and needs to place occurrences; loading whole rows cost more
# than the rest of the page at 400 events a month.
MONTH_GRID_FIELDS = (
    "calendar", "title", "start", "end", "timezone", "is_all_day", "recurrence_rule",
    "excluded_dates", "cancelled_occurrences", "status",
)  # fmt: skip


def _paginate(request, queryset):
    return CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def with_next_occurrences(events, now=None):
    """Pair each event with the occurrence to show: a series' next one, else its own dates."""
    now = now or timezone.now()
    rows = []
    for event in events:
        occurrence = event.next_occurrence(now) if event.is_recurring else None
        if occurrence:
            rows.append((event, occurrence[0], occurrence[1]))
        else:
            rows.append((event, event.local_start, event.local_end))
    return rows


def soonest_rows(events, limit, candidates=25):
    """The ``limit`` soonest (event, start, end) rows, series placed by their next meeting.

    The database sorts a series by the next meeting stored at its last refresh (hourly),
    which may have begun since; looking a little further and sorting by the occurrence
    shown keeps the home page exact in between.
    """
    rows = with_next_occurrences(events[:candidates])
    return sorted(rows, key=lambda row: (row[1], row[0].pk))[:limit]


def _listing(request, queryset):
    event_filter = EventFilter(request.GET, queryset=queryset)
    page = _paginate(request, event_filter.qs.select_related("calendar").defer("description"))
    return {"filter": event_filter, "page": page, "rows": with_next_occurrences(page)}


# --- public pages ----------------------------------------------------------------------


@require_GET
@conditional_feed
def index(request):
    event_filter = EventFilter(request.GET, queryset=Event.objects.upcoming())
    events = event_filter.qs.select_related("calendar").defer("description")
    sections = []
    for calendar_obj in Calendar.objects.all():
        # One row more than shown tells whether the calendar's page has more.
        rows = with_next_occurrences(events.filter(calendar=calendar_obj)[: INDEX_SECTION_SIZE + 1])
        sections.append((calendar_obj, rows[:INDEX_SECTION_SIZE], len(rows) > INDEX_SECTION_SIZE))
    return render(request, "events/index.html", {"filter": event_filter, "sections": sections})


@require_GET
@conditional_feed
def calendar_detail(request, calendar):
    calendar_obj = get_object_or_404(Calendar, slug=calendar)
    context = _listing(request, Event.objects.upcoming().filter(calendar=calendar_obj))
    query = context["filter"].query_string()
    context.update(calendar=calendar_obj, **_subscribe_links(request, calendar_obj, query))
    return render(request, "events/calendar_detail.html", context)


@require_GET
@conditional_feed
def calendar_past(request, calendar):
    calendar_obj = get_object_or_404(Calendar, slug=calendar)
    context = _listing(request, Event.objects.past().filter(calendar=calendar_obj))
    context["calendar"] = calendar_obj
    return render(request, "events/calendar_past.html", context)


@require_GET
def calendar_month_current(request, calendar):
    today = timezone.now().date()
    return redirect("events:calendar-month", calendar=calendar, year=today.year, month=today.month)


@require_GET
@conditional_feed
def calendar_month(request, calendar, year, month):
    calendar_obj = get_object_or_404(Calendar, slug=calendar)
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404("No such month.")
    first = date(year, month, 1)
    days_in_month = calendar_lib.monthrange(year, month)[1]
    last = first + timedelta(days=days_in_month - 1)
    # Occurrences sit on their local date; a day's margin catches every zone.
    window_start = datetime.combine(first - timedelta(days=1), time.min, tzinfo=UTC)
    window_end = datetime.combine(last + timedelta(days=2), time.min, tzinfo=UTC)
    events = (
        Event.objects.overlapping(window_start, window_end)
        .filter(calendar=calendar_obj)
        .only(*MONTH_GRID_FIELDS)
        .order_by("start", "pk")[:MONTH_GRID_LIMIT]
    )
    by_day = {first + timedelta(days=n): [] for n in range(days_in_month)}
    for event in events:
        event.calendar = calendar_obj  # known already: no join, no object per row
        for start, end, is_cancelled in event.occurrences(window_start, window_end):
            day = start.date()
            last_day = (end - timedelta(microseconds=1)).date()
            while day <= last_day:
                if day in by_day:
                    by_day[day].append((event, start, is_cancelled))
                day += timedelta(days=1)
    days = []
    for day, items in sorted(by_day.items()):
        # By the local time shown, so a day reads 08:00 Pune before 09:00 Singapore.
        items.sort(key=lambda item: (item[1].replace(tzinfo=None), item[0].pk))
        shown = items[:MONTH_DAY_SHOWN]
        days.append((day, shown, len(items) - len(shown)))
    leading_blanks = range(first.weekday())
    previous_month = first - timedelta(days=1)
    next_month = last + timedelta(days=1)
    context = {
        "calendar": calendar_obj,
        "calendar_url": calendar_obj.get_absolute_url(),
        "month": first,
        "days": days,
        # Phones hide empty days, so an empty month would otherwise show nothing at all.
        "is_empty": not any(shown for _, shown, _ in days),
        "leading_blanks": leading_blanks,
        "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "previous_month": previous_month,
        "next_month": next_month,
        "today": timezone.now().date(),
        "view": "agenda" if request.GET.get("view") == "agenda" else "grid",
    }
    return render(request, "events/calendar_month.html", context)


def get_event_for_viewer(request, calendar, pk):
    """A public event for anyone; a non-public one only for its moderators and submitter."""
    event = get_object_or_404(
        Event.objects.select_related("calendar", "region"), pk=pk, calendar__slug=calendar
    )
    if event.is_public:
        return event, False
    user = request.user
    if user.is_authenticated and (
        event.submitted_by_id == user.pk
        or Event.objects.moderated_by(user).filter(pk=event.pk).exists()
    ):
        return event, True
    raise Http404("No such event.")


def google_calendar_url(event) -> str:
    if event.is_all_day:
        dates = f"{event.local_start:%Y%m%d}/{event.local_end:%Y%m%d}"
    else:
        stamp = "%Y%m%dT%H%M%SZ"
        dates = f"{event.start.astimezone(UTC):{stamp}}/{event.end.astimezone(UTC):{stamp}}"
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": markdown_to_text(event.description)[:1000],
        "location": event.location_text,
        "ctz": event.timezone,
    }
    if event.recurrence_rule:
        params["recur"] = f"RRULE:{event.recurrence_rule}"
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def event_json_ld(request, event, start, end) -> str:
    """schema.org Event as a JSON-LD data block, escaped so it cannot end its <script>."""
    mode = {
        Event.AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
        Event.AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
        Event.AttendanceMode.HYBRID: "MixedEventAttendanceMode",
    }[event.attendance_mode]
    # A series is described by its next meeting, which is what a reader can attend.
    if event.is_all_day:
        start, end = start.date().isoformat(), (end - timedelta(days=1)).date().isoformat()
    else:
        start, end = start.isoformat(), end.isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": start,
        "endDate": end,
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "description": markdown_to_text(event.description)[:2000],
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }
    locations = []
    if event.attendance_mode != Event.AttendanceMode.ONLINE:
        locations.append(
            {
                "@type": "Place",
                "name": event.venue_name or event.city or event.title,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.venue_address,
                    "addressLocality": event.city,
                    "addressCountry": event.country,
                },
            }
        )
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": event.website_url or data["url"]})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.website_url:
        data["sameAs"] = event.website_url
    text = json.dumps(data, ensure_ascii=False)
    # The same escapes as Django's json_script: no "</script>" can close the block.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)


@require_GET
@conditional_feed
def event_detail(request, calendar, pk, slug):
    event, is_preview = get_event_for_viewer(request, calendar, pk)
    if slug != event.slug and not is_preview:
        return redirect(event.get_absolute_url(), permanent=True)
    now = timezone.now()
    start, end = event.local_start, event.local_end
    upcoming = []
    if event.is_recurring:
        upcoming = event.occurrences(now, now + timedelta(days=400), limit=7)
        if upcoming:
            start, end, _ = upcoming.pop(0)
    context = {
        "event": event,
        "start": start,
        "end": end,
        "is_preview": is_preview,
        "google_calendar_url": google_calendar_url(event),
        "json_ld": event_json_ld(request, event, start, end),
        "upcoming_occurrences": upcoming,
    }
    return render(request, "events/event_detail.html", context)


@require_GET
@conditional_feed
def event_ics(request, calendar, pk):
    event, _ = get_event_for_viewer(request, calendar, pk)
    body = calendar_to_ical(name=event.title, description="", events=[event])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def _subscribe_links(request, calendar_obj, query=""):
    ics_url = request.build_absolute_uri(
        reverse("events:calendar-ics", kwargs={"calendar": calendar_obj.slug})
        + (f"?{query}" if query else "")
    )
    widget_url = request.build_absolute_uri(
        reverse("events:calendar-widget", kwargs={"calendar": calendar_obj.slug})
    )
    widget_url += f"?limit={WIDGET_DEFAULT}"
    snippet = (
        f'<iframe src="{widget_url}" title="{escape(calendar_obj.name)}" '
        f'width="300" height="{widget_frame_height(WIDGET_DEFAULT)}" loading="lazy"></iframe>'
    )
    return {
        "ics_url": ics_url,
        "webcal_url": "webcal://" + ics_url.split("://", 1)[1],
        "widget_snippet": snippet,
        "widget_row_height": WIDGET_FRAME_PER_EVENT,
    }


def widget_frame_height(limit: int) -> int:
    """The <iframe> height, in px, that shows ``limit`` events without a scroll bar."""
    return WIDGET_FRAME_BASE + WIDGET_FRAME_PER_EVENT * limit


# Framing is allowed on this page only: other sites embed it in their sidebars.
# HEAD too (require_safe): a 405 to HEAD carried the site's "never frame me" headers.
@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@conditional_feed
def calendar_widget(request, calendar):
    calendar_obj = get_object_or_404(Calendar, slug=calendar)
    try:
        limit = int(request.GET.get("limit", WIDGET_DEFAULT))
    except ValueError:
        limit = WIDGET_DEFAULT
    limit = min(max(limit, 1), WIDGET_MAX)
    events = Event.objects.upcoming().filter(calendar=calendar_obj).select_related("calendar")
    rows = with_next_occurrences(events.defer("description")[:limit])
    return render(request, "events/widget.html", {"calendar": calendar_obj, "rows": rows})


# --- submission --------------------------------------------------------------------------


@login_required
def submit(request):
    if not has_verified_email(request.user):
        messages.error(request, "Please verify your e-mail address before submitting events.")
        return redirect("account_email")
    left = submissions_left_today(request.user)
    if request.method == "POST":
        form = EventSubmissionForm(request.POST)
        if form.is_valid():
            try:
                event = event_submit(event=form.save(commit=False), by=request.user)
            except SubmissionLimitReached as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    f"Thank you: “{event.title}” is waiting for a calendar volunteer. "
                    "We will e-mail you when it is published.",
                )
                return redirect("events:my-submissions")
    else:
        initial = {}
        if request.GET.get("calendar") in (Calendar.PYTHON_EVENTS, Calendar.USER_GROUP_EVENTS):
            initial["calendar"] = Calendar.objects.get(slug=request.GET["calendar"])
        form = EventSubmissionForm(initial=initial)
    return render(request, "events/submit.html", {"form": form, "submissions_left": left})


def get_submission_for_user(request, pk):
    """The signed-in user's own submission, or 404 (never someone else's)."""
    return get_object_or_404(
        Event.objects.select_related("calendar"), pk=pk, submitted_by=request.user
    )


@login_required
def my_submissions(request):
    events = Event.objects.submitted_by(request.user).select_related("calendar")
    page = _paginate(request, events.defer("description"))
    return render(request, "events/my_submissions.html", {"page": page})


@login_required
def edit_submission(request, pk):
    event = get_submission_for_user(request, pk)
    if not event.can_be_edited_by_submitter():
        messages.error(
            request, f"“{event.title}” is {event.get_status_display().lower()}; it can't be edited."
        )
        return redirect("events:my-submissions")
    form = EventSubmissionForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        # The status may have changed while the form was open.
        with transaction.atomic():
            still_submitted = (
                Event.objects.select_for_update()
                .filter(pk=event.pk, status=EventStatus.SUBMITTED)
                .exists()
            )
            if still_submitted:
                form.save()
        if still_submitted:
            messages.success(request, f"“{event.title}” was saved.")
        else:
            messages.error(request, "A volunteer moderated this event meanwhile; not saved.")
        return redirect("events:my-submissions")
    return render(request, "events/submit.html", {"form": form, "event": event})
