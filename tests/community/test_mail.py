import smtplib
from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from community.mail import queue_mail
from community.tasks import deliver_mail

pytestmark = pytest.mark.django_db


def queue_welcome():
    queue_mail(to=["ada@example.org"], template="community/email/test", context={"name": "Ada"})


def test_queued_mail_is_sent_only_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_welcome()
        assert mailoutbox == []
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[PSF Community] Hello Ada"
    assert "Hello Ada" in mailoutbox[0].body


def test_rolled_back_work_sends_no_mail(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                queue_welcome()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert mailoutbox == []


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS)
def test_mail_server_outage_keeps_the_mail_queued_and_retries(mailoutbox):
    from django_tasks import task_backends

    task_backends._settings = None  # re-read TASKS
    try:
        payload = {
            "subject": "s",
            "body": "b",
            "from_email": "f@example.org",
            "to": ["t@example.org"],
        }
        with mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=smtplib.SMTPConnectError(421, "down"),
        ):
            assert deliver_mail.call(payload) == 0
        retry = DBTaskResult.objects.get()
        assert retry.run_after is not None
        assert retry.args_kwargs["args"] == [payload, 2]
        assert mailoutbox == []

        # The server is back: the queued attempt delivers the mail.
        assert deliver_mail.call(*retry.args_kwargs["args"]) == 1
        assert len(mailoutbox) == 1
    finally:
        task_backends._settings = None
