"""Debian's chromium, driven by Playwright, for the browser tests (Playwright's own
download does not work here; `make browser` installs the Debian one)."""

from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (make test installs it as root)",
)


@contextmanager
def chromium(monkeypatch):
    """A headless browser; the live server's ORM calls run beside Playwright's event loop."""
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def signed_in_context(browser, live_server, client, user, **options):
    """A browser context carrying ``user``'s session (from the test client's force_login)."""
    client.force_login(user)
    context = browser.new_context(**options)
    name = settings.SESSION_COOKIE_NAME
    session = {"name": name, "value": client.cookies[name].value, "url": live_server.url}
    context.add_cookies([session])
    return context
