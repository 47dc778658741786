import pytest
from django.urls import reverse

from jobs import services
from tests.jobs.factories import ApprovedJobPostFactory, PendingJobPostFactory

pytestmark = pytest.mark.django_db
BOARD = reverse("jobs:index")


def test_an_approved_post_shows_at_once_on_the_cached_board(client, job_reviewer):
    ApprovedJobPostFactory(title="Already public")
    pending = PendingJobPostFactory(title="Waiting for review")
    assert b"Waiting for review" not in client.get(BOARD).content  # now cached
    services.post_approve(post=pending, by=job_reviewer)
    assert b"Waiting for review" in client.get(BOARD).content


def test_a_removed_post_leaves_the_cached_board_and_feed_at_once(client, job_reviewer):
    post = ApprovedJobPostFactory(title="Soon removed")
    feed = reverse("jobs:feed-rss")
    assert b"Soon removed" in client.get(BOARD).content
    assert b"Soon removed" in client.get(feed).content
    services.post_remove(post=post, by=job_reviewer, reason="Not a Python job")
    assert b"Soon removed" not in client.get(BOARD).content
    assert b"Soon removed" not in client.get(feed).content
