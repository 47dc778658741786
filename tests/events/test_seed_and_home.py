from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Calendar, Event, EventStatus
from representatives.models import UserGroup
from tests.events.factories import EventFactory, SubmittedEventFactory, in_days

pytestmark = pytest.mark.django_db


def test_calendars_exist_in_every_database():
    assert set(Calendar.objects.values_list("slug", flat=True)) == {
        "python-events",
        "user-group-events",
    }


def test_seed_demo_fills_both_calendars_with_a_year_of_events(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    conferences = Event.objects.upcoming().filter(calendar__slug="python-events")
    meetups = Event.objects.upcoming().filter(calendar__slug="user-group-events")
    assert conferences.count() >= 15
    assert len(set(conferences.values_list("country", flat=True))) >= 10
    assert meetups.recurring().count() >= 5
    assert Event.objects.filter(status=EventStatus.SUBMITTED).exists()
    assert UserGroup.objects.filter(is_trusted=True).exists()
    volunteer = Calendar.objects.get(slug="python-events").volunteers.get()
    assert volunteer.username == "calendar"


def test_seed_demo_scale_creates_n_events_in_list_order(settings):
    # Its speed is measured by `make bench`, not asserted here.
    settings.DEBUG = True
    call_command("seed_demo", "--scale", "2000", stdout=StringIO())
    assert Event.objects.filter(uid__contains="@community.python.org").count() >= 2000
    assert Event.objects.filter(title__contains="#2000").exists()
    # bulk_create skips save(): the seed stores the sort key itself.
    assert not Event.objects.upcoming().filter(next_start__isnull=True).exists()
    assert Event.objects.due_for_reorder().count() == 0


def test_home_page_shows_the_next_five_upcoming_events(client):
    for n in range(6):
        EventFactory(title=f"Upcoming {n}", start=in_days(10 + n), end=in_days(11 + n))
    SubmittedEventFactory(title="Not reviewed")
    page = client.get(reverse("community:home")).content.decode()
    assert "Upcoming Python events" in page
    assert "Upcoming 4" in page
    assert "Upcoming 5" not in page
    assert "Not reviewed" not in page
    assert page.index("Upcoming Python events") < page.index("What the community relations team")
