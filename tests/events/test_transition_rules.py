"""What each status change of an event decides and writes beside the status: who may make
it, the reason it needs, the publication date, SEQUENCE, the group's sign of life and the
submitter's mail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.workflow import ActionRefused
from events import services
from events.models import Event, EventActor, EventStatus
from representatives.models import GroupStatus
from tests.events.factories import EventFactory, SubmittedEventFactory
from tests.factories import UserFactory
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


def stored(event):
    return Event.objects.get(pk=event.pk)


# --- who may, and what a refusal says ----------------------------------------------------


def test_a_rejection_without_reason_is_refused_in_words_the_volunteer_reads(calendar_volunteer):
    event = SubmittedEventFactory()
    with pytest.raises(ActionRefused) as refused:
        services.event_reject(event=event, by=calendar_volunteer, reason="")
    assert str(refused.value) == "A rejection needs a reason for the submitter."
    assert stored(event).status == EventStatus.SUBMITTED


def test_a_reason_is_not_needed_for_moves_other_than_rejection(calendar_volunteer, member):
    published = EventFactory()
    services.event_cancel(event=published, by=calendar_volunteer)
    assert stored(published).status == EventStatus.CANCELLED
    submitted = SubmittedEventFactory(submitted_by=member)
    services.event_withdraw(event=submitted, by=member)
    assert stored(submitted).status == EventStatus.WITHDRAWN


MOVES = [
    ("withdraw", EventStatus.SUBMITTED, EventStatus.WITHDRAWN),
    ("cancel", EventStatus.PUBLISHED, EventStatus.CANCELLED),
    ("archive", EventStatus.PUBLISHED, EventStatus.ARCHIVED),
]


def make_move(move, source, calendar_volunteer, **kwargs):
    submitter = UserFactory()
    event = EventFactory(status=source, submitted_by=submitter)
    by = submitter if move == "withdraw" else calendar_volunteer
    return by, getattr(services, f"event_{move}")(event=event, by=by, **kwargs)


@pytest.mark.parametrize(("move", "source", "target"), MOVES)
def test_a_move_records_who_made_it_and_why(move, source, target, calendar_volunteer):
    by, record = make_move(move, source, calendar_volunteer, reason="Because.")
    assert (record.to_status, record.by, record.reason) == (target, by, "Because.")
    assert record.event.status == target


@pytest.mark.parametrize(("move", "source", "target"), MOVES)
def test_a_move_made_without_a_reason_records_none(move, source, target, calendar_volunteer):
    by, record = make_move(move, source, calendar_volunteer)
    assert (record.to_status, record.by, record.reason) == (target, by, "")


def test_a_submitters_move_without_a_user_is_refused(member):
    event = SubmittedEventFactory(submitted_by=member)
    with pytest.raises(ActionRefused) as refused:
        event.transition(EventStatus.WITHDRAWN, by=None, actor=EventActor.SUBMITTER)
    assert str(refused.value) == "Only the person who submitted this event can do that."
    assert stored(event).status == EventStatus.SUBMITTED


def test_a_submitters_move_on_an_event_nobody_submitted_is_refused(member):
    event = SubmittedEventFactory(submitted_by=None)
    with pytest.raises(ActionRefused, match="Only the person who submitted"):
        services.event_withdraw(event=event, by=member)
    assert stored(event).status == EventStatus.SUBMITTED


def test_only_the_submitter_saves_edits_to_a_waiting_submission(member):
    event = SubmittedEventFactory(submitted_by=UserFactory(), title="Their title")
    event.title = "Not mine to change"
    with pytest.raises(ActionRefused) as refused:
        services.event_update(event=event, by=member)
    assert str(refused.value) == "Only the person who submitted this event can edit it."
    assert stored(event).title == "Their title"


def test_an_edit_after_a_decision_names_the_events_status(member, calendar_volunteer):
    event = SubmittedEventFactory(submitted_by=member)
    open_form = stored(event)
    services.event_publish(event=event, by=calendar_volunteer)
    services.event_cancel(event=event, by=calendar_volunteer)
    open_form.title = "Too late"
    with pytest.raises(ActionRefused) as refused:
        services.event_update(event=open_form, by=member)
    assert str(refused.value) == (
        "A volunteer moderated this event meanwhile (it is cancelled); not saved."
    )


def test_a_volunteer_acts_on_an_event_they_did_not_submit(calendar_volunteer, member):
    event = SubmittedEventFactory(submitted_by=member)
    services.event_publish(event=event, by=calendar_volunteer)
    assert stored(event).status == EventStatus.PUBLISHED


# --- what the move writes ---------------------------------------------------------------------


def test_reinstating_a_cancelled_event_keeps_its_first_publication_date(calendar_volunteer):
    first = timezone.now() - timedelta(days=10)
    event = EventFactory(published_at=first)
    services.event_cancel(event=event, by=calendar_volunteer, reason="Venue closed")
    services.event_publish(event=event, by=calendar_volunteer)
    assert stored(event).published_at == first


def test_publishing_dates_the_event_by_the_move(calendar_volunteer):
    event = SubmittedEventFactory()
    record = services.event_publish(event=event, by=calendar_volunteer)
    assert stored(event).published_at == record.at


def test_a_rejection_keeps_no_publication_date(calendar_volunteer):
    event = SubmittedEventFactory()
    services.event_reject(event=event, by=calendar_volunteer, reason="Not Python.")
    assert stored(event).published_at is None


def test_a_rejection_records_the_volunteer_who_rejected(calendar_volunteer):
    record = services.event_reject(
        event=SubmittedEventFactory(), by=calendar_volunteer, reason="Not Python."
    )
    assert (record.to_status, record.by, record.reason) == (
        "rejected",
        calendar_volunteer,
        "Not Python.",
    )


def test_a_rejection_reason_is_kept_only_on_the_rejection(calendar_volunteer, member):
    event = SubmittedEventFactory(submitted_by=member)
    services.event_reject(event=event, by=calendar_volunteer, reason="  Add the venue.  ")
    assert stored(event).rejection_reason == "Add the venue."
    services.event_resubmit(event=stored(event), by=member)
    assert stored(event).rejection_reason == ""
    services.event_publish(event=stored(event), by=calendar_volunteer)
    assert stored(event).rejection_reason == ""


def test_a_cancellation_reason_is_not_a_rejection_reason(calendar_volunteer):
    event = EventFactory()
    services.event_cancel(event=event, by=calendar_volunteer, reason="Venue closed")
    assert stored(event).rejection_reason == ""


@pytest.mark.parametrize(
    ("source", "move", "raised"),
    [
        (EventStatus.SUBMITTED, "publish", True),  # now calendar apps see it
        (EventStatus.PUBLISHED, "cancel", True),
        (EventStatus.CANCELLED, "publish", True),
        (EventStatus.PUBLISHED, "archive", True),  # gone from the feed
        (EventStatus.SUBMITTED, "reject", False),  # never in a feed
        (EventStatus.SUBMITTED, "archive", False),
        (EventStatus.SUBMITTED, "withdraw", False),
    ],
)
def test_sequence_rises_by_one_when_a_move_touches_the_public_feed(
    source, move, raised, calendar_volunteer
):
    submitter = UserFactory()
    event = EventFactory(status=source, sequence=3, submitted_by=submitter)
    by = submitter if move == "withdraw" else calendar_volunteer
    extra = {"reason": "Not Python."} if move == "reject" else {}
    getattr(services, f"event_{move}")(event=event, by=by, **extra)
    assert stored(event).sequence == (4 if raised else 3)


# --- what the submitter may still do ----------------------------------------------------------


@pytest.mark.parametrize("status", list(EventStatus))
def test_what_the_submitter_may_do_in_each_status(status):
    event = Event(status=status)
    assert event.can_be_edited_by_submitter() == (status == EventStatus.SUBMITTED)
    assert event.can_be_withdrawn() == (status == EventStatus.SUBMITTED)
    assert event.can_be_resubmitted() == (status == EventStatus.REJECTED)


# --- publishing: the group's sign of life, the submitter's mail -----------------------------


def test_publishing_a_groups_event_is_a_sign_of_life_dated_by_the_move(calendar_volunteer):
    long_ago = timezone.now() - timedelta(days=400)
    group = UserGroupFactory(status=GroupStatus.DORMANT, last_activity_at=long_ago)
    other = UserGroupFactory(status=GroupStatus.DORMANT, last_activity_at=long_ago)
    event = SubmittedEventFactory(source_group=group)
    record = services.event_publish(event=event, by=calendar_volunteer)
    group.refresh_from_db()
    other.refresh_from_db()
    assert (group.status, group.last_activity_at) == (GroupStatus.ACTIVE, record.at)
    assert (other.status, other.last_activity_at) == (GroupStatus.DORMANT, long_ago)


def test_publishing_an_event_of_no_group_touches_no_group(calendar_volunteer):
    long_ago = timezone.now() - timedelta(days=400)
    group = UserGroupFactory(status=GroupStatus.DORMANT, last_activity_at=long_ago)
    services.event_publish(event=SubmittedEventFactory(), by=calendar_volunteer)
    group.refresh_from_db()
    assert (group.status, group.last_activity_at) == (GroupStatus.DORMANT, long_ago)


def test_the_submitter_is_mailed_when_a_volunteer_publishes(
    calendar_volunteer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://community.example.org"
    submitter = UserFactory(email="ada@example.org")
    event = SubmittedEventFactory(title="PyCon Waiting", submitted_by=submitter)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(event=event, by=calendar_volunteer)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["ada@example.org"], "[PSF Community] Your event “PyCon Waiting” is published")
    ]
    # The whole address: a mail reader has no page to resolve a bare path against.
    assert f"https://community.example.org{event.get_absolute_url()}\n" in mailoutbox[0].body


def test_the_submitter_is_not_mailed_when_the_feed_reinstates_an_event(
    mailoutbox, django_capture_on_commit_callbacks
):
    submitter = UserFactory(email="ada@example.org")
    event = EventFactory(status=EventStatus.CANCELLED, submitted_by=submitter)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(event=event, by=None, actor=EventActor.SYSTEM)
    assert stored(event).status == EventStatus.PUBLISHED
    assert mailoutbox == []


def test_the_submitter_is_mailed_the_rejection_and_its_reason(
    calendar_volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    submitter = UserFactory(email="bo@example.org")
    event = SubmittedEventFactory(title="PyCon Nowhere", submitted_by=submitter)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_reject(event=event, by=calendar_volunteer, reason="Where is it?")
    assert [m.to for m in mailoutbox] == [["bo@example.org"]]
    assert "PyCon Nowhere" in mailoutbox[0].subject
    assert "Where is it?" in mailoutbox[0].body


def test_nobody_is_mailed_for_an_event_without_submitter_or_address(
    calendar_volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    without_submitter = SubmittedEventFactory(submitted_by=None)
    without_address = SubmittedEventFactory(submitted_by=UserFactory(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(event=without_submitter, by=calendar_volunteer)
        services.event_reject(event=without_address, by=calendar_volunteer, reason="No.")
    assert mailoutbox == []
