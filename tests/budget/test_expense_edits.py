"""Saving an expense: the whole of its year's dates, who entered it, an editor's stale
version, and moving it to another line (never out of a closed year)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget import services
from budget.models import Expense, MoneyChange
from community.workflow import ActionRefused
from tests.budget.factories import BudgetLineFactory, FiscalYearFactory

pytestmark = pytest.mark.django_db


def save(line, by, **fields):
    values = {
        "spent_on": date(line.fiscal_year.year, 3, 1),
        "amount": Decimal("50.00"),
        "currency": "USD",
        "payee": "Printer",
        "description": "Stickers",
    }
    values.update(fields)
    return services.expense_save(expense=Expense(line=line, **values), by=by)


def test_the_first_and_the_last_day_of_the_year_are_in_it(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    save(line, treasurer, spent_on=date(2026, 1, 1))
    save(line, treasurer, spent_on=date(2026, 12, 31))
    assert sorted(Expense.objects.values_list("spent_on", flat=True)) == [
        date(2026, 1, 1),
        date(2026, 12, 31),
    ]


@pytest.mark.parametrize("day", [date(2025, 12, 31), date(2027, 1, 1)])
def test_a_day_outside_the_year_is_refused_as_outside_it(treasurer, day):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    with pytest.raises(ValidationError) as refused:
        save(line, treasurer, spent_on=day)
    assert refused.value.code == "outside_year"
    assert refused.value.messages == [
        f"The date {day} is outside FY 2026 (2026-01-01 to 2026-12-31)."
    ]
    assert not Expense.objects.exists()


def test_a_new_expense_is_audited_field_by_field_as_entered_by_its_author(treasurer):
    expense = save(BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026)), treasurer)
    changes = MoneyChange.objects.filter(model="expense", object_id=expense.pk)
    assert sorted(changes.values_list("field", flat=True)) == sorted(
        services.AUDITED_FIELDS["expense"]
    )
    assert {change.by for change in changes} == {treasurer}
    # Nothing before; an empty value (no commitment) is recorded as empty, not "None".
    assert {change.before for change in changes} == {""}
    assert changes.get(field="commitment_id").after == ""
    assert changes.get(field="payee").after == "Printer"


def test_an_edit_of_a_version_another_save_replaced_is_refused(treasurer):
    """The admin loads the row afresh on a post; the version the editor loaded comes
    from the form and is the one compared."""
    expense = save(BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026)), treasurer)
    loaded = expense.version
    expense.payee = "First editor"
    services.expense_save(expense=expense, by=treasurer)
    fresh = Expense.objects.get(pk=expense.pk)
    fresh.payee = "Second editor"
    with pytest.raises(ActionRefused, match="Someone else saved this expense"):
        services.expense_save(expense=fresh, by=treasurer, expected_version=loaded)
    assert Expense.objects.get(pk=expense.pk).payee == "First editor"


def test_an_expense_moves_to_another_line_and_the_trail_keeps_both(treasurer):
    year = FiscalYearFactory(year=2026)
    first, second = BudgetLineFactory(fiscal_year=year), BudgetLineFactory(fiscal_year=year)
    expense = save(first, treasurer)
    expense.line = second
    services.expense_save(expense=expense, by=treasurer)
    assert Expense.objects.get(pk=expense.pk).line == second
    change = MoneyChange.objects.get(
        model="expense", object_id=expense.pk, field="line_id", before=str(first.pk)
    )
    assert change.after == str(second.pk)


def test_an_expense_cannot_leave_a_closed_year_for_an_open_one(treasurer):
    closed = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2025))
    open_line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    expense = save(closed, treasurer)
    services.fiscal_year_close(year=closed.fiscal_year, by=treasurer)
    expense.line, expense.spent_on = open_line, date(2026, 3, 1)
    with pytest.raises(ValidationError) as refused:
        services.expense_save(expense=expense, by=treasurer)
    assert refused.value.code == "closed_year"
    assert refused.value.messages == [
        "FY 2025 is closed: a treasurer must reopen it, with a reason, before expenses change."
    ]
    stored = Expense.objects.get(pk=expense.pk)
    assert (stored.line, stored.spent_on) == (closed, date(2025, 3, 1))
