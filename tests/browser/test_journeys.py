"""The main journeys in Debian's Chromium: a visitor browses, searches and subscribes; a
board member logs in to the inbox and opens the overview; a volunteer finds how to help.
(The member's submissions, the moderation and the kit shipment journeys live beside their
apps: tests/kits/test_request_and_ship_browser.py.)"""

import pytest
from django.urls import reverse

from events.models import Calendar
from tests.browser.chromium import DESKTOP, PHONE, chromium, needs_chromium, signed_in_context
from tests.events.factories import EventFactory, in_days
from tests.jobs.factories import PendingJobPostFactory

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_browses_the_calendar_searches_and_subscribes(live_server, monkeypatch):
    conferences = Calendar.objects.get(slug=Calendar.PYTHON_EVENTS)
    EventFactory(calendar=conferences, title="PyCon Atlantis", start=in_days(30),
                 end=in_days(32))  # fmt: skip
    with chromium(monkeypatch) as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(live_server.url + reverse("community:home"))
        page.get_by_role("link", name="PyCon Atlantis").first.wait_for()
        page.get_by_role("link", name=f"All {conferences.name}").click()
        page.wait_for_url(f"**{conferences.get_absolute_url()}")
        subscribe = page.get_by_role("link", name="Subscribe in your calendar app")
        assert subscribe.get_attribute("href").startswith("webcal://")

        page.get_by_label("Search the site").fill("atlantis")
        page.get_by_role("button", name="Search", exact=True).first.click()
        page.wait_for_url("**/search/?q=atlantis")
        assert page.get_by_role("link", name="PyCon Atlantis").is_visible()
        page.close()


def test_board_member_opens_the_overview_from_the_inbox(live_server, monkeypatch, board_member):
    PendingJobPostFactory()
    with chromium(monkeypatch) as browser:
        context = signed_in_context(browser, live_server, board_member, viewport=PHONE)
        page = context.new_page()
        page.goto(live_server.url + reverse("community:inbox"))
        page.get_by_role("link", name="The board's overview").click()
        page.wait_for_url(f"**{reverse('community:overview')}")
        assert page.get_by_text("Job posts waiting for review").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        context.close()


def test_a_visitor_finds_how_to_help(live_server, monkeypatch):
    with chromium(monkeypatch) as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto(live_server.url + reverse("community:home"))
        page.get_by_role("link", name="Review jobs").click()
        page.wait_for_url("**/help/review-jobs/")
        assert page.get_by_role("heading", name="How to start").is_visible()
        page.close()
