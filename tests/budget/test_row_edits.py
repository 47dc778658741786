"""Lines, amendments, commitments and sponsorships are saved like expenses: audited in
their author's name field by field, numbered by version, and refused over a newer save."""

from datetime import date
from decimal import Decimal

import pytest

from budget import services
from budget.models import (
    Amendment,
    BudgetLine,
    Category,
    Commitment,
    FiscalYear,
    LineAlert,
    MoneyChange,
)
from community import roles
from community.workflow import ActionRefused
from tests.budget.factories import BudgetLineFactory, ExpenseFactory, FiscalYearFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def new_line(by):
    return services.row_save(
        obj=BudgetLine(
            fiscal_year=FiscalYearFactory(year=2026),
            category=Category.MARKETING,
            name="Stickers",
            approved_usd=Decimal("500.00"),
            resolution="Board meeting, resolution 2026-02",
            resolved_on=FiscalYear.objects.get(year=2026).starts_on,
        ),
        by=by,
    )


def test_a_new_line_is_audited_in_its_authors_name(treasurer):
    line = new_line(treasurer)
    changes = MoneyChange.objects.filter(model="budgetline", object_id=line.pk)
    assert sorted(changes.values_list("field", flat=True)) == sorted(
        services.AUDITED_FIELDS["budgetline"]
    )
    assert {change.by for change in changes} == {treasurer}


def test_an_edit_records_only_what_changed_and_counts_a_version(treasurer):
    line = new_line(treasurer)
    line.approved_usd = Decimal("650.00")
    services.row_save(obj=line, by=treasurer)
    [change] = MoneyChange.objects.filter(model="budgetline", object_id=line.pk).exclude(before="")
    assert (change.field, change.before, change.after) == ("approved_usd", "500.00", "650.00")
    assert BudgetLine.objects.get(pk=line.pk).version == 2


def test_an_edit_of_a_version_another_save_replaced_is_refused_in_words(treasurer):
    commitment = services.row_save(
        obj=Commitment(
            line=BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026)),
            payee="PyCon Example",
            description="Gold sponsorship",
            amount_usd=Decimal("200.00"),
        ),
        by=treasurer,
    )
    loaded = commitment.version
    commitment.description = "Gold sponsorship and a booth"
    services.row_save(obj=commitment, by=treasurer)
    fresh = Commitment.objects.get(pk=commitment.pk)
    fresh.amount_usd = Decimal("250.00")
    with pytest.raises(ActionRefused) as refused:
        services.row_save(obj=fresh, by=treasurer, expected_version=loaded)
    assert str(refused.value) == (
        "Someone else saved this commitment while you were editing it. Reload it to see "
        "their changes, then make yours again."
    )
    assert Commitment.objects.get(pk=commitment.pk).amount_usd == Decimal("200.00")


def test_an_edit_is_audited_in_the_editors_name(treasurer):
    line = new_line(treasurer)
    editor = UserFactory(username="treasurer2", role=roles.TREASURERS)
    line.name = "Stickers and badges"
    services.row_save(obj=line, by=editor)
    change = MoneyChange.objects.get(model="budgetline", object_id=line.pk, field="name", by=editor)
    assert (change.before, change.after) == ("Stickers", "Stickers and badges")


def test_cutting_a_line_below_what_is_spent_raises_its_alerts(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026), approved_usd=Decimal("1000"))
    ExpenseFactory(line=line, spent_on=date(2026, 3, 1), amount=Decimal("700.00"))
    line.approved_usd = Decimal("800.00")
    services.row_save(obj=line, by=treasurer)
    assert set(LineAlert.objects.filter(line=line).values_list("level", flat=True)) == {"warning"}


def test_an_amendment_that_cuts_the_line_raises_its_alerts(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026), approved_usd=Decimal("1000"))
    ExpenseFactory(line=line, spent_on=date(2026, 3, 1), amount=Decimal("700.00"))
    services.row_save(
        obj=Amendment(
            line=line,
            amount_usd=Decimal("-400.00"),
            reason="Fewer conferences",
            resolution="Board meeting, resolution 2026-09",
            resolved_on=date(2026, 9, 1),
        ),
        by=treasurer,
    )
    assert set(LineAlert.objects.filter(line=line).values_list("level", flat=True)) == {
        "warning",
        "exceeded",
    }
