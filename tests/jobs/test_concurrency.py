"""Two reviewers acting on one post at the same moment: exactly one wins."""

import time

import pytest

from jobs import services
from jobs.models import JobPost, JobTransition, Status
from tests.concurrency import run_together
from tests.jobs.factories import PendingJobPostFactory

# serialized_rollback: start from the migrated data (roles, calendars, regions) even
# when an earlier transactional test left the database flushed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_reviewers_deciding_at_once_cannot_both_win(job_reviewer, second_reviewer, monkeypatch):
    post = PendingJobPostFactory()
    original = JobPost.reviewed_fields

    def slow_snapshot(self):
        # Runs after the status check, inside the transaction: without the row lock
        # both reviewers would pass the check during this pause.
        time.sleep(0.3)
        return original(self)

    monkeypatch.setattr(JobPost, "reviewed_fields", slow_snapshot)

    outcomes = run_together(
        lambda: services.post_approve(post=JobPost.objects.get(pk=post.pk), by=job_reviewer),
        lambda: services.post_reject(
            post=JobPost.objects.get(pk=post.pk), by=second_reviewer, reason="Not Python"
        ),
    )

    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"]
    assert JobTransition.objects.filter(post=post).count() == 1
    post.refresh_from_db()
    winner = JobTransition.objects.get(post=post)
    assert post.status == winner.to_status
    assert post.status in (Status.APPROVED, Status.REJECTED)


def test_two_reviewers_claiming_at_once_cannot_both_hold_the_claim(job_reviewer, second_reviewer):
    post = PendingJobPostFactory()
    outcomes = run_together(
        lambda: services.post_claim(post=JobPost.objects.get(pk=post.pk), by=job_reviewer),
        lambda: services.post_claim(post=JobPost.objects.get(pk=post.pk), by=second_reviewer),
    )
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"]
    post.refresh_from_db()
    winner = job_reviewer if outcomes[0] == "won" else second_reviewer
    assert post.claimed_by == winner
