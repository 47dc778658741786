import pytest

from events.models import Event, EventStatus, EventStatusChange, InvalidTransition
from tests.events.factories import EventFactory, SubmittedEventFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_submission_records_who_and_when(calendar_volunteer):
    event = SubmittedEventFactory()
    change = event.publish(by=calendar_volunteer)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at is not None
    assert (change.from_status, change.to_status, change.changed_by) == (
        "submitted",
        "published",
        calendar_volunteer,
    )
    assert change.changed_at is not None


def test_rejecting_needs_a_reason_and_keeps_it(calendar_volunteer):
    event = SubmittedEventFactory()
    with pytest.raises(InvalidTransition, match="reason"):
        event.reject(by=calendar_volunteer, reason="  ")
    event.reject(by=calendar_volunteer, reason="Not a Python event.")
    event.refresh_from_db()
    assert event.status == EventStatus.REJECTED
    assert event.rejection_reason == "Not a Python event."
    assert EventStatusChange.objects.get(event=event).reason == "Not a Python event."


def test_a_rejected_event_cannot_be_published(calendar_volunteer):
    event = SubmittedEventFactory()
    event.reject(by=calendar_volunteer, reason="Spam")
    with pytest.raises(InvalidTransition, match="rejected; it cannot become published"):
        event.publish(by=calendar_volunteer)
    assert Event.objects.get(pk=event.pk).status == EventStatus.REJECTED


def test_a_stale_copy_is_checked_against_the_current_status(calendar_volunteer):
    event = SubmittedEventFactory()
    stale = Event.objects.get(pk=event.pk)
    event.publish(by=calendar_volunteer)
    with pytest.raises(InvalidTransition, match="published; it cannot become rejected"):
        stale.reject(by=calendar_volunteer, reason="Duplicate")
    assert Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED
    assert EventStatusChange.objects.filter(event=event).count() == 1


def test_the_database_refuses_a_rejection_without_reason():
    from django.db import IntegrityError

    event = SubmittedEventFactory()
    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(status=EventStatus.REJECTED)


def test_the_database_refuses_an_event_that_ends_before_it_starts():
    from django.db import IntegrityError

    event = EventFactory()
    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(end=event.start)


def test_sequence_rises_when_a_published_event_changes():
    event = EventFactory()
    assert event.sequence == 0
    event.title = "PyCon Example, new dates"
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 1
    event.is_featured = True  # not something calendar apps see
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 1


def test_sequence_rises_when_a_list_field_is_edited_in_place():
    event = Event.objects.get(pk=EventFactory().pk)
    event.tags.append("sprints")
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 1


def test_cancelling_raises_sequence_so_calendar_apps_notice(calendar_volunteer):
    event = EventFactory()
    event.cancel(by=calendar_volunteer, reason="Venue closed")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.sequence == 1


def test_submitted_changes_do_not_raise_sequence():
    event = SubmittedEventFactory()
    event.title = "Fixed a typo"
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 0
