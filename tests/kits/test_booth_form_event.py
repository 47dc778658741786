"""The booth form offers the calendar's upcoming public conferences; picking one fills the
booth's name, city, country, dates and time zone from it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from kits.forms import BoothForm
from kits.models import Booth
from tests.events.factories import (
    EventFactory,
    SubmittedEventFactory,
    in_days,
    user_group_events,
)
from tests.kits.factories import BoothFactory

pytestmark = pytest.mark.django_db


def test_only_upcoming_public_conferences_are_offered():
    conference = EventFactory(title="PyCon Offered")
    EventFactory(title="A meetup", category=Event.Category.MEETUP)
    EventFactory(title="Over", start=in_days(-30), end=in_days(-29))
    EventFactory(title="Too far", start=in_days(3 * 365), end=in_days(3 * 365 + 2))
    EventFactory(title="Group meetup", calendar=user_group_events())
    SubmittedEventFactory(title="Not published")
    offered = list(BoothForm().fields["event"].queryset)
    assert offered == [conference]


def test_the_choice_names_place_and_first_day():
    event = EventFactory(title="PyCon Label", city="Lisbon", country="PT")
    labels = [label for _, label in BoothForm().fields["event"].choices]
    first_day = timezone.localtime(event.start).date()
    assert f"PyCon Label (Lisbon, Portugal, {first_day:%d %b %Y})" in labels


def test_picking_an_event_fills_the_conference_from_it(client, member):
    start = datetime.combine(
        timezone.localdate() + timedelta(days=40), datetime.min.time(), tzinfo=UTC
    ) + timedelta(hours=7)  # 09:00 in Prague in summer, 08:00 in winter: the same day
    event = EventFactory(
        title="EuroPython",
        city="Prague",
        country="CZ",
        timezone="Europe/Prague",
        start=start,
        end=start + timedelta(days=4, hours=9),
    )
    client.force_login(member)
    response = client.post(
        reverse("kits:booth-new"),
        {
            "event": event.pk,
            # Typed values lose to the calendar's.
            "conference_name": "Something else",
            "conference_city": "",
            "timezone": "UTC",
        },
    )
    assert response.status_code == 302
    booth = Booth.objects.get()
    assert booth.event == event
    assert (booth.conference_name, booth.conference_city, booth.conference_country) == (
        "EuroPython",
        "Prague",
        "CZ",
    )
    assert booth.conference_starts == start.date()
    assert booth.conference_ends == (start + timedelta(days=4)).date()
    assert booth.timezone == "Europe/Prague"


def test_without_an_event_the_details_are_asked_for(client, member):
    client.force_login(member)
    response = client.post(reverse("kits:booth-new"), {"timezone": "UTC"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Fill this in, or pick the conference from the calendar.") == 5
    assert not Booth.objects.exists()


def test_an_event_not_offered_is_refused(client, member):
    meetup = EventFactory(category=Event.Category.MEETUP)
    client.force_login(member)
    response = client.post(reverse("kits:booth-new"), {"event": meetup.pk, "timezone": "UTC"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Booth.objects.exists()


def test_editing_keeps_a_booths_past_event_on_offer(client):
    event = EventFactory(title="PyCon Past", start=in_days(-10), end=in_days(-8))
    booth = BoothFactory(event=event)
    assert event in BoothForm(instance=booth).fields["event"].queryset
    assert event not in BoothForm().fields["event"].queryset


def test_the_plan_page_lists_the_conferences(client, member, django_assert_max_num_queries):
    for i in range(5):
        EventFactory(title=f"PyCon Listed {i}")
    client.force_login(member)
    # Bounded: the choices are one query, whatever their number.
    with django_assert_max_num_queries(12):
        page = client.get(reverse("kits:booth-new")).content.decode()
    assert "PyCon Listed 4" in page
    assert "Not on the calendar: I type the details" in page
