"""A volunteer's name stays off the public booth page unless they opt in, also when a
sign-up is made without the form (the seeder signs leads up that way)."""

import pytest
from django.urls import reverse

from kits import services
from tests.factories import UserFactory
from tests.kits.factories import ShiftFactory

pytestmark = pytest.mark.django_db


def test_a_sign_up_without_the_opt_in_keeps_the_name_private(client):
    shift = ShiftFactory()
    services.shift_signup(shift=shift, by=UserFactory(first_name="Grace", username="gh"))
    page = client.get(reverse("kits:booth-detail", args=[shift.booth.pk])).text
    assert "1 of 2 places taken" in page
    assert "Grace" not in page


def test_opting_in_on_the_form_shows_the_first_name_only(client):
    shift = ShiftFactory()
    client.force_login(UserFactory(first_name="Ada", last_name="Lovelace", username="ada"))
    client.post(reverse("kits:shift-signup", args=[shift.pk]), {"show_name": "1"})
    page = client.get(reverse("kits:booth-detail", args=[shift.booth.pk])).text
    assert "Ada" in page
    assert "Lovelace" not in page
