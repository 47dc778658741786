"""Who sees and manages which booth; URL tampering between booths answers 404."""

import pytest
from django.urls import reverse

from kits.models import Booth
from tests.factories import UserFactory
from tests.kits.factories import BookingFactory, BoothFactory, KitFactory, ShiftFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_booths():
    mine = BoothFactory(booking=BookingFactory(kit=KitFactory()))
    theirs = BoothFactory(
        booking=BookingFactory(kit=KitFactory(region=region("south-america"))),
    )
    return mine, theirs


def test_lead_cannot_open_or_change_another_leads_booth(client, two_booths):
    mine, theirs = two_booths
    client.force_login(mine.lead)
    assert client.get(reverse("kits:booth-manage", args=[mine.pk])).status_code == 200
    assert client.get(reverse("kits:booth-manage", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("kits:booth-edit", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("kits:booth-move", args=[theirs.pk]), {"to": "confirmed"})
    assert response.status_code == 404
    item = theirs.checklist.create(label="Secret")
    response = client.post(reverse("kits:checklist-tick", args=[theirs.pk, item.pk]), {"done": "1"})
    assert response.status_code == 404
    # Tampering with the item id under one's own booth finds nothing either.
    response = client.post(reverse("kits:checklist-tick", args=[mine.pk, item.pk]), {"done": "1"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert not item.is_done
    response = client.post(
        reverse("kits:shift-generate", args=[theirs.pk]),
        {
            "day_starts": "09:00",
            "day_ends": "18:00",
            "hours": 3,
            "capacity_min": 1,
            "capacity_max": 2,
        },
    )
    assert response.status_code == 404
    assert not theirs.shifts.exists()
    assert Booth.objects.get(pk=theirs.pk).status == "planned"


def test_kit_manager_sees_only_booths_using_their_kits(client, na_manager, two_booths):
    mine, theirs = two_booths
    client.force_login(na_manager)
    assert client.get(reverse("kits:booth-manage", args=[mine.pk])).status_code == 200
    assert client.get(reverse("kits:booth-manage", args=[theirs.pk])).status_code == 404


def test_board_member_reads_every_booth_but_cannot_change_it(client, board_member, two_booths):
    mine, theirs = two_booths
    client.force_login(board_member)
    for booth in (mine, theirs):
        page = client.get(reverse("kits:booth-manage", args=[booth.pk]))
        assert page.status_code == 200
        assert "Mark “Confirmed”" not in page.content.decode()
    assert (
        client.post(reverse("kits:booth-move", args=[mine.pk]), {"to": "confirmed"}).status_code
        == 404
    )


def test_public_booth_page_shows_opted_in_first_names_only(client):
    from tests.kits.factories import ShiftSignupFactory

    shift = ShiftFactory()
    ShiftSignupFactory(
        shift=shift,
        volunteer=UserFactory(first_name="Ada", last_name="Lovelace", username="ada"),
        shows_first_name=True,
    )
    ShiftSignupFactory(
        shift=shift, volunteer=UserFactory(first_name="Grace", last_name="Hopper", username="gh")
    )
    page = client.get(reverse("kits:booth-detail", args=[shift.booth.pk])).content.decode()
    assert "Ada" in page
    assert "Lovelace" not in page
    assert "Grace" not in page
    assert "Hopper" not in page
    assert "@example.org" not in page
    assert "2 of 2 places taken" in page


def test_anonymous_visitor_is_sent_to_sign_in_for_private_pages(client, two_booths):
    mine, _ = two_booths
    response = client.get(reverse("kits:booth-manage", args=[mine.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert client.get(reverse("kits:my-shifts")).status_code == 302
