"""Values a submitter may get wrong are refused with a message that says what to fix."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from events.models import Event
from representatives.models import Region
from tests.events.test_submission import form_data

pytestmark = pytest.mark.django_db


def submit(client, **overrides):
    return client.post(reverse("events:submit"), form_data(**overrides))


def test_a_cfp_deadline_after_the_event_starts_is_refused(client, member):
    client.force_login(member)
    late = date.today() + timedelta(days=31)  # the event runs on days 30 and 31
    response = submit(client, cfp_deadline=late.isoformat())
    assert response.status_code == 200
    assert "The call for proposals must close by the event" in response.content.decode()
    assert not Event.objects.exists()


def test_a_cfp_deadline_before_the_event_is_kept(client, member):
    client.force_login(member)
    deadline = date.today() + timedelta(days=10)
    submit(client, cfp_deadline=deadline.isoformat())
    assert Event.objects.get().cfp_deadline == deadline


def test_a_region_that_does_not_contain_the_country_is_refused(client, member):
    client.force_login(member)
    asia = Region.objects.get(slug="asia")
    response = submit(client, country="PT", region=asia.pk)
    assert response.status_code == 200
    assert "Portugal is not in the Asia region" in response.content.decode()
    assert not Event.objects.exists()


def test_the_region_is_derived_from_the_country(client, member):
    client.force_login(member)
    submit(client, country="PT", region="")
    assert Event.objects.get().region.slug == "europe"


def test_a_country_of_no_known_region_leaves_the_region_empty(client, member):
    client.force_login(member)
    submit(client, country="ZA", city="Johannesburg", timezone="Africa/Johannesburg")
    assert Event.objects.get().region is None


def test_a_region_without_a_known_country_list_is_not_second_guessed(client, member):
    africa = Region.objects.create(name="Africa", slug="africa")
    client.force_login(member)
    submit(client, country="ZA", city="Johannesburg", region=africa.pk)
    assert Event.objects.get().region == africa
