from datetime import date, timedelta

import pytest
from django.urls import reverse

from events.models import Event, EventStatus
from events.services import event_publish, event_reject
from tests.events.factories import SubmittedEventFactory, python_events
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    day = date.today() + timedelta(days=30)
    data = {
        "calendar": python_events().pk,
        "title": "PyCon Lisbon",
        "category": "conference",
        "description": "Two days of **Python** talks.",
        "timezone": "Europe/Lisbon",
        "start_date": day.isoformat(),
        "start_time": "09:00",
        "end_date": (day + timedelta(days=1)).isoformat(),
        "end_time": "18:00",
        "repeat": "",
        "attendance_mode": "in_person",
        "venue_name": "Congress Centre",
        "city": "Lisbon",
        "country": "PT",
        "website_url": "https://pycon.pt/",
        "organiser_email": "team@pycon.pt",
        "tags": "conference, web",
    }
    data.update(overrides)
    return data


def submit(client, **overrides):
    return client.post(reverse("events:submit"), form_data(**overrides))


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("events:submit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unverified_members_are_asked_to_verify_first(client):
    client.force_login(UserFactory(verified_email=False))
    response = client.get(reverse("events:submit"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")


def test_member_submits_an_event_for_moderation(client, member):
    client.force_login(member)
    response = submit(client)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == EventStatus.SUBMITTED
    assert event.submitted_by == member
    assert event.timezone == "Europe/Lisbon"
    assert event.local_start.strftime("%H:%M") == "09:00"
    assert event.tags == ["conference", "web"]
    assert event.status_changes.get().to_status == EventStatus.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert "PyCon Lisbon" in page
    assert "Submitted" in page


def test_all_day_event_has_no_times(client, member):
    client.force_login(member)
    submit(client, start_time="", end_time="")
    event = Event.objects.get()
    assert event.is_all_day
    assert (event.last_day - event.local_start.date()).days == 1


def test_weekly_meetup_gets_an_rrule(client, member):
    client.force_login(member)
    day = date.today() + timedelta(days=8)
    submit(
        client,
        start_date=day.isoformat(),
        end_date=day.isoformat(),
        end_time="21:00",
        repeat="weekly",
        repeat_until=(day + timedelta(days=60)).isoformat(),
    )
    rule = Event.objects.get().recurrence_rule
    assert rule.startswith("FREQ=WEEKLY;BYDAY=")
    assert ";UNTIL=" in rule


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": (date.today() + timedelta(days=29)).isoformat()}, "must end after it starts"),
        ({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice"),
        ({"website_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"website_url": "ftp://example.org/"}, "Use an http:// or https:// address"),
        ({"title": "x" * 201}, "at most 200 characters"),
        (
            {
                "start_date": (date.today() - timedelta(days=3)).isoformat(),
                "end_date": (date.today() - timedelta(days=2)).isoformat(),
            },
            "only future events are listed",
        ),
        ({"end_time": ""}, "Give both a start and an end time"),
        ({"tags": "a,b,c,d,e,f"}, "at most five tags"),
    ],
)
def test_bad_input_re_renders_with_a_clear_error(client, member, overrides, message):
    client.force_login(member)
    response = submit(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_submissions_are_rate_limited_per_user(client, member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 2
    client.force_login(member)
    submit(client, title="One", website_url="https://one.example/")
    submit(client, title="Two", website_url="https://two.example/")
    response = submit(client, title="Three", website_url="https://three.example/")
    assert response.status_code == 200
    assert "You can submit 2 events a day" in response.content.decode()
    assert Event.objects.count() == 2
    other = UserFactory()
    client.force_login(other)
    submit(client, title="Someone else", website_url="https://else.example/")
    assert Event.objects.count() == 3


def test_submitter_edits_while_submitted(client, member):
    event = SubmittedEventFactory(submitted_by=member, title="Old title")
    client.force_login(member)
    url = reverse("events:submission-edit", args=[event.pk])
    assert b"Old title" in client.get(url).content
    client.post(url, form_data(title="New title"))
    event.refresh_from_db()
    assert event.title == "New title"
    assert event.status == EventStatus.SUBMITTED


def test_published_events_can_no_longer_be_edited_by_the_submitter(client, member, superuser):
    event = SubmittedEventFactory(submitted_by=member, title="Old title")
    event_publish(event=event, by=superuser)
    client.force_login(member)
    response = client.post(
        reverse("events:submission-edit", args=[event.pk]), form_data(title="Sneaky")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Old title"


def test_nobody_edits_someone_elses_submission(client, member):
    event = SubmittedEventFactory(submitted_by=UserFactory())
    client.force_login(member)
    url = reverse("events:submission-edit", args=[event.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(title="Hijacked")).status_code == 404


def test_my_submissions_lists_only_mine_with_the_rejection_reason(client, member, superuser):
    mine = SubmittedEventFactory(submitted_by=member, title="Mine")
    event_reject(event=mine, by=superuser, reason="Please add the venue.")
    SubmittedEventFactory(submitted_by=UserFactory(), title="Theirs")
    client.force_login(member)
    page = client.get(reverse("events:my-submissions")).content.decode()
    assert "Mine" in page
    assert "Please add the venue." in page
    assert "Theirs" not in page


def test_an_edit_is_not_saved_when_a_volunteer_moderated_meanwhile(member, superuser):
    from community.workflow import ActionRefused
    from events.services import event_update

    event = SubmittedEventFactory(submitted_by=member, title="Old title")
    open_form = Event.objects.get(pk=event.pk)  # the submitter's form, opened before
    event_publish(event=event, by=superuser)
    open_form.title = "Edited too late"
    with pytest.raises(ActionRefused, match="meanwhile"):
        event_update(event=open_form, by=member)
    assert Event.objects.get(pk=event.pk).title == "Old title"


def test_the_submitter_edits_a_waiting_submission(member):
    from events.services import event_update

    event = SubmittedEventFactory(submitted_by=member, title="Old title")
    event.title = "New title"
    event_update(event=event, by=member)
    assert Event.objects.get(pk=event.pk).title == "New title"
