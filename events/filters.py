from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Q
from django.utils.choices import BaseChoiceIterator

from community.countries import COUNTRY_NAMES, country_choices
from community.widgets import LongSelect
from events.models import Event, public_event_countries
from representatives.models import Region


class EventFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any country is accepted (a bookmarked filter stays a filter); the menu offers
        # the countries that have events, looked up only when the menu is drawn (feeds
        # validate the same form and never draw it).
        selected = self.data.get("country", "") if self.is_bound else ""
        self.fields["country"].widget.choices = LookedUpOnce(lambda: country_menu(selected))


class LookedUpOnce(BaseChoiceIterator):
    """Choices read from the database when first iterated, then kept: the form renderer
    goes through a select's choices more than once. A BaseChoiceIterator, so the widget
    keeps it as it is instead of reading it when the form is made."""

    def __init__(self, lookup):
        self.lookup = lookup
        self.choices = None

    def __iter__(self):
        if self.choices is None:
            self.choices = self.lookup()
        return iter(self.choices)


def country_menu(selected: str = "") -> list[tuple[str, str]]:
    """ "Any country", then the countries that have public events (and ``selected``), by name."""
    codes = set(public_event_countries())
    if selected in COUNTRY_NAMES:
        codes.add(selected)
    countries = sorted(((code, COUNTRY_NAMES[code]) for code in codes), key=lambda c: c[1])
    return [("", "Any country"), *countries]


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    country = django_filters.ChoiceFilter(
        choices=country_choices, empty_label="Any country", widget=LongSelect
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="slug", empty_label="Any region"
    )
    category = django_filters.ChoiceFilter(choices=Event.Category.choices, empty_label="Any kind")
    online = django_filters.BooleanFilter(
        method="filter_online",
        label="Online or hybrid only",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Event
        fields = ["q", "country", "region", "category", "online"]
        form = EventFilterForm

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(city__icontains=value)
            | Q(venue_name__icontains=value)
            | Q(description__icontains=value)
        )

    def filter_online(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(attendance_mode=Event.AttendanceMode.IN_PERSON)

    def query_string(self) -> str:
        """The filters in force, as a query string for the feeds' links ("" when none).

        Only values that passed validation, in a fixed order, so one set of filters
        gives one address (and one cached copy).
        """
        if not self.is_bound or self.data is None:
            return ""
        self.form.is_valid()
        cleaned = self.form.cleaned_data
        params = {}
        for name in self.Meta.fields:
            if cleaned.get(name) not in (None, "", False):
                value = self.data.get(name, "")
                params[name] = value.strip()[:100] if name == "q" else value
        return urlencode(params)

    @property
    def is_filtered(self) -> bool:
        return bool(self.query_string())
