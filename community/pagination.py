"""Pagination that stays cheap however many rows match."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Far beyond what anyone pages through; past it the page asks for a narrower search.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows.

    Counting every match of a broad full-text search read and matched each row
    (30 ms at 10,000 posts); counting a bounded subquery costs the same at any size.
    ``is_capped`` tells the page to say "more than ``cap``".
    """

    def __init__(self, object_list, per_page, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or COUNT_CAP

    @cached_property
    def _bounded_count(self) -> int:
        # Unordered: which rows fill the bounded subquery does not change its count.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @cached_property
    def is_capped(self) -> bool:
        return self._bounded_count > self.cap


def page_of(request, object_list, per_page: int, *, cap: int | None = None):
    """The page ``?page=`` asks for, counted by ``CappedPaginator``; a missing, bad or
    out-of-range number gives the first or last page rather than an error."""
    return CappedPaginator(object_list, per_page, cap=cap).get_page(request.GET.get("page"))


def limit_from(request, *, default: int, maximum: int, name: str = "limit") -> int:
    """``?limit=`` as a whole number from 1 to ``maximum``; ``default`` when it is absent
    or not a number. Whoever sends it, a list never grows past ``maximum``."""
    try:
        limit = int(request.GET.get(name, default))
    except ValueError:
        limit = default
    return min(max(limit, 1), maximum)
