"""The review dashboard's figures (``dashboard_stats``): the queue, its unclaimed posts,
the oldest submission, the first-review median, and each reviewer's last 30 days."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from jobs import services
from jobs.models import JobTransition, Status
from tests.factories import UserFactory
from tests.jobs.factories import ApprovedJobPostFactory, JobPostFactory, PendingJobPostFactory

pytestmark = pytest.mark.django_db


def decision(by, to, at):
    """A history row of a decision on some post that is in none of the other figures."""
    post = JobPostFactory()
    return JobTransition.objects.create(post=post, from_status="review", to_status=to, by=by, at=at)


def test_the_queue_counts_posts_waiting_and_those_nobody_holds(job_reviewer):
    now = timezone.now()
    oldest = PendingJobPostFactory(submitted_at=now - timedelta(hours=50))
    PendingJobPostFactory(
        submitted_at=now - timedelta(hours=1),
        claimed_by=job_reviewer,
        claimed_at=now - timedelta(minutes=5),
    )
    # A claim taken three hours ago has lapsed (JOBS_CLAIM_MINUTES is 120): free again.
    PendingJobPostFactory(
        submitted_at=now - timedelta(hours=2),
        claimed_by=job_reviewer,
        claimed_at=now - timedelta(hours=3),
    )
    JobPostFactory(status=Status.DRAFT)
    stats = services.dashboard_stats(now=now)
    assert (stats.queue_size, stats.unclaimed) == (3, 2)
    assert stats.oldest_submitted_at == oldest.submitted_at


def test_the_first_review_figures_cover_the_last_30_days(job_reviewer):
    now = timezone.now()
    for submitted_hours_ago, reviewed_hours_ago in ((5, 3), (10, 6), (31 * 24 + 5, 31 * 24)):
        ApprovedJobPostFactory(
            first_submitted_at=now - timedelta(hours=submitted_hours_ago),
            first_reviewed_at=now - timedelta(hours=reviewed_hours_ago),
        )
    stats = services.dashboard_stats(now=now)
    assert stats.reviewed_posts_30_days == 2
    assert stats.median_first_review == timedelta(hours=3)


def test_each_reviewers_decisions_of_the_last_30_days_most_first(job_reviewer, second_reviewer):
    now = timezone.now()
    third = UserFactory(username="areviewer")
    decision(job_reviewer, Status.APPROVED, now - timedelta(days=1))
    decision(job_reviewer, Status.REJECTED, now - timedelta(days=2))
    decision(job_reviewer, Status.REMOVED, now - timedelta(days=3))
    decision(second_reviewer, Status.SPAM, now - timedelta(days=5))
    decision(second_reviewer, Status.APPROVED, now - timedelta(days=31))  # before the window
    decision(third, Status.CHANGES_REQUESTED, now - timedelta(days=4))
    # Neither a move the system made nor the poster's own moves are reviews.
    decision(None, Status.APPROVED, now - timedelta(days=1))
    decision(job_reviewer, Status.EXPIRED, now - timedelta(days=1))
    decision(second_reviewer, Status.WITHDRAWN, now - timedelta(days=1))
    stats = services.dashboard_stats(now=now)
    assert stats.reviews_per_reviewer == [
        {"by__username": "reviewer", "reviews": 3, "approved": 1, "last": now - timedelta(days=1)},
        # The same count: by name.
        {"by__username": "areviewer", "reviews": 1, "approved": 0, "last": now - timedelta(days=4)},
        {"by__username": "reviewer2", "reviews": 1, "approved": 0, "last": now - timedelta(days=5)},
    ]


def test_an_empty_dashboard(job_reviewer):
    stats = services.dashboard_stats(now=timezone.now())
    assert stats == services.DashboardStats(
        queue_size=0,
        unclaimed=0,
        oldest_submitted_at=None,
        median_first_review=None,
        reviewed_posts_30_days=0,
        reviews_per_reviewer=[],
    )


def test_reviewers_with_as_many_decisions_are_listed_by_name():
    now = timezone.now()
    # Created in the opposite order of their names, so the database's order is not the answer.
    for name in ("zoe", "mia", "ada", "bob", "eve", "kim"):
        decision(UserFactory(username=name), Status.APPROVED, now - timedelta(days=1))
    with connection.cursor() as cursor:
        # Grouped by hashing, as on a big table, the groups come out in no order of names.
        cursor.execute("SET LOCAL enable_sort = off")
        stats = services.dashboard_stats(now=now)
    names = [row["by__username"] for row in stats.reviews_per_reviewer]
    assert names == ["ada", "bob", "eve", "kim", "mia", "zoe"]
