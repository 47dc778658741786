"""A reviewer removes a published post: only with a reason, which the poster is mailed and
the history keeps."""

import pytest

from community.workflow import ActionRefused
from jobs import services
from jobs.models import Status
from tests.jobs.factories import ApprovedJobPostFactory

pytestmark = pytest.mark.django_db


def test_a_removal_needs_a_reason(job_reviewer):
    post = ApprovedJobPostFactory()
    with pytest.raises(ActionRefused) as refused:
        services.post_remove(post=post, by=job_reviewer, reason="   ")
    assert str(refused.value) == (
        "Please give a reason for removing the post: the poster will read it."
    )
    post.refresh_from_db()
    assert post.status == Status.APPROVED
    assert not post.transitions.exists()


def test_the_removal_reason_is_mailed_to_the_poster_and_kept_in_the_history(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    post = ApprovedJobPostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_remove(post=post, by=job_reviewer, reason="  The role is not in Python. ")

    post.refresh_from_db()
    assert post.status == Status.REMOVED
    record = post.transitions.get()
    assert (record.by, record.reason) == (job_reviewer, "The role is not in Python.")
    [mail] = mailoutbox
    assert mail.to == [post.poster.email]
    assert "The reason:\n\nThe role is not in Python.\n" in mail.body
