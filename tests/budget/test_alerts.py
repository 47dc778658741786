"""Treasurers and board members hear once when a line reaches 80 % and once when exceeded."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from budget import services
from budget.models import Expense, LineAlert
from community import roles
from tests.budget.factories import BudgetLineFactory, ExpenseFactory, FiscalYearFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    return BudgetLineFactory(
        fiscal_year=FiscalYearFactory(year=2026),
        name="Conference kits",
        approved_usd=Decimal("1000"),
    )


@pytest.fixture
def readers(treasurer, board_member):
    return sorted([treasurer.email, board_member.email])


def spend(line, amount, by, capture, expense=None):
    expense = expense or Expense(
        line=line, spent_on=date(2026, 6, 1), currency="USD", payee="Printer", description="Banners"
    )
    expense.amount = Decimal(amount)
    with capture(execute=True):
        return services.expense_save(expense=expense, by=by)


def sent():
    """Mail the task queue delivered (tests run tasks at once)."""
    return [m for m in mail.outbox if "Budget line" in m.subject]


def test_crossing_80_percent_mails_the_readers_after_commit(
    line, readers, treasurer, django_capture_on_commit_callbacks
):
    UserFactory(username="someone-else", role=roles.KIT_MANAGERS)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.expense_save(
            expense=Expense(
                line=line,
                spent_on=date(2026, 6, 1),
                currency="USD",
                amount=Decimal("800"),
                payee="P",
                description="D",
            ),
            by=treasurer,
        )
    assert sent() == []  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    [message] = sent()
    assert message.subject.endswith("Budget line at 80 %: Conference kits (FY 2026)")
    assert sorted(message.to) == readers
    assert "800.00" in message.body


def test_each_crossing_is_mailed_once_when_edited_back_and_forth(
    line, readers, treasurer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    expense = spend(line, "850", treasurer, capture)
    expense = spend(line, "100", treasurer, capture, expense)
    expense = spend(line, "900", treasurer, capture, expense)
    assert len(sent()) == 1
    expense = spend(line, "1200", treasurer, capture, expense)
    expense = spend(line, "10", treasurer, capture, expense)
    expense = spend(line, "1300", treasurer, capture, expense)
    subjects = [m.subject for m in sent()]
    assert len(subjects) == 2
    assert "exceeded" in subjects[1]
    assert set(LineAlert.objects.values_list("level", flat=True)) == {"warning", "exceeded"}


def test_jumping_past_the_line_claims_both_levels_in_one_go(
    line, readers, treasurer, django_capture_on_commit_callbacks
):
    spend(line, "1500", treasurer, django_capture_on_commit_callbacks)
    assert LineAlert.objects.filter(line=line).count() == 2
    assert len(sent()) == 2


def test_the_report_shows_the_alert_state(
    client, line, board_member, treasurer, django_capture_on_commit_callbacks
):
    spend(line, "1500", treasurer, django_capture_on_commit_callbacks)
    client.force_login(board_member)
    assert "Exceeded" in client.get("/budget/", {"year": 2026}).content.decode()


def test_the_check_answers_the_alerts_it_claimed_and_then_none(line):
    """It answers the alerts this check claimed; a second look claims none."""
    ExpenseFactory(line=line, spent_on=date(2026, 6, 1), amount=Decimal("1500"))
    claimed = services.alerts_check(line_ids=[line.pk])
    assert sorted((alert.line, alert.level) for alert in claimed) == [
        (line, "exceeded"),
        (line, "warning"),
    ]
    assert claimed == list(LineAlert.objects.filter(line=line).order_by("pk"))
    assert services.alerts_check(line_ids=[line.pk]) == []
