from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Event, EventStatus
from representatives.models import UserGroup
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


def feed_file(tmp_path, name, *uids):
    day = (date.today() + timedelta(days=10)).strftime("%Y%m%d")
    vevents = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID=Europe/Berlin:{day}T190000\r\nDTEND;TZID=Europe/Berlin:{day}T210000\r\n"
        f"SUMMARY:Meetup {uid}\r\nEND:VEVENT\r\n"
        for uid in uids
    )
    path = tmp_path / name
    path.write_bytes(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\n{vevents}END:VCALENDAR\r\n".encode()
    )
    return path


def run():
    out = StringIO()
    call_command("import_group_feeds", stdout=out)
    return out.getvalue()


def test_a_trusted_groups_events_publish_directly(tmp_path):
    group = UserGroupFactory(is_trusted=True, ics_url=str(feed_file(tmp_path, "a.ics", "a1")))
    run()
    event = Event.objects.get(uid="a1")
    assert event.status == EventStatus.PUBLISHED
    assert event.source_group == group
    assert event.calendar.slug == "user-group-events"
    group.refresh_from_db()
    assert group.last_import_status == UserGroup.ImportStatus.OK
    assert group.last_import_message.startswith("1 created")


def test_an_untrusted_groups_events_wait_for_moderation(tmp_path):
    UserGroupFactory(is_trusted=False, ics_url=str(feed_file(tmp_path, "b.ics", "b1")))
    run()
    assert Event.objects.get(uid="b1").status == EventStatus.SUBMITTED


def test_a_failing_feed_is_reported_and_keeps_imported_events(tmp_path):
    path = feed_file(tmp_path, "c.ics", "c1", "c2")
    group = UserGroupFactory(is_trusted=True, ics_url=str(path))
    run()
    path.write_bytes(b"<html>Service unavailable</html>")
    out = run()
    group.refresh_from_db()
    assert group.last_import_status == UserGroup.ImportStatus.FAILED
    assert "not a readable iCalendar file" in group.last_import_message
    assert "1 failed" in out
    assert set(Event.objects.values_list("uid", flat=True)) == {"c1", "c2"}


def test_an_unreachable_feed_is_reported(tmp_path):
    group = UserGroupFactory(ics_url="http://127.0.0.1:9/feed.ics")
    run()
    group.refresh_from_db()
    assert group.last_import_status == UserGroup.ImportStatus.FAILED
    assert "could not be reached" in group.last_import_message


def test_events_dropped_from_a_feed_are_kept(tmp_path):
    path = feed_file(tmp_path, "d.ics", "d1", "d2")
    UserGroupFactory(is_trusted=True, ics_url=str(path))
    run()
    feed_file(tmp_path, "d.ics", "d1")
    run()
    assert Event.objects.filter(uid="d2", status=EventStatus.PUBLISHED).exists()


def test_group_admin_shows_the_last_feed_failure(client, superuser):
    group = UserGroupFactory(
        last_import_status=UserGroup.ImportStatus.FAILED,
        last_import_message="The feed answered HTTP 500 (Internal Server Error).",
    )
    client.force_login(superuser)
    page = client.get(f"/admin/representatives/usergroup/{group.pk}/change/")
    assert b"The feed answered HTTP 500" in page.content
    listing = client.get("/admin/representatives/usergroup/")
    assert b"Failed" in listing.content
