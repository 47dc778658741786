"""One bad feed, or one bad event in a feed, never stops the import of the others."""

import sys
from io import StringIO

import pytest
from django.core.management import ManagementUtility, call_command
from django.db import connections

from events import services
from events.models import Event
from representatives.models import UserGroup
from tests.events.test_import_ics import ics, meetup
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db

GOOD = meetup(uid="good@example.org", summary="A good meetup")
NUL_SUMMARY = meetup(uid="nul-summary@example.org", summary="Py\x00thon night")
NUL_UID = meetup(uid="nul\x00uid@example.org")
END_OF_TIME = (
    "BEGIN:VEVENT\r\nUID:end-of-time@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;VALUE=DATE:99991231\r\nSUMMARY:The last day\r\nEND:VEVENT"
)
NOT_ICS_WITH_NUL = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00 binary, not a calendar"


def import_file(tmp_path, data, *args):
    path = tmp_path / "feed.ics"
    path.write_bytes(data)
    out = StringIO()
    call_command("import_ics", "user-group-events", str(path), *args, stdout=out)
    return out.getvalue()


def group_status(group):
    group.refresh_from_db()
    return group.last_import_status, group.last_import_message


@pytest.mark.parametrize(
    ("bad_event", "reason"),
    [
        (NUL_SUMMARY, "its text contains a NUL character"),
        (NUL_UID, "its UID contains a NUL character"),
        (END_OF_TIME, "its dates are outside the calendar's range"),
    ],
)
def test_a_bad_event_is_skipped_with_its_reason_and_the_good_one_imports(
    tmp_path, bad_event, reason
):
    out = import_file(tmp_path, ics(bad_event, GOOD))
    assert "1 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert reason in out
    assert list(Event.objects.values_list("uid", flat=True)) == ["good@example.org"]


def test_a_parameter_broken_over_two_lines_keeps_its_property(tmp_path):
    # As Apple Calendar exports X-ADDRESS: a raw line break inside the quoted value.
    event = meetup().replace(
        "LOCATION:Betahaus, Berlin\r\n",
        'LOCATION;X-ADDRESS="Prinzessinnenstr. 19\r\n10969 Berlin":Betahaus, Berlin\r\n',
    )
    broken_start = meetup(uid="second@example.org").replace(
        "DTSTART;TZID=Europe/Berlin:", 'DTSTART;X-NOTE="doors\nopen";TZID=Europe/Berlin:'
    )
    out = import_file(tmp_path, ics(event, broken_start))
    assert "2 created, 0 updated, 0 unchanged, 0 skipped" in out
    assert Event.objects.get(uid="meetup-1@example.org").venue_address == "Betahaus, Berlin"
    assert Event.objects.get(uid="second@example.org").local_start.hour == 19


def test_an_unclosed_quote_does_not_swallow_the_rest_of_the_feed(tmp_path):
    runaway = meetup(uid="runaway@example.org").replace(
        "LOCATION:Betahaus, Berlin\r\n", 'LOCATION;X-ADDRESS="never closed:Betahaus\r\n'
    )
    out = import_file(tmp_path, ics(runaway, *[meetup(uid=f"after-{n}") for n in range(3)]))
    assert Event.objects.filter(uid__startswith="after-").count() == 3
    assert "0 skipped" in out


def test_a_feed_over_the_event_cap_imports_the_first_events_and_says_so(tmp_path, settings):
    settings.EVENT_FEED_MAX_EVENTS = 3
    out = import_file(tmp_path, ics(*[meetup(uid=f"e{n}") for n in range(5)]))
    assert "3 created" in out
    assert "2 not imported: the feed has more than 3 events" in out
    assert Event.objects.count() == 3
    out = import_file(tmp_path, ics(*[meetup(uid=f"e{n}") for n in range(5)]), "--max-events=5")
    assert "2 created, 0 updated, 3 unchanged" in out


def test_a_groups_event_cap_is_in_its_summary(loopback_server, settings):
    settings.EVENT_FEED_MAX_EVENTS = 2
    loopback_server.serve("/big.ics", ics(*[meetup(uid=f"e{n}") for n in range(4)]))
    group = UserGroupFactory(ics_url=loopback_server.url("/big.ics"))
    services.import_group_feed(group)
    status, message = group_status(group)
    assert status == UserGroup.ImportStatus.OK
    assert "2 not imported: the feed has more than 2 events" in message
    assert Event.objects.filter(source_group=group).count() == 2


def test_a_non_ics_body_with_nul_is_recorded_as_a_failure(loopback_server):
    loopback_server.serve("/binary.ics", NOT_ICS_WITH_NUL)
    group = UserGroupFactory(ics_url=loopback_server.url("/binary.ics"))
    assert services.import_group_feed(group) is None
    assert group_status(group) == (
        UserGroup.ImportStatus.FAILED,
        "This is not a readable iCalendar file.",
    )


def test_a_skipped_uid_with_nul_is_stored_escaped_in_the_groups_message(loopback_server):
    loopback_server.serve("/nul.ics", ics(NUL_UID, GOOD))
    group = UserGroupFactory(ics_url=loopback_server.url("/nul.ics"))
    services.import_group_feed(group)
    status, message = group_status(group)
    assert status == UserGroup.ImportStatus.OK
    assert "skipped nul\\x00uid@example.org: its UID contains a NUL character" in message


def test_an_unexpected_error_rolls_back_that_group_only_and_is_recorded(
    loopback_server, monkeypatch
):
    loopback_server.serve("/a.ics", ics(meetup(uid="a1"), meetup(uid="a2")))
    loopback_server.serve("/b.ics", ics(meetup(uid="b1")))
    first = UserGroupFactory(name="A group", ics_url=loopback_server.url("/a.ics"))
    later = UserGroupFactory(name="B group", ics_url=loopback_server.url("/b.ics"))
    real_import_one = services._import_one

    def fail_on_a2(parsed, **kwargs):
        if parsed.uid == "a2":
            raise RuntimeError("a bug nobody foresaw")
        return real_import_one(parsed, **kwargs)

    monkeypatch.setattr(services, "_import_one", fail_on_a2)
    out = StringIO()
    call_command("import_group_feeds", stdout=out)
    assert group_status(first) == (
        UserGroup.ImportStatus.FAILED,
        "The import stopped on an unexpected error (RuntimeError).",
    )
    # The group's transaction is rolled back whole: a1 does not stay half-imported.
    assert not Event.objects.filter(source_group=first).exists()
    assert group_status(later)[0] == UserGroup.ImportStatus.OK
    assert Event.objects.filter(uid="b1", source_group=later).exists()
    assert "2 feeds, 1 failed." in out.getvalue()


def test_the_hourly_command_goes_on_past_every_bad_feed(loopback_server, monkeypatch, capsys):
    feeds = {
        "1-nul-summary": ics(NUL_SUMMARY, meetup(uid="g1")),
        "2-binary": NOT_ICS_WITH_NUL,
        "3-end-of-time": ics(END_OF_TIME, meetup(uid="g3")),
        "4-good": ics(meetup(uid="g4")),
    }
    groups = {}
    for name, body in feeds.items():
        loopback_server.serve(f"/{name}.ics", body)
        groups[name] = UserGroupFactory(
            name=name, is_trusted=True, ics_url=loopback_server.url(f"/{name}.ics")
        )
    monkeypatch.setattr(sys, "argv", ["manage.py", "import_group_feeds"])
    # The command closes the database connections when it ends; the test still needs it.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    # As cron runs it: an exception escaping the command would make the exit status 1.
    ManagementUtility(["manage.py", "import_group_feeds"]).execute()
    out = capsys.readouterr().out
    assert "4 feeds, 1 failed." in out
    assert group_status(groups["1-nul-summary"])[0] == UserGroup.ImportStatus.OK
    assert "its text contains a NUL character" in group_status(groups["1-nul-summary"])[1]
    assert group_status(groups["2-binary"]) == (
        UserGroup.ImportStatus.FAILED,
        "This is not a readable iCalendar file.",
    )
    assert "outside the calendar's range" in group_status(groups["3-end-of-time"])[1]
    assert group_status(groups["4-good"])[0] == UserGroup.ImportStatus.OK
    assert set(Event.objects.values_list("uid", flat=True)) == {"g1", "g3", "g4"}
