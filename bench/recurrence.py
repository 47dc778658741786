"""Time and memory of the recurrence work issue 23 §2 and §7 measured, in one process.

Before the fix one FREQ=MINUTELY event from 2000 took 134 s and 861 MB to import, FREQ=SECONDLY
never finished, a weekly series until 9999-12-31 took 5-11 s to fail, and a rule that never
meets walked to the year 9999 (6 s) on every page that showed it. Prints one line per case
with its time and peak traced memory, and exits 1 when one misses its target. Needs no
database (models are validated and expanded in memory) and sends no traffic.

    .venv/bin/python bench/recurrence.py
"""

import os
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402 - settings first

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402

from events.ics import parse_calendar  # noqa: E402
from events.models import Event  # noqa: E402
from events.vtimezone import vtimezone  # noqa: E402

OLD = datetime(2000, 1, 1, 9, tzinfo=UTC)
NOW = datetime.now(UTC)


def series(rule, start=OLD, zone="UTC"):
    return Event(start=start, end=start + timedelta(hours=1), timezone=zone, recurrence_rule=rule)


def refuse(rule, start=OLD, zone="UTC"):
    try:
        series(rule, start, zone).clean()
    except ValidationError:
        return
    raise AssertionError(f"{rule} was accepted")


def parse_and_validate():
    vevent = (
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20000101T000000Z\r\nDTEND:20000101T003000Z\r\n"
        "RRULE:{rule}\r\nEND:VEVENT\r\n"
    )
    rules = ["FREQ=MINUTELY", "FREQ=SECONDLY", "FREQ=SECONDLY;COUNT=2000000000"]
    body = "".join(vevent.format(uid=n, rule=rule) for n, rule in enumerate(rules))
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:bench\r\n{body}END:VCALENDAR\r\n"
    for parsed in parse_calendar(data.encode()).events:
        refuse(parsed.values["recurrence_rule"])


NEVER = series("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", start=datetime(2026, 1, 1, tzinfo=UTC))
CASES = [
    # (what, function, seconds, MB)
    ("import: MINUTELY, SECONDLY, SECONDLY;COUNT=2e9 from 2000", parse_and_validate, 0.2, 5),
    (
        "refuse: weekly until 9999-12-31, America/Los_Angeles",
        lambda: refuse(
            "FREQ=WEEKLY;UNTIL=99991231T235959Z", NOW + timedelta(days=7), "America/Los_Angeles"
        ),
        0.01,
        1,
    ),
    ("page: next meeting of a weekly series from 2000", lambda: series("FREQ=WEEKLY")
     .next_occurrence(NOW), 0.01, 1),
    ("page: next meeting of a monthly series from 2000", lambda: series("FREQ=MONTHLY;BYDAY=1TH")
     .next_occurrence(NOW), 0.01, 1),
    # Found out once per process (a walk through one 400-year calendar cycle), then cheap.
    ("page: month of a stored rule that never meets, first", lambda: NEVER.occurrences(
        NOW, NOW + timedelta(days=31)), 3.0, 5),
    ("page: month of a stored rule that never meets, then", lambda: NEVER.occurrences(
        NOW, NOW + timedelta(days=31)), 0.01, 1),
    ("feed: VTIMEZONE of Europe/Paris, built", lambda: vtimezone("Europe/Paris", 2040), 0.2, 5),
]  # fmt: skip


def main() -> int:
    failed = 0
    for what, function, seconds, megabytes in CASES:
        started = time.perf_counter()
        function()
        took = time.perf_counter() - started
        # Traced apart from the timing: tracing every allocation slows dateutil's loop
        # tenfold. (A case's second call may find its rule in the per-process caches.)
        tracemalloc.start()
        function()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        ok = took <= seconds and peak <= megabytes
        failed += not ok
        print(
            f"{'ok  ' if ok else 'SLOW'} {what:58} {took * 1000:8.1f} ms (≤ {seconds * 1000:.0f})"
            f" {peak:6.2f} MB (≤ {megabytes})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
