"""Quality bars: the report's sums equal the rows', and its query count does not grow."""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import services
from budget.models import BudgetLine, Category, Expense
from budget.reports import year_report
from kits.models import ExchangeRate
from tests.budget.factories import BudgetLineFactory, CommitmentFactory, FiscalYearFactory
from tests.kits.factories import region

pytestmark = pytest.mark.django_db

RATES = {
    "USD": Decimal("1"),
    "EUR": Decimal("1.0825000000"),
    "GBP": Decimal("1.2710000000"),
    "JPY": Decimal("0.0066500000"),
    "BRL": Decimal("0.1987000000"),
}


def test_report_sums_equal_an_independent_sum_over_many_mixed_currency_rows(treasurer):
    year = FiscalYearFactory(year=2026)
    for currency, rate in RATES.items():
        if currency != "USD":
            ExchangeRate.objects.create(currency=currency, on=date(2025, 12, 31), usd_per_unit=rate)
    lines = [
        BudgetLineFactory(
            fiscal_year=year,
            name=f"Line {i}",
            category=category,
            region=region(slug) if slug else None,
            approved_usd=Decimal("50000"),
        )
        for i, (category, slug) in enumerate(
            [
                (Category.CONFERENCE_KITS, "europe"),
                (Category.KIT_SHIPPING, "north-america"),
                (Category.MARKETING, None),
                (Category.GRANTS, None),
            ]
        )
    ]
    rng = random.Random(18)
    expected: dict[int, Decimal] = {line.pk: Decimal("0") for line in lines}
    for _ in range(300):
        line = rng.choice(lines)
        currency = rng.choice(list(RATES))
        amount = Decimal(rng.randint(200, 500_000)) / 100
        services.expense_save(
            expense=Expense(
                line=line,
                spent_on=date(2026, 1, 1) + timedelta(rng.randint(0, 300)),
                amount=amount,
                currency=currency,
                payee="p",
                description="d",
            ),
            by=treasurer,
        )
        # Independently: amount times rate, to the cent with banker's rounding.
        expected[line.pk] += (amount * RATES[currency]).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_EVEN
        )
    report = year_report(year, lines=BudgetLine.objects.all(), today=date(2026, 12, 31))
    assert {row.line.pk: row.spent for row in report.lines} == expected
    assert report.total.spent == sum(expected.values())
    assert sum(t.spent for t in report.by_category) == sum(expected.values())
    assert sum(t.spent for t in report.by_region) == sum(expected.values())
    assert report.months[-1].cumulative == sum(expected.values())


def _add_expenses(lines, count):
    rng = random.Random(count)
    Expense.objects.bulk_create(
        Expense(
            line=rng.choice(lines),
            spent_on=date(2026, 1, 1) + timedelta(rng.randint(0, 330)),
            amount=Decimal("12.34"),
            currency="EUR",
            usd_rate=Decimal("1.08"),
            usd_amount=Decimal("13.33"),
            payee="p",
            description="d",
        )
        for _ in range(count)
    )


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("budget:report"), {"year": 2026})
    assert response.status_code == 200
    return len(queries)


def test_report_query_count_is_the_same_at_10_and_10000_expenses(client, board_member):
    year = FiscalYearFactory(year=2026)
    lines = [BudgetLineFactory(fiscal_year=year, name=f"Line {i}") for i in range(12)]
    for line in lines[:3]:
        CommitmentFactory(line=line)
    client.force_login(board_member)
    _add_expenses(lines, 10)
    at_ten = _queries(client)
    _add_expenses(lines, 9990)
    assert Expense.objects.count() == 10_000
    assert _queries(client) == at_ten
    # Sessions, user, groups check, years, lines with sums, months, sponsorships, and the
    # header's admin link (board members are staff: they decide representative applications).
    assert at_ten == 9
