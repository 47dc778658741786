"""An expense saved or deleted while a treasurer closes its year: the closed year's books
stay as they were closed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget import services
from budget.models import Expense, YearStatus
from tests.budget.factories import BudgetLineFactory, ExpenseFactory, FiscalYearFactory
from tests.concurrency import while_held

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_expense_saved_while_its_year_closes_waits_and_is_refused(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    expense = Expense(line_id=line.pk, spent_on=date(2026, 5, 1), amount=Decimal("40.00"),
                      currency="USD", payee="Printer", description="Stickers")  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        while_held(
            lambda: services.fiscal_year_close(year=line.fiscal_year, by=treasurer),
            lambda: services.expense_save(expense=expense, by=treasurer),
        )

    assert refused.value.code == "closed_year"
    line.fiscal_year.refresh_from_db()
    assert line.fiscal_year.status == YearStatus.CLOSED
    assert not Expense.objects.filter(line=line).exists()


def test_an_expense_deleted_while_its_year_closes_waits_and_is_refused(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    expense = ExpenseFactory(line=line, spent_on=date(2026, 5, 1), amount=Decimal("40.00"))

    with pytest.raises(ValidationError) as refused:
        while_held(
            lambda: services.fiscal_year_close(year=line.fiscal_year, by=treasurer),
            lambda: services.expense_delete(expense=expense, by=treasurer),
        )

    assert refused.value.code == "closed_year"
    line.fiscal_year.refresh_from_db()
    assert line.fiscal_year.status == YearStatus.CLOSED
    assert Expense.objects.filter(pk=expense.pk).exists()
