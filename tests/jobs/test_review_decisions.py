"""What each reviewer decision writes and tells: the approval mail's copy of the post, the
default notes, the words of a refusal, and the block that spam puts on its poster."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.workflow import ActionRefused
from jobs import services
from jobs.models import BlockedPoster, JobPost, Status
from tests.jobs.factories import ApprovedJobPostFactory, PendingJobPostFactory

pytestmark = pytest.mark.django_db


def test_the_approval_mail_shows_the_post_as_published_and_no_empty_note(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    post = PendingJobPostFactory(description="## The job\n\nBuild **APIs** in *Django*.")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_approve(post=post, by=job_reviewer)

    assert post.transitions.get().reason == ""
    [mail] = mailoutbox
    assert "The post as published:\n\nThe job\nBuild APIs in Django." in mail.body
    assert "A note from the reviewer" not in mail.body


def test_asking_for_changes_without_naming_them_is_refused_word_for_word(job_reviewer):
    post = PendingJobPostFactory()
    with pytest.raises(ActionRefused) as refused:
        services.post_request_changes(post=post, by=job_reviewer, reason=" ")
    assert str(refused.value) == "Please give the changes you ask for: the poster will read it."


def test_spam_marked_without_a_note_is_recorded_as_spam(job_reviewer):
    post = PendingJobPostFactory()
    services.post_mark_spam(post=post, by=job_reviewer)
    assert post.transitions.get().reason == "Spam."


def test_marking_spam_blocks_the_poster_saying_who_and_why(job_reviewer):
    post = PendingJobPostFactory()
    services.post_mark_spam(post=post, by=job_reviewer, reason="Crypto scheme.")

    block = BlockedPoster.objects.get(user=post.poster)
    assert (block.reason, block.blocked_by) == (f"Post #{post.pk} marked as spam.", job_reviewer)
    assert post.transitions.get().reason == "Crypto scheme."


def test_a_post_changed_while_expiring_is_skipped_and_the_rest_expire(monkeypatch):
    now = timezone.now()
    changed = ApprovedJobPostFactory(expires_at=now - timedelta(days=2))
    due = ApprovedJobPostFactory(expires_at=now - timedelta(days=1))
    original = JobPost.transition

    def filled_meanwhile(post, to, **kwargs):
        if post.pk == changed.pk:
            raise ActionRefused("This post is “Filled”.")
        return original(post, to, **kwargs)

    monkeypatch.setattr(JobPost, "transition", filled_meanwhile)

    assert services.posts_expire_due(now=now) == [due]
    due.refresh_from_db()
    assert due.status == Status.EXPIRED


def test_the_approval_mail_shortens_a_long_post_to_1500_characters(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    words = " ".join(f"word{n:04d}" for n in range(400))  # 3,999 characters
    post = PendingJobPostFactory(description=words)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_approve(post=post, by=job_reviewer)

    published = mailoutbox[0].body.split("The post as published:\n\n")[1].split("\n")[0]
    assert published == words[:1499] + "…"


def test_only_reviewers_decide_word_for_word(poster):
    post = PendingJobPostFactory()
    with pytest.raises(ActionRefused) as refused:
        services.post_approve(post=post, by=poster)
    assert str(refused.value) == "Only job board reviewers can review posts."
