"""What an import decides for each event of a feed (create, update, leave, skip, cancel,
archive, reinstate) and what it records on the group whose feed it read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Event, EventStatus
from representatives.models import GroupStatus, Region, RegionCountry, UserGroup
from tests.events.factories import python_events, user_group_events
from tests.events.test_import_ics import ics, meetup
from tests.factories import UserFactory
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db

CANCELLED = "STATUS:CANCELLED\r\n"


def import_into(calendar, *vevents, **kwargs):
    return services.import_ics(calendar=calendar, data=ics(*vevents), **kwargs)


def counts(result):
    return (result.created, result.updated, result.unchanged, result.skipped)


# --- a new event --------------------------------------------------------------------------------


def test_a_new_event_is_created_for_the_calendar_and_group_by_the_system():
    group = UserGroupFactory()
    result = import_into(user_group_events(), meetup(uid="new@example.org"), source_group=group)
    assert counts(result) == (1, 0, 0, [])
    event = Event.objects.get(uid="new@example.org")
    assert (event.calendar, event.source_group, event.submitted_by) == (
        user_group_events(),
        group,
        None,
    )
    assert event.status == EventStatus.PUBLISHED
    change = event.status_changes.get()
    assert (change.from_status, change.to_status, change.by, change.reason) == (
        "",
        "published",
        None,
        "Imported from a feed.",
    )


def test_a_new_event_of_a_feed_that_does_not_publish_waits_for_a_volunteer():
    result = import_into(user_group_events(), meetup(uid="wait@example.org"), publish=False)
    assert counts(result) == (1, 0, 0, [])
    event = Event.objects.get(uid="wait@example.org")
    assert (event.status, event.published_at) == (EventStatus.SUBMITTED, None)


def test_a_new_cancelled_event_is_listed_cancelled_when_the_feed_publishes():
    result = import_into(user_group_events(), meetup(uid="off@example.org", extra=CANCELLED))
    assert counts(result) == (1, 0, 0, [])
    assert Event.objects.get(uid="off@example.org").status == EventStatus.CANCELLED


def test_a_new_cancelled_event_of_a_feed_that_does_not_publish_is_skipped():
    result = import_into(
        user_group_events(), meetup(uid="off@example.org", extra=CANCELLED), publish=False
    )
    assert counts(result) == (
        0,
        0,
        0,
        [("off@example.org", "cancelled before it was ever published")],
    )
    assert not Event.objects.exists()


def test_the_same_uid_in_another_calendar_is_another_event():
    import_into(user_group_events(), meetup(uid="both@example.org"))
    result = import_into(python_events(), meetup(uid="both@example.org", summary="Renamed"))
    assert counts(result) == (1, 0, 0, [])
    assert sorted(Event.objects.values_list("calendar__slug", "title")) == [
        ("python-events", "Renamed"),
        ("user-group-events", "Berlin Python meetup"),
    ]


# --- an event imported before ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (EventStatus.REJECTED, "a volunteer rejected it here"),
        ("archived", "a volunteer archived it here"),
    ],
)
def test_an_event_a_volunteer_turned_down_is_left_as_it_is(status, reason):
    import_into(user_group_events(), meetup(uid="gone@example.org"))
    Event.objects.filter(uid="gone@example.org").update(status=status, rejection_reason="No.")
    result = import_into(user_group_events(), meetup(uid="gone@example.org", summary="Again"))
    assert counts(result) == (0, 0, 0, [("gone@example.org", reason)])
    assert Event.objects.get().title == "Berlin Python meetup"


def test_a_changed_event_is_updated_and_an_unchanged_one_counted():
    import_into(user_group_events(), meetup(uid="a@example.org"), meetup(uid="b@example.org"))
    result = import_into(
        user_group_events(),
        meetup(uid="a@example.org", summary="New title"),
        meetup(uid="b@example.org"),
    )
    assert counts(result) == (0, 1, 1, [])
    assert Event.objects.get(uid="a@example.org").title == "New title"
    assert Event.objects.get(uid="a@example.org").status == EventStatus.PUBLISHED


def test_the_summary_counts_every_changed_and_every_unchanged_event():
    feed = [meetup(uid=f"{n}@example.org") for n in range(4)]
    import_into(user_group_events(), *feed)
    changed = [meetup(uid=f"{n}@example.org", summary=f"Meetup {n}") for n in range(2)]
    result = import_into(user_group_events(), *changed, *feed[2:])
    assert result.summary() == "0 created, 2 updated, 2 unchanged, 0 skipped"


def test_a_published_event_cancelled_in_the_feed_is_cancelled_by_the_system():
    import_into(user_group_events(), meetup(uid="c@example.org"))
    result = import_into(user_group_events(), meetup(uid="c@example.org", extra=CANCELLED))
    assert counts(result) == (0, 1, 0, [])
    event = Event.objects.get()
    change = event.status_changes.last()
    assert event.status == EventStatus.CANCELLED
    assert (change.to_status, change.by, change.reason) == (
        "cancelled",
        None,
        "Cancelled in the source feed.",
    )


def test_a_waiting_event_cancelled_in_the_feed_is_archived():
    import_into(user_group_events(), meetup(uid="w@example.org"), publish=False)
    result = import_into(user_group_events(), meetup(uid="w@example.org", extra=CANCELLED))
    assert counts(result) == (0, 1, 0, [])
    event = Event.objects.get()
    change = event.status_changes.last()
    assert event.status == EventStatus.ARCHIVED
    assert (change.to_status, change.by, change.reason) == (
        "archived",
        None,
        "Cancelled in the source feed before it was published.",
    )


def test_a_cancelled_event_back_in_the_feed_is_published_again_without_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    import_into(user_group_events(), meetup(uid="r@example.org", extra=CANCELLED))
    Event.objects.update(submitted_by=UserFactory(email="ada@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        result = import_into(user_group_events(), meetup(uid="r@example.org"))
    assert counts(result) == (0, 1, 0, [])
    event = Event.objects.get()
    assert event.status == EventStatus.PUBLISHED
    assert (event.status_changes.last().to_status, event.status_changes.last().by) == (
        "published",
        None,
    )
    assert mailoutbox == []


def test_a_cancelled_event_still_cancelled_in_the_feed_stays_cancelled():
    import_into(user_group_events(), meetup(uid="s@example.org", extra=CANCELLED))
    result = import_into(
        user_group_events(), meetup(uid="s@example.org", summary="Still off", extra=CANCELLED)
    )
    assert counts(result) == (0, 1, 0, [])
    assert Event.objects.get().status == EventStatus.CANCELLED
    assert Event.objects.get().status_changes.count() == 1


def test_a_waiting_event_still_waiting_is_updated_and_keeps_waiting():
    import_into(user_group_events(), meetup(uid="q@example.org"), publish=False)
    result = import_into(user_group_events(), meetup(uid="q@example.org", summary="Edited"))
    assert counts(result) == (0, 1, 0, [])
    assert Event.objects.get().status == EventStatus.SUBMITTED


def test_a_feed_that_moves_its_event_to_another_country_updates_its_region():
    import_into(user_group_events(), meetup(uid="m@example.org", extra="X-PSF-COUNTRY:DE\r\n"))
    assert Event.objects.get().region == Region.objects.for_country("DE")
    result = import_into(
        user_group_events(), meetup(uid="m@example.org", extra="X-PSF-COUNTRY:US\r\n")
    )
    assert counts(result) == (0, 1, 0, [])
    event = Event.objects.get()
    assert (event.country, event.region) == ("US", Region.objects.for_country("US"))


def test_a_feed_update_in_the_same_country_keeps_the_region_a_volunteer_gave():
    import_into(user_group_events(), meetup(uid="k@example.org", extra="X-PSF-COUNTRY:DE\r\n"))
    # A region volunteers have just set up, its countries not listed yet.
    new_region = Region.objects.create(name="DACH", slug="dach")
    Event.objects.update(region=new_region)
    result = import_into(
        user_group_events(),
        meetup(uid="k@example.org", summary="Renamed", extra="X-PSF-COUNTRY:DE\r\n"),
    )
    assert counts(result) == (0, 1, 0, [])
    event = Event.objects.get()
    assert (event.title, event.region) == ("Renamed", new_region)


def test_a_feed_update_after_volunteers_moved_the_country_to_another_region_takes_the_new_one():
    import_into(user_group_events(), meetup(uid="r@example.org", extra="X-PSF-COUNTRY:DE\r\n"))
    assert Event.objects.get().region == Region.objects.for_country("DE")
    dach = Region.objects.create(name="DACH", slug="dach")
    RegionCountry.objects.filter(country="DE").update(region=dach)
    result = import_into(
        user_group_events(),
        meetup(uid="r@example.org", summary="Renamed", extra="X-PSF-COUNTRY:DE\r\n"),
    )
    assert counts(result) == (0, 1, 0, [])
    event = Event.objects.get()
    assert (event.title, event.region) == ("Renamed", dach)


def test_a_feed_update_of_an_event_without_country_keeps_the_region_a_volunteer_gave():
    import_into(user_group_events(), meetup(uid="o@example.org"))
    europe = Region.objects.get(slug="europe")
    Event.objects.update(country="", region=europe)
    result = import_into(user_group_events(), meetup(uid="o@example.org", summary="Renamed"))
    assert counts(result) == (0, 1, 0, [])
    event = Event.objects.get()
    assert (event.title, event.country, event.region) == ("Renamed", "", europe)


def test_an_invalid_change_to_an_imported_event_is_skipped_and_not_saved():
    import_into(user_group_events(), meetup(uid="v@example.org"))
    broken = meetup(uid="v@example.org", summary="Broken").replace(
        "URL:https://example.org/pyberlin", "URL:javascript:alert(1)"
    )
    result = import_into(user_group_events(), broken)
    assert result.skipped[0][0] == "v@example.org"
    assert result.skipped[0][1].startswith("it is not valid: ")
    assert Event.objects.get().title == "Berlin Python meetup"


def test_an_event_with_several_problems_is_skipped_with_each_of_them():
    broken = meetup(uid="p@example.org", extra="X-PSF-REGISTRATION-URL:ftp://example.org/\r\n")
    broken = broken.replace("URL:https://example.org/pyberlin", "URL:javascript:alert(1)", 1)
    result = import_into(user_group_events(), broken)
    assert result.skipped == [
        (
            "p@example.org",
            "it is not valid: Enter a valid URL.; Use an http:// or https:// address.; "
            "Use an http:// or https:// address.",
        )
    ]


# --- the whole feed ----------------------------------------------------------------------------


def test_only_the_first_events_up_to_the_limit_are_read(settings):
    settings.EVENT_FEED_MAX_EVENTS = 2
    feed = [meetup(uid=f"{n}@example.org") for n in range(3)]
    result = import_into(user_group_events(), *feed)
    assert (result.created, result.over_limit, result.limit) == (2, 1, 2)
    result = import_into(python_events(), *feed, max_events=1)
    assert (result.created, result.over_limit, result.limit) == (1, 2, 1)
    assert result.summary() == (
        "1 created, 0 updated, 0 unchanged, 0 skipped, 2 not imported: the feed has more "
        "than 1 events (EVENT_FEED_MAX_EVENTS)"
    )


def test_progress_is_told_after_each_event():
    calls = []
    import_into(
        user_group_events(),
        meetup(uid="1@example.org"),
        meetup(uid="2@example.org"),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1, 2), (2, 2)]


def test_a_refused_move_skips_that_event_with_the_refusal(monkeypatch):
    import_into(user_group_events(), meetup(uid="x@example.org"))

    def refuse(**kwargs):
        raise services.ActionRefused("No moves today.")

    monkeypatch.setattr(services, "event_cancel", refuse)
    result = import_into(
        user_group_events(),
        meetup(uid="x@example.org", extra=CANCELLED),
        meetup(uid="y@example.org"),
    )
    assert counts(result) == (1, 0, 0, [("x@example.org", "No moves today.")])
    assert Event.objects.get(uid="x@example.org").status == EventStatus.PUBLISHED


def test_an_event_the_database_refuses_is_skipped_with_the_errors_name(monkeypatch):
    def overflow(*args, **kwargs):
        raise OverflowError("too far")

    monkeypatch.setattr(services, "_validate", overflow)
    result = import_into(user_group_events(), meetup(uid="o@example.org"))
    assert result.skipped == [("o@example.org", "it could not be saved (OverflowError)")]


def test_an_event_the_database_refuses_is_logged_by_its_uid_cut_short(monkeypatch, caplog):
    def overflow(*args, **kwargs):
        raise OverflowError("too far")

    monkeypatch.setattr(services, "_validate", overflow)
    uid = "o" * 250
    import_into(user_group_events(), meetup(uid=uid))
    [logged] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert logged.getMessage() == f"Event {'o' * 200!r} of an ICS import could not be saved"
    assert logged.exc_info[0] is OverflowError


# --- a group's feed ----------------------------------------------------------------------------


def group_with_feed(server, *vevents, **kwargs):
    server.serve("/feed.ics", ics(*vevents))
    return UserGroupFactory(ics_url=server.url("/feed.ics"), **kwargs)


def test_a_groups_feed_goes_to_the_user_group_calendar_as_its_trust_says(loopback_server):
    trusted = group_with_feed(loopback_server, meetup(uid="t@example.org"), is_trusted=True)
    services.import_group_feed(trusted)
    untrusted = UserGroupFactory(ics_url=loopback_server.url("/feed.ics"), is_trusted=False)
    services.import_group_feed(untrusted, calendar=python_events())
    assert sorted(Event.objects.values_list("calendar__slug", "status", "source_group")) == [
        ("python-events", "submitted", untrusted.pk),
        ("user-group-events", "published", trusted.pk),
    ]


def test_a_groups_import_records_its_summary_and_skipped_events(loopback_server):
    bad = meetup(uid="b" * 250).replace("URL:https://example.org/pyberlin", "URL:javascript:x")
    group = group_with_feed(loopback_server, meetup(uid="g@example.org"), bad)
    before = timezone.now()
    result = services.import_group_feed(group)
    group.refresh_from_db()
    assert result.created == 1
    assert group.last_import_status == UserGroup.ImportStatus.OK
    summary, skipped = group.last_import_message.split("\n")
    assert summary == "1 created, 0 updated, 0 unchanged, 1 skipped"
    assert skipped.startswith(f"skipped {'b' * 200}: it is not valid: ")
    assert before <= group.last_import_at <= timezone.now()


def test_a_groups_message_lists_at_most_20_skipped_events_each_cut_short(
    loopback_server, monkeypatch
):
    group = group_with_feed(loopback_server, meetup(uid="g@example.org"))
    skipped = [(f"{n}-{'u' * 250}", "r" * 400) for n in range(25)]
    monkeypatch.setattr(
        services, "import_ics", lambda **kwargs: services.ImportResult(skipped=skipped)
    )
    services.import_group_feed(group)
    group.refresh_from_db()
    lines = group.last_import_message.split("\n")
    assert lines[0] == "0 created, 0 updated, 0 unchanged, 25 skipped"
    assert lines[1:] == [f"skipped {uid[:200]}: {'r' * 300}" for uid, _ in skipped[:20]]


def test_a_feed_that_lists_meetings_is_the_groups_sign_of_life(loopback_server):
    long_ago = timezone.now() - timedelta(days=400)
    group = group_with_feed(
        loopback_server,
        meetup(uid="l@example.org"),
        status=GroupStatus.DORMANT,
        last_activity_at=long_ago,
    )
    other = UserGroupFactory(status=GroupStatus.DORMANT, last_activity_at=long_ago)
    services.import_group_feed(group)
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE
    assert group.last_activity_at == group.last_import_at
    # Unchanged meetings on the next run are a sign of life too.
    UserGroup.objects.filter(pk=group.pk).update(
        status=GroupStatus.DORMANT, last_activity_at=long_ago
    )
    services.import_group_feed(group)
    group.refresh_from_db()
    assert (group.status, group.last_activity_at) == (GroupStatus.ACTIVE, group.last_import_at)
    other.refresh_from_db()
    assert (other.status, other.last_activity_at) == (GroupStatus.DORMANT, long_ago)


def test_a_feed_with_nothing_imported_is_no_sign_of_life(loopback_server):
    long_ago = timezone.now() - timedelta(days=400)
    group = group_with_feed(
        loopback_server,
        meetup(uid="z@example.org", extra=CANCELLED),
        status=GroupStatus.DORMANT,
        last_activity_at=long_ago,
        is_trusted=False,
    )
    services.import_group_feed(group)
    group.refresh_from_db()
    assert (group.status, group.last_activity_at) == (GroupStatus.DORMANT, long_ago)
    assert group.last_import_status == UserGroup.ImportStatus.OK


def test_a_failed_feed_is_recorded_with_its_reason_and_time(loopback_server):
    loopback_server.serve("/broken.ics", b"not a calendar")
    group = UserGroupFactory(ics_url=loopback_server.url("/broken.ics"))
    before = timezone.now()
    assert services.import_group_feed(group) is None
    group.refresh_from_db()
    assert group.last_import_status == UserGroup.ImportStatus.FAILED
    assert group.last_import_message.startswith("This is not a readable iCalendar file")
    assert before <= group.last_import_at <= timezone.now()


def test_a_failed_feed_is_logged_with_the_group_and_its_reason(loopback_server, caplog):
    loopback_server.serve("/broken.ics", b"not a calendar")
    group = UserGroupFactory(ics_url=loopback_server.url("/broken.ics"))
    services.import_group_feed(group)
    [logged] = [r for r in caplog.records if r.levelname == "WARNING"]
    assert logged.getMessage() == (
        f"Feed of user group {group.slug} failed: This is not a readable iCalendar file."
    )


def test_an_unexpected_error_is_recorded_by_its_name(loopback_server, monkeypatch, caplog):
    group = group_with_feed(loopback_server, meetup(uid="e@example.org"))

    def explode(**kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(services, "import_ics", explode)
    assert services.import_group_feed(group) is None
    group.refresh_from_db()
    assert (group.last_import_status, group.last_import_message) == (
        UserGroup.ImportStatus.FAILED,
        "The import stopped on an unexpected error (KeyError).",
    )
    [logged] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert logged.getMessage() == f"Feed of user group {group.slug} failed unexpectedly"
    assert logged.exc_info[0] is KeyError


def test_a_groups_feed_is_fetched_within_its_timeout(loopback_server, monkeypatch):
    group = group_with_feed(loopback_server, meetup(uid="f@example.org"))
    asked = []
    real = services.fetch_feed

    def fetch(url, *, timeout):
        asked.append((url, timeout))
        return real(url, timeout=timeout)

    monkeypatch.setattr(services, "fetch_feed", fetch)
    services.import_group_feed(group, timeout=7)
    services.import_group_feed(group)
    assert asked == [(group.ics_url, 7), (group.ics_url, 20)]


def test_a_nul_in_a_groups_message_is_stored_escaped(loopback_server, monkeypatch):
    group = group_with_feed(loopback_server, meetup(uid="n@example.org"))
    monkeypatch.setattr(
        services, "import_ics", lambda **kwargs: services.ImportResult(skipped=[("a\x00b", "why")])
    )
    services.import_group_feed(group)
    group.refresh_from_db()
    assert group.last_import_message.split("\n")[1] == "skipped a\\x00b: why"
