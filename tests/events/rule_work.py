"""Count the periods dateutil steps through, to assert on bounded work instead of time."""

from contextlib import ExitStack, contextmanager
from unittest import mock

from dateutil import rrule as dateutil_rrule

# One call per period a rule visits: a year, month, week, day (or hour, minute, second).
_PERIOD_STEPS = ("ydayset", "mdayset", "wdayset", "ddayset")


class RuleWalkedTooFar(AssertionError):
    """A rule was expanded further than the test allows."""


@contextmanager
def rule_work_budget(periods: int):
    """Fail as soon as rules step through more than ``periods`` periods in total."""
    steps = {"count": 0}

    def counting(original):
        def step(self, *args):
            steps["count"] += 1
            if steps["count"] > periods:
                raise RuleWalkedTooFar(f"rules stepped through more than {periods} periods")
            return original(self, *args)

        return step

    with ExitStack() as stack:
        for name in _PERIOD_STEPS:
            original = getattr(dateutil_rrule._iterinfo, name)
            stack.enter_context(
                mock.patch.object(dateutil_rrule._iterinfo, name, counting(original))
            )
        yield steps
