from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import JobTransition, Status
from tests.jobs.factories import ApprovedJobPostFactory, JobPostFactory, PendingJobPostFactory

pytestmark = pytest.mark.django_db


def past_due(**kwargs):
    return ApprovedJobPostFactory(expires_at=timezone.now() - timedelta(hours=1), **kwargs)


def run(*args):
    out = StringIO()
    call_command("expire_jobs", *args, stdout=out)
    return out.getvalue()


def test_expire_jobs_expires_due_posts_and_mails_a_renew_link(
    mailoutbox, django_capture_on_commit_callbacks
):
    due = past_due(title="Old job")
    current = ApprovedJobPostFactory(title="Current job")
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    due.refresh_from_db()
    current.refresh_from_db()
    assert (due.status, current.status) == (Status.EXPIRED, Status.APPROVED)
    assert "1 post(s) expired." in output
    [mail] = mailoutbox
    assert "Old job" in mail.subject
    assert reverse("jobs:mine-detail", args=[due.pk]) in mail.body
    record = JobTransition.objects.get(post=due)
    assert (record.from_status, record.to_status, record.by) == (
        Status.APPROVED,
        Status.EXPIRED,
        None,
    )


def test_expire_jobs_is_idempotent(mailoutbox, django_capture_on_commit_callbacks):
    past_due()
    with django_capture_on_commit_callbacks(execute=True):
        run()
        output = run()
    assert "0 post(s) expired." in output
    assert len(mailoutbox) == 1
    assert JobTransition.objects.count() == 1


def test_dry_run_changes_nothing(mailoutbox):
    post = past_due(title="Would go")
    output = run("--dry-run")
    assert "Would go" in output
    assert "1 post(s) would expire." in output
    post.refresh_from_db()
    assert post.status == Status.APPROVED
    assert mailoutbox == []


def test_only_approved_posts_expire_and_the_dry_run_lists_only_them():
    """A draft or a post under review past its end date is not live: nothing to expire."""
    ended = timezone.now() - timedelta(hours=1)
    past_due(title="Live job")
    JobPostFactory(title="Draft job", expires_at=ended)
    PendingJobPostFactory(title="Waiting job", expires_at=ended)
    output = run("--dry-run")
    assert "Live job" in output
    assert "Draft job" not in output
    assert "Waiting job" not in output
    assert "1 post(s) would expire." in output


def test_poster_renews_an_expired_post_through_review(client):
    post = past_due()
    run()
    client.force_login(post.poster)
    page = client.get(reverse("jobs:mine-detail", args=[post.pk])).content.decode()
    assert "Renew (send for review)" in page
    client.post(reverse("jobs:job-submit", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == Status.REVIEW


def test_mail_failure_never_loses_the_expiry(monkeypatch, django_capture_on_commit_callbacks):
    import smtplib

    def down(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", down)
    post = past_due()
    with django_capture_on_commit_callbacks(execute=True):
        output = run()  # the task records the failure (a worker would retry it)
    assert "1 post(s) expired." in output
    post.refresh_from_db()
    assert post.status == Status.EXPIRED
    assert JobTransition.objects.filter(post=post, to_status=Status.EXPIRED).exists()


def test_posts_expire_as_of_the_moment_given(mailoutbox, django_capture_on_commit_callbacks):
    moment = timezone.now() + timedelta(days=3)
    due = ApprovedJobPostFactory(expires_at=moment - timedelta(days=1))
    later = ApprovedJobPostFactory(expires_at=moment + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        expired = services.posts_expire_due(now=moment)

    assert expired == [due]
    later.refresh_from_db()
    assert later.status == Status.APPROVED
    assert JobTransition.objects.get(post=due).at == moment
