"""Outgoing mail: rendered now, delivered by a background task after commit.

Services call ``queue_mail``; nothing sends mail inline, so a mail server
outage never rolls back or loses the change that caused the mail.
"""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def message_payload(message: EmailMessage) -> dict:
    """A JSON-safe description of ``message`` that the delivery task can rebuild."""
    html = None
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = str(content)
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    return {
        "subject": str(message.subject),
        "body": str(body),
        "html": html,
        "from_email": message.from_email,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
    }


def build_message(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        reply_to=payload.get("reply_to") or None,
        headers=payload.get("headers") or None,
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    return message


def queue_message(message: EmailMessage) -> None:
    """Deliver ``message`` in the background once the current transaction commits."""
    from community.tasks import deliver_mail

    payload = message_payload(message)
    transaction.on_commit(lambda: deliver_mail.enqueue(payload))


def queue_mail(*, to: list[str], template: str, context: dict, reply_to=None) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` and queue them.

    ``template`` is a prefix such as ``"jobs/email/approved"``.
    """
    from django.conf import settings

    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    message = EmailMessage(
        subject=f"{prefix}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    queue_message(message)
