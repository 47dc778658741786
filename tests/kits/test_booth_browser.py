"""In a phone-sized browser: a lead generates shifts and sees the grid; a volunteer signs
up from the public booth page and finds the shift in "my shifts"."""

import pytest

from kits.models import Shift, ShiftSignup
from tests.factories import UserFactory
from tests.kits.factories import BoothFactory
from tests.kits.test_request_and_ship_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    fits_the_screen,
    signed_in_page,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_lead_generates_shifts_and_volunteer_signs_up(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    booth = BoothFactory(conference_name="PyCon Browser")
    volunteer = UserFactory(username="phone-volunteer", first_name="Vera")

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = signed_in_page(browser, live_server, booth.lead)
            page.goto(live_server.url + f"/kits/booths/{booth.pk}/manage/")
            page.get_by_label("Shift length (hours)").fill("3")
            page.get_by_role("button", name="Generate shifts").click()
            page.wait_for_load_state()
            assert "Shifts generated" in page.content()
            grid = page.locator("table.coverage-grid")
            assert grid.is_visible()
            assert "0/1" in grid.inner_text()
            assert "needs people" in grid.inner_text()
            assert Shift.objects.filter(booth=booth).count() == 9
            assert fits_the_screen(page)

            page = signed_in_page(browser, live_server, volunteer)
            page.goto(live_server.url + "/kits/booths/")
            page.get_by_role("link", name="PyCon Browser").click()
            first = Shift.objects.filter(booth=booth).order_by("starts_at").first()
            page.locator(f"#shift-{first.pk}").get_by_label("Show my first name here").check()
            page.locator(f"#shift-{first.pk}").get_by_role("button").click()
            page.wait_for_load_state()
            assert "You are on this shift" in page.content()
            assert "With Vera" in page.content()
            page.goto(live_server.url + "/kits/shifts/mine/")
            assert "PyCon Browser" in page.content()
            assert fits_the_screen(page)
            assert ShiftSignup.objects.get().volunteer == volunteer
        finally:
            browser.close()
