"""The calendar pages laid out in a real browser at 1280 and 390 px (issue 16 §6)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from events.models import Calendar
from events.views import WIDGET_DEFAULT, widget_frame_height
from tests.browser.chromium import DESKTOP, PHONE, chromium, needs_chromium, signed_in_context
from tests.events.factories import EventFactory, SubmittedEventFactory, in_days, user_group_events
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The selected option's text against the room a select leaves for it (its padding holds
# the arrow): a cut label reads "Any cou".
SELECT_TEXT_FITS = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [text, Math.ceil(context.measureText(text).width) <= room];
}"""


def long_events():
    """Events with the long titles and places real calendars have."""
    for n in range(WIDGET_DEFAULT + 1):
        EventFactory(
            title=f"PyCon Atlantis {n}: the Python conference of the Northern Seas",
            venue_name="International Congress and Exhibition Centre",
            city="Reykjavík",
            country="IS",
            start=in_days(10 + n),
            end=in_days(10 + n) + timedelta(hours=8),
        )
    EventFactory(title="Berlin meetup", calendar=user_group_events(), country="DE")


def test_calendar_pages_at_desktop_and_phone_width(live_server, monkeypatch):
    long_events()
    submitter = UserFactory(username="submitter")
    SubmittedEventFactory(
        title="Python in Science and Engineering Summit of the Southern Hemisphere",
        submitted_by=submitter,
    )
    calendar_url = live_server.url + reverse("events:calendar", args=[Calendar.PYTHON_EVENTS])
    with chromium(monkeypatch) as browser:
        desktop = browser.new_page(viewport=DESKTOP)
        for url in (calendar_url, live_server.url + reverse("events:index")):
            desktop.goto(url)
            selects = desktop.locator("form.event-filters select")
            assert selects.count() == 3
            for n in range(selects.count()):
                text, fits = selects.nth(n).evaluate(SELECT_TEXT_FITS)
                assert fits, f"{text!r} is cut at 1280 px on {url}"

        phone = browser.new_page(viewport=PHONE)
        phone.goto(calendar_url)
        assert not phone.locator("form.event-filters").is_visible()
        phone.get_by_role("button", name="Show filters").click()
        phone.locator("form.event-filters").wait_for(state="visible")
        phone.goto(calendar_url)
        for name in ("Submit an event", "Subscribe"):
            box = phone.get_by_role("link", name=name, exact=True).first.bounding_box()
            assert box["y"] + box["height"] <= PHONE["height"], f"{name} is below the fold"

        mine = signed_in_context(browser, live_server, submitter, viewport=PHONE)
        page = mine.new_page()
        page.goto(live_server.url + reverse("events:my-submissions"))
        edit = page.locator("a", has_text="Edit").first.bounding_box()
        assert edit["x"] >= 0
        assert edit["x"] + edit["width"] <= PHONE["width"], "Edit is off the screen at 390 px"

        height = widget_frame_height(WIDGET_DEFAULT)
        widget = browser.new_page(viewport={"width": 300, "height": height})
        widget.goto(
            live_server.url
            + reverse("events:calendar-widget", args=[Calendar.PYTHON_EVENTS])
            + f"?limit={WIDGET_DEFAULT}"
        )
        assert widget.locator("li").count() == WIDGET_DEFAULT
        scroll_height = widget.evaluate("document.documentElement.scrollHeight")
        assert scroll_height <= height, f"the widget needs {scroll_height} px, not {height}"
