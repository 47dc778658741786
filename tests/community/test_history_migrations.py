"""The history tables moved onto community.workflow.TransitionRecord by renaming their
columns: rows written before the migration are still there, under the new names."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

JOBS_BEFORE = ("jobs", "0005_drop_review_partial_index")
JOBS_AFTER = ("jobs", "0006_jobtransition_transition_record")
EVENTS_BEFORE = ("events", "0008_event_next_start")
EVENTS_AFTER = ("events", "0009_eventstatuschange_transition_record")
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


def leaf(app):
    return MigrationExecutor(connection).loader.graph.leaf_nodes(app)[0]


def settle_constraints():
    # Rows written in this test's transaction leave deferred foreign-key checks pending,
    # and PostgreSQL refuses ALTER TABLE on such a table until they have run.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_job_history_rows_survive_the_rename():
    apps = migrate(JOBS_BEFORE)
    User = apps.get_model("auth", "User")
    Company = apps.get_model("jobs", "Company")
    JobPost = apps.get_model("jobs", "JobPost")
    JobTransition = apps.get_model("jobs", "JobTransition")
    user = User.objects.create(username="historian")
    post = JobPost.objects.create(
        poster=user,
        company=Company.objects.create(name="Old Co", slug="old-co"),
        company_name="Old Co",
        title="Archivist",
        category="other",
        description="Keeps records.",
        apply_email="jobs@example.org",
        contact_email="jobs@example.org",
        job_types=["full_time"],
    )
    JobTransition.objects.create(
        post=post,
        from_status="review",
        to_status="changes_requested",
        by=user,
        comment="Add a salary.",
        created_at=WHEN,
    )
    settle_constraints()

    apps = migrate(JOBS_AFTER)

    row = apps.get_model("jobs", "JobTransition").objects.get()
    assert (row.post_id, row.by_id, row.reason, row.at) == (
        post.pk,
        user.pk,
        "Add a salary.",
        WHEN,
    )
    migrate(leaf("jobs"))


def test_event_history_rows_survive_the_rename():
    apps = migrate(EVENTS_BEFORE)
    User = apps.get_model("auth", "User")
    Event = apps.get_model("events", "Event")
    EventStatusChange = apps.get_model("events", "EventStatusChange")
    user = User.objects.create(username="volunteer-of-old")
    event = Event.objects.create(
        calendar=apps.get_model("events", "Calendar").objects.get(slug="python-events"),
        uid="old@example.org",
        title="PyCon Past",
        start=WHEN,
        end=WHEN + timedelta(hours=8),
        status="published",
    )
    EventStatusChange.objects.create(
        event=event,
        from_status="submitted",
        to_status="published",
        changed_by=user,
        changed_at=WHEN,
        reason="Looks right.",
    )
    settle_constraints()

    apps = migrate(EVENTS_AFTER)

    row = apps.get_model("events", "EventStatusChange").objects.get()
    assert (row.event_id, row.by_id, row.at, row.reason) == (
        event.pk,
        user.pk,
        WHEN,
        "Looks right.",
    )
    migrate(leaf("events"))
