"""The daily submission limit holds when one poster submits many posts at the same moment."""

import time

import pytest

from jobs import services
from jobs.models import JobPost, Status
from tests.concurrency import run_together
from tests.jobs.factories import ApprovedJobPostFactory, JobPostFactory

# serialized_rollback: start from the migrated data, as tests/jobs/test_concurrency.py.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIMIT = 5


@pytest.fixture
def slow_transition(monkeypatch, settings):
    """Widen the gap between counting and submitting: without a lock every submit
    counts the same "0 today" during the pause and all of them pass."""
    settings.JOBS_SUBMISSIONS_PER_DAY = LIMIT
    original = JobPost.transition

    def transition(self, *args, **kwargs):
        time.sleep(0.1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(JobPost, "transition", transition)


def submit(pk, poster):
    return lambda: services.post_submit(post=JobPost.objects.get(pk=pk), by=poster)


def test_twelve_simultaneous_submits_put_only_the_daily_limit_into_review(poster, slow_transition):
    drafts = JobPostFactory.create_batch(12, poster=poster)
    outcomes = run_together(*[submit(post.pk, poster) for post in drafts])
    refusals = [outcome for outcome in outcomes if outcome != "won"]
    assert JobPost.objects.filter(status=Status.REVIEW).count() == LIMIT
    assert len(refusals) == 12 - LIMIT
    assert all("the daily limit" in str(message) for message in refusals)


def test_edits_of_published_posts_and_submits_together_keep_the_limit(poster, slow_transition):
    published = ApprovedJobPostFactory.create_batch(4, poster=poster)
    drafts = JobPostFactory.create_batch(4, poster=poster)

    def edit(pk):
        return lambda: services.post_update(
            post=JobPost.objects.get(pk=pk),
            by=poster,
            data={"title": "Senior Python Developer", "company_name": "Edited Ltd"},
        )

    outcomes = run_together(
        *[edit(post.pk) for post in published], *[submit(post.pk, poster) for post in drafts]
    )
    refusals = [outcome for outcome in outcomes if outcome != "won"]
    assert JobPost.objects.filter(status=Status.REVIEW).count() == LIMIT
    assert len(refusals) == 8 - LIMIT
    assert all("the daily limit" in str(message) for message in refusals)
