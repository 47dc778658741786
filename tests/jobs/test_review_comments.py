"""The review thread (``post_comment_add``): who may write, which comments are internal,
and which ones are mailed to the poster."""

import pytest

from community.workflow import ActionRefused
from jobs import services
from tests.jobs.factories import PendingJobPostFactory

pytestmark = pytest.mark.django_db


def test_a_reviewers_comment_is_mailed_to_the_poster_at_both_addresses(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    post = PendingJobPostFactory(contact_email="jobs@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.post_comment_add(
            post=post, author=job_reviewer, body="  Which city is this in?  "
        )
    assert (comment.author, comment.body, comment.is_internal) == (
        job_reviewer,
        "Which city is this in?",
        False,
    )
    [mail] = mailoutbox
    assert mail.to == ["jobs@example.com", post.poster.email]
    assert "Which city is this in?" in mail.body


def test_the_poster_address_is_mailed_once_when_it_is_also_the_contact(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    post = PendingJobPostFactory()
    assert post.contact_email == post.poster.email
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment_add(post=post, author=job_reviewer, body="Which city?")
    assert mailoutbox[0].to == [post.poster.email]


def test_an_internal_note_is_not_mailed(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    post = PendingJobPostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.post_comment_add(
            post=post, author=job_reviewer, body="Looks like last week's scam", is_internal=True
        )
    assert comment.is_internal
    assert mailoutbox == []


def test_the_posters_comment_is_public_and_not_mailed_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    post = PendingJobPostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.post_comment_add(
            post=post, author=post.poster, body="It is in Berlin.", is_internal=True
        )
    assert not comment.is_internal
    assert mailoutbox == []


def test_a_reviewer_on_their_own_post_writes_as_its_poster(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    post = PendingJobPostFactory(poster=job_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.post_comment_add(
            post=post, author=job_reviewer, body="Hidden?", is_internal=True
        )
    assert not comment.is_internal
    assert mailoutbox == []


def test_someone_else_may_not_comment(member):
    post = PendingJobPostFactory()
    with pytest.raises(ActionRefused, match="Only the poster and reviewers can comment"):
        services.post_comment_add(post=post, author=member, body="Nice job!")
    assert not post.comments.exists()


def test_an_empty_comment_is_refused(job_reviewer):
    post = PendingJobPostFactory()
    with pytest.raises(ActionRefused, match="The comment is empty"):
        services.post_comment_add(post=post, author=job_reviewer, body=" \n ")
