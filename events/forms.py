from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from community.markup import MarkdownFormField
from community.widgets import LongSelect
from events.models import (
    DESCRIPTION_MAX_LENGTH,
    Calendar,
    Event,
    valid_timezones,
    validate_within_horizon,
)

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Repeat:
    NONE = ""
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    CHOICES = [
        (NONE, "Does not repeat"),
        (WEEKLY, "Every week on the same weekday"),
        (FORTNIGHTLY, "Every other week on the same weekday"),
        (MONTHLY, "Every month on the same weekday (e.g. 2nd Tuesday)"),
    ]


def _rule_for(repeat, local_start, until_utc):
    weekday = WEEKDAYS[local_start.weekday()]
    if repeat == Repeat.WEEKLY:
        rule = f"FREQ=WEEKLY;BYDAY={weekday}"
    elif repeat == Repeat.FORTNIGHTLY:
        rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    elif repeat == Repeat.MONTHLY:
        nth = (local_start.day - 1) // 7 + 1
        rule = f"FREQ=MONTHLY;BYDAY=+{nth}{weekday}"
    else:
        return ""
    if until_utc:
        rule += f";UNTIL={until_utc:%Y%m%dT%H%M%SZ}"
    return rule


def _repeat_of(rule):
    """The form's choice for a stored RRULE, and its UNTIL date (or None)."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    until = parts.get("UNTIL")
    until_date = datetime.strptime(until[:8] + "+0000", "%Y%m%d%z").date() if until else None
    if parts.get("FREQ") == "MONTHLY":
        return Repeat.MONTHLY, until_date
    if parts.get("FREQ") == "WEEKLY":
        return (Repeat.FORTNIGHTLY if parts.get("INTERVAL") == "2" else Repeat.WEEKLY), until_date
    return Repeat.NONE, None


class EventSubmissionForm(forms.ModelForm):
    """What a member fills in; dates and times are read in the event's own timezone."""

    calendar = forms.ModelChoiceField(
        queryset=Calendar.objects.all(),
        empty_label=None,
        help_text="Conferences, sprints and workshops go on Python events; meetups on the "
        "user group calendar.",
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        initial="UTC",
        widget=LongSelect,
        help_text="Where the event happens, e.g. Europe/Berlin. Times below are in this zone.",
    )
    start_date = forms.DateField(label="Start date", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label="Start time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Leave the times empty for an all-day event.",
    )
    end_date = forms.DateField(label="End date", widget=forms.DateInput(attrs={"type": "date"}))
    end_time = forms.TimeField(
        label="End time", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    repeat = forms.ChoiceField(label="Repeats", choices=Repeat.CHOICES, required=False)
    repeat_until = forms.DateField(
        label="Repeats until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional last date of a repeating event.",
    )
    website_url = forms.URLField(
        label="Website",
        max_length=500,
        assume_scheme="https",
        help_text="The event's own page (http or https).",
    )
    registration_url = forms.URLField(
        label="Registration URL", max_length=500, required=False, assume_scheme="https"
    )
    tags = forms.CharField(
        required=False,
        max_length=200,
        help_text="Up to five, separated by commas (e.g. data science, django).",
    )

    class Meta:
        model = Event
        fields = [
            "calendar", "title", "category", "description", "timezone", "start_date",
            "start_time", "end_date", "end_time", "repeat", "repeat_until", "attendance_mode",
            "venue_name", "venue_address", "city", "country", "region", "website_url",
            "registration_url", "cfp_deadline", "tags", "organiser_name", "organiser_email",
        ]  # fmt: skip
        field_classes = {"description": MarkdownFormField}
        widgets = {
            "country": LongSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "cfp_deadline": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "description": f"Markdown, at most {DESCRIPTION_MAX_LENGTH:,} characters. Say who "
            "it is for, the language, and what to expect.",
            "organiser_email": "Only the calendar volunteers see this, to ask about the event.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []
        self.fields["timezone"].choices = [(tz, tz) for tz in sorted(valid_timezones())]
        self.fields["organiser_email"].required = True
        self.fields["venue_name"].help_text = "Leave empty for an online event."
        self.fields["region"].label = "PSF region"
        self.fields["region"].help_text = "Found from the country when left empty."
        event = self.instance
        if event.pk:
            local_start, local_end = event.local_start, event.local_end
            self.initial.update(
                timezone=event.timezone,
                start_date=local_start.date(),
                end_date=event.last_day if event.is_all_day else local_end.date(),
                start_time=None if event.is_all_day else local_start.time(),
                end_time=None if event.is_all_day else local_end.time(),
                tags=", ".join(event.tags),
            )
            repeat, until = _repeat_of(event.recurrence_rule)
            self.initial.update(repeat=repeat, repeat_until=until)

    def clean_tags(self):
        tags = [t.strip().lower() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if len(tags) > 5:
            raise forms.ValidationError("Use at most five tags.")
        if any(len(tag) > 40 for tag in tags):
            raise forms.ValidationError("Keep each tag under 40 characters.")
        return list(dict.fromkeys(tags))

    def _clean_url(self, name):
        url = self.cleaned_data.get(name, "")
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Use an http:// or https:// address.")
        return url

    def clean_website_url(self):
        return self._clean_url("website_url")

    def clean_registration_url(self):
        return self._clean_url("registration_url")

    def clean(self):
        data = super().clean()
        tz_name = data.get("timezone")
        start_date, end_date = data.get("start_date"), data.get("end_date")
        start_time, end_time = data.get("start_time"), data.get("end_time")
        if not tz_name or not start_date or not end_date:
            return data
        # Checked before the dates are combined: the day after 9999-12-31 overflows.
        beyond = False
        for name in ("start_date", "end_date", "repeat_until"):
            if data.get(name):
                try:
                    validate_within_horizon(data[name])
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
                    beyond = True
        if beyond:
            return data
        zone = ZoneInfo(tz_name)
        all_day = start_time is None and end_time is None
        if not all_day and (start_time is None or end_time is None):
            raise forms.ValidationError(
                "Give both a start and an end time, or neither for an all-day event."
            )
        if all_day:
            start = datetime.combine(start_date, time.min, tzinfo=zone)
            # Stored as midnight after the last day, as iCalendar does.
            end = datetime.combine(end_date + timedelta(days=1), time.min, tzinfo=zone)
        else:
            start = datetime.combine(start_date, start_time, tzinfo=zone)
            end = datetime.combine(end_date, end_time, tzinfo=zone)
        if end <= start:
            self.add_error("end_date", "The event must end after it starts.")
            return data
        if end - start > timedelta(days=31):
            self.add_error("end_date", "Events longer than a month are not listed.")
            return data
        if end <= timezone.now():
            self.add_error("start_date", "This event is over; only future events are listed.")
            return data
        until = data.get("repeat_until")
        repeat = data.get("repeat") or Repeat.NONE
        until_utc = None
        if repeat and until:
            if until < start_date:
                self.add_error("repeat_until", "The last date is before the first one.")
                return data
            until_utc = datetime.combine(until, time.max, tzinfo=zone).astimezone(UTC)
            until_utc = until_utc.replace(microsecond=0)
        elif until and not repeat:
            self.add_error("repeat_until", "Choose how the event repeats, or clear this date.")
            return data
        if repeat and all_day and end - start > timedelta(days=6):
            self.add_error("repeat", "Only events shorter than a week can repeat weekly.")
            return data
        self.instance.is_all_day = all_day
        self.instance.start = start.astimezone(UTC)
        self.instance.end = end.astimezone(UTC)
        self.instance.timezone = tz_name
        self.instance.recurrence_rule = _rule_for(repeat, start, until_utc)
        self._check_duplicates(data)
        return data

    def _check_duplicates(self, data) -> None:
        """Hold back a submission that repeats an event already listed or waiting, until the
        member confirms it is a different event (the template shows and links the others)."""
        self.duplicates = list(
            Event.objects.duplicates_of(
                title=data.get("title") or "",
                start=self.instance.start,
                website_url=data.get("website_url") or "",
                exclude_pk=self.instance.pk,
            )[:5]
        )
        if self.duplicates and self.data.get("not_a_duplicate") != "yes":
            raise forms.ValidationError(
                "This looks like an event that is already on the calendar or waiting for "
                "review (see below). If it is a different event, tick the box and send it again.",
                code="duplicate",
            )
