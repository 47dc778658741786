"""The main journeys in Debian's Chromium: a visitor browses, searches and subscribes; a
board member logs in to the inbox and opens the overview; a volunteer finds how to help; a
member submits an event and a job; a calendar volunteer and a job reviewer log in with
their second factor and moderate through the admin. (The kit shipment journey lives beside
its app: tests/kits/test_request_and_ship_browser.py.)"""

import time
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import timezone

from events.models import Calendar, Event, EventStatus
from jobs.models import JobPost, Status
from tests.browser.chromium import DESKTOP, PHONE, chromium, needs_chromium, signed_in_context
from tests.events.factories import EventFactory, SubmittedEventFactory, in_days
from tests.factories import PASSWORD, TOTP_SECRET
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


def fill(page, values):
    for name, value in values.items():
        field = page.locator(f"main [name={name}]").first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_member_submits_an_event_and_a_job(live_server, monkeypatch, member):
    day = (timezone.localdate() + timedelta(days=40)).isoformat()
    with chromium(monkeypatch) as browser:
        context = signed_in_context(browser, live_server, member, viewport=DESKTOP)
        page = context.new_page()
        page.goto(live_server.url + reverse("events:submit"))
        page.locator("[name=calendar]").select_option(
            str(Calendar.objects.get(slug=Calendar.PYTHON_EVENTS).pk)
        )
        fill(page, {
            "title": "PyCon Journey", "category": "conference", "timezone": "Europe/Lisbon",
            "start_date": day, "start_time": "09:00", "end_date": day, "end_time": "18:00",
            "attendance_mode": "in_person", "city": "Lisbon", "country": "PT",
            "website_url": "https://pycon.example.org/", "organiser_email": "t@example.org",
            "description": "Talks.",
        })  # fmt: skip
        page.get_by_role("button", name="Preview").click()
        page.get_by_role("button", name="Submit for review").click()
        page.wait_for_url(f"**{reverse('events:my-submissions')}*")
        assert page.get_by_text("PyCon Journey").first.is_visible()

        page.goto(live_server.url + reverse("jobs:job-create"))
        fill(page, {
            "title": "Journey Developer", "company_name": "Journey Ltd", "city": "Lyon",
            "country": "FR", "category": "web",
            "description": "Build APIs.", "requirements": "Python",
            "apply_url": "https://journey.example.org/jobs",
            "contact_email": "hr@journey.example.org",
        })  # fmt: skip
        page.locator("[name=remote][value=hybrid]").check()
        page.locator("[name=job_types][value=full_time]").check()
        page.get_by_role("button", name="Save and preview").click()
        page.get_by_role("button", name="Submit for review").click()
        page.get_by_text("waiting for review", exact=False).first.wait_for()
        context.close()
    assert Event.objects.get(title="PyCon Journey").status == EventStatus.SUBMITTED
    assert JobPost.objects.get(title="Journey Developer").status == Status.REVIEW


# --- moderation through the admin, with the second factor --------------------------------
# Each journey counts its clicks (link or button presses, not typing): the number a
# volunteer pays per decision, from the home page with a fresh browser.


class Clicks:
    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        self.count += 1
        locator.click()


def totp_code_now():
    """The code ``manage.py totp_code`` would print for TOTP_SECRET, taken early enough in
    its 30-second window to be still valid when the form is sent."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def log_in_with_two_factor(page, live_server, user, click):
    page.goto(live_server.url + reverse("community:home"))
    menu = page.get_by_role("button", name="Show navigation")
    if menu.is_visible():  # at 390 px the header's links fold into a menu
        click(menu)
    click(page.get_by_role("link", name="Log in").first)
    page.locator("main [name=login]").fill(user.username)
    page.locator("main [name=password]").fill(PASSWORD)
    click(page.get_by_role("button", name="Log in"))
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    assert page.title().startswith("Log in")
    page.get_by_label("Code").fill(totp_code_now())
    click(page.get_by_role("button", name="Log in"))
    page.wait_for_url(f"**{reverse('community:inbox')}")


def test_calendar_volunteer_logs_in_with_two_factor_and_approves_an_event(
    live_server, monkeypatch, calendar_volunteer
):
    conferences = Calendar.objects.get(slug=Calendar.PYTHON_EVENTS)
    conferences.volunteers.add(calendar_volunteer)
    waiting = SubmittedEventFactory(calendar=conferences, title="PyCon Waiting",
                                    start=in_days(50), end=in_days(52))  # fmt: skip
    click = Clicks()
    with chromium(monkeypatch) as browser:
        page = browser.new_page(viewport=DESKTOP)
        log_in_with_two_factor(page, live_server, calendar_volunteer, click)
        click(page.locator("main").get_by_role("link", name="Events to review"))
        click(page.get_by_role("link", name="PyCon Waiting"))
        page.wait_for_url(f"**{reverse('admin:events_event_change', args=[waiting.pk])}")
        click(page.get_by_role("button", name="Approve and publish"))
        page.get_by_text("is published").wait_for()
        page.close()
    waiting.refresh_from_db()
    assert waiting.status == EventStatus.PUBLISHED
    # Log in (1), send the password (2), send the code (3), the inbox's queue (4), the
    # event (5), approve (6).
    assert click.count == 6


def test_job_reviewer_logs_in_with_two_factor_and_approves_a_post(
    live_server, monkeypatch, job_reviewer
):
    post = PendingJobPostFactory(title="Journey Pythonista")
    PendingJobPostFactory(title="Another waiting post")
    click = Clicks()
    with chromium(monkeypatch) as browser:
        page = browser.new_page(viewport=PHONE)
        log_in_with_two_factor(page, live_server, job_reviewer, click)
        click(page.locator("main").get_by_role("link", name="Job posts to review"))
        click(page.get_by_role("link", name="Journey Pythonista"))
        page.wait_for_url(f"**{reverse('admin:jobs_jobpost_change', args=[post.pk])}")
        click(page.get_by_role("button", name="Approve", exact=True))
        page.get_by_text("“Journey Pythonista” is now “Published”").wait_for()
        page.close()
    post.refresh_from_db()
    assert post.status == Status.APPROVED
    assert JobPost.objects.get(title="Another waiting post").status == Status.REVIEW
    # At 390 px: open the menu (1), log in (2), send the password (3), send the code (4),
    # the inbox's queue (5), the post (6), approve (7).
    assert click.count == 7
