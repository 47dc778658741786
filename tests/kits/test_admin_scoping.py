"""Kit managers change only their regions' kits and shipments; treasurers only read."""

import pytest
from django.urls import reverse

from kits.models import Kit
from tests.kits.factories import KitFactory, ShipmentFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def kits(db):
    return {
        "na": KitFactory(name="North American kit"),
        "sa": KitFactory(name="South American kit", region=region("south-america")),
    }


def test_a_manager_lists_only_the_kits_of_their_region(client, sa_manager, kits):
    client.force_login(sa_manager)
    response = client.get(reverse("admin:kits_kit_changelist"))
    assert "South American kit" in response.text
    assert "North American kit" not in response.text


def test_opening_another_regions_shipment_by_its_id_is_404(client, sa_manager, kits):
    shipment = ShipmentFactory(kit=kits["na"])
    client.force_login(sa_manager)
    assert client.get(reverse("admin:kits_shipment_change", args=[shipment.pk])).status_code == 404
    response = client.post(
        reverse("admin:kits_shipment_change", args=[shipment.pk]), {"tracking_number": "X"}
    )
    assert response.status_code == 404
    assert client.get(reverse("kits:shipment-edit", args=[shipment.pk])).status_code == 404


def test_the_shipment_form_offers_only_managed_kits(client, sa_manager, kits):
    client.force_login(sa_manager)
    response = client.get(reverse("admin:kits_shipment_add"))
    assert "South American kit" in response.text
    assert "North American kit" not in response.text
    phone = client.get(reverse("kits:shipment-new"))
    assert "South American kit" in phone.text
    assert "North American kit" not in phone.text


def test_posting_another_regions_kit_id_is_refused(client, sa_manager, kits):
    client.force_login(sa_manager)
    response = client.post(
        reverse("kits:shipment-new"),
        {
            "kit": kits["na"].pk,
            "purpose": "repair",
            "status": "planned",
            "from_address": "A",
            "from_country": "US",
            "to_address": "B",
            "to_country": "US",
            "carrier": "ups",
            "currency": "USD",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not kits["na"].shipments.exists()


def test_treasurers_read_every_kit_but_change_none(client, treasurer, kits):
    client.force_login(treasurer)
    response = client.get(reverse("admin:kits_kit_changelist"))
    assert "South American kit" in response.text
    assert "North American kit" in response.text
    change = client.get(reverse("admin:kits_kit_change", args=[kits["na"].pk]))
    assert change.status_code == 200
    assert 'name="name"' not in change.text  # read-only view
    assert client.get(reverse("admin:kits_kit_add")).status_code == 403


def test_a_kit_manager_of_one_kit_manages_it_outside_their_region(client, kits):
    from community import roles
    from tests.factories import UserFactory

    keeper = UserFactory(username="keeper", role=roles.KIT_MANAGERS)
    kits["na"].managers.add(keeper)
    assert list(Kit.objects.managed_by(keeper)) == [kits["na"]]
