"""Admin changelists that refuse list parameters Django's own checks let through."""

from datetime import MAXYEAR

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

_DATE_PARTS = {"year": (1, MAXYEAR - 1), "month": (1, 12), "day": (1, 31)}


class DateHierarchyChangeList(ChangeList):
    """A changelist whose date hierarchy refuses a year, month or day that is no date.

    Django catches the ValueError of ``?start__year=99999`` but not the OverflowError of
    a 20-digit year, nor the ValueError of ``?start__year=9999`` (the next year is out of
    range): both were 500s. A refused value gets the admin's usual "?e=1" redirect.
    """

    def get_filters(self, request):
        if self.date_hierarchy:
            for part, (lowest, highest) in _DATE_PARTS.items():
                for value in request.GET.getlist(f"{self.date_hierarchy}__{part}"):
                    if not (
                        value.isdigit() and len(value) <= 4 and lowest <= int(value) <= highest
                    ):
                        raise IncorrectLookupParameters(f"{part} {value[:20]!r} is not a date")
        return super().get_filters(request)


class DateHierarchyChecked:
    """ModelAdmin mixin for every admin with a ``date_hierarchy``."""

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList


class StatusQueueFilter(admin.SimpleListFilter):
    """A status filter that opens on the status that waits for the volunteer, with "All".

    Subclasses set ``statuses`` (the TextChoices), ``waiting`` (the status the list opens
    on) and ``parameter_name``.
    """

    title = "status"
    statuses = None
    waiting = None

    def lookups(self, request, model_admin):
        return [("all", "All"), *self.statuses.choices]

    def value(self):
        return super().value() or self.waiting

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())
