"""Kit shipment costs arrive as expenses on the year's kit shipping line, without typing."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from budget import services
from budget.models import Category, Expense, MoneyChange
from tests.budget.factories import BudgetLineFactory, FiscalYearFactory, entered_expense
from tests.factories import UserFactory
from tests.kits.factories import ShipmentFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipping_line():
    return BudgetLineFactory(
        fiscal_year=FiscalYearFactory(year=2026),
        category=Category.KIT_SHIPPING,
        name="Kit shipping, North America",
        region=region("north-america"),
    )


def ship(capture, **kwargs):
    values = {
        "shipped_on": date(2026, 5, 4),
        "expected_on": date(2026, 5, 9),
        "cost": Decimal("420.00"),
        "cost_usd": Decimal("420.00"),
        "customs_fees_usd": Decimal("30.00"),
    }
    values.update(kwargs)
    with capture(execute=True):
        return ShipmentFactory(**values)


def test_a_shipment_cost_becomes_one_expense(shipping_line, django_capture_on_commit_callbacks):
    shipment = ship(django_capture_on_commit_callbacks)
    expense = Expense.objects.get(shipment=shipment)
    assert expense.line == shipping_line
    assert (expense.spent_on, expense.usd_amount) == (date(2026, 5, 4), Decimal("450.00"))
    # Saved again without a change: still one expense, not a second.
    with django_capture_on_commit_callbacks(execute=True):
        shipment.save()
    assert Expense.objects.filter(shipment=shipment).count() == 1


def test_a_changed_cost_updates_the_expense(shipping_line, django_capture_on_commit_callbacks):
    shipment = ship(django_capture_on_commit_callbacks)
    shipment.cost_usd = Decimal("500.00")
    with django_capture_on_commit_callbacks(execute=True):
        shipment.save()
    expense = Expense.objects.get(shipment=shipment)
    assert expense.usd_amount == Decimal("530.00")
    assert expense.version == 2


def test_a_deleted_shipment_takes_its_expense(shipping_line, django_capture_on_commit_callbacks):
    shipment = ship(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        shipment.delete()
    assert not Expense.objects.exists()


def test_a_cost_removed_from_the_shipment_removes_the_expense(
    shipping_line, django_capture_on_commit_callbacks
):
    shipment = ship(django_capture_on_commit_callbacks)
    shipment.cost_usd = None
    with django_capture_on_commit_callbacks(execute=True):
        shipment.save()
    assert not Expense.objects.exists()


def test_the_database_refuses_a_second_expense_for_one_shipment(
    shipping_line, django_capture_on_commit_callbacks
):
    shipment = ship(django_capture_on_commit_callbacks)
    duplicate = Expense(
        line=shipping_line,
        spent_on=date(2026, 5, 4),
        amount=Decimal("1"),
        currency="USD",
        usd_rate=Decimal("1"),
        usd_amount=Decimal("1"),
        payee="x",
        description="x",
        shipment=shipment,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_sync_twice_in_a_row_keeps_one_expense(
    shipping_line, django_capture_on_commit_callbacks
):
    shipment = ship(django_capture_on_commit_callbacks)
    services.shipment_cost_sync(shipment_id=shipment.pk)
    services.shipment_cost_sync(shipment_id=shipment.pk)
    assert Expense.objects.filter(shipment=shipment).count() == 1


def test_without_a_region_line_the_year_wide_line_takes_the_cost(
    django_capture_on_commit_callbacks,
):
    year_wide = BudgetLineFactory(
        fiscal_year=FiscalYearFactory(year=2026),
        category=Category.KIT_SHIPPING,
        name="Kit shipping",
    )
    shipment = ship(django_capture_on_commit_callbacks)
    assert Expense.objects.get(shipment=shipment).line == year_wide


def test_the_cost_goes_to_the_shipping_line_not_another_line_of_the_region(
    django_capture_on_commit_callbacks,
):
    year = FiscalYearFactory(year=2026)
    na = region("north-america")
    BudgetLineFactory(fiscal_year=year, name="Kits, North America", region=na)
    shipping = BudgetLineFactory(
        fiscal_year=year, name="Shipping, North America", region=na, category=Category.KIT_SHIPPING
    )
    shipment = ship(django_capture_on_commit_callbacks)
    assert Expense.objects.get(shipment=shipment).line == shipping


def test_a_rolled_back_shipment_leaves_no_expense(
    shipping_line, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ShipmentFactory(shipped_on=date(2026, 5, 4), expected_on=date(2026, 5, 9))
    # The callbacks only run after a commit; none happened, so nothing flowed in.
    assert callbacks
    assert not Expense.objects.exists()


def test_a_shipment_dated_after_the_last_fiscal_year_is_not_booked_to_it(
    shipping_line, django_capture_on_commit_callbacks
):
    shipment = ship(
        django_capture_on_commit_callbacks,
        shipped_on=date(2027, 2, 1),
        expected_on=date(2027, 2, 5),
    )
    assert not Expense.objects.filter(shipment=shipment).exists()


def test_the_expense_is_booked_in_the_name_of_who_logged_the_shipment(
    shipping_line, django_capture_on_commit_callbacks
):
    logger = UserFactory(username="kit-manager")
    shipment = ship(django_capture_on_commit_callbacks, logged_by=logger)
    shipment.cost_usd = Decimal("500.00")
    with django_capture_on_commit_callbacks(execute=True):
        shipment.save()
    expense = Expense.objects.get(shipment=shipment)
    assert (expense.entered_by, expense.version) == (logger, 2)
    trail = MoneyChange.objects.filter(model="expense", object_id=expense.pk)
    assert set(trail.values_list("by", flat=True)) == {logger.pk}


def test_a_shipment_without_a_cost_books_nothing(shipping_line, django_capture_on_commit_callbacks):
    shipment = ship(django_capture_on_commit_callbacks, cost=None, cost_usd=None)
    assert services.shipment_cost_sync(shipment_id=shipment.pk) is None
    assert not Expense.objects.exists()


def test_a_closed_years_expense_stays_when_the_cost_is_removed(
    shipping_line, treasurer, django_capture_on_commit_callbacks
):
    shipment = ship(django_capture_on_commit_callbacks)
    services.fiscal_year_close(year=shipping_line.fiscal_year, by=treasurer)
    shipment.cost_usd = None
    with django_capture_on_commit_callbacks(execute=True):
        shipment.save()
    assert Expense.objects.get(shipment=shipment).usd_amount == Decimal("450.00")


def test_a_sync_that_loses_the_race_brings_the_other_expense_up_to_date(
    shipping_line, treasurer, django_capture_on_commit_callbacks, monkeypatch
):
    """Another sync of the same shipment saved its expense after this one looked: the
    unique link refuses a second, and this sync updates the one that exists."""
    manual = entered_expense(
        line=shipping_line,
        spent_on=date(2026, 5, 1),
        amount=Decimal("12.00"),
        payee="Courier",
        description="Typed in by hand",
        by=treasurer,
    )
    with django_capture_on_commit_callbacks(execute=False):
        shipment = ShipmentFactory(shipped_on=date(2026, 5, 4), expected_on=date(2026, 5, 9))
    real_line_for = services.kit_line_for

    def the_other_sync_saves_first(**kwargs):
        line = real_line_for(**kwargs)
        if not Expense.objects.filter(shipment=shipment).exists():
            Expense.objects.create(
                line=line,
                shipment=shipment,
                spent_on=date(2026, 5, 4),
                amount=Decimal("1.00"),
                currency="USD",
                usd_rate=Decimal("1"),
                usd_amount=Decimal("1.00"),
                payee="Stale",
                description="Stale",
            )
        return line

    monkeypatch.setattr(services, "kit_line_for", the_other_sync_saves_first)
    services.shipment_cost_sync(shipment_id=shipment.pk)
    [expense] = Expense.objects.filter(shipment=shipment)
    assert expense.usd_amount == Decimal("420.00")
    assert Expense.objects.filter(pk=manual.pk).exists()
