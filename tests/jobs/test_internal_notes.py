"""Reviewers' internal notes never reach the poster: not on My job posts, not on the
post's own page, not in mail (issue 23 §8)."""

import pytest
from django.urls import reverse

from jobs import services
from jobs.models import Status
from tests.jobs.factories import ApprovedJobPostFactory, PendingJobPostFactory

pytestmark = pytest.mark.django_db

NOTE = "Same wording as the crypto scam batch from Tuesday"


def review_url(post):
    return reverse("admin:jobs_jobpost_review", args=[post.pk])


def what_the_poster_sees(client, post) -> str:
    client.force_login(post.poster)
    mine = client.get(reverse("jobs:mine")).content.decode()
    detail = client.get(reverse("jobs:mine-detail", args=[post.pk])).content.decode()
    return mine + detail


@pytest.mark.parametrize("factory", [PendingJobPostFactory, ApprovedJobPostFactory])
def test_the_spam_note_is_not_shown_to_the_spammer(
    client, job_reviewer, mailoutbox, django_capture_on_commit_callbacks, factory
):
    post = factory()
    client.force_login(job_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(post), {"action": "spam", "comment": NOTE})
    post.refresh_from_db()
    assert post.status == Status.SPAM
    assert post.transitions.get(to_status=Status.SPAM).reason == NOTE  # kept for reviewers
    assert NOTE in client.get(reverse("admin:jobs_jobpost_change", args=[post.pk])).content.decode()

    seen = what_the_poster_sees(client, post)
    assert "Spam" in seen
    assert NOTE not in seen
    assert not [mail for mail in mailoutbox if NOTE in mail.body or NOTE in mail.subject]


def test_an_earlier_note_for_the_poster_is_still_shown_after_spam(client, job_reviewer):
    post = PendingJobPostFactory()
    services.post_request_changes(post=post, by=job_reviewer, reason="Please name the salary")
    services.post_submit(post=post, by=post.poster)
    services.post_mark_spam(post=post, by=job_reviewer, reason=NOTE)
    seen = what_the_poster_sees(client, post)
    assert "Please name the salary" in seen
    assert NOTE not in seen


def test_internal_review_comments_are_not_shown_or_mailed_to_the_poster(
    client, job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    post = PendingJobPostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment_add(post=post, author=job_reviewer, body=NOTE, is_internal=True)
        services.post_request_changes(post=post, by=job_reviewer, reason="Add the city")
    seen = what_the_poster_sees(client, post)
    assert "Add the city" in seen
    assert NOTE not in seen
    assert mailoutbox
    assert not [mail for mail in mailoutbox if NOTE in mail.body]


def test_the_poster_note_of_a_spam_decision_is_empty_and_others_are_the_reason(job_reviewer):
    post = PendingJobPostFactory()
    services.post_request_changes(post=post, by=job_reviewer, reason="Please name the salary")
    services.post_submit(post=post, by=post.poster)
    services.post_mark_spam(post=post, by=job_reviewer, reason=NOTE)
    notes = {
        row.to_status: row.poster_note
        for row in post.transitions.with_poster_note().filter(
            to_status__in=[Status.CHANGES_REQUESTED, Status.SPAM]
        )
    }
    assert notes == {Status.CHANGES_REQUESTED: "Please name the salary", Status.SPAM: ""}
