import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.contrib import admin
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from community.admin_actions import report_outcome
from community.admin_lists import DateHierarchyChecked
from events import services
from events.models import (
    Calendar,
    Event,
    EventActor,
    EventStatusChange,
    validate_within_horizon,
)


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

    class Meta:
        model = Event
        # The admin's fieldsets choose the fields; the raw timestamp lists are edited
        # through the date fields above.
        exclude = ["excluded_dates", "cancelled_occurrences"]  # noqa: DJ006
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
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Sent to the submitter by e-mail. Say what to fix to be published.",
    )


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
        "start",
        "city",
        "country",
        "duplicate_warning",
        "created_at",
        "preview_link",
    ]
    list_filter = [
        "status",
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
    raw_id_fields = ["submitted_by"]
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
        "submitted_by",
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
                "description": "Start and end are shown in UTC; the time zone is the event's.",
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
                    "submitted_by",
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
            return
        obj.submitted_by = request.user
        services.event_create(
            event=obj, by=request.user, actor=EventActor.VOLUNTEER, status=obj.status
        )

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
