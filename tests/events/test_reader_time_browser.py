"""The reader sees the event's local time and their own, rewritten by static JavaScript."""

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.events.factories import EventFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def next_july_first():
    today = date.today()
    return date(today.year + (today >= date(today.year, 6, 1)), 7, 1)


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (make test installs it as root)",
)
def test_reader_in_new_york_sees_berlin_morning_as_their_night(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    start = datetime.combine(next_july_first(), time(9), tzinfo=ZoneInfo("Europe/Berlin"))
    event = EventFactory(timezone="Europe/Berlin", start=start, end=start + timedelta(hours=2))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(timezone_id="America/New_York", locale="en-US")
            page.goto(live_server.url + event.get_absolute_url())
            when = page.locator(".event-when").first.inner_text()
            reader = page.locator("time.reader-time").inner_text()
        finally:
            browser.close()
    assert "09:00–11:00 CEST" in when  # noqa: RUF001
    # Start and end, in the page's own format.
    assert reader == f"{start:%a} {start.day} Jul {start.year}, 03:00\u201305:00 EDT your time"
