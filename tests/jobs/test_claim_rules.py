"""Claiming a post for review (``post_claim``, ``post_release_claim``): who may, when, and
what the claim records."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.workflow import ActionRefused
from jobs import services
from jobs.models import JobPost
from tests.jobs.factories import ApprovedJobPostFactory, PendingJobPostFactory

pytestmark = pytest.mark.django_db


def test_a_claim_records_the_reviewer_and_the_moment(job_reviewer):
    post = PendingJobPostFactory()
    moment = timezone.now() - timedelta(minutes=10)
    services.post_claim(post=post, by=job_reviewer, now=moment)
    assert (post.claimed_by, post.claimed_at) == (job_reviewer, moment)
    stored = JobPost.objects.get(pk=post.pk)
    assert (stored.claimed_by, stored.claimed_at) == (job_reviewer, moment)


def test_the_holder_may_claim_again_to_renew(job_reviewer):
    earlier = timezone.now() - timedelta(minutes=90)
    post = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=earlier)
    now = timezone.now()
    services.post_claim(post=post, by=job_reviewer, now=now)
    assert JobPost.objects.get(pk=post.pk).claimed_at == now


def test_only_reviewers_may_claim(member):
    post = PendingJobPostFactory()
    with pytest.raises(ActionRefused, match=r"^Only job board reviewers can claim posts\.$"):
        services.post_claim(post=post, by=member)
    assert JobPost.objects.get(pk=post.pk).claimed_by is None


def test_a_post_not_waiting_for_review_cannot_be_claimed(job_reviewer):
    post = ApprovedJobPostFactory()
    refusal = r"^This post is “Published”, not waiting for review\.$"
    with pytest.raises(ActionRefused, match=refusal):
        services.post_claim(post=post, by=job_reviewer)
    assert JobPost.objects.get(pk=post.pk).claimed_by is None


def test_another_reviewers_fresh_claim_is_named(job_reviewer, second_reviewer):
    post = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=timezone.now())
    with pytest.raises(ActionRefused, match=r"^reviewer has claimed this post already\.$"):
        services.post_claim(post=post, by=second_reviewer)
    assert JobPost.objects.get(pk=post.pk).claimed_by == job_reviewer


def test_only_the_holder_releases_a_claim(job_reviewer, second_reviewer):
    post = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=timezone.now())
    services.post_release_claim(post=JobPost.objects.get(pk=post.pk), by=second_reviewer)
    assert JobPost.objects.get(pk=post.pk).claimed_by == job_reviewer
    services.post_release_claim(post=post, by=job_reviewer)
    stored = JobPost.objects.get(pk=post.pk)
    assert (stored.claimed_by, stored.claimed_at) == (None, None)
    assert (post.claimed_by, post.claimed_at) == (None, None)


def test_claiming_one_post_leaves_the_others_in_the_queue_free(job_reviewer):
    post, other = PendingJobPostFactory(), PendingJobPostFactory()
    services.post_claim(post=post, by=job_reviewer)
    assert JobPost.objects.get(pk=post.pk).claimed_by == job_reviewer
    assert JobPost.objects.get(pk=other.pk).claimed_by is None


def test_releasing_one_claim_keeps_the_reviewers_other_claims(job_reviewer):
    now = timezone.now()
    post = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=now)
    other = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=now)
    services.post_release_claim(post=post, by=job_reviewer)
    assert JobPost.objects.get(pk=post.pk).claimed_by is None
    assert JobPost.objects.get(pk=other.pk).claimed_by == job_reviewer


def test_a_reviewer_cannot_claim_their_own_post(job_reviewer):
    post = PendingJobPostFactory(poster=job_reviewer)
    with pytest.raises(ActionRefused, match=r"^You cannot review your own post\.$"):
        services.post_claim(post=post, by=job_reviewer)


@pytest.mark.parametrize("decide", ["approve", "request_changes"])
def test_a_decision_releases_the_deciders_claim(job_reviewer, decide):
    """Out of the queue, a post holds no claim: were it sent back for review later, the old
    claim must not keep other reviewers away."""
    post = PendingJobPostFactory()
    services.post_claim(post=post, by=job_reviewer)
    if decide == "approve":
        services.post_approve(post=post, by=job_reviewer)
    else:
        services.post_request_changes(post=post, by=job_reviewer, reason="Add a salary range.")
    stored = JobPost.objects.get(pk=post.pk)
    assert (stored.claimed_by, stored.claimed_at) == (None, None)


def test_a_post_withdrawn_while_claimed_is_released(job_reviewer):
    post = PendingJobPostFactory()
    services.post_claim(post=post, by=job_reviewer)
    services.post_withdraw(post=JobPost.objects.get(pk=post.pk), by=post.poster)
    stored = JobPost.objects.get(pk=post.pk)
    assert (stored.claimed_by, stored.claimed_at) == (None, None)


def test_a_claim_lapses_at_the_same_moment_for_the_queue_and_for_a_decision(settings, job_reviewer):
    """At exactly JOBS_CLAIM_MINUTES the claim has lapsed everywhere: the queue lists the post
    as free, so another reviewer's decision must not be refused as someone else's."""
    now = timezone.now()
    post = PendingJobPostFactory(
        claimed_by=job_reviewer,
        claimed_at=now - timedelta(minutes=settings.JOBS_CLAIM_MINUTES),
    )
    assert list(JobPost.objects.unclaimed(now)) == [post]
    assert not post.claim_is_active(now)
    assert post.claim_is_active(now - timedelta(seconds=1))


def test_a_decision_on_anothers_claim_names_them_and_when_they_claimed(
    job_reviewer, second_reviewer
):
    claimed_at = timezone.now() - timedelta(minutes=1)  # another minute than now's
    post = PendingJobPostFactory(claimed_by=job_reviewer, claimed_at=claimed_at)
    expected = rf"^reviewer is reviewing this post \(claimed {claimed_at:%H:%M} UTC\)\.$"
    with pytest.raises(ActionRefused, match=expected):
        services.post_approve(post=post, by=second_reviewer)
