"""The public catalogue and kit page: what everyone sees, and what only managers see."""

import pytest
from django.urls import reverse

from kits.models import Kit
from tests.kits.factories import (
    ApprovedBookingFactory,
    KitFactory,
    KitItemFactory,
    ShipmentFactory,
    region,
)

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_kits_by_region_with_status_and_contents(client):
    kit = KitFactory(name="North American kit", production_cost=1200, production_currency="USD")
    KitItemFactory(kit=kit, name="Python banner", quantity=2)
    response = client.get(reverse("kits:index"))
    assert "North American kit" in response.text
    assert "Python banner" in response.text
    assert "Available" in response.text
    assert "Free:" in response.text


def test_planned_regions_are_shown_as_planned(client):
    response = client.get(reverse("kits:index"))
    for name in ("India", "Australia", "Asia"):
        assert name in response.text
    assert response.text.count("Planned") >= 3


def test_the_catalogue_and_kit_page_hide_addresses_costs_and_manager_emails(client, na_manager):
    kit = KitFactory(home_address="7 Secret Lane", production_cost=999, production_currency="USD")
    ApprovedBookingFactory(kit=kit, contact_email="private-contact@example.invalid")
    for url in (reverse("kits:index"), kit.get_absolute_url()):
        text = client.get(url).text
        assert "7 Secret Lane" not in text
        assert "999" not in text
        assert na_manager.email not in text
        assert "private-contact@example.invalid" not in text


def test_the_kit_page_shows_booked_and_transit_periods(client):
    booking = ApprovedBookingFactory()
    text = client.get(booking.kit.get_absolute_url()).text
    assert "In transit" in text
    assert "Booked" in text
    assert f"{booking.arrive_by:%-d %b %Y}" in text
    assert booking.conference_name not in text  # the conference is the managers' business


def test_managers_and_board_see_the_history_and_where_the_kit_is(client, na_manager, board_member):
    booking = ApprovedBookingFactory()
    ShipmentFactory(kit=booking.kit, booking=booking)
    for user in (na_manager, board_member):
        client.force_login(user)
        text = client.get(booking.kit.get_absolute_url()).text
        assert booking.conference_name in text
        assert "Where it is now" in text
        assert "Shipments" in text


def test_another_regions_manager_sees_only_the_public_page(client, sa_manager):
    booking = ApprovedBookingFactory()
    client.force_login(sa_manager)
    assert "Where it is now" not in client.get(booking.kit.get_absolute_url()).text


def _bulk_kits(count):
    na = region("north-america")
    Kit.objects.bulk_create(
        Kit(name=f"Bulk {i}", slug=f"bulk-{i}", kind=Kit.Kind.POPUP, region=na)
        for i in range(count)
    )


@pytest.mark.parametrize("count", [1, 40])
def test_the_catalogue_query_count_does_not_grow_with_kits(
    client, count, django_assert_max_num_queries
):
    _bulk_kits(count)
    for kit in Kit.objects.all()[:5]:
        KitItemFactory(kit=kit)
        ApprovedBookingFactory(kit=kit)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("kits:index")).status_code == 200
