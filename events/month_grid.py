"""A calendar month as a grid of local days, each with the occurrences that fall on it."""

import calendar as calendar_lib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property

# A busy day shows its first few events and a count: the grid is an overview, and
# rendering hundreds of entries made the month page the slowest of the site.
DAY_SHOWN = 6


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int

    @cached_property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @cached_property
    def last(self) -> date:
        return self.first + timedelta(days=calendar_lib.monthrange(self.year, self.month)[1] - 1)

    @cached_property
    def window(self) -> tuple[datetime, datetime]:
        """The instants to load events for: occurrences sit on their own local date, and a
        day's margin on each side catches every zone."""
        return (
            datetime.combine(self.first - timedelta(days=1), time.min, tzinfo=UTC),
            datetime.combine(self.last + timedelta(days=2), time.min, tzinfo=UTC),
        )

    @property
    def leading_blanks(self) -> range:
        """Empty cells before the 1st in a week that starts on Monday."""
        return range(self.first.weekday())

    def days(self, events, *, shown: int = DAY_SHOWN) -> list[tuple[date, list, int]]:
        """Each day of the month with up to ``shown`` (event, local start, is_cancelled)
        entries and the number not shown.

        An occurrence is placed on every local day it covers, in its event's own zone
        (an event from 22:00 to 02:00 is on both days). A day lists its entries by the
        local time shown, so it reads 08:00 Pune before 09:00 Singapore.
        """
        window_start, window_end = self.window
        by_day = {self.first + timedelta(days=n): [] for n in range(self.last.day)}
        for event in events:
            for start, end, is_cancelled, _ in event.occurrences(window_start, window_end):
                day = start.date()
                last_day = (end - timedelta(microseconds=1)).date()
                while day <= last_day:
                    if day in by_day:
                        by_day[day].append((event, start, is_cancelled))
                    day += timedelta(days=1)
        days = []
        for day, items in sorted(by_day.items()):
            items.sort(key=lambda item: (item[1].replace(tzinfo=None), item[0].pk))
            days.append((day, items[:shown], max(len(items) - shown, 0)))
        return days
