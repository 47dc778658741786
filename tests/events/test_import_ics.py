import http.server
import threading
from datetime import date, datetime, time, timedelta
from functools import partial
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from events.ics import values_from_event
from events.models import Event, EventStatus
from events.services import event_cancel
from tests.events.factories import EventFactory, python_events, user_group_events

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def run_import(slug, source, *args):
    out = StringIO()
    call_command("import_ics", slug, str(source), *args, stdout=out)
    return out.getvalue()


def ics(*vevents, extra=""):
    body = "\r\n".join(vevents)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        f"{extra}{body}\r\nEND:VCALENDAR\r\n"
    ).encode()


def meetup(uid="meetup-1@example.org", summary="Berlin Python meetup", extra=""):
    day = (date.today() + timedelta(days=10)).strftime("%Y%m%d")
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID=Europe/Berlin:{day}T190000\r\nDTEND;TZID=Europe/Berlin:{day}T213000\r\n"
        f"SUMMARY:{summary}\r\nRRULE:FREQ=MONTHLY;BYDAY=+2WE\r\n"
        f"LOCATION:Betahaus, Berlin\r\nURL:https://example.org/pyberlin\r\n{extra}END:VEVENT"
    )


def test_import_creates_published_events_with_recurrence_and_zone(tmp_path):
    path = tmp_path / "group.ics"
    path.write_bytes(ics(meetup()))
    out = run_import("user-group-events", path)
    assert "1 created, 0 updated, 0 unchanged, 0 skipped" in out
    event = Event.objects.get(uid="meetup-1@example.org")
    assert event.calendar == user_group_events()
    assert event.status == EventStatus.PUBLISHED
    assert event.timezone == "Europe/Berlin"
    assert event.local_start.hour == 19
    assert event.recurrence_rule == "FREQ=MONTHLY;BYDAY=+2WE"
    assert event.venue_address == "Betahaus, Berlin"
    assert event.status_changes.get().reason == "Imported from a feed."


def test_reimporting_is_idempotent_and_updates_changes(tmp_path):
    path = tmp_path / "group.ics"
    path.write_bytes(ics(meetup()))
    run_import("user-group-events", path)
    assert "0 created, 0 updated, 1 unchanged" in run_import("user-group-events", path)
    path.write_bytes(ics(meetup(summary="Berlin Python meetup: lightning talks")))
    assert "0 created, 1 updated, 0 unchanged" in run_import("user-group-events", path)
    event = Event.objects.get(uid="meetup-1@example.org")
    assert event.title == "Berlin Python meetup: lightning talks"
    assert event.sequence == 1
    assert Event.objects.count() == 1


def test_cancellation_in_the_source_cancels_the_event(tmp_path):
    path = tmp_path / "group.ics"
    path.write_bytes(ics(meetup()))
    run_import("user-group-events", path)
    path.write_bytes(ics(meetup(extra="STATUS:CANCELLED\r\n")))
    run_import("user-group-events", path)
    event = Event.objects.get(uid="meetup-1@example.org")
    assert event.status == EventStatus.CANCELLED
    assert event.status_changes.last().reason == "Cancelled in the source feed."


def test_a_broken_event_is_skipped_whole_and_the_rest_imported(tmp_path):
    broken = (
        "BEGIN:VEVENT\r\nUID:broken@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20270101T100000Z\r\nDTEND:20270101T090000Z\r\nSUMMARY:Ends first\r\nEND:VEVENT"
    )
    path = tmp_path / "mixed.ics"
    path.write_bytes(ics(broken, meetup()))
    out = run_import("user-group-events", path)
    assert "1 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert "skipped broken@example.org" in out
    assert not Event.objects.filter(uid="broken@example.org").exists()


def test_an_event_without_uid_is_skipped_with_the_reason(tmp_path):
    path = tmp_path / "no-uid.ics"
    path.write_bytes(ics(meetup().replace("UID:meetup-1@example.org\r\n", "")))
    out = run_import("user-group-events", path)
    assert "it has no UID" in out
    assert Event.objects.count() == 0


def test_a_javascript_url_is_not_imported(tmp_path):
    path = tmp_path / "bad-url.ics"
    path.write_bytes(ics(meetup().replace("https://example.org/pyberlin", "javascript:alert(1)")))
    out = run_import("user-group-events", path)
    assert "1 skipped" in out
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a calendar", "not a readable iCalendar file"),
        (b"BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n", "not an iCalendar file"),
    ],
)
def test_bad_input_is_a_clear_error_not_a_traceback(tmp_path, content, message):
    path = tmp_path / "bad.ics"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_import("python-events", path)


def test_missing_file_and_unknown_calendar_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="could not be read"):
        run_import("python-events", tmp_path / "missing.ics")
    with pytest.raises(CommandError, match="No calendar “nope”"):
        run_import("nope", tmp_path / "missing.ics")


def test_dry_run_saves_nothing(tmp_path):
    path = tmp_path / "group.ics"
    path.write_bytes(ics(meetup()))
    out = run_import("user-group-events", path, "--dry-run")
    assert "Dry run, nothing saved: 1 created" in out
    assert Event.objects.count() == 0


def test_import_over_http_with_a_local_server(tmp_path):
    (tmp_path / "feed.ics").write_bytes(ics(meetup()))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        out = run_import("user-group-events", f"http://127.0.0.1:{port}/feed.ics")
        assert "1 created" in out
        with pytest.raises(CommandError, match="HTTP 404"):
            run_import("user-group-events", f"http://127.0.0.1:{port}/missing.ics")
    finally:
        server.shutdown()


def test_our_feed_round_trips_through_import_unchanged(tmp_path, superuser):
    start = datetime.combine(date.today() + timedelta(days=20), time(9), tzinfo=BERLIN)
    day = datetime.combine(date.today() + timedelta(days=50), time.min, tzinfo=BERLIN)
    events = [
        EventFactory(
            title="Weekly meetup",
            description="Talks and pizza.\n\nEveryone welcome.",
            timezone="Europe/Berlin",
            start=start,
            end=start + timedelta(hours=2),
            recurrence_rule="FREQ=WEEKLY;UNTIL=20990101T000000Z",
            excluded_dates=[start + timedelta(weeks=1)],
            cancelled_occurrences=[start + timedelta(weeks=2)],
            tags=["pizza", "talks"],
            category=Event.Category.MEETUP,
            attendance_mode=Event.AttendanceMode.HYBRID,
            registration_url="https://example.org/register",
        ),
        EventFactory(
            title="Conference",
            is_all_day=True,
            timezone="Europe/Berlin",
            start=day,
            end=day + timedelta(days=3),
            country="DE",
            city="Berlin",
        ),
        EventFactory(title="Online sprint", attendance_mode=Event.AttendanceMode.ONLINE),
    ]
    event_cancel(event=events[2], by=superuser)
    first = Client().get(reverse("events:calendar-ics", args=["python-events"])).content
    path = tmp_path / "ours.ics"
    path.write_bytes(first)
    before = {e.uid: values_from_event(e) for e in Event.objects.all()}
    sequences = dict(Event.objects.values_list("uid", "sequence"))

    # Into the same calendar: nothing changes.
    out = run_import("python-events", path)
    assert "0 created, 0 updated, 3 unchanged, 0 skipped" in out
    assert dict(Event.objects.values_list("uid", "sequence")) == sequences

    # Into the other calendar: the same events come out.
    assert "3 created" in run_import("user-group-events", path)
    copies = Event.objects.filter(calendar=user_group_events())
    assert {e.uid: values_from_event(e) for e in copies} == before
    assert copies.get(title="Online sprint").status == EventStatus.CANCELLED
    assert python_events().events.count() == 3


def test_markdown_looking_text_in_a_foreign_feed_is_not_a_change_every_time(tmp_path):
    path = tmp_path / "group.ics"
    text = r"DESCRIPTION:Bring *snacks* & <b>laptops</b>\n\n# 1. Talks\n"
    path.write_bytes(ics(meetup(extra=text + "\r\n")))
    run_import("user-group-events", path)
    assert "0 created, 0 updated, 1 unchanged" in run_import("user-group-events", path)
    assert Event.objects.get().sequence == 0


def test_outlook_windows_zone_names_become_iana_zones(tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_bytes(ics(meetup().replace("TZID=Europe/Berlin", 'TZID="W. Europe Standard Time"')))
    run_import("user-group-events", path)
    event = Event.objects.get()
    assert event.timezone == "Europe/Berlin"
    assert event.local_start.hour == 19


def test_submitted_flag_puts_imported_events_in_the_queue(tmp_path):
    path = tmp_path / "group.ics"
    path.write_bytes(ics(meetup()))
    out = run_import("user-group-events", path, "--submitted")
    assert "[##############################] 1/1" in out
    assert Event.objects.get().status == EventStatus.SUBMITTED
