"""The demo budget tells the board's story, and seeding twice adds nothing."""

import io

import pytest

from budget import seed as budget_seed
from budget.models import BudgetLine, Category, ConferenceSupport, Expense, FiscalYear
from budget.reports import lines_at_risk, support_by_year
from community.seeding import SeedContext, create_demo_accounts
from kits import seed as kits_seed

pytestmark = pytest.mark.django_db


def run(scale=0):
    ctx = SeedContext(scale=scale, stdout=io.StringIO())
    ctx.users = create_demo_accounts()
    kits_seed.seed(ctx)
    budget_seed.seed(ctx)
    return ctx


def test_three_years_with_the_current_kit_line_exceeded_and_costs_flowing_in():
    run()
    years = list(FiscalYear.objects.order_by("year"))
    assert len(years) == 3
    assert years[0].status == "closed"
    current = FiscalYear.objects.current()
    at_risk = {row.line.name: row.level for row in lines_at_risk(current)}
    assert at_risk["Conference kits, Europe"] == "exceeded"
    marketing = BudgetLine.objects.get(fiscal_year=current, category=Category.MARKETING)
    assert marketing.resolved_on > current.starts_on
    assert BudgetLine.objects.get(fiscal_year=current, name="Conference grants").amendments.exists()
    assert {"USD", "EUR", "GBP", "BRL", "JPY"} <= set(
        Expense.objects.values_list("currency", flat=True)
    )
    assert Expense.objects.filter(shipment__isnull=False).count() >= 5


def test_sponsorships_grow_while_grants_shrink():
    run()
    rows = support_by_year()
    assert rows[0]["grant"] > rows[0]["sponsorship"]
    assert rows[-1]["sponsorship"] > rows[-1]["grant"]
    assert ConferenceSupport.objects.filter(got_booth=True).exists()


def test_past_demo_booths_are_paid_for_by_a_sponsorship_with_their_report():
    run()
    linked = ConferenceSupport.objects.filter(booth__isnull=False).select_related("booth")
    assert linked.exists()
    for support in linked:
        assert support.conference == support.booth.conference_name
        assert support.year == support.booth.conference_starts.year
    assert linked.filter(booth__report__isnull=False).exists()


def test_seeding_twice_adds_nothing_and_scale_adds_expenses():
    run()
    counts = (
        BudgetLine.objects.count(),
        Expense.objects.count(),
        ConferenceSupport.objects.count(),
        ConferenceSupport.objects.filter(booth__isnull=False).count(),
    )
    run()
    assert (
        BudgetLine.objects.count(),
        Expense.objects.count(),
        ConferenceSupport.objects.count(),
        ConferenceSupport.objects.filter(booth__isnull=False).count(),
    ) == counts
    run(scale=40)
    assert Expense.objects.filter(description="Scale expense").count() == 40
