"""Which posts count as claimed: one rule, JobPostQuerySet.claimed()/unclaimed()."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import JobPost
from tests.jobs.factories import PendingJobPostFactory

pytestmark = pytest.mark.django_db


def test_a_fresh_claim_is_claimed_and_a_lapsed_or_missing_one_is_not(settings, job_reviewer):
    settings.JOBS_CLAIM_MINUTES = 30
    now = timezone.now()
    fresh = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=now - timedelta(minutes=5))
    lapsed = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=now - timedelta(hours=1))
    free = PendingJobPostFactory()

    assert set(JobPost.objects.claimed(now)) == {fresh}
    assert set(JobPost.objects.unclaimed(now)) == {lapsed, free}
    assert fresh.claim_is_active(now)
    assert not lapsed.claim_is_active(now)
    assert not free.claim_is_active(now)


def test_without_a_time_the_claims_are_judged_now(settings, job_reviewer):
    settings.JOBS_CLAIM_MINUTES = 30
    now = timezone.now()
    fresh = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=now - timedelta(minutes=5))
    lapsed = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=now - timedelta(hours=1))

    assert set(JobPost.objects.claimed()) == {fresh}
    assert set(JobPost.objects.unclaimed()) == {lapsed}


def test_a_claim_whose_reviewer_was_deleted_is_free(settings, job_reviewer):
    # claimed_by is SET_NULL: the claim time stays, but nobody holds the post any more.
    settings.JOBS_CLAIM_MINUTES = 30
    now = timezone.now()
    post = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=now - timedelta(minutes=5))
    job_reviewer.delete()
    post.refresh_from_db()

    assert post.claimed_at is not None
    assert set(JobPost.objects.claimed(now)) == set()
    assert set(JobPost.objects.unclaimed(now)) == {post}
    assert not post.claim_is_active(now)
