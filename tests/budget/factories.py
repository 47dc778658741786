from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from budget import services
from budget.models import (
    Amendment,
    BudgetLine,
    Category,
    Commitment,
    ConferenceSupport,
    Expense,
    FiscalYear,
)


def this_year() -> int:
    return timezone.localdate().year


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ["year"]

    year = factory.LazyFunction(this_year)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    category = Category.CONFERENCE_KITS
    name = factory.Sequence(lambda n: f"Line {n}")
    approved_usd = Decimal("1000.00")
    resolution = "Board meeting, resolution 2026-01"
    resolved_on = factory.LazyAttribute(lambda line: line.fiscal_year.starts_on)


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amendment

    line = factory.SubFactory(BudgetLineFactory)
    amount_usd = Decimal("100.00")
    reason = "More conferences than planned"
    resolution = "Board meeting, resolution 2026-07"
    resolved_on = factory.LazyAttribute(lambda a: a.line.fiscal_year.starts_on)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    line = factory.SubFactory(BudgetLineFactory)
    payee = "PyCon Example"
    description = "Gold sponsorship"
    amount_usd = Decimal("200.00")


class ExpenseFactory(factory.django.DjangoModelFactory):
    """An expense saved directly (priced at the given rate); tests of the rules use
    ``budget.services.expense_save``."""

    class Meta:
        model = Expense

    line = factory.SubFactory(BudgetLineFactory)
    spent_on = factory.LazyAttribute(
        lambda e: min(
            e.line.fiscal_year.ends_on, max(e.line.fiscal_year.starts_on, timezone.localdate())
        )
    )
    amount = Decimal("100.00")
    currency = "USD"
    usd_rate = Decimal("1")
    usd_amount = factory.LazyAttribute(lambda e: e.amount)
    payee = "Print shop"
    description = "Banners"


def entered_expense(*, by, **fields) -> Expense:
    """A new expense entered through ``expense_save``, as the admin enters one, with the
    factory's values for the fields not given."""
    return services.expense_save(expense=ExpenseFactory.build(**fields), by=by)


class ConferenceSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceSupport

    kind = ConferenceSupport.Kind.SPONSORSHIP
    conference = factory.Sequence(lambda n: f"PyCon Example {n}")
    year = factory.LazyFunction(this_year)
    level_or_purpose = "Gold"
    amount_usd = Decimal("5000.00")
    status = ConferenceSupport.Status.AGREED


def day_in(year: FiscalYear, month: int = 3, day: int = 15) -> date:
    return year.starts_on.replace(month=month, day=day)
