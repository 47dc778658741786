"""A volunteer's own view: the private calendar feed, reminders, attendance by the lead."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from community.workflow import ActionRefused
from kits import services
from kits.models import ShiftSignup
from tests.factories import UserFactory
from tests.kits.factories import BoothFactory, ShiftFactory, ShiftSignupFactory, at

pytestmark = pytest.mark.django_db


def test_feed_parses_with_zoned_times_and_only_my_shifts(client, member):
    mine = ShiftSignupFactory(volunteer=member)
    ShiftSignupFactory(shift=ShiftFactory(booth=mine.shift.booth))  # someone else's
    url = services.shift_feed_token_for(member).get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start.tzinfo is not None
    assert start == mine.shift.starts_at
    assert mine.shift.booth.conference_name in str(events[0]["summary"])


def test_feed_entry_carries_the_shift_booth_and_where_to_find_it(client, member, settings):
    """What a volunteer's calendar shows for one shift: the calendar's own name, the shift's
    end, where the booth stands, a link back to it and the zone its times are typed in."""
    settings.SITE_URL = "https://community.example.org"
    booth = BoothFactory(
        conference_name="PyCon Feed",
        conference_city="Chicago",
        conference_country="US",
        location_notes="Hall B, stand 12",
        timezone="America/Chicago",
    )
    signed_up = timezone.now() - timedelta(days=3)
    mine = ShiftSignupFactory(volunteer=member, shift=ShiftFactory(booth=booth))
    ShiftSignup.objects.filter(pk=mine.pk).update(created_at=signed_up)

    calendar = Calendar.from_ical(services.shift_feed_ics(member))

    assert str(calendar["prodid"]) == "-//PSF Community Relations//Booth shifts//EN"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "My PSF booth shifts"
    (event,) = calendar.walk("VEVENT")
    shift = mine.shift
    assert str(event["uid"]) == f"booth-shift-{shift.pk}-{member.pk}@community.python.org"
    assert str(event["summary"]) == "PSF booth shift: PyCon Feed"
    assert event.decoded("dtstart") == shift.starts_at
    assert event.decoded("dtend") == shift.ends_at
    assert event.decoded("dtstamp") == signed_up.replace(microsecond=0)
    assert str(event["location"]) == "Hall B, stand 12, Chicago, United States"
    assert str(event["url"]) == "https://community.example.org" + reverse(
        "kits:booth-detail", args=[booth.pk]
    )
    assert str(event["description"]) == "Times in the conference's zone: America/Chicago."


def test_feed_location_without_notes_is_the_city_alone(member):
    booth = BoothFactory(conference_city="Chicago", conference_country="US", location_notes="")
    ShiftSignupFactory(volunteer=member, shift=ShiftFactory(booth=booth))
    (event,) = Calendar.from_ical(services.shift_feed_ics(member)).walk("VEVENT")
    assert str(event["location"]) == "Chicago, United States"


def test_feed_lists_my_shifts_in_time_order_each_with_its_own_uid(member):
    booth = BoothFactory()
    later = ShiftSignupFactory(
        volunteer=member, shift=ShiftFactory(booth=booth, starts_at=at(booth, 1, 9))
    )
    sooner = ShiftSignupFactory(
        volunteer=member, shift=ShiftFactory(booth=booth, starts_at=at(booth, 0, 9))
    )
    events = Calendar.from_ical(services.shift_feed_ics(member)).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [
        sooner.shift.starts_at,
        later.shift.starts_at,
    ]
    assert len({str(e["uid"]) for e in events}) == 2


def test_feed_is_an_empty_calendar_without_shifts(member):
    calendar = Calendar.from_ical(services.shift_feed_ics(member))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["x-wr-calname"]) == "My PSF booth shifts"


def test_feed_costs_the_same_queries_for_one_shift_as_for_three(member):
    booth = BoothFactory()
    ShiftSignupFactory(volunteer=member, shift=ShiftFactory(booth=booth))
    with CaptureQueriesContext(connection) as one:
        services.shift_feed_ics(member)
    for day in (1, 2):
        ShiftSignupFactory(
            volunteer=member, shift=ShiftFactory(booth=booth, starts_at=at(booth, day, 9))
        )
    with CaptureQueriesContext(connection) as three:
        services.shift_feed_ics(member)
    assert len(three) == len(one)


def test_feed_is_refused_without_a_valid_token(client, member):
    ShiftSignupFactory(volunteer=member)
    assert client.get(reverse("kits:shift-feed", args=["not-the-token"])).status_code == 404


def test_reset_token_kills_the_old_address(client, member):
    old = services.shift_feed_token_for(member).get_absolute_url()
    client.force_login(member)
    client.post(reverse("kits:shift-feed-reset"))
    new = services.shift_feed_token_for(member).get_absolute_url()
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_my_shifts_shows_the_feed_address(client, member):
    client.force_login(member)
    page = client.get(reverse("kits:my-shifts")).content.decode()
    assert services.shift_feed_token_for(member).token in page


def test_reminders_go_once_for_shifts_within_24_hours(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    soon = ShiftFactory(starts_at=now + timedelta(hours=20), ends_at=now + timedelta(hours=23))
    later = ShiftFactory(starts_at=now + timedelta(hours=40), ends_at=now + timedelta(hours=43))
    ShiftSignupFactory(shift=soon, volunteer=member)
    ShiftSignupFactory(shift=later, volunteer=member)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.shift_reminders_send(now=now) == 1
        assert services.shift_reminders_send(now=now) == 0
    assert len(mailoutbox) == 1
    assert soon.booth.conference_name in mailoutbox[0].subject
    assert soon.booth.lead.email in mailoutbox[0].body


def test_reminder_command_runs_through_the_task_queue(member, mailoutbox, settings):
    now = timezone.now()
    soon = ShiftFactory(starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=4))
    ShiftSignupFactory(shift=soon, volunteer=member)
    call_command("send_shift_reminders")
    call_command("send_shift_reminders")
    assert ShiftSignup.objects.get().reminded_at is not None


def test_lead_marks_attendance_after_the_start(client):
    now = timezone.now()
    shift = ShiftFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))
    signup = ShiftSignupFactory(shift=shift)
    with pytest.raises(ActionRefused):
        services.signup_mark_attendance(signup=signup, by=UserFactory(), attended=True)
    client.force_login(shift.booth.lead)
    page = client.get(reverse("kits:booth-manage", args=[shift.booth.pk])).content.decode()
    assert "Attendance" in page
    client.post(reverse("kits:signup-attendance", args=[signup.pk]), {"attended": "0"})
    signup.refresh_from_db()
    assert signup.attended is False


def test_attendance_of_another_leads_booth_is_404(client):
    now = timezone.now()
    shift = ShiftFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))
    signup = ShiftSignupFactory(shift=shift)
    client.force_login(UserFactory())
    response = client.post(reverse("kits:signup-attendance", args=[signup.pk]), {"attended": "1"})
    assert response.status_code == 404


def test_attendance_before_the_shift_is_refused():
    shift = ShiftFactory()
    signup = ShiftSignupFactory(shift=shift)
    with pytest.raises(ActionRefused, match="once the shift has started"):
        services.signup_mark_attendance(signup=signup, by=shift.booth.lead, attended=True)
