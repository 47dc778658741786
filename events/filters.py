import django_filters
from django import forms
from django.db.models import Q

from community.countries import country_choices
from community.widgets import LongSelect
from events.models import Event
from representatives.models import Region


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
