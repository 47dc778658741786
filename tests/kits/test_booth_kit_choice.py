"""Kit choice by cost: free kits ranked by the median past shipping cost on the region
pair ("no history" where none), then transit days; the lead books one in one step."""

from decimal import Decimal

import pytest
from django.urls import reverse

from community.workflow import ActionRefused
from kits import services
from kits.models import Booking, BookingStatus
from tests.factories import UserFactory
from tests.kits.factories import (
    ApprovedBookingFactory,
    BoothFactory,
    KitFactory,
    ShipmentFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kits():
    na = KitFactory(name="North American kit")
    eu = KitFactory(name="European kit", region=region("europe"))
    sa = KitFactory(name="South American kit", region=region("south-america"))
    # To North America: the NA kit shipped at 300, 400, 900 (median 400); the EU kit at 250.
    for cost in ("300", "400", "900"):
        ShipmentFactory(kit=na, to_country="CA", cost=Decimal(cost))
    ShipmentFactory(kit=eu, to_country="US", cost=Decimal("250"))
    # A return shipment does not count.
    ShipmentFactory(kit=sa, to_country="US", cost=Decimal("5"), purpose="return")
    return na, eu, sa


def dates(booth):
    from datetime import timedelta

    return {
        "arrive_by": booth.conference_starts - timedelta(days=2),
        "leave_on": booth.conference_ends + timedelta(days=1),
    }


def test_free_kits_ranked_by_median_cost_then_no_history(kits):
    na, eu, sa = kits
    booth = BoothFactory(conference_country="US")
    options = services.booth_kit_options(booth=booth, **dates(booth))
    assert [o.kit for o in options] == [eu, na, sa]
    assert [o.median_cost_usd for o in options] == [Decimal("250.00"), Decimal("400.00"), None]
    assert options[1].shipments_counted == 3


def test_a_kit_booked_for_the_dates_is_left_out(kits):
    _na, eu, _sa = kits
    booth = BoothFactory(conference_country="US")
    ApprovedBookingFactory(
        kit=eu,
        conference_starts=booth.conference_starts,
        conference_ends=booth.conference_ends,
    )
    options = services.booth_kit_options(booth=booth, **dates(booth))
    assert eu not in [o.kit for o in options]


def test_page_says_no_history_and_books_in_one_step(client, kits):
    na, _eu, _sa = kits
    booth = BoothFactory(conference_country="US")
    client.force_login(booth.lead)
    url = reverse("kits:booth-kit", args=[booth.pk])
    page = client.get(url).content.decode()
    assert "no history" in page
    assert "400.00 USD" in page
    form = {k: v.isoformat() for k, v in dates(booth).items()}
    response = client.post(url, {**form, "kit": na.pk, "shipping_address": "Hall B, McCormick"})
    assert response.status_code == 302
    booth.refresh_from_db()
    assert booth.booking.kit == na
    assert booth.booking.status == BookingStatus.REQUESTED
    assert booth.booking.requester == booth.lead


def test_booking_a_kit_that_is_not_free_is_refused(kits):
    na, _eu, _sa = kits
    booth = BoothFactory(conference_country="US")
    ApprovedBookingFactory(
        kit=na, conference_starts=booth.conference_starts, conference_ends=booth.conference_ends
    )
    with pytest.raises(ActionRefused, match="not free"):
        services.booth_kit_book(
            booth=booth, by=booth.lead, kit=na, shipping_address="x", **dates(booth)
        )
    assert Booking.objects.filter(kit=na).count() == 1


def test_only_the_lead_books_the_kit(client, kits):
    na, _, _ = kits
    booth = BoothFactory(conference_country="US")
    with pytest.raises(ActionRefused):
        services.booth_kit_book(
            booth=booth, by=UserFactory(), kit=na, shipping_address="x", **dates(booth)
        )
    client.force_login(UserFactory())
    assert client.get(reverse("kits:booth-kit", args=[booth.pk])).status_code == 404


def test_missing_address_is_a_form_error(client, kits):
    na, _, _ = kits
    booth = BoothFactory(conference_country="US")
    client.force_login(booth.lead)
    form = {k: v.isoformat() for k, v in dates(booth).items()}
    response = client.post(reverse("kits:booth-kit", args=[booth.pk]), {**form, "kit": na.pk})
    assert response.status_code == 200
    assert "Say where to send the kit." in response.content.decode()
    assert not Booking.objects.exists()
