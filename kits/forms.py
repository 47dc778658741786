from datetime import timedelta

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone

from community.countries import COUNTRIES
from community.uploads import ImageUploadField
from community.widgets import LongSelect
from events.models import Event, is_valid_timezone
from kits.models import (
    BOOKING_HORIZON_DAYS,
    Booking,
    BookingStatus,
    Booth,
    BoothReport,
    Kit,
    Shipment,
    validate_zone,
)
from kits.uploads import AttachmentField
from representatives.models import ActivityReport

DATE = forms.DateInput(attrs={"type": "date"})
CONFERENCE_FIELDS = (
    "conference_name",
    "conference_city",
    "conference_country",
    "conference_starts",
    "conference_ends",
)


def python_events_choices():
    from events.models import Calendar, Event

    # Bounded by the booking horizon, not sliced: a sliced queryset cannot validate a choice.
    horizon = timezone.now() + timedelta(days=BOOKING_HORIZON_DAYS)
    return (
        Event.objects.upcoming()
        .filter(calendar__slug=Calendar.PYTHON_EVENTS, start__lte=horizon)
        .only("pk", "title", "start", "end", "city", "country")
        .order_by("start")
    )


# A region files four reports a year per representative: a request names a recent one.
REPORT_YEARS = 2


class BookingRequestForm(forms.ModelForm):
    """A member's request; ``kit`` is offered once the dates are known (the "check" step)."""

    kit = forms.ModelChoiceField(
        queryset=Kit.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        label="Kit",
        empty_label=None,
    )
    conference_country = forms.ChoiceField(choices=[("", "—"), *COUNTRIES], label="Country")

    class Meta:
        model = Booking
        fields = [
            "event",
            "conference_name",
            "conference_city",
            "conference_country",
            "conference_starts",
            "conference_ends",
            "arrive_by",
            "leave_on",
            "shipping_address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "note",
            "activity_report",
        ]
        widgets = {
            "conference_starts": DATE,
            "conference_ends": DATE,
            "arrive_by": DATE,
            "leave_on": DATE,
            "shipping_address": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "event": "Conference on the Python events calendar",
            "conference_name": "Conference name",
            "conference_city": "City",
            "conference_starts": "First day",
            "conference_ends": "Last day",
            "shipping_address": "Shipping address",
            "activity_report": "Asked for in your region's activity report",
        }
        help_texts = {
            "event": "Leave empty if the conference is not on the calendar.",
            "activity_report": "Optional: the board then sees which need this request meets.",
            "shipping_address": "Only the kit managers see it.",
        }

    def __init__(self, *args, user, kit_options=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = python_events_choices()
        # Only representatives have reports to name; everyone else never sees the field.
        reports = (
            ActivityReport.objects.of_regions_represented_by(user)
            .filter(year__gte=timezone.localdate().year - REPORT_YEARS + 1)
            .select_related("representative__region")
        )
        if reports.exists():
            self.fields["activity_report"].queryset = reports
        else:
            del self.fields["activity_report"]
        self.fields["event"].required = False
        # With an event from the calendar these come from it; otherwise clean() asks.
        for name in CONFERENCE_FIELDS:
            self.fields[name].required = False
        self.kit_options = kit_options or []
        free = [o.kit.pk for o in self.kit_options if o.is_free]
        self.fields["kit"].queryset = Kit.objects.in_service().filter(pk__in=free)
        self.fields["kit"].label_from_instance = self._kit_label

    def _kit_label(self, kit):
        option = next((o for o in self.kit_options if o.kit.pk == kit.pk), None)
        if option is None:
            return str(kit)
        return (
            f"{kit} ({kit.get_kind_display()}, {kit.region}): {option.outbound_days} days' transit"
        )

    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event")
        if event is not None:
            for name, value in Booking.from_event(event).items():
                if not cleaned.get(name) and name not in self.errors:
                    cleaned[name] = value
        for name in CONFERENCE_FIELDS:
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, "Fill this in, or pick the conference from the calendar.")
        today = timezone.localdate()
        horizon = today + timedelta(days=BOOKING_HORIZON_DAYS)
        arrive, leave = cleaned.get("arrive_by"), cleaned.get("leave_on")
        starts, ends = cleaned.get("conference_starts"), cleaned.get("conference_ends")
        if arrive and arrive <= today:
            self.add_error("arrive_by", "The kit cannot arrive in the past; pick a later date.")
        if arrive and arrive > horizon:
            self.add_error("arrive_by", "Requests are taken at most two years ahead.")
        if arrive and leave and leave < arrive:
            self.add_error("leave_on", "The kit cannot leave before it arrives.")
        if starts and ends and ends < starts:
            self.add_error("conference_ends", "The last day is before the first day.")
        if arrive and starts and arrive > starts:
            self.add_error("arrive_by", "The kit must arrive by the conference's first day.")
        if leave and ends and leave < ends:
            self.add_error("leave_on", "The kit may leave only after the conference's last day.")
        return cleaned

    @property
    def dates_ready(self) -> bool:
        return all(
            self.cleaned_data.get(f) for f in ("arrive_by", "leave_on", "conference_country")
        ) and not any(f in self.errors for f in ("arrive_by", "leave_on"))

    def booking_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="Reason (mailed to the requester)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ProposeKitForm(forms.Form):
    kit = forms.ModelChoiceField(queryset=Kit.objects.none(), label="Kit to propose")
    note = forms.CharField(label="Note to the requester", required=False, max_length=2000)

    def __init__(self, *args, user, exclude_kit=None, **kwargs):
        super().__init__(*args, **kwargs)
        kits = Kit.objects.managed_by(user).in_service()
        if exclude_kit is not None:
            kits = kits.exclude(pk=exclude_kit.pk)
        self.fields["kit"].queryset = kits


class ShipmentForm(forms.ModelForm):
    """The phone form: kit and booking limited to what the manager manages."""

    attachment = AttachmentField(label="Receipt or customs paper", required=False)

    class Meta:
        model = Shipment
        fields = [
            "kit",
            "booking",
            "purpose",
            "status",
            "from_address",
            "from_country",
            "to_address",
            "to_country",
            "carrier",
            "carrier_name",
            "tracking_number",
            "shipped_on",
            "expected_on",
            "delivered_on",
            "cost",
            "currency",
            "customs_fees",
            "carnet_number",
            "declared_value",
            "customs_notes",
        ]
        widgets = {
            "shipped_on": DATE,
            "expected_on": DATE,
            "delivered_on": DATE,
            "from_address": forms.Textarea(attrs={"rows": 2}),
            "to_address": forms.Textarea(attrs={"rows": 2}),
            "customs_notes": forms.Textarea(attrs={"rows": 2}),
            "from_country": LongSelect,
            "to_country": LongSelect,
            "tracking_number": forms.TextInput(attrs={"autocapitalize": "characters"}),
            "cost": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from kits.models import Booking as B

        self.fields["kit"].queryset = Kit.objects.managed_by(user).in_service()
        # Open bookings, and the one this shipment already belongs to (it may be closed).
        current = self.instance.booking_id if self.instance.pk else None
        self.fields["booking"].queryset = (
            B.objects.managed_by(user)
            .filter(Q(status__in=BookingStatus.open()) | Q(pk=current))
            .select_related("kit")
            .order_by("arrive_by")
        )
        self.fields["booking"].required = False


# --- booths ---------------------------------------------------------------------------------

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def upcoming_conferences(current=None):
    """Public conferences on the Python events calendar within the booking horizon, soonest
    first (plus ``current``, an event the booth already names, though it may be over):
    the bounded list a booth's lead picks from."""
    conferences = Q(
        pk__in=python_events_choices().filter(category=Event.Category.CONFERENCE).values("pk")
    )
    return (
        Event.objects.filter(conferences | Q(pk=current) if current else conferences)
        .only("pk", "title", "start", "end", "timezone", "is_all_day", "city", "country")
        .order_by("start", "pk")
    )


class BoothForm(forms.ModelForm):
    """The lead's booth: the conference (picked from the calendar, or typed), its zone,
    setup and teardown, notes and goals."""

    class Meta:
        model = Booth
        fields = (
            "event",
            *CONFERENCE_FIELDS,
            "timezone",
            "setup_at",
            "teardown_at",
            "location_notes",
            "goals",
        )
        widgets = {
            "conference_starts": DATE,
            "conference_ends": DATE,
            "setup_at": LOCAL_DATETIME,
            "teardown_at": LOCAL_DATETIME,
        }
        labels = {
            "event": "Conference on the Python events calendar",
            "conference_name": "Conference name",
            "conference_city": "City",
            "conference_country": "Country",
            "conference_starts": "First day",
            "conference_ends": "Last day",
        }
        help_texts = {
            "event": "Pick it and its name, city, country, dates and time zone come from the "
            "calendar; leave it empty and type them below.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.fields["event"]
        event.queryset = upcoming_conferences(current=self.instance.event_id)
        event.required = False
        event.empty_label = "Not on the calendar: I type the details"
        event.label_from_instance = self._event_label
        # With an event these come from it; clean() asks for them otherwise.
        for name in CONFERENCE_FIELDS:
            self.fields[name].required = False

    @staticmethod
    def _event_label(event) -> str:
        first_day = Booth.from_event(event)["conference_starts"]
        where_and_when = [event.city, event.get_country_display(), f"{first_day:%d %b %Y}"]
        return f"{event.title} ({', '.join(p for p in where_and_when if p)})"

    def clean_conference_starts(self):
        day = self.cleaned_data["conference_starts"]
        today = timezone.localdate()
        if day and not (
            today - timedelta(days=365) <= day <= today + timedelta(days=BOOKING_HORIZON_DAYS)
        ):
            raise forms.ValidationError("Give a date within the next two years.")
        return day

    def clean(self):
        data = super().clean()
        event = data.get("event")
        if event is not None:
            # The calendar is the one source for a listed conference: what it says wins over
            # what was typed, except where it says nothing (an event without a city).
            for name, value in Booth.from_event(event).items():
                if value:
                    data[name] = value
                    self.errors.pop(name, None)
            if is_valid_timezone(event.timezone):
                data["timezone"] = event.timezone
                self.errors.pop("timezone", None)
        for name in CONFERENCE_FIELDS:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, "Fill this in, or pick the conference from the calendar.")
        starts, ends = data.get("conference_starts"), data.get("conference_ends")
        if starts and ends and ends < starts:
            self.add_error("conference_ends", "The last day is before the first day.")
        zone = data.get("timezone")
        if zone:
            try:
                validate_zone(zone)
            except forms.ValidationError:
                return data
            import zoneinfo

            # The browser sends wall-clock times; they are the conference's, not the server's.
            for name in ("setup_at", "teardown_at"):
                if data.get(name):
                    naive = timezone.make_naive(data[name])
                    data[name] = timezone.make_aware(naive, zoneinfo.ZoneInfo(zone))
        return data

    def booth_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ShiftForm(forms.Form):
    starts_at = forms.DateTimeField(label="Starts (conference time)", widget=LOCAL_DATETIME)
    ends_at = forms.DateTimeField(label="Ends (conference time)", widget=LOCAL_DATETIME)
    capacity_min = forms.IntegerField(
        label="Volunteers needed", min_value=1, max_value=50, initial=1
    )
    capacity_max = forms.IntegerField(label="At most", min_value=1, max_value=50, initial=2)
    skill = forms.CharField(label="Required skill (optional)", max_length=100, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "A shift ends after it starts.")
        if start and end and end - start > timedelta(hours=12):
            self.add_error("ends_at", "A shift lasts at most 12 hours.")
        # Wall-clock times in the conference's zone: the service makes them aware there.
        for name in ("starts_at", "ends_at"):
            if data.get(name) and timezone.is_aware(data[name]):
                data[name] = timezone.make_naive(data[name])
        low, high = data.get("capacity_min"), data.get("capacity_max")
        if low and high and high < low:
            self.add_error("capacity_max", "“At most” is at least the number needed.")
        return data


class ShiftGenerateForm(forms.Form):
    day_starts = forms.TimeField(label="Booth opens", widget=TIME, initial="09:00")
    day_ends = forms.TimeField(label="Booth closes", widget=TIME, initial="18:00")
    hours = forms.IntegerField(label="Shift length (hours)", min_value=1, max_value=12, initial=3)
    capacity_min = forms.IntegerField(
        label="Volunteers needed", min_value=1, max_value=50, initial=1
    )
    capacity_max = forms.IntegerField(label="At most", min_value=1, max_value=50, initial=2)
    skill = forms.CharField(label="Required skill (optional)", max_length=100, required=False)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("day_starts"), data.get("day_ends")
        if opens and closes and closes <= opens:
            self.add_error("day_ends", "The booth closes after it opens.")
        low, high = data.get("capacity_min"), data.get("capacity_max")
        if low and high and high < low:
            self.add_error("capacity_max", "“At most” is at least the number needed.")
        return data


class BoothKitForm(forms.Form):
    """The kit's dates at the conference and where to send it; the kit is picked per row."""

    arrive_by = forms.DateField(label="The kit must arrive by", widget=DATE)
    leave_on = forms.DateField(label="The kit may leave on", widget=DATE)
    shipping_address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text="Only the kit managers see it. Needed to request a kit.",
    )

    def clean(self):
        data = super().clean()
        arrive, leave = data.get("arrive_by"), data.get("leave_on")
        if arrive and leave and leave < arrive:
            self.add_error("leave_on", "The kit leaves after it arrives.")
        today = timezone.localdate()
        if arrive and not today <= arrive <= today + timedelta(days=BOOKING_HORIZON_DAYS):
            self.add_error("arrive_by", "Give a date within the next two years.")
        if leave and arrive and (leave - arrive).days > 60:
            self.add_error("leave_on", "A booking lasts at most 60 days.")
        return data


class BoothReportForm(forms.ModelForm):
    """The lead's report; one "used" field per consumable of the booked kit."""

    photo_upload = ImageUploadField(label="A photo of the booth", required=False)

    class Meta:
        model = BoothReport
        fields = (
            "visitors",
            "conversations",
            "membership_signups",
            "donations",
            "lessons",
            "consumables_cost_usd",
        )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            price = f", {item.unit_cost_usd} USD each" if item.unit_cost_usd is not None else ""
            self.fields[f"used_{item.pk}"] = forms.IntegerField(
                label=f"{item.name} used (in stock: {item.quantity}{price})",
                min_value=0,
                max_value=item.quantity,
                required=False,
            )
        self.fields["visitors"].widget.attrs["max"] = 1_000_000
        self.fields["visitors"].validators.append(MaxValueValidator(1_000_000))

    def report_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def used(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data.get(f"used_{item.pk}") or 0 for item in self.items}
