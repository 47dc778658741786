"""One rule, two uses: a ``Q`` filters querysets and also answers for one loaded row.

A page that already holds a row (a job post's page, an event's) would otherwise
restate the rule in Python, and the two copies drift apart; asking the database again
(``Q.check``) would cost a query per row.
"""

import operator

from django.db.models import Q

LOOKUPS = {
    "exact": operator.eq,
    "in": lambda value, choices: value in choices,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def matches(condition: Q, instance) -> bool:
    """Whether ``instance``, as loaded, is one that ``filter(condition)`` selects.

    Plain lookups on the model's own fields only (exact, in, gt, gte, lt, lte, isnull);
    anything else raises ``ValueError`` rather than guess. NULL compares as SQL does
    (never equal, greater or less), and ``field=None`` means IS NULL, as in ``filter``.
    """
    outcomes = []
    for child in condition.children:
        if isinstance(child, Q):
            outcomes.append(matches(child, instance))
            continue
        path, expected = child
        field, _, lookup = path.partition("__")
        lookup = lookup or "exact"
        actual = getattr(instance, field)
        if lookup == "exact" and expected is None:  # Django filters this as IS NULL
            lookup, expected = "isnull", True
        if lookup == "isnull":
            outcomes.append((actual is None) == bool(expected))
        elif lookup in LOOKUPS:
            outcomes.append(actual is not None and LOOKUPS[lookup](actual, expected))
        else:
            raise ValueError(f"matches() cannot evaluate the lookup {path!r}")
    combine = all if condition.connector == Q.AND else any
    outcome = combine(outcomes)
    return not outcome if condition.negated else outcome
