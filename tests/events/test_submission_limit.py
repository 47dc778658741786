"""The daily submission limit at its boundaries, and what creating an event writes for
each kind of actor."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.workflow import ActionRefused
from events import services
from events.models import Event, EventActor, EventStatus
from tests.events.factories import SubmittedEventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def submitted_ago(user, delta):
    event = SubmittedEventFactory(submitted_by=user)
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - delta)
    return event


def test_a_submission_counts_for_24_hours(member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 5
    submitted_ago(member, timedelta(hours=23, minutes=58))
    submitted_ago(member, timedelta(hours=24, minutes=2))
    submitted_ago(member, timedelta(hours=25, minutes=30))
    assert services.submissions_left_today(member) == 4


def test_another_members_submissions_do_not_count(member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 2
    submitted_ago(UserFactory(), timedelta(hours=1))
    assert services.submissions_left_today(member) == 2


def test_none_left_is_zero_even_over_a_lowered_limit(member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 3
    for _ in range(3):
        submitted_ago(member, timedelta(hours=1))
    settings.EVENT_SUBMISSIONS_PER_DAY = 1
    assert services.submissions_left_today(member) == 0


def test_the_last_submission_of_the_day_is_accepted_and_the_next_refused(member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 2
    submitted_ago(member, timedelta(hours=1))
    last = services.event_submit(event=SubmittedEventFactory.build(), by=member)
    assert Event.objects.get(pk=last.pk).submitted_by == member
    with pytest.raises(services.SubmissionLimitReached) as refused:
        services.event_submit(event=SubmittedEventFactory.build(title="One too many"), by=member)
    assert str(refused.value) == (
        "You can submit 2 events a day. Please try again tomorrow, or write to the calendar team."
    )
    assert not Event.objects.filter(title="One too many").exists()


# --- what creating writes, by actor ----------------------------------------------------------


def test_a_volunteer_who_adds_an_event_is_not_its_submitter(calendar_volunteer):
    event = SubmittedEventFactory.build(submitted_by=None)
    services.event_create(
        event=event, by=calendar_volunteer, actor=EventActor.VOLUNTEER, status="published"
    )
    event.refresh_from_db()
    assert event.submitted_by is None
    change = event.status_changes.get()
    assert (change.to_status, change.by, change.reason) == ("published", calendar_volunteer, "")


def test_an_event_created_public_is_dated_unless_it_carries_its_date(calendar_volunteer):
    earlier = timezone.now() - timedelta(days=3)
    dated = SubmittedEventFactory.build(published_at=earlier)
    services.event_create(
        event=dated, by=calendar_volunteer, actor=EventActor.VOLUNTEER, status="published"
    )
    cancelled = SubmittedEventFactory.build()
    services.event_create(
        event=cancelled, by=None, actor=EventActor.SYSTEM, status=EventStatus.CANCELLED
    )
    waiting = SubmittedEventFactory.build()
    services.event_create(event=waiting, by=None, actor=EventActor.SYSTEM)
    assert Event.objects.get(pk=dated.pk).published_at == earlier
    assert Event.objects.get(pk=cancelled.pk).published_at is not None
    assert Event.objects.get(pk=waiting.pk).published_at is None


def test_a_submitter_is_refused_any_first_status_but_submitted(member):
    for status in (EventStatus.CANCELLED, EventStatus.ARCHIVED):
        with pytest.raises(ActionRefused) as refused:
            services.event_create(
                event=SubmittedEventFactory.build(), by=member, actor="submitter", status=status
            )
        assert str(refused.value) == "A submitted event waits for a calendar volunteer."
    assert not Event.objects.exists()
