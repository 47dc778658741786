"""The issue's quality bar: at 10,000 approved and 1,000 pending posts the board, a
filtered search and the review queue run the same number of queries as at 10 posts."""

from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.seeding import SeedContext
from jobs.models import JobPost, Status
from jobs.seed import seed_scale

pytestmark = pytest.mark.django_db

PAGES = {
    "board": (reverse("jobs:index"), {}),
    "filtered search": (
        reverse("jobs:index"),
        {"q": "python services", "remote": "remote", "job_type": "full_time", "category": "web"},
    ),
    "feed": (reverse("jobs:feed-atom"), {"q": "python"}),
    "review queue": (reverse("admin:jobs_jobpost_changelist"), {}),
    "filtered review queue": (
        reverse("admin:jobs_jobpost_changelist"),
        {"q": "developer", "remote__exact": "hybrid", "country": "US", "claim": "free"},
    ),
}


def query_counts(client):
    counts = {}
    for name, (url, params) in PAGES.items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
        assert response.status_code == 200
        # An empty page skips its query; compare pages that list posts.
        assert b"Engineer" in response.content or b"Developer" in response.content, name
        counts[name] = len(ctx.captured_queries)
    return counts


def seed(scale, poster):
    seed_scale(SeedContext(scale=scale, stdout=StringIO()), poster)


def test_query_counts_are_the_same_at_10_and_at_10000_posts(client, poster, job_reviewer):
    client.force_login(job_reviewer)
    seed(10, poster)
    small = query_counts(client)

    seed(10_000, poster)
    assert JobPost.objects.public().count() == 10_010
    assert JobPost.objects.filter(status=Status.REVIEW).count() == 1_001
    large = query_counts(client)
    assert large == small
