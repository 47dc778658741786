"""Background tasks shared by every app."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from community.mail import build_message

logger = logging.getLogger(__name__)

# Errors that mean "the mail server is not reachable right now", worth retrying.
TRANSIENT_MAIL_ERRORS = (OSError, smtplib.SMTPException)


def retry_delay(attempt: int) -> timedelta:
    """Back off 1, 2, 4, ... minutes, at most an hour between tries."""
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


@task()
def deliver_mail(payload: dict, attempt: int = 1) -> int:
    """Send one message; on a transient failure queue another attempt later."""
    try:
        return build_message(payload).send()
    except TRANSIENT_MAIL_ERRORS as exc:
        can_retry = default_task_backend.supports_defer and attempt < settings.MAIL_RETRY_ATTEMPTS
        if not can_retry:
            raise
        run_after = timezone.now() + retry_delay(attempt)
        logger.warning(
            "Mail to %s failed (%s); attempt %d queued for %s",
            payload["to"],
            exc,
            attempt + 1,
            run_after.isoformat(),
        )
        deliver_mail.using(run_after=run_after).enqueue(payload, attempt + 1)
        return 0
