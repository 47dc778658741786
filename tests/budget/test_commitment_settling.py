"""A commitment follows its expense: paid when the expense comes, open again when it goes,
with the change audited and counted as a new version; a cancelled promise stays cancelled."""

from datetime import date
from decimal import Decimal

import pytest

from budget import services
from budget.models import Commitment, Expense, MoneyChange
from community import roles
from community.workflow import ActionRefused
from kits.models import ExchangeRate
from tests.budget.factories import BudgetLineFactory, CommitmentFactory, FiscalYearFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment():
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    return CommitmentFactory(line=line, amount_usd=Decimal("150"))


def pay(commitment, by):
    return services.expense_save(
        expense=Expense(
            line=commitment.line,
            spent_on=date(2026, 4, 1),
            amount=Decimal("150"),
            currency="USD",
            payee="PyCon Example",
            description="Gold sponsorship",
            commitment=commitment,
        ),
        by=by,
    )


def test_settling_records_the_status_change_and_who_made_it(commitment, treasurer):
    pay(commitment, treasurer)
    [change] = MoneyChange.objects.filter(model="commitment", object_id=commitment.pk)
    assert (change.field, change.before, change.after, change.by) == (
        "status",
        "open",
        "paid",
        treasurer,
    )


def test_settling_makes_the_commitment_its_next_version(commitment, treasurer):
    pay(commitment, treasurer)
    commitment.refresh_from_db()
    assert (commitment.status, commitment.version) == (Commitment.Status.PAID, 2)


def test_an_edit_begun_before_the_payment_is_refused_as_stale(commitment, treasurer):
    loaded = Commitment.objects.get(pk=commitment.pk)
    pay(commitment, treasurer)
    loaded.description = "Gold sponsorship and a booth"
    with pytest.raises(ActionRefused, match="Someone else saved this"):
        services.row_save(obj=loaded, by=treasurer)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PAID


def test_a_cancelled_commitment_stays_cancelled_when_an_expense_names_it(commitment, treasurer):
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.CANCELLED)
    expense = pay(commitment, treasurer)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.CANCELLED
    services.expense_delete(expense=expense, by=treasurer)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.CANCELLED


def test_deleting_its_expense_reopens_the_commitment_in_the_deleters_name(commitment, treasurer):
    expense = pay(commitment, treasurer)
    deleter = UserFactory(username="treasurer2", role=roles.TREASURERS)
    services.expense_delete(expense=expense, by=deleter)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN
    change = MoneyChange.objects.filter(model="commitment", object_id=commitment.pk).first()
    assert (change.field, change.before, change.after, change.by) == (
        "status",
        "paid",
        "open",
        deleter,
    )


def test_paying_a_commitment_books_its_payee_and_description_in_the_currency_paid(
    commitment, treasurer
):
    ExchangeRate.objects.create(
        currency="EUR", on=date(2026, 4, 1), usd_per_unit=Decimal("1.1000000000")
    )
    expense = services.commitment_pay(
        commitment=commitment,
        by=treasurer,
        spent_on=date(2026, 4, 2),
        amount=Decimal("120.00"),
        currency="EUR",
    )
    stored = Expense.objects.get(pk=expense.pk)
    assert (stored.line, stored.payee, stored.description, stored.commitment) == (
        commitment.line,
        "PyCon Example",
        "Gold sponsorship",
        commitment,
    )
    assert (stored.currency, stored.usd_amount, stored.entered_by) == (
        "EUR",
        Decimal("132.00"),
        treasurer,
    )


def test_a_paid_commitment_is_not_paid_twice_and_the_treasurer_is_told(commitment, treasurer):
    pay(commitment, treasurer)
    with pytest.raises(ActionRefused) as refused:
        services.commitment_pay(
            commitment=commitment, by=treasurer, spent_on=date(2026, 5, 1), amount=Decimal("1")
        )
    assert str(refused.value) == "This commitment is already paid or cancelled."
    assert Expense.objects.count() == 1
