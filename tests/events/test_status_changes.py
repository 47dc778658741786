"""Every move of an event's workflow, allowed and refused, and what each one records."""

import pytest
from django.db import IntegrityError

from community.workflow import ActionRefused, TransitionRefused
from events import services
from events.models import WORKFLOW, Event, EventActor, EventStatus, EventStatusChange
from tests.events.factories import EventFactory, SubmittedEventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(src, to) for src in EventStatus for to in EventStatus if src != to]
ALLOWED = sorted((pair, actor) for pair, actors in WORKFLOW.table.items() for actor in actors)
REFUSED = [pair for pair in ALL_PAIRS if not WORKFLOW.allows(*pair)]
WRONG_ACTOR = [
    (pair, wrong) for pair in WORKFLOW.pairs() for wrong in EventActor if wrong not in
    WORKFLOW.actors(*pair)
]  # fmt: skip


def event_in(status, submitter):
    extra = {"rejection_reason": "Not yet."} if status == EventStatus.REJECTED else {}
    return EventFactory(status=status, submitted_by=submitter, **extra)


def actor_user(actor, submitter, volunteer):
    return {
        EventActor.SUBMITTER: submitter,
        EventActor.VOLUNTEER: volunteer,
        EventActor.SYSTEM: None,
    }[actor]


@pytest.mark.parametrize(("pair", "actor"), ALLOWED, ids=lambda v: str(v))
def test_allowed_move_changes_status_and_records_who_when_and_why(
    pair, actor, member, calendar_volunteer
):
    source, target = pair
    event = event_in(source, member)
    by = actor_user(actor, member, calendar_volunteer)

    record = event.transition(target, by=by, actor=actor, reason="because")

    event.refresh_from_db()
    assert event.status == target
    assert (record.from_status, record.to_status, record.by, record.reason) == (
        source,
        target,
        by,
        "because",
    )
    assert record.at is not None
    assert event.status_changes.get() == record


@pytest.mark.parametrize("pair", REFUSED, ids=lambda v: f"{v[0]}->{v[1]}")
def test_impossible_move_is_refused_and_changes_nothing(pair, member, calendar_volunteer):
    source, target = pair
    event = event_in(source, member)
    before = (event.updated_at, event.sequence)
    for actor in EventActor:
        with pytest.raises(TransitionRefused, match="cannot become"):
            event.transition(
                target,
                by=actor_user(actor, member, calendar_volunteer),
                actor=actor,
                reason="because",
            )
    event.refresh_from_db()
    assert (event.status, event.updated_at, event.sequence) == (source, *before)
    assert not EventStatusChange.objects.exists()


@pytest.mark.parametrize(("pair", "actor"), WRONG_ACTOR, ids=lambda v: str(v))
def test_an_allowed_move_is_refused_to_the_wrong_actor(pair, actor, member, calendar_volunteer):
    source, target = pair
    event = event_in(source, member)
    by = actor_user(actor, member, calendar_volunteer)
    with pytest.raises(TransitionRefused, match="Only the "):
        event.transition(target, by=by, actor=actor, reason="because")
    event.refresh_from_db()
    assert event.status == source
    assert not EventStatusChange.objects.exists()


def test_publishing_a_submission_records_who_and_when(calendar_volunteer):
    event = SubmittedEventFactory()
    change = services.event_publish(event=event, by=calendar_volunteer)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at is not None
    assert (change.from_status, change.to_status, change.by) == (
        "submitted",
        "published",
        calendar_volunteer,
    )
    assert change.at is not None


def test_rejecting_needs_a_reason_and_keeps_it(calendar_volunteer):
    event = SubmittedEventFactory()
    with pytest.raises(ActionRefused, match="reason") as refused:
        services.event_reject(event=event, by=calendar_volunteer, reason="  ")
    assert not isinstance(refused.value, TransitionRefused)
    services.event_reject(event=event, by=calendar_volunteer, reason="Not a Python event.")
    event.refresh_from_db()
    assert event.status == EventStatus.REJECTED
    assert event.rejection_reason == "Not a Python event."
    assert EventStatusChange.objects.get(event=event).reason == "Not a Python event."


def test_a_rejected_event_cannot_be_published(calendar_volunteer):
    event = SubmittedEventFactory()
    services.event_reject(event=event, by=calendar_volunteer, reason="Spam")
    with pytest.raises(TransitionRefused, match="“Rejected” cannot become “Published”"):
        services.event_publish(event=event, by=calendar_volunteer)
    assert Event.objects.get(pk=event.pk).status == EventStatus.REJECTED


def test_a_stale_copy_is_checked_against_the_current_status(calendar_volunteer):
    event = SubmittedEventFactory()
    stale = Event.objects.get(pk=event.pk)
    services.event_publish(event=event, by=calendar_volunteer)
    with pytest.raises(TransitionRefused, match="“Published” cannot become “Rejected”"):
        services.event_reject(event=stale, by=calendar_volunteer, reason="Duplicate")
    assert Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED
    assert EventStatusChange.objects.filter(event=event).count() == 1


# --- the submitter's two moves -----------------------------------------------------------


def test_the_submitter_withdraws_a_submission(member, mailoutbox):
    event = SubmittedEventFactory(submitted_by=member)
    record = services.event_withdraw(event=event, by=member, reason="Postponed a year.")
    event.refresh_from_db()
    assert event.status == EventStatus.WITHDRAWN
    assert not event.is_public
    assert (record.by, record.reason) == (member, "Postponed a year.")
    assert Event.objects.public().filter(pk=event.pk).count() == 0


def test_only_the_submitter_withdraws(member):
    event = SubmittedEventFactory(submitted_by=UserFactory())
    with pytest.raises(ActionRefused, match="Only the person who submitted"):
        services.event_withdraw(event=event, by=member)
    assert Event.objects.get(pk=event.pk).status == EventStatus.SUBMITTED


def test_a_published_event_cannot_be_withdrawn(member):
    event = EventFactory(submitted_by=member)
    with pytest.raises(TransitionRefused):
        services.event_withdraw(event=event, by=member)


def test_the_submitter_resubmits_an_edited_rejected_event(member, calendar_volunteer):
    event = SubmittedEventFactory(submitted_by=member, title="PyCon Nowhere")
    services.event_reject(event=event, by=calendar_volunteer, reason="Where is it?")
    event = Event.objects.get(pk=event.pk)
    event.title = "PyCon Lisbon"
    event.venue_name = "Lisbon Congress Centre"

    record = services.event_resubmit(event=event, by=member)

    event.refresh_from_db()
    assert (event.status, event.title, event.venue_name) == (
        EventStatus.SUBMITTED,
        "PyCon Lisbon",
        "Lisbon Congress Centre",
    )
    assert event.rejection_reason == ""
    assert (record.from_status, record.to_status, record.by) == ("rejected", "submitted", member)


def test_a_refused_resubmission_saves_no_edits(member, calendar_volunteer):
    event = SubmittedEventFactory(submitted_by=member, title="PyCon Nowhere")
    event.title = "Edited while waiting"
    with pytest.raises(TransitionRefused):
        services.event_resubmit(event=event, by=member)
    assert Event.objects.get(pk=event.pk).title == "PyCon Nowhere"


def test_someone_else_cannot_resubmit(member, calendar_volunteer):
    event = SubmittedEventFactory(submitted_by=UserFactory())
    services.event_reject(event=event, by=calendar_volunteer, reason="No.")
    with pytest.raises(ActionRefused, match="Only the person who submitted"):
        services.event_resubmit(event=Event.objects.get(pk=event.pk), by=member)
    assert Event.objects.get(pk=event.pk).status == EventStatus.REJECTED


# --- creation: one service writes the event and its first history row ----------------------


def test_a_submitter_creates_a_submission_with_its_first_history_row(member):
    event = SubmittedEventFactory.build(status=EventStatus.PUBLISHED, published_at=None)
    services.event_create(event=event, by=member, actor=EventActor.SUBMITTER)
    event.refresh_from_db()
    assert (event.status, event.submitted_by) == (EventStatus.SUBMITTED, member)
    change = event.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("", "submitted", member)


def test_a_submitter_cannot_create_a_published_event(member):
    event = SubmittedEventFactory.build()
    with pytest.raises(ActionRefused):
        services.event_create(
            event=event, by=member, actor=EventActor.SUBMITTER, status=EventStatus.PUBLISHED
        )
    assert not Event.objects.filter(title=event.title).exists()


def test_the_system_creates_a_published_event_with_its_date():
    event = SubmittedEventFactory.build()
    services.event_create(
        event=event,
        by=None,
        actor=EventActor.SYSTEM,
        status=EventStatus.PUBLISHED,
        reason="Imported from a feed.",
    )
    event.refresh_from_db()
    assert event.is_public
    assert event.published_at is not None
    assert event.status_changes.get().reason == "Imported from a feed."


# --- what the database keeps ----------------------------------------------------------------


def test_the_database_refuses_a_rejection_without_reason():
    event = SubmittedEventFactory()
    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(status=EventStatus.REJECTED)


def test_the_database_refuses_an_event_that_ends_before_it_starts():
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
    services.event_cancel(event=event, by=calendar_volunteer, reason="Venue closed")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.sequence == 1


def test_submitted_changes_do_not_raise_sequence():
    event = SubmittedEventFactory()
    event.title = "Fixed a typo"
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 0
