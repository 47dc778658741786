from django_tasks import task


@task()
def send_overdue_digest(today_iso: str | None = None) -> int:
    """The daily digest of overdue deliveries and returns, one mail per region."""
    from datetime import date

    from kits.services import overdue_digest_send

    today = date.fromisoformat(today_iso) if today_iso else None
    return len(overdue_digest_send(today=today))
