"""Each event's VEVENT text is stored when it changes, so a feed build renders nothing."""

import importlib
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.seeding import SeedContext
from events import ics
from events.feeds import ics_events
from events.ics import calendar_to_ical, vevent_text
from events.models import Event, RenderedVEvent
from events.seed import seed_scale
from events.services import event_cancel, event_publish, import_ics
from events.stored_vevents import calendar_feed_to_ical
from tests.events.factories import EventFactory, SubmittedEventFactory, python_events

pytestmark = pytest.mark.django_db


def stored_text(event):
    return RenderedVEvent.objects.get(event=event).text


def fresh_text(event):
    return vevent_text(Event.objects.select_related("calendar").get(pk=event.pk))


def feed_body(calendar=None):
    calendar = calendar or python_events()
    return calendar_feed_to_ical(calendar, ics_events(calendar))


def fresh_feed_body():
    calendar = python_events()
    return calendar_to_ical(
        name=calendar.name, description=calendar.description, events=ics_events(calendar)
    )


@pytest.fixture
def varied_events():
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    return [
        EventFactory(title="Plain"),
        EventFactory(
            title="Weekly in Berlin",
            timezone="Europe/Berlin",
            start=start,
            end=start + timedelta(hours=2),
            recurrence_rule="FREQ=WEEKLY;COUNT=4",
            excluded_dates=[start + timedelta(weeks=1)],
            cancelled_occurrences=[start + timedelta(weeks=2)],
            tags=["sprint"],
        ),
        EventFactory(title="All day", is_all_day=True, start=start, end=start + timedelta(days=2)),
    ]


def test_the_stored_text_equals_a_fresh_render(varied_events):
    for event in varied_events:
        assert stored_text(event) == fresh_text(event)


def test_a_feed_renders_no_event_and_runs_one_query(varied_events, django_assert_num_queries):
    EventFactory.create_batch(5)
    calendar = python_events()
    with (
        mock.patch.object(ics, "event_components", wraps=ics.event_components) as render,
        django_assert_num_queries(1),
    ):
        body = feed_body(calendar)
    assert render.call_count == 0
    assert body == fresh_feed_body()


def test_an_edit_stores_the_new_text(varied_events):
    event = varied_events[1]
    event.title = "Fortnightly in Berlin"
    event.save()
    assert "Fortnightly in Berlin" in stored_text(event)
    assert stored_text(event) == fresh_text(event)


def test_status_changes_store_the_new_text(superuser):
    event = SubmittedEventFactory()
    event_publish(event=event, by=superuser)
    assert stored_text(event) == fresh_text(event)
    event_cancel(event=event, by=superuser)
    assert "STATUS:CANCELLED" in stored_text(event)
    assert stored_text(event) == fresh_text(event)


def test_imported_events_store_their_text(varied_events):
    feed = fresh_feed_body()
    Event.objects.all().delete()
    result = import_ics(calendar=python_events(), data=feed)
    assert result.created == 3
    for event in Event.objects.all():
        assert stored_text(event) == fresh_text(event)


def test_an_event_changed_without_save_is_rendered_afresh(varied_events):
    event = varied_events[0]
    Event.objects.filter(pk=event.pk).update(title="Changed by update()", updated_at=timezone.now())
    with mock.patch.object(ics, "event_components", wraps=ics.event_components) as render:
        body = feed_body()
    assert render.call_count == 1
    assert b"Changed by update()" in body
    assert body == fresh_feed_body()


def test_a_new_site_url_makes_the_stored_text_out_of_date(varied_events, settings):
    settings.SITE_URL = "https://events.example.net"
    body = feed_body()
    assert b"X-PSF-PAGE:https://events.example.net/" in body
    assert body == fresh_feed_body()
    call_command("refresh_event_ics")
    assert all(stored_text(e) == fresh_text(e) for e in varied_events)
    with mock.patch.object(ics, "event_components", wraps=ics.event_components) as render:
        feed_body()
    assert render.call_count == 0


def test_the_refresh_command_stores_missing_text_and_is_idempotent(varied_events, capsys):
    RenderedVEvent.objects.filter(event=varied_events[0]).delete()
    call_command("refresh_event_ics", "--dry-run")
    assert "1 events would be rendered" in capsys.readouterr().out
    assert not RenderedVEvent.objects.filter(event=varied_events[0]).exists()
    call_command("refresh_event_ics")
    assert stored_text(varied_events[0]) == fresh_text(varied_events[0])
    call_command("refresh_event_ics")
    assert "0 events rendered" in capsys.readouterr().out.splitlines()[-1]


def test_the_data_migration_fills_every_event(varied_events):
    RenderedVEvent.objects.all().delete()
    # The latest migration that stores the text (0007 and 0012 once did).
    migration = importlib.import_module("events.migrations.0014_event_moved_occurrences")
    migration.refresh(apps, None)
    for event in varied_events:
        assert stored_text(event) == fresh_text(event)


def test_the_scale_seed_stores_the_text_of_its_bulk_created_events():
    ctx = SeedContext(scale=4, stdout=io.StringIO())
    seed_scale(ctx, [python_events(), python_events()], {})
    for event in Event.objects.all():
        assert stored_text(event) == fresh_text(event)


def test_a_single_events_download_still_renders_it(client):
    event = EventFactory(title="Download me")
    RenderedVEvent.objects.all().delete()
    url = reverse("events:event-ics", kwargs={"calendar": "python-events", "pk": event.pk})
    assert b"SUMMARY:Download me" in client.get(url).content
