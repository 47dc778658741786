"""Money rows: refused amounts and currencies, rates from kits' table, closed years."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budget import services
from budget.models import Expense, FiscalYear, YearStatus, fiscal_year_bounds
from community.workflow import ActionRefused
from kits.models import ExchangeRate
from tests.budget.factories import AmendmentFactory, BudgetLineFactory, FiscalYearFactory

pytestmark = pytest.mark.django_db


def test_fiscal_year_runs_january_to_december_by_default():
    assert fiscal_year_bounds(2026) == (date(2026, 1, 1), date(2026, 12, 31))


def test_fiscal_year_start_is_configurable(settings):
    settings.BUDGET_FISCAL_YEAR_START_MONTH = 7
    year = FiscalYear.objects.create(year=2026)
    assert (year.starts_on, year.ends_on) == (date(2026, 7, 1), date(2027, 6, 30))
    assert str(year) == "FY 2026/27"
    assert FiscalYear.objects.containing(date(2027, 3, 1)).get() == year


@pytest.mark.parametrize("month", range(1, 13))
def test_a_fiscal_year_is_twelve_months_from_its_start_month(settings, month):
    settings.BUDGET_FISCAL_YEAR_START_MONTH = month
    starts, ends = fiscal_year_bounds(2026)
    assert starts == date(2026, month, 1)
    assert ends + timedelta(days=1) == date(2027, month, 1)


def test_without_the_setting_a_fiscal_year_starts_in_january(settings):
    del settings.BUDGET_FISCAL_YEAR_START_MONTH
    assert fiscal_year_bounds(2026) == (date(2026, 1, 1), date(2026, 12, 31))


def test_a_year_given_only_its_start_takes_both_bounds_from_the_start_month():
    year = FiscalYear.objects.create(year=2026, starts_on=date(2026, 1, 1))
    year.refresh_from_db()
    assert (year.starts_on, year.ends_on) == (date(2026, 1, 1), date(2026, 12, 31))


def test_a_year_given_both_bounds_keeps_them():
    # A short year, as when the PSF moves the month its fiscal year starts.
    year = FiscalYear.objects.create(
        year=2026, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30)
    )
    year.refresh_from_db()
    assert (year.starts_on, year.ends_on) == (date(2026, 1, 1), date(2026, 6, 30))


def test_a_fiscal_year_from_march_ends_on_a_leap_day(settings):
    settings.BUDGET_FISCAL_YEAR_START_MONTH = 3
    assert fiscal_year_bounds(2027) == (date(2027, 3, 1), date(2028, 2, 29))


@pytest.mark.parametrize(
    ("field", "value"),
    [("approved_usd", Decimal("0")), ("approved_usd", Decimal("-5"))],
)
def test_database_refuses_a_line_without_money(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLineFactory(**{field: value})


def test_a_day_belongs_to_one_fiscal_year_only():
    FiscalYearFactory(year=2025)
    year = FiscalYearFactory(year=2026)
    assert list(FiscalYear.objects.containing(date(2026, 3, 1))) == [year]
    assert FiscalYear.objects.current(date(2027, 3, 1)) is None


def test_an_amendment_of_zero_is_refused_with_a_message():
    amendment = AmendmentFactory.build(line=BudgetLineFactory(), amount_usd=Decimal("0"))
    with pytest.raises(ValidationError) as refused:
        amendment.full_clean()
    assert refused.value.message_dict["amount_usd"] == ["An amendment of zero changes nothing."]


def test_database_refuses_a_zero_amendment():
    with pytest.raises(IntegrityError), transaction.atomic():
        AmendmentFactory(amount_usd=Decimal("0"))


def _expense(line, **kwargs):
    values = {
        "spent_on": date(line.fiscal_year.year, 3, 1),
        "amount": Decimal("50"),
        "currency": "USD",
        "payee": "Printer",
        "description": "Stickers",
    }
    values.update(kwargs)
    return Expense(line=line, **values)


def test_expense_in_another_currency_takes_the_rate_of_its_day(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    ExchangeRate.objects.create(
        currency="EUR", on=date(2026, 2, 27), usd_per_unit=Decimal("1.0825000000")
    )
    ExchangeRate.objects.create(currency="EUR", on=date(2026, 3, 2), usd_per_unit=Decimal("2"))
    expense = services.expense_save(
        expense=_expense(line, amount=Decimal("100.00"), currency="EUR"), by=treasurer
    )
    assert expense.usd_rate == Decimal("1.0825")
    assert expense.usd_amount == Decimal("108.25")
    assert expense.entered_by == treasurer


def test_expense_without_a_known_rate_is_refused_with_a_message(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    with pytest.raises(ValidationError, match="no BRL exchange rate"):
        services.expense_save(expense=_expense(line, currency="BRL"), by=treasurer)
    assert not Expense.objects.exists()


def test_a_missing_rate_says_where_to_add_one():
    with pytest.raises(ValidationError) as refused:
        services.usd_rate_on(currency="BRL", day=date(2026, 3, 1))
    assert refused.value.code == "no_rate"
    assert refused.value.messages == [
        "There is no BRL exchange rate on or before 2026-03-01; add one under "
        "Kits, Exchange rates (or import the ECB file) first."
    ]


def test_an_expense_worth_less_than_one_us_cent_is_refused(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    ExchangeRate.objects.create(
        currency="JPY", on=date(2026, 2, 27), usd_per_unit=Decimal("0.0064000000")
    )
    with pytest.raises(ValidationError) as refused:
        services.expense_save(
            expense=_expense(line, amount=Decimal("0.50"), currency="JPY"), by=treasurer
        )
    assert refused.value.code == "too_small"
    assert refused.value.messages == ["The amount is less than one US cent."]
    assert not Expense.objects.exists()
    # One yen and a half is one cent: accepted.
    expense = services.expense_save(
        expense=_expense(line, amount=Decimal("1.50"), currency="JPY"), by=treasurer
    )
    assert expense.usd_amount == Decimal("0.01")


def test_unknown_currency_is_refused(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    with pytest.raises(ValidationError, match="not a currency we know"):
        services.expense_save(expense=_expense(line, currency="XXX"), by=treasurer)


def test_database_refuses_unknown_currency_and_non_positive_amounts():
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    for bad in ({"currency": "XXX"}, {"amount": Decimal("0")}, {"amount": Decimal("-1")}):
        values = {"usd_rate": Decimal("1"), "usd_amount": Decimal("5"), **bad}
        with pytest.raises(IntegrityError), transaction.atomic():
            _expense(line, **values).save()


def test_expense_on_a_closed_year_is_refused_until_a_treasurer_reopens_it(treasurer):
    year = FiscalYearFactory(year=2025)
    line = BudgetLineFactory(fiscal_year=year)
    services.fiscal_year_close(year=year, by=treasurer)
    with pytest.raises(ValidationError, match="closed"):
        services.expense_save(expense=_expense(line), by=treasurer)

    with pytest.raises(ActionRefused, match="reason"):
        services.fiscal_year_reopen(year=year, by=treasurer, reason="  ")
    services.fiscal_year_reopen(year=year, by=treasurer, reason="Late invoice from the printer")
    year.refresh_from_db()
    assert year.status == YearStatus.OPEN
    last = year.history.last()
    assert (last.to_status, last.by, last.reason) == (
        "open",
        treasurer,
        "Late invoice from the printer",
    )
    services.expense_save(expense=_expense(line), by=treasurer)
    assert Expense.objects.count() == 1


def test_reopening_without_a_reason_says_why_one_is_needed(treasurer):
    year = FiscalYearFactory(year=2025)
    services.fiscal_year_close(year=year, by=treasurer)
    with pytest.raises(ActionRefused) as refused:
        services.fiscal_year_reopen(year=year, by=treasurer, reason="")
    assert str(refused.value) == "Say why the year is reopened; the reason is kept with it."


def test_closing_a_year_needs_no_reason_and_its_history_keeps_who(treasurer):
    year = FiscalYearFactory(year=2025)
    services.fiscal_year_close(year=year, by=treasurer)
    last = year.history.last()
    assert (last.from_status, last.to_status, last.by, last.reason) == (
        "open",
        "closed",
        treasurer,
        "",
    )


def test_a_reason_given_for_closing_is_kept(treasurer):
    year = FiscalYearFactory(year=2025)
    services.fiscal_year_close(year=year, by=treasurer, reason="Books audited.")
    assert year.history.last().reason == "Books audited."


def test_amendment_adds_to_the_approved_amount_without_overwriting_it():
    line = BudgetLineFactory(approved_usd=Decimal("1000.00"))
    AmendmentFactory(line=line, amount_usd=Decimal("250.00"))
    AmendmentFactory(line=line, amount_usd=Decimal("-100.00"))
    line = type(line).objects.with_figures().get(pk=line.pk)
    assert line.approved_usd == Decimal("1000.00")
    assert line.approved == Decimal("1150.00")


def test_expense_dated_outside_its_line_year_is_refused(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    with pytest.raises(ValidationError, match="outside FY 2026"):
        services.expense_save(expense=_expense(line, spent_on=date(2027, 1, 2)), by=treasurer)
