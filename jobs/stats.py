"""SQL aggregates Django does not ship."""

from django.db.models import Aggregate, DurationField, F


class Median(Aggregate):
    """Median of ``end - start`` as an interval, computed by PostgreSQL."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, end: str, start: str, **extra):
        super().__init__(F(end) - F(start), **extra)
