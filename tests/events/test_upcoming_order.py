from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.events.factories import EventFactory, in_days

pytestmark = pytest.mark.django_db


def monthly_meetup(**kwargs):
    first = in_days(-75, hour=18)
    return EventFactory(
        title="Monthly meetup",
        start=first,
        end=first + timedelta(hours=2),
        recurrence_rule="FREQ=MONTHLY",
        **kwargs,
    )


def test_a_series_sorts_by_its_next_meeting_not_its_first(client):
    meetup = monthly_meetup()
    EventFactory(title="Sprint the day after tomorrow", start=in_days(2), end=in_days(3))
    assert meetup.next_start == meetup.next_occurrence()[0]
    assert meetup.next_start > in_days(10)  # monthly since 75 days ago: about 15 days on
    page = client.get(reverse("events:index")).content.decode()
    assert page.index("Sprint the day after tomorrow") < page.index("Monthly meetup")


def test_an_event_under_way_sorts_by_its_start():
    conference = EventFactory(title="Conference", start=in_days(-1), end=in_days(2))
    assert conference.next_start == conference.start
    assert Event.objects.upcoming().first() == conference


def test_the_hourly_command_moves_series_whose_meeting_is_over():
    meetup = monthly_meetup()
    one_off = EventFactory(start=in_days(5), end=in_days(6))
    passed = meetup.occurrences(in_days(-80), timezone.now())[-1][0]
    Event.objects.filter(pk=meetup.pk).update(next_start=passed)  # as if an hour went by
    out = StringIO()
    call_command("refresh_event_order", "--dry-run", stdout=out)
    assert "1 series would move" in out.getvalue()
    call_command("refresh_event_order", stdout=out)
    assert "1 series moved" in out.getvalue()
    meetup.refresh_from_db()
    assert meetup.next_start == meetup.next_occurrence()[0] > timezone.now() - timedelta(hours=2)
    one_off.refresh_from_db()
    assert one_off.next_start == one_off.start
    assert Event.objects.due_for_reorder().count() == 0


def test_a_series_whose_meeting_is_under_way_keeps_its_place():
    started = (timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    meetup = EventFactory(
        start=started - timedelta(days=7),
        end=started - timedelta(days=7) + timedelta(hours=2),
        recurrence_rule="FREQ=WEEKLY",
    )
    assert meetup.next_start == started  # this week's meeting, an hour in
    assert Event.objects.due_for_reorder().count() == 0
    assert Event.objects.refresh_next_starts() == 0


def test_a_finished_series_has_nothing_to_sort_by():
    first = in_days(-100)
    series = EventFactory(
        start=first, end=first + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY;COUNT=3"
    )
    assert series.next_start is None
    assert series not in Event.objects.upcoming()


def test_refreshing_at_a_given_moment_judges_and_moves_series_by_that_moment():
    meetup = monthly_meetup()
    stored = meetup.next_start
    later = stored + timedelta(days=40)  # the stored meeting is long over by then
    assert Event.objects.refresh_next_starts(now=later) == 1
    meetup.refresh_from_db()
    assert meetup.next_start == meetup.next_occurrence(later)[0]
    assert meetup.next_start > later - timedelta(hours=2) > stored


def test_a_series_over_by_the_given_moment_is_not_due_for_reorder():
    first = in_days(-6, hour=18)
    ending = EventFactory(
        start=first, end=first + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY;COUNT=3"
    )  # meets 6 days ago, tomorrow and in 8 days
    assert ending.next_start is not None
    assert not Event.objects.due_for_reorder(now=in_days(20)).filter(pk=ending.pk).exists()
