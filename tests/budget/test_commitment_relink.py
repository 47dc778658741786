"""An expense whose commitment is changed or removed in an edit: the commitment it no
longer settles is promised again, so its money still counts once."""

from datetime import date
from decimal import Decimal

import pytest

from budget import services
from budget.models import BudgetLine, Commitment, Expense, LineAlert, MoneyChange
from community import roles
from tests.budget.factories import (
    BudgetLineFactory,
    CommitmentFactory,
    FiscalYearFactory,
    entered_expense,
)
from tests.factories import UserFactory

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


def test_linking_an_expense_to_a_commitment_in_an_edit_settles_it(line, treasurer):
    commitment = CommitmentFactory(line=line, amount_usd=Decimal("150.00"))
    expense = entered_expense(
        line=line,
        spent_on=date(2026, 4, 1),
        amount=Decimal("150.00"),
        payee="PyCon Example",
        description="Gold sponsorship",
        by=treasurer,
    )
    expense.commitment = commitment
    services.expense_save(expense=expense, by=treasurer)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PAID


def test_the_commitment_promised_again_names_who_unlinked_it(line, treasurer):
    commitment = CommitmentFactory(line=line, amount_usd=Decimal("150.00"))
    expense = paid(commitment, treasurer)
    editor = UserFactory(username="treasurer2", role=roles.TREASURERS)
    expense.commitment = None
    services.expense_save(expense=expense, by=editor)
    reopened = MoneyChange.objects.get(model="commitment", object_id=commitment.pk, after="open")
    assert (reopened.field, reopened.before, reopened.by) == ("status", "paid", editor)


@pytest.fixture
def paid_from_another_line(treasurer):
    """An expense on the kits line that settles a commitment of the shipping line, whose
    850 of 1,000 counts as spent on kits: promised again, it puts shipping at 85 %."""
    year = FiscalYearFactory(year=2026)
    kits, shipping = BudgetLineFactory(fiscal_year=year), BudgetLineFactory(fiscal_year=year)
    commitment = CommitmentFactory(line=shipping, amount_usd=Decimal("850.00"))
    expense = entered_expense(
        line=kits,
        spent_on=date(2026, 4, 1),
        amount=Decimal("850.00"),
        payee="Carrier",
        commitment=commitment,
        by=treasurer,
    )
    assert not LineAlert.objects.filter(line=shipping).exists()
    return expense, shipping


def test_a_commitment_promised_again_on_another_line_can_alert_that_line(
    paid_from_another_line, treasurer
):
    # Its line's committed money rises again, as a new commitment's would: an 80 % alert.
    expense, shipping = paid_from_another_line

    services.expense_delete(expense=expense, by=treasurer)

    assert LineAlert.objects.filter(line=shipping, level=LineAlert.Level.WARNING).exists()


def test_unlinking_on_another_line_can_alert_the_commitments_line(
    paid_from_another_line, treasurer
):
    expense, shipping = paid_from_another_line
    expense.commitment = None
    services.expense_save(expense=expense, by=treasurer)

    assert LineAlert.objects.filter(line=shipping, level=LineAlert.Level.WARNING).exists()
