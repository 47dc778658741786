"""Values a submitter may get wrong are refused with a message that says what to fix."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from events.models import Event
from events.services import event_publish
from representatives.models import Region, RegionCountry
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


def test_south_africa_is_in_the_africa_region(client, member):
    client.force_login(member)
    submit(client, country="ZA", city="Johannesburg", timezone="Africa/Johannesburg")
    assert Event.objects.get().region.slug == "africa"


def test_a_country_of_no_region_leaves_the_region_empty(client, member):
    client.force_login(member)
    submit(client, country="AQ", city="McMurdo", timezone="Antarctica/McMurdo")
    assert Event.objects.get().region is None


def test_a_region_without_countries_yet_is_not_second_guessed(client, member):
    southern = Region.objects.create(name="Southern Ocean", slug="southern-ocean")
    client.force_login(member)
    submit(client, country="AQ", city="McMurdo", timezone="Antarctica/McMurdo", region=southern.pk)
    assert Event.objects.get().region == southern


def test_a_country_moved_in_the_admin_moves_the_derived_region(client, member):
    RegionCountry.objects.filter(country="PT").update(region=Region.objects.get(slug="africa"))
    client.force_login(member)
    submit(client, country="PT", region="")
    assert Event.objects.get().region.slug == "africa"


# --- the same event twice ----------------------------------------------------------------


def _existing(**kwargs):
    from tests.events.factories import EventFactory

    return EventFactory(**kwargs)


def test_the_same_title_and_start_gets_a_warning_linking_the_existing_event(
    client, member, superuser
):
    client.force_login(member)
    submit(client, title="PyCon Lisbon", not_a_duplicate="yes")
    published = Event.objects.get()
    event_publish(event=published, by=superuser)
    response = submit(client, title="pycon lisbon", website_url="https://other.example/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This event may already be listed" in page
    assert published.get_absolute_url() in page
    assert Event.objects.count() == 1


def test_the_same_website_gets_a_warning(client, member):
    other = _existing(title="Something else", website_url="https://pycon.pt/")
    client.force_login(member)
    page = submit(client).content.decode()
    assert "This event may already be listed" in page
    assert other.get_absolute_url() in page
    assert Event.objects.count() == 1


def test_someone_elses_waiting_submission_is_named_but_not_linked(client, member):
    from tests.events.factories import SubmittedEventFactory

    waiting = SubmittedEventFactory(website_url="https://pycon.pt/")
    client.force_login(member)
    page = submit(client).content.decode()
    assert "submitted by someone else" in page
    assert waiting.get_absolute_url() not in page


def test_a_confirmed_different_event_is_submitted(client, member):
    _existing(title="Something else", website_url="https://pycon.pt/")
    client.force_login(member)
    response = submit(client, not_a_duplicate="yes")
    assert response.status_code == 302
    assert Event.objects.count() == 2


# --- the daily limit, before the form -----------------------------------------------------


def test_the_daily_limit_is_shown_before_the_form(client, member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 3
    client.force_login(member)
    page = client.get(reverse("events:submit")).content.decode()
    assert "Each member can submit 3 events a day; you have <strong>3 left</strong>" in page


def test_no_form_to_fill_once_the_limit_is_used(client, member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 1
    client.force_login(member)
    submit(client)
    page = client.get(reverse("events:submit")).content.decode()
    assert "the daily limit" in page
    assert 'name="title"' not in page


# --- preview -------------------------------------------------------------------------------


def test_preview_shows_the_event_and_saves_nothing(client, member):
    client.force_login(member)
    response = submit(client, preview="1", description="Two days of **Python** talks.")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: how the event will look once published" in page
    assert "<strong>Python</strong>" in page
    assert "09:00" in page  # in the event's own zone, Lisbon
    assert "Submit for review" in page
    assert not Event.objects.exists()


def test_the_empty_form_offers_preview_first(client, member):
    client.force_login(member)
    page = client.get(reverse("events:submit")).content.decode()
    assert 'name="preview"' in page
    assert "Submit for review" not in page
