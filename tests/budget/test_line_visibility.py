"""Which budget lines a kit manager reads: their regions' kit lines, nothing else there."""

from decimal import Decimal

import pytest

from budget.models import BudgetLine, Category
from tests.budget.factories import BudgetLineFactory, FiscalYearFactory
from tests.kits.factories import region

pytestmark = pytest.mark.django_db


def test_kit_manager_reads_only_the_kit_lines_of_their_region(na_manager):
    year = FiscalYearFactory(year=2026)
    na = region("north-america")
    kits = BudgetLineFactory(fiscal_year=year, name="Kits NA", region=na)
    shipping = BudgetLineFactory(
        fiscal_year=year, name="Shipping NA", region=na, category=Category.KIT_SHIPPING
    )
    BudgetLineFactory(
        fiscal_year=year,
        name="PyCon US sponsorship",
        region=na,
        category=Category.SPONSORSHIPS,
        approved_usd=Decimal("15000"),
    )
    BudgetLineFactory(fiscal_year=year, name="Marketing NA", region=na, category=Category.MARKETING)
    assert set(BudgetLine.objects.visible_to(na_manager)) == {kits, shipping}
