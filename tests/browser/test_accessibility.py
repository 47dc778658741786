"""axe-core over every public page at desktop and phone width: no serious or critical
WCAG 2.1 A/AA violation (colour contrast, names of controls, landmarks, ...).

axe-core is vendored in tests/browser/vendor/ (MPL-2.0, its licence beside it) and run
through Playwright's evaluate, which the pages' strict CSP does not block, as it would a
<script> tag that add_script_tag() inserts.
"""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Calendar, Event
from jobs.models import JobPost
from kits.models import Booth, Kit
from representatives.models import Region, UserGroup
from tests.browser.chromium import DESKTOP, PHONE, chromium, needs_chromium
from tests.security.test_permission_matrix import EXPECTED

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
FAILING_IMPACTS = {"serious", "critical"}
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],  // skips collecting the passes: a third of the time
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""
ACCOUNT_PAGES = (
    "account_login", "account_signup", "account_reset_password", "account_reset_password_done",
    "account_reset_password_from_key_done", "account_email_verification_sent", "account_inactive",
)  # fmt: skip
# Anonymous 200s that are not HTML pages a reader reads.
NOT_PAGES = {
    "community:material-download", "community:material-preview", "robots-txt", "sitemap",
    "sitemap-section",
    "healthz", "events:calendar-atom", "events:calendar-ics", "events:calendar-json",
    "events:calendar-rss", "events:event-ics", "jobs:feed-atom", "jobs:feed-rss",
    "kits:shift-feed",
}  # fmt: skip


def public_pages():
    """{url name: [addresses]} of every page an anonymous reader can open, on demo data."""
    today = date.today()
    month = ("python-events", today.year, today.month)
    details = [
        Event.objects.upcoming().filter(calendar__slug=slug).first().get_absolute_url()
        for slug in (Calendar.PYTHON_EVENTS, Calendar.USER_GROUP_EVENTS)
    ]
    post = JobPost.objects.public().exclude(company=None).select_related("company").first()
    region = Region.objects.filter(user_groups__isnull=False).first()
    return {
        "community:home": [reverse("community:home")],
        "community:about": [reverse("community:about")],
        "community:team": [reverse("community:team")],
        "community:materials": [reverse("community:materials")],
        "community:search": [reverse("community:search") + "?q=python"],
        "community:way-to-help": [reverse("community:way-to-help", args=["staff-a-booth"])],
        "events:index": [reverse("events:index")],
        "events:calendar": [
            reverse("events:calendar", args=[slug])
            for slug in (Calendar.PYTHON_EVENTS, Calendar.USER_GROUP_EVENTS)
        ],
        "events:calendar-past": [reverse("events:calendar-past", args=["user-group-events"])],
        "events:calendar-month": [
            reverse("events:calendar-month", args=month),
            reverse("events:calendar-month", args=month) + "?view=agenda",
        ],
        "events:calendar-widget": [reverse("events:calendar-widget", args=["python-events"])],
        "events:event-detail": details,
        "jobs:index": [reverse("jobs:index")],
        "jobs:job-detail": [post.get_absolute_url()],
        "jobs:company-detail": [reverse("jobs:company-detail", args=[post.company.slug])],
        "kits:index": [reverse("kits:index")],
        "kits:kit-detail": [Kit.objects.in_service().first().get_absolute_url()],
        "kits:booth-list": [reverse("kits:booth-list")],
        "kits:booth-detail": [Booth.objects.upcoming().first().get_absolute_url()],
        "representatives:region-list": [reverse("representatives:region-list")],
        "representatives:region-detail": [region.get_absolute_url()],
        "representatives:group-list": [
            reverse("representatives:group-list"),
            reverse("representatives:group-list") + "?status=dormant&language=en",
        ],
        "representatives:group-detail": [
            UserGroup.objects.public().filter(status="dormant").first().get_absolute_url()
        ],
        **{name: [reverse(name)] for name in ACCOUNT_PAGES},
    }


@pytest.mark.django_db
def test_the_page_list_covers_every_public_page():
    public = {name for name, statuses in EXPECTED.items() if statuses[0] == 200}
    assert public - NOT_PAGES - set(PAGE_NAMES) == set(), "add the new page to public_pages()"


PAGE_NAMES = (
    "community:home", "community:about", "community:way-to-help", "community:team",
    "community:materials", "community:search", "events:index",
    "events:calendar", "events:calendar-past", "events:calendar-month", "events:calendar-widget",
    "events:event-detail", "jobs:index", "jobs:job-detail", "jobs:company-detail",
    "kits:index", "kits:kit-detail", "kits:booth-list", "kits:booth-detail",
    "representatives:region-list", "representatives:region-detail",
    "representatives:group-list", "representatives:group-detail", *ACCOUNT_PAGES,
)  # fmt: skip


def test_no_serious_accessibility_violation_on_public_pages(live_server, monkeypatch, settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    pages = public_pages()
    assert set(pages) == set(PAGE_NAMES)
    found = []
    with chromium(monkeypatch) as browser:
        for viewport in (DESKTOP, PHONE):
            page = browser.new_page(viewport=viewport)
            for url in (url for urls in pages.values() for url in urls):
                response = page.goto(live_server.url + url)
                assert response.status == 200, url
                page.evaluate(AXE)
                for violation in page.evaluate(RUN_AXE):
                    if violation["impact"] in FAILING_IMPACTS:
                        found.append((viewport["width"], url, violation))
            page.close()
    assert found == []


def test_the_proxys_unavailable_page_has_no_serious_violation(live_server, monkeypatch):
    """static/errors/unavailable.html: nginx serves it when gunicorn does not answer
    (deploy/nginx/portal.conf), so no Django page test reaches it."""
    found = []
    with chromium(monkeypatch) as browser:
        for viewport in (DESKTOP, PHONE):
            page = browser.new_page(viewport=viewport)
            response = page.goto(live_server.url + "/static/errors/unavailable.html")
            assert response.status == 200
            assert "We'll be right back" in page.content()
            # Styled as in production, so the contrast checks judge the real colours.
            header = "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
            assert page.evaluate(header) != "rgba(0, 0, 0, 0)"
            page.evaluate(AXE)
            found += [v for v in page.evaluate(RUN_AXE) if v["impact"] in FAILING_IMPACTS]
            page.close()
    assert found == []
