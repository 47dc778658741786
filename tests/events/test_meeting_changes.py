"""A volunteer moves, retitles or cancels one meeting of a series: what is refused, what
is stored, and the history line that says which meeting changed and why."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from community.workflow import ActionRefused
from events.models import Event, moved_occurrence_entry
from events.services import event_occurrence_change
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def next_year(month, day, hour=18, minute=30):
    return datetime(datetime.now().year + 1, month, day, hour, minute, tzinfo=BERLIN)


def berlin_series(**kwargs):
    first = next_year(3, 3)  # a Wednesday evening, weekly, in Berlin's zone
    return EventFactory(
        title="Berlin meetup",
        start=first,
        end=first + timedelta(hours=2),
        timezone="Europe/Berlin",
        recurrence_rule="FREQ=WEEKLY",
        **kwargs,
    )


def change(event, original, by, **kwargs):
    return event_occurrence_change(event=event, original=original, by=by, **kwargs)


def refusal(event, original, by, **kwargs) -> str:
    with pytest.raises(ActionRefused) as refused:
        change(event, original, by, **kwargs)
    return str(refused.value)


# --- what is refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_change_without_a_reason_is_refused(reason, calendar_volunteer):
    event = berlin_series()
    assert refusal(event, event.start, calendar_volunteer, reason=reason, cancel=True) == (
        "Say why this meeting changes: the reason is kept in its history."
    )


def test_only_a_meeting_the_series_makes_can_change(calendar_volunteer):
    event = berlin_series()
    for original in (event.start + timedelta(seconds=1), event.start + timedelta(days=1)):
        assert refusal(event, original, calendar_volunteer, reason="Holiday.", cancel=True) == (
            "The series has no meeting at that time."
        )
    one_off = EventFactory()
    assert refusal(one_off, one_off.start, calendar_volunteer, reason="X.", cancel=True) == (
        "The series has no meeting at that time."
    )
    assert Event.objects.get(pk=event.pk).cancelled_occurrences == []


def test_a_meeting_must_end_after_it_starts(calendar_volunteer):
    event = berlin_series()
    second = event.start + timedelta(weeks=1)
    moved = second + timedelta(hours=1)
    assert refusal(event, second, calendar_volunteer, reason="R.", start=moved, end=moved) == (
        "The meeting must end after it starts."
    )


def test_a_meeting_cannot_move_past_the_horizon(calendar_volunteer, settings):
    settings.EVENT_HORIZON_YEARS = 5
    event = berlin_series()
    second = event.start + timedelta(weeks=1)
    far = second + timedelta(days=6 * 366)
    message = refusal(event, second, calendar_volunteer, reason="R.", start=far)
    assert message.startswith("Dates more than 5 years ahead are not accepted; ")
    message = refusal(event, second, calendar_volunteer, reason="R.", end=far)
    assert message.startswith("Dates more than 5 years ahead are not accepted; ")
    assert Event.objects.get(pk=event.pk).moved_occurrences == []


# --- cancelling ---------------------------------------------------------------------------------


def test_cancelled_meetings_are_kept_once_in_order_and_the_history_names_them(
    calendar_volunteer,
):
    event = berlin_series()
    third, second = event.start + timedelta(weeks=2), event.start + timedelta(weeks=1)
    change(event, third, calendar_volunteer, reason="Holiday.", cancel=True)
    change(event, second, calendar_volunteer, reason="Room booked.", cancel=True)
    record = change(event, third, calendar_volunteer, reason="Still a holiday.", cancel=True)
    assert event.cancelled_occurrences == [second, third]
    assert (record.from_status, record.to_status, record.by) == (
        "published",
        "published",
        calendar_volunteer,
    )
    assert record.reason == f"Meeting of {third:%Y-%m-%d} 18:30 cancelled: Still a holiday."
    assert event.sequence == 2  # cancelling it again changes nothing calendar apps see


# --- moving -------------------------------------------------------------------------------------


def test_a_moved_meeting_keeps_its_length_and_the_history_names_both_times(
    calendar_volunteer,
):
    event = berlin_series()
    second = event.start + timedelta(weeks=1)
    moved = second + timedelta(days=1, hours=1)
    record = change(event, second, calendar_volunteer, reason="  Room booked.  ", start=moved)
    assert event.moved_occurrences == [
        moved_occurrence_entry(original=second, start=moved, end=moved + timedelta(hours=2))
    ]
    assert record.reason == (
        f"Meeting of {second:%Y-%m-%d} 18:30 moved to {moved:%Y-%m-%d} 19:30: Room booked."
    )


def test_a_meeting_given_only_a_new_end_keeps_its_start(calendar_volunteer):
    event = berlin_series()
    second = event.start + timedelta(weeks=1)
    change(event, second, calendar_volunteer, reason="Longer.", end=second + timedelta(hours=3))
    assert event.moved_occurrences == [
        moved_occurrence_entry(original=second, start=second, end=second + timedelta(hours=3))
    ]


def test_a_retitled_meeting_keeps_its_title_cut_to_200_and_the_history_quotes_it(
    calendar_volunteer,
):
    event = berlin_series()
    second = event.start + timedelta(weeks=1)
    record = change(
        event, second, calendar_volunteer, reason="Sprint.", title="  " + "S" * 250 + "  "
    )
    assert event.moved_occurrences == [
        moved_occurrence_entry(
            original=second, start=second, end=second + timedelta(hours=2), title="S" * 200
        )
    ]
    assert record.reason.endswith(f"18:30 as “{'S' * 200}”: Sprint.")


def test_the_series_own_title_is_no_new_title(calendar_volunteer):
    event = berlin_series()
    second = event.start + timedelta(weeks=1)
    moved = second + timedelta(hours=1)
    record = change(
        event, second, calendar_volunteer, reason="Later.", start=moved, title="Berlin meetup"
    )
    assert event.moved_occurrences[0]["title"] == ""
    assert "as “" not in record.reason


def test_a_second_move_of_a_meeting_replaces_the_first_and_moves_stay_in_order(
    calendar_volunteer,
):
    event = berlin_series()
    second, third = event.start + timedelta(weeks=1), event.start + timedelta(weeks=2)
    change(event, third, calendar_volunteer, reason="A.", start=third + timedelta(hours=1))
    change(event, second, calendar_volunteer, reason="B.", start=second + timedelta(hours=1))
    change(event, second, calendar_volunteer, reason="C.", start=second + timedelta(hours=2))
    stored = Event.objects.get(pk=event.pk).moved_occurrences
    assert stored == [
        moved_occurrence_entry(
            original=second,
            start=second + timedelta(hours=2),
            end=second + timedelta(hours=4),
        ),
        moved_occurrence_entry(
            original=third,
            start=third + timedelta(hours=1),
            end=third + timedelta(hours=3),
        ),
    ]


def test_moving_a_meeting_back_to_its_own_time_and_title_undoes_the_move(calendar_volunteer):
    event = berlin_series()
    second = event.start + timedelta(weeks=1)
    change(event, second, calendar_volunteer, reason="Later.", start=second + timedelta(hours=1))
    change(event, second, calendar_volunteer, reason="Back.", start=second)
    assert Event.objects.get(pk=event.pk).moved_occurrences == []
    change(event, second, calendar_volunteer, reason="Renamed.", title="Sprint night")
    change(event, second, calendar_volunteer, reason="Name back.", title="")
    assert Event.objects.get(pk=event.pk).moved_occurrences == []
