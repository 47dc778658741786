"""Admin changelists that refuse list parameters Django's own checks let through."""

from datetime import MAXYEAR

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
