"""Events loaded with only() (the month grid) behave as fully loaded ones do."""

from datetime import timedelta

import pytest

from events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_deferred_fields_load_on_access_with_their_saved_values():
    saved = EventFactory(city="Porto", recurrence_rule="FREQ=WEEKLY;COUNT=3")
    partial = Event.objects.only("calendar", "title", "start", "end").get(pk=saved.pk)
    assert partial.get_deferred_fields() >= {"city", "recurrence_rule", "description"}
    assert (partial.title, partial.start, partial.end) == (saved.title, saved.start, saved.end)
    assert partial.city == "Porto"
    assert partial.recurrence_rule == "FREQ=WEEKLY;COUNT=3"


def test_only_loaded_feed_fields_are_compared_on_save():
    saved = EventFactory()
    partial = Event.objects.only("calendar", "title", "start", "end", "timezone").get(pk=saved.pk)
    assert partial.feed_fields_changed() is False
    partial.city = "Coimbra"  # deferred when loaded: not in the snapshot
    assert partial.feed_fields_changed() is False
    partial.title = "Renamed"
    assert partial.feed_fields_changed() is True


def test_a_partially_loaded_published_event_still_raises_sequence_when_edited():
    saved = EventFactory()
    partial = Event.objects.only("calendar", "title", "start", "end", "excluded_dates").get(
        pk=saved.pk
    )
    partial.excluded_dates.append(saved.start + timedelta(days=7))  # edited in place
    partial.save()
    assert Event.objects.get(pk=saved.pk).sequence == saved.sequence + 1


def test_saving_named_fields_writes_only_those():
    event = EventFactory(title="Old name", city="Porto")
    Event.objects.filter(pk=event.pk).update(city="Lisbon")  # an edit made meanwhile
    event.title = "New name"
    event.save(update_fields=["title"])
    stored = Event.objects.get(pk=event.pk)
    assert (stored.title, stored.city) == ("New name", "Lisbon")
