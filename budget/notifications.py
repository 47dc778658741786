"""Mail about the budget, queued through community.mail (after commit, by the caller)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from budget.models import BudgetLine, LineAlert
from community import roles
from community.mail import queue_mail


def budget_readers_emails() -> list[str]:
    """Treasurers and board members with an address: who hears of a line at risk."""
    users = (
        get_user_model()
        .objects.filter(
            Q(groups__name__in=[roles.TREASURERS.name, roles.BOARD_MEMBERS.name]), is_active=True
        )
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def alert_mail_queue(*, line_id: int, level: str) -> None:
    line = BudgetLine.objects.with_figures().select_related("fiscal_year", "region").get(pk=line_id)
    to = budget_readers_emails()
    if not to:
        return
    queue_mail(
        to=to,
        template="budget/email/line_alert",
        context={
            "line": line,
            "exceeded": level == LineAlert.Level.EXCEEDED,
            "used": line.spent + line.committed,
            "site_url": getattr(settings, "SITE_URL", ""),
        },
    )
