from django_tasks import task


@task()
def send_overdue_digest(today_iso: str | None = None) -> int:
    """The daily digest of overdue deliveries and returns, one mail per region."""
    from datetime import date

    from kits.services import overdue_digest_send

    today = date.fromisoformat(today_iso) if today_iso else None
    return len(overdue_digest_send(today=today))


@task()
def send_shift_reminders() -> int:
    """Reminders for booth shifts starting within 24 hours, one per sign-up."""
    from kits.services import shift_reminders_send

    return shift_reminders_send()
