"""A group with no activity for a year becomes dormant through a daily command, and its
region's representatives get one digest; an imported event brings it back."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from representatives.models import DORMANT_AFTER, GroupReview, GroupStatus, Region, UserGroup
from representatives.services import groups_mark_dormant
from tests.events.test_group_feeds import feed_url
from tests.events.test_group_feeds import run as import_feeds
from tests.factories import UserFactory
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def quiet_for(days, **fields):
    return UserGroupFactory(last_activity_at=timezone.now() - timedelta(days=days), **fields)


def run(*args):
    out = StringIO()
    call_command("mark_dormant_groups", *args, stdout=out)
    return out.getvalue()


def test_a_year_without_activity_is_dormant_and_the_representatives_get_a_digest(
    django_capture_on_commit_callbacks, mailoutbox
):
    rep = RepresentativeFactory(user=UserFactory(email="rep@example.org"))
    RepresentativeFactory(
        user=UserFactory(email="asia@example.org"), region=Region.objects.get(slug="asia")
    )
    stale = quiet_for(DORMANT_AFTER.days + 1, name="PyQuiet")
    fresh = quiet_for(DORMANT_AFTER.days - 1, name="PyBusy")
    with django_capture_on_commit_callbacks(execute=True):
        out = run()
    assert "1 user group(s) became dormant." in out
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == GroupStatus.DORMANT
    assert fresh.status == GroupStatus.ACTIVE
    assert [m.to for m in mailoutbox] == [[rep.user.email]]  # Asia's had nothing
    assert "PyQuiet" in mailoutbox[0].body
    assert "PyBusy" not in mailoutbox[0].body


def test_running_it_again_marks_and_mails_nothing(django_capture_on_commit_callbacks, mailoutbox):
    RepresentativeFactory()
    quiet_for(400)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert "0 user group(s) became dormant." in run()
    assert mailoutbox == []


def test_dry_run_lists_and_changes_nothing(mailoutbox):
    group = quiet_for(400, name="PyQuiet")
    out = run("--dry-run")
    assert "PyQuiet" in out
    assert "1 user group(s) would become dormant." in out
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE


def test_closed_and_waiting_groups_are_left_alone():
    closed = quiet_for(800, status=GroupStatus.CLOSED)
    waiting = quiet_for(800, name="Waiting", review_status=GroupReview.SUBMITTED)
    assert groups_mark_dormant() == []
    closed.refresh_from_db()
    waiting.refresh_from_db()
    assert (closed.status, waiting.status) == (GroupStatus.CLOSED, GroupStatus.ACTIVE)


def test_activity_makes_a_dormant_group_active_and_never_moves_last_activity_back():
    group = quiet_for(400, status=GroupStatus.DORMANT)
    now = timezone.now()
    UserGroup.objects.filter(pk=group.pk).record_activity(now)
    group.refresh_from_db()
    assert (group.status, group.last_activity_at) == (GroupStatus.ACTIVE, now)
    UserGroup.objects.filter(pk=group.pk).record_activity(now - timedelta(days=30))
    group.refresh_from_db()
    assert group.last_activity_at == now


def test_a_closed_group_stays_closed_when_an_event_arrives():
    group = quiet_for(400, status=GroupStatus.CLOSED)
    UserGroup.objects.filter(pk=group.pk).record_activity()
    group.refresh_from_db()
    assert group.status == GroupStatus.CLOSED


def test_an_imported_feed_is_activity(loopback_server):
    group = quiet_for(
        400, status=GroupStatus.DORMANT, ics_url=feed_url(loopback_server, "q.ics", "q1")
    )
    import_feeds()
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE
    assert group.last_activity_at > timezone.now() - timedelta(minutes=1)


def test_the_demo_seed_has_dormant_groups(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert UserGroup.objects.filter(status=GroupStatus.DORMANT).count() >= 10
    assert UserGroup.objects.stale(timezone.now()).exists()  # for the command to find
    waiting = UserGroup.objects.get(name="PyLadies Ghent")
    assert waiting.review_status == GroupReview.SUBMITTED
    assert waiting.history.get().by.username == "member"


def test_a_published_event_of_the_group_is_activity(calendar_volunteer):
    from events.models import Calendar
    from events.services import event_publish
    from tests.events.factories import SubmittedEventFactory

    group = quiet_for(400, status=GroupStatus.DORMANT)
    event = SubmittedEventFactory(
        calendar=Calendar.objects.get(slug=Calendar.USER_GROUP_EVENTS), source_group=group
    )
    event_publish(event=event, by=calendar_volunteer)
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE
    assert group.last_activity_at > timezone.now() - timedelta(minutes=1)
