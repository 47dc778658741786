"""In a phone-sized browser: a member requests a kit, a kit manager approves it and logs
the outbound shipment."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from community import roles
from kits.models import Booking, BookingStatus, Shipment
from tests.factories import UserFactory
from tests.kits.factories import KitFactory, RegionKitManagerFactory, region

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PHONE = {"width": 390, "height": 844}


def signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_member_requests_and_manager_approves_and_ships_on_a_phone(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    kit = KitFactory(name="North American kit")
    manager = UserFactory(username="phone-manager", role=roles.KIT_MANAGERS)
    RegionKitManagerFactory(user=manager, region=region("north-america"))
    member = UserFactory(username="phone-member")
    starts = timezone.localdate() + timedelta(days=60)

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = signed_in_page(browser, live_server, member)
            page.goto(live_server.url + "/kits/request/")
            page.get_by_label("Conference name").fill("PyCon Phone")
            page.get_by_label("City").fill("Toronto")
            page.get_by_label("Country").select_option("CA")
            page.get_by_label("First day").fill(starts.isoformat())
            page.get_by_label("Last day").fill((starts + timedelta(days=2)).isoformat())
            page.get_by_label("The kit must arrive by").fill(
                (starts - timedelta(days=1)).isoformat()
            )
            page.get_by_label("The kit may leave on").fill((starts + timedelta(days=3)).isoformat())
            page.get_by_label("Shipping address").fill("Metro Convention Centre, Toronto")
            page.get_by_role("button", name="Check which kits are free").click()
            assert "Suggested:" in page.content()
            assert page.get_by_label("North American kit", exact=False).is_checked()
            assert fits_the_screen(page)
            page.get_by_role("button", name="Send the request").click()
            page.wait_for_url("**/kits/bookings/*/")
            assert "Your request is sent" in page.content()
            booking = Booking.objects.get()

            page = signed_in_page(browser, live_server, manager)
            page.goto(live_server.url + booking.get_absolute_url())
            page.get_by_role("button", name="Approve").click()
            page.wait_for_load_state()
            assert "Approved; the requester has been told." in page.content()
            page.get_by_role("link", name="Log a shipment").click()
            page.wait_for_url("**/kits/shipments/new/*")
            assert fits_the_screen(page)
            page.get_by_label("Status").select_option("shipped")
            page.locator("#id_carrier").select_option("ups")
            page.get_by_label("Tracking number").fill("1Z999AA10123456784")
            page.get_by_label("Shipped on").fill(timezone.localdate().isoformat())
            page.locator("#id_cost").fill("312.40")
            page.get_by_role("button", name="Save shipment").click()
            page.wait_for_url(f"**{kit.get_absolute_url()}")
            assert "Shipment saved." in page.content()
            assert fits_the_screen(page)
        finally:
            browser.close()

    booking.refresh_from_db()
    assert booking.status == BookingStatus.SHIPPED
    shipment = Shipment.objects.get()
    assert (shipment.booking, shipment.tracking_number) == (booking, "1Z999AA10123456784")
    assert str(shipment.cost_usd) == "312.40"
