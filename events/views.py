from datetime import UTC, timedelta
from urllib.parse import urlencode

from allauth.account.utils import has_verified_email
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST, require_safe

from community.jsonld import json_ld
from community.markup import html_to_text, render_markdown
from community.pagination import limit_from, page_of
from community.workflow import ActionRefused
from events.feeds import conditional_feed
from events.filters import EventFilter
from events.forms import EventSubmissionForm
from events.ics import calendar_to_ical
from events.models import Calendar, Event, with_shown_dates
from events.month_grid import MonthGrid
from events.services import (
    event_resubmit,
    event_submit,
    event_update,
    event_withdraw,
    submissions_left_today,
)

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
# What the grid shows and needs to place occurrences; loading whole rows cost more
# than the rest of the page at 400 events a month.
MONTH_GRID_FIELDS = (
    "calendar", "title", "start", "end", "timezone", "is_all_day", "recurrence_rule",
    "excluded_dates", "cancelled_occurrences", "moved_occurrences", "status",
)  # fmt: skip


def _listing(request, queryset):
    event_filter = EventFilter(request.GET, queryset=queryset)
    events = event_filter.qs.select_related("calendar").defer("description")
    page = page_of(request, events, PAGE_SIZE)
    return {"filter": event_filter, "page": page, "rows": with_shown_dates(page)}


# --- public pages ----------------------------------------------------------------------


@require_GET
@conditional_feed
def index(request):
    event_filter = EventFilter(request.GET, queryset=Event.objects.upcoming())
    events = event_filter.qs.select_related("calendar").defer("description")
    sections = []
    for calendar_obj in Calendar.objects.all():
        # One row more than shown tells whether the calendar's page has more.
        rows = with_shown_dates(events.filter(calendar=calendar_obj)[: INDEX_SECTION_SIZE + 1])
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
    grid = MonthGrid(year, month)
    events = (
        Event.objects.overlapping(*grid.window)
        .filter(calendar=calendar_obj)
        .only(*MONTH_GRID_FIELDS)
        .order_by("start", "pk")[:MONTH_GRID_LIMIT]
    )
    events = list(events)
    for event in events:
        event.calendar = calendar_obj  # known already: no join, no object per row
    days = grid.days(events)
    context = {
        "calendar": calendar_obj,
        "calendar_url": calendar_obj.get_absolute_url(),
        "month": grid.first,
        "days": days,
        # Phones hide empty days, so an empty month would otherwise show nothing at all.
        "is_empty": not any(shown for _, shown, _ in days),
        "leading_blanks": grid.leading_blanks,
        "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "previous_month": grid.first - timedelta(days=1),
        "next_month": grid.last + timedelta(days=1),
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


def google_calendar_url(event, description_text: str) -> str:
    if event.is_all_day:
        dates = f"{event.local_start:%Y%m%d}/{event.local_end:%Y%m%d}"
    else:
        stamp = "%Y%m%dT%H%M%SZ"
        dates = f"{event.start.astimezone(UTC):{stamp}}/{event.end.astimezone(UTC):{stamp}}"
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": description_text[:1000],
        "location": event.location_text,
        "ctz": event.timezone,
    }
    if event.recurrence_rule:
        params["recur"] = f"RRULE:{event.recurrence_rule}"
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def event_json_ld(request, event, start, end, description_text: str) -> str:
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
        "description": description_text[:2000],
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
    return json_ld(data)


@require_GET
@conditional_feed
def event_detail(request, calendar, pk, slug):
    event, is_preview = get_event_for_viewer(request, calendar, pk)
    if slug != event.slug and not is_preview:
        return redirect(event.get_absolute_url(), permanent=True)
    now = timezone.now()
    start, end = event.shown_dates(now)
    upcoming = []
    next_title = ""
    if event.is_recurring:
        # A meeting retitled in its calendar (an override) says so beside its date.
        next_meeting = event.next_occurrence(now)
        next_title = next_meeting.title if next_meeting else ""
        # The meetings after the one shown above; a cancelled one is listed as cancelled.
        upcoming = event.occurrences(
            now, now + timedelta(days=400), limit=7, include_cancelled=True
        )
        upcoming = [occurrence for occurrence in upcoming if occurrence.start != start]
    # Rendered once: the page, the JSON-LD and the Google Calendar link all need it.
    description_html = render_markdown(event.description)
    description_text = html_to_text(description_html)
    context = {
        "event": event,
        "start": start,
        "end": end,
        "is_preview": is_preview,
        "description_html": description_html,
        "google_calendar_url": google_calendar_url(event, description_text),
        "json_ld": event_json_ld(request, event, start, end, description_text),
        "upcoming_occurrences": upcoming,
        "next_title": next_title,
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
    limit = limit_from(request, default=WIDGET_DEFAULT, maximum=WIDGET_MAX)
    events = Event.objects.upcoming().filter(calendar=calendar_obj).select_related("calendar")
    rows = with_shown_dates(events.defer("description")[:limit])
    return render(request, "events/widget.html", {"calendar": calendar_obj, "rows": rows})


# --- submission --------------------------------------------------------------------------


def _submission_page(request, form, *, event=None, left=None, resubmitting=False):
    """The submission form; after "Preview", the event as it will look above it."""
    preview = None
    if request.method == "POST" and "preview" in request.POST and form.is_valid():
        preview = form.instance
    context = {
        "form": form,
        "event": event,
        "resubmitting": resubmitting,
        "preview": preview,
        "submissions_left": left,
        "daily_limit": settings.EVENT_SUBMISSIONS_PER_DAY,
    }
    return render(request, "events/submit.html", context)


@login_required
def submit(request):
    if not has_verified_email(request.user):
        messages.error(request, "Please verify your e-mail address before submitting events.")
        return redirect("account_email")
    left = submissions_left_today(request.user)
    if request.method == "POST":
        form = EventSubmissionForm(request.POST)
        if "preview" not in request.POST and form.is_valid():
            try:
                event = event_submit(event=form.save(commit=False), by=request.user)
            except ActionRefused as exc:
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
    return _submission_page(request, form, left=left)


def get_submission_for_user(request, pk):
    """The signed-in user's own submission, or 404 (never someone else's)."""
    return get_object_or_404(
        Event.objects.select_related("calendar"), pk=pk, submitted_by=request.user
    )


@login_required
def my_submissions(request):
    events = Event.objects.submitted_by(request.user).select_related("calendar")
    page = page_of(request, events.defer("description"), PAGE_SIZE)
    return render(request, "events/my_submissions.html", {"page": page})


@login_required
def edit_submission(request, pk):
    event = get_submission_for_user(request, pk)
    resubmitting = event.can_be_resubmitted()
    if not (event.can_be_edited_by_submitter() or resubmitting):
        messages.error(
            request, f"“{event.title}” is {event.get_status_display().lower()}; it can't be edited."
        )
        return redirect("events:my-submissions")
    form = EventSubmissionForm(request.POST or None, instance=event)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        if resubmitting:
            _resubmit(request, form)
        else:
            _save_waiting_submission(request, form)
        return redirect("events:my-submissions")
    return _submission_page(request, form, event=event, resubmitting=resubmitting)


def _resubmit(request, form) -> None:
    try:
        event = form.save(commit=False)
        event_resubmit(event=event, by=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"“{event.title}” is back with the calendar volunteers for review."
        )


def _save_waiting_submission(request, form) -> None:
    try:
        event = event_update(event=form.save(commit=False), by=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{event.title}” was saved.")


@require_POST
@login_required
def withdraw_submission(request, pk):
    event = get_submission_for_user(request, pk)
    try:
        event_withdraw(event=event, by=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{event.title}” is withdrawn; no volunteer will review it.")
    return redirect("events:my-submissions")
