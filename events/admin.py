import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from community.admin_actions import report_outcome
from community.admin_lists import DateHierarchyChecked, StatusQueueFilter
from community.workflow import ActionRefused
from events import services
from events.models import (
    Calendar,
    Event,
    EventActor,
    EventStatus,
    EventStatusChange,
    is_valid_timezone,
    validate_within_horizon,
)
from events.templatetags.events_tags import event_when


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    filter_horizontal = ["volunteers"]
    readonly_fields = ["slug"]

    def has_add_permission(self, request):
        # The two calendars come from a migration; their slugs are in public URLs.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = EventStatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OccurrenceDatesField(forms.CharField):
    """Dates of a series' meetings, one per line (YYYY-MM-DD), instead of raw timestamps."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 20})

    def to_python(self, value):
        days = []
        for line in (value or "").split():
            try:
                days.append(date.fromisoformat(line.strip().strip(",")))
            except ValueError:
                raise forms.ValidationError(f"“{line}” is not a date like 2027-03-28.") from None
            validate_within_horizon(days[-1])
        return days

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        return "\n".join(day.isoformat() for day in value or [])


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventAdminForm(forms.ModelForm):
    skipped_dates = OccurrenceDatesField(
        required=False,
        label="Dates without a meeting",
        help_text="One date per line (YYYY-MM-DD): meetings of the series that do not happen "
        "(EXDATE). They vanish from calendars.",
    )
    cancelled_dates = OccurrenceDatesField(
        required=False,
        label="Cancelled meetings",
        help_text="One date per line: meetings that were announced and are now cancelled. "
        "Calendar apps show them as cancelled.",
    )

    # One meeting of a series moved, retitled or cancelled, with the reason kept in the
    # event's history (services.event_occurrence_change, as the site's feeds store them).
    meeting_date = forms.DateField(
        required=False,
        label="Change the meeting on",
        help_text="The date (YYYY-MM-DD) of one meeting of the series to move or cancel.",
    )
    meeting_new_start = forms.DateTimeField(
        required=False,
        label="Move it to",
        help_text="New local start (YYYY-MM-DD HH:MM); it keeps its length. Empty: same time.",
    )
    meeting_title = forms.CharField(
        required=False, max_length=200, label="Its own title", help_text="Empty: the series' title."
    )
    meeting_cancel = forms.BooleanField(required=False, label="Cancel this meeting")
    meeting_reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why",
        help_text="Kept in the event's history with your name.",
    )

    class Meta:
        model = Event
        # The admin's fieldsets choose the fields; the raw timestamp lists are edited
        # through the date fields above.
        exclude = ["excluded_dates", "cancelled_occurrences", "moved_occurrences"]  # noqa: DJ006
        formfield_callback = _https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk:
            zone = event.tzinfo
            self.initial["skipped_dates"] = [
                dt.astimezone(zone).date() for dt in event.excluded_dates
            ]
            self.initial["cancelled_dates"] = [
                dt.astimezone(zone).date() for dt in event.cancelled_occurrences
            ]

    def _occurrences_on(self, days, field):
        """The series' occurrence starts on ``days``; an error for a day without a meeting."""
        event = self.instance
        if not days:
            return []
        if not event.recurrence_rule:
            self.add_error(field, "Only a repeating event has meetings to skip or cancel.")
            return []
        zone = event.tzinfo
        found = []
        for day in days:
            midnight = datetime.combine(day, time.min, tzinfo=zone)
            matches = event.starts_between(midnight, midnight + timedelta(days=1), limit=1)
            if not matches:
                self.add_error(field, f"The series has no meeting on {day.isoformat()}.")
                continue
            found.append(matches[0].astimezone(UTC))
        return found

    def clean(self):
        data = super().clean()
        event = self.instance
        try:
            event.rrule()
        except (ValueError, TypeError, zoneinfo.ZoneInfoNotFoundError):
            return data  # the model's own validation names the problem
        event.excluded_dates = self._occurrences_on(data.get("skipped_dates"), "skipped_dates")
        event.cancelled_occurrences = self._occurrences_on(
            data.get("cancelled_dates"), "cancelled_dates"
        )
        self.meeting_original = None
        if data.get("meeting_date"):
            found = self._occurrences_on([data["meeting_date"]], "meeting_date")
            self.meeting_original = found[0] if found else None
            if not (data.get("meeting_reason") or "").strip():
                self.add_error("meeting_reason", "Say why this meeting changes.")
            if not data.get("meeting_cancel") and not (
                data.get("meeting_new_start") or data.get("meeting_title")
            ):
                self.add_error("meeting_new_start", "Give a new time or title, or cancel it.")
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Sent to the submitter by e-mail. Say what to fix to be published.",
    )


class QueueFilter(StatusQueueFilter):
    """Status, opening on the submissions that wait, so volunteers land on their work."""

    parameter_name = "status"
    statuses = EventStatus
    waiting = EventStatus.SUBMITTED


class DuplicateFilter(admin.SimpleListFilter):
    title = "possible duplicates"
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", "Has possible duplicates")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_duplicates=True)
        return queryset


@admin.register(Event)
class EventAdmin(DateHierarchyChecked, admin.ModelAdmin):
    form = EventAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "calendar",
        "status",
        "when",
        "city",
        "country",
        "duplicate_warning",
        "created_at",
        "preview_link",
    ]
    list_filter = [
        QueueFilter,
        "calendar",
        "country",
        ("start", admin.DateFieldListFilter),
        "category",
        DuplicateFilter,
        "is_featured",
    ]
    search_fields = ["title", "city", "venue_name", "website_url", "organiser_email", "uid"]
    # The moderation queue: the oldest submission first.
    ordering = ["created_at"]
    date_hierarchy = "start"
    list_select_related = ["calendar"]
    autocomplete_fields = ["source_group"]
    change_form_template = "admin/events/event/change_form.html"
    actions = ["publish_selected", "reject_selected", "cancel_selected", "archive_selected"]
    inlines = [StatusChangeInline]
    readonly_fields = [
        "status",
        "rejection_reason",
        "uid",
        "sequence",
        "published_at",
        "created_at",
        "updated_at",
        "submitter",
        "preview_link",
        "duplicates",
    ]
    fieldsets = [
        (None, {"fields": ["calendar", "title", "category", "tags", "description", "is_featured"]}),
        (
            "When",
            {
                "fields": [
                    "timezone",
                    "is_all_day",
                    "start",
                    "end",
                    "recurrence_rule",
                    "skipped_dates",
                    "cancelled_dates",
                ],
                "description": "Start and end are the event's local times, in its time zone.",
            },
        ),
        (
            "One meeting of the series",
            {
                "fields": [
                    "meeting_date",
                    "meeting_new_start",
                    "meeting_title",
                    "meeting_cancel",
                    "meeting_reason",
                ],
                "description": "Move, retitle or cancel one meeting; the reason goes into the "
                "history below. Times are the event's local times.",
            },
        ),
        (
            "Where",
            {
                "fields": [
                    "attendance_mode",
                    "venue_name",
                    "venue_address",
                    "city",
                    "country",
                    "region",
                ]
            },
        ),
        ("Links", {"fields": ["website_url", "registration_url", "cfp_deadline"]}),
        ("Organiser (never public)", {"fields": ["organiser_name", "organiser_email"]}),
        (
            "Moderation",
            {
                "fields": [
                    "status",
                    "rejection_reason",
                    "duplicates",
                    "preview_link",
                    "submitter",
                    "source_group",
                    "uid",
                    "sequence",
                    "published_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request).with_duplicate_flag()
        return qs.moderated_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "calendar" and not request.user.is_superuser:
            kwargs["queryset"] = Calendar.objects.filter(volunteers=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            self._change_meeting(request, obj, form)
            return
        obj.submitted_by = request.user
        services.event_create(
            event=obj, by=request.user, actor=EventActor.VOLUNTEER, status=obj.status
        )

    def _change_meeting(self, request, event, form):
        original = getattr(form, "meeting_original", None)
        if original is None:
            return
        data = form.cleaned_data
        try:
            services.event_occurrence_change(
                event=event,
                original=original,
                by=request.user,
                reason=data["meeting_reason"],
                start=data.get("meeting_new_start"),
                title=data.get("meeting_title") or "",
                cancel=bool(data.get("meeting_cancel")),
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))

    # --- the event's own time zone ----------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Shown and read in the event's zone, so a 09:00 Paris event reads 09:00 and an
        # all-day one starts at midnight. A zone chosen in the form applies to the times
        # sent with it: they are wall times of the event's place.
        zone = request.POST.get("timezone", "")
        if not is_valid_timezone(zone):
            event = self.get_object(request, object_id) if object_id else None
            zone = event.timezone if event is not None else "UTC"
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response

    @admin.display(description="When", ordering="start")
    def when(self, event):
        return event_when(event, event.start, event.end)

    @admin.display(description="Submitted by")
    def submitter(self, event):
        # Not a link: calendar volunteers may not open user accounts in the admin.
        user = event.submitted_by
        if user is None:
            return "Imported from a feed" if event.source_group_id else "—"
        name = user.get_full_name() or user.get_username()
        if not user.email:
            return name
        return format_html('{} &lt;<a href="mailto:{}">{}</a>&gt;', name, user.email, user.email)

    @admin.display(description="Duplicates?", boolean=False)
    def duplicate_warning(self, event):
        if getattr(event, "has_duplicates", False):
            return format_html('<strong class="errornote">⚠ {}</strong>', "possible duplicate")
        return ""

    @admin.display(description="Preview")
    def preview_link(self, event):
        if not event.pk:
            return ""
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">View as the public sees it</a>',
            event.get_absolute_url(),
        )

    @admin.display(description="Possible duplicates")
    def duplicates(self, event):
        if not event.pk:
            return ""
        found = list(event.possible_duplicates())
        if not found:
            return "None found (similar title with overlapping dates, or the same website)."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}, {}, {})</li>',
                (
                    (
                        reverse("admin:events_event_change", args=[other.pk]),
                        other.title,
                        other.calendar.name,
                        other.start.date(),
                        other.get_status_display(),
                    )
                    for other in found
                ),
            ),
        )

    # --- moderating one event from its page -------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="events_event_moderate",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.status == EventStatus.SUBMITTED:
            context.update(
                can_moderate=self.has_change_permission(request, obj),
                submitter_display=self.submitter(obj),
                waiting_count=self.get_queryset(request).waiting().count(),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def moderate_view(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        event = get_object_or_404(self.get_queryset(request), pk=pk)
        return require_POST(self._moderate_one)(request, event)

    def _moderate_one(self, request, event):
        """Approve or reject from the event's page, then open the next one that waits."""
        back = HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.event_publish(event=event, by=request.user)
                done = f"“{event.title}” is published; the submitter was e-mailed."
            elif action == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    raise ActionRefused("A rejection needs a reason for the submitter.")
                services.event_reject(
                    event=event, by=request.user, reason=form.cleaned_data["reason"]
                )
                done = f"“{event.title}” is rejected; the submitter was e-mailed the reason."
            else:
                raise ActionRefused("Unknown action.")
        except ActionRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return back
        self.message_user(request, done, messages.SUCCESS)
        following = self.get_queryset(request).waiting().exclude(pk=event.pk).first()
        if following is None:
            return HttpResponseRedirect(reverse("admin:events_event_changelist"))
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[following.pk]))

    # --- actions -------------------------------------------------------------------

    def _moderate(self, request, queryset, service, verb, **kwargs):
        done, problems = services.events_moderate(queryset, service, by=request.user, **kwargs)
        report_outcome(
            self, request, done=done, success=f"{{done}} event(s) {verb}.", problems=problems
        )

    @admin.action(description="Publish selected events", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._moderate(
            request, queryset, services.event_publish, "published; submitters were e-mailed"
        )

    @admin.action(description="Reject selected events (asks for a reason)", permissions=["change"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._moderate(
                request,
                queryset,
                services.event_reject,
                "rejected; submitters were e-mailed",
                reason=form.cleaned_data["reason"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Why are these events rejected?",
            "events": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action": "reject_selected",
        }
        return TemplateResponse(request, "admin/events/event/reject_reason.html", context)

    @admin.action(description="Cancel selected events", permissions=["change"])
    def cancel_selected(self, request, queryset):
        self._moderate(request, queryset, services.event_cancel, "marked cancelled")

    @admin.action(description="Archive selected events (hide everywhere)", permissions=["change"])
    def archive_selected(self, request, queryset):
        self._moderate(request, queryset, services.event_archive, "archived")


@admin.register(EventStatusChange)
class EventStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["event", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["event__title", "reason"]
    list_select_related = ["event", "by"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(event__in=Event.objects.moderated_by(request.user))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
