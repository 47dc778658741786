"""The data steps of the issue 23 migrations, run against today's rows."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from community.markup import render_markdown
from events.models import Event
from jobs.models import JobPost
from tests.events.factories import EventFactory
from tests.jobs.factories import ApprovedJobPostFactory

pytestmark = pytest.mark.django_db


def migration(name):
    return importlib.import_module(name)


def apps_at(app, name):
    """The historical models a migration's data step sees (plain managers)."""
    return MigrationLoader(connection).project_state((app, name)).apps


def test_stored_html_of_the_earlier_parser_is_rendered_again():
    post = ApprovedJobPostFactory(description="| a | b |\n|---|---|\n| 1 | 2 |")
    JobPost.objects.filter(pk=post.pk).update(
        description_html="<p>| a | b |</p>", requirements_html=""
    )
    migration("jobs.migrations.0008_rerender_markdown_with_cmark").render_stored_html(apps, None)
    post.refresh_from_db()
    assert post.description_html == render_markdown(post.description)
    assert "<table>" in post.description_html


def test_overlong_text_written_before_the_limits_is_shortened_and_marked():
    # Written as the old code allowed, so the constraints go first (the test's
    # transaction puts them back).
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE jobs_jobpost DROP CONSTRAINT jobs_post_description_length")
        cursor.execute("ALTER TABLE events_event DROP CONSTRAINT event_description_length")
    post = ApprovedJobPostFactory()
    event = EventFactory()
    JobPost.objects.filter(pk=post.pk).update(
        description="x" * 99_999, description_html="", requirements_html=""
    )
    Event.objects.filter(pk=event.pk).update(description="y" * 20_000)
    migration("jobs.migrations.0007_markdown_length_limits").shorten_overlong_text(
        apps_at("jobs", "0007_markdown_length_limits"), None
    )
    migration("events.migrations.0011_description_length_limit").shorten_overlong_descriptions(
        apps_at("events", "0011_description_length_limit"), None
    )
    post.refresh_from_db()
    event.refresh_from_db()
    assert post.description == "x" * 9_999 + "…"
    assert event.description == "y" * 9_999 + "…"
