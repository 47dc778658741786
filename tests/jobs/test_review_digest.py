from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from community import roles
from jobs import services
from tests.factories import UserFactory
from tests.jobs.factories import PendingJobPostFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("send_review_digest", *args, stdout=out)
    return out.getvalue()


def test_digest_mails_reviewers_about_posts_waiting_too_long(
    job_reviewer, second_reviewer, member, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.JOBS_DIGEST_AFTER_HOURS = 48
    now = timezone.now()
    PendingJobPostFactory(title="Forgotten post", submitted_at=now - timedelta(hours=60))
    PendingJobPostFactory(title="Fresh post", submitted_at=now - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "1 post(s) waiting over 48 hours" in output
    [mail] = mailoutbox
    assert sorted(mail.to) == sorted([job_reviewer.email, second_reviewer.email])
    assert "Forgotten post" in mail.body
    assert "Fresh post" not in mail.body
    assert "2 in the queue in all" in mail.body


def test_no_digest_when_nothing_waits_too_long(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    PendingJobPostFactory(submitted_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--hours", "24")
    assert "no digest sent" in output
    assert mailoutbox == []


def test_the_digest_goes_to_active_reviewers_with_an_address_about_posts_at_the_limit(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    UserFactory(username="gone", role=roles.JOB_BOARD_REVIEWERS, is_active=False)
    UserFactory(username="noaddress", role=roles.JOB_BOARD_REVIEWERS, email="")
    UserFactory(username="notareviewer")
    settings.JOBS_DIGEST_AFTER_HOURS = 48
    now = timezone.now()
    waited = PendingJobPostFactory(submitted_at=now - timedelta(hours=48))
    PendingJobPostFactory(submitted_at=now - timedelta(hours=47))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_digest_send(now=now) == [waited]
    [mail] = mailoutbox
    assert mail.to == [job_reviewer.email]
    assert "2 in the queue in all" in mail.body


def test_the_digest_lists_the_longest_waiting_post_first(job_reviewer, settings):
    """Oldest submission first, whatever order the posts were created in: a post sent back
    for changes and resubmitted waits behind the ones submitted before it."""
    settings.JOBS_DIGEST_AFTER_HOURS = 48
    now = timezone.now()
    resubmitted = PendingJobPostFactory(submitted_at=now - timedelta(hours=50))
    waiting_longest = PendingJobPostFactory(submitted_at=now - timedelta(hours=90))
    assert services.review_digest_send(now=now) == [waiting_longest, resubmitted]
