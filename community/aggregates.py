"""SQL aggregates Django does not ship."""

from django.db.models import Aggregate


class Median(Aggregate):
    """The median of ``expression``, computed by PostgreSQL.

    ``percentile_cont`` by default: the mean of the two middle values when their number is
    even (durations, float costs). ``discrete=True`` takes ``percentile_disc``, a value of
    one of the rows, which keeps a Decimal amount or a whole number of days exact.
    """

    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, *, discrete: bool = False, **extra):
        function = "percentile_disc" if discrete else "percentile_cont"
        super().__init__(expression, function=function, **extra)
