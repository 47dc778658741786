"""An expense whose commitment is changed or removed in an edit: the commitment it no
longer settles is promised again, so its money still counts once."""

from datetime import date
from decimal import Decimal

import pytest

from budget import services
from budget.models import BudgetLine, Commitment, Expense
from tests.budget.factories import BudgetLineFactory, CommitmentFactory, FiscalYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    return BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))


def paid(commitment, by):
    return services.commitment_pay(
        commitment=commitment, by=by, spent_on=date(2026, 4, 1), amount=commitment.amount_usd
    )


def test_unlinking_an_expense_from_its_commitment_promises_it_again(line, treasurer):
    commitment = CommitmentFactory(line=line, amount_usd=Decimal("150.00"))
    expense = paid(commitment, treasurer)
    expense.commitment = None
    services.expense_save(expense=expense, by=treasurer)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN
    figures = BudgetLine.objects.with_figures().get(pk=line.pk)
    assert (figures.spent, figures.committed) == (Decimal("150.00"), Decimal("150.00"))


def test_moving_an_expense_to_another_commitment_settles_the_new_one_only(line, treasurer):
    first = CommitmentFactory(line=line, amount_usd=Decimal("150.00"))
    second = CommitmentFactory(line=line, amount_usd=Decimal("150.00"), payee="Another")
    expense = paid(first, treasurer)
    expense.commitment = second
    services.expense_save(expense=expense, by=treasurer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Commitment.Status.OPEN, Commitment.Status.PAID)
    assert Expense.objects.get().commitment == second
