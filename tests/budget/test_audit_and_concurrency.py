"""Every change to a money row is kept; a save over someone else's newer save is refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from budget import services
from budget.models import Expense, MoneyChange
from community import roles
from community.workflow import ActionRefused
from tests.budget.factories import BudgetLineFactory, FiscalYearFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expense(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    return services.expense_save(
        expense=Expense(
            line=line,
            spent_on=date(2026, 4, 1),
            amount=Decimal("80.00"),
            currency="USD",
            payee="Printer",
            description="Flyers",
        ),
        by=treasurer,
    )


def test_changes_keep_who_when_and_the_values_before_and_after(expense, treasurer):
    other = UserFactory(username="treasurer2", role=roles.TREASURERS)
    expense.amount = Decimal("95.00")
    services.expense_save(expense=expense, by=other)
    change = MoneyChange.objects.get(
        model="expense", object_id=expense.pk, field="amount", by=other
    )
    assert (change.before, change.after) == ("80.00", "95.00")
    assert MoneyChange.objects.filter(
        object_id=expense.pk, field="usd_amount", after="95.00"
    ).exists()


def test_second_of_two_saves_from_the_same_version_is_refused(expense, treasurer):
    first = Expense.objects.get(pk=expense.pk)
    second = Expense.objects.get(pk=expense.pk)
    first.amount = Decimal("90.00")
    services.expense_save(expense=first, by=treasurer)
    second.payee = "Another printer"
    with pytest.raises(ActionRefused, match="Someone else saved this expense"):
        services.expense_save(expense=second, by=treasurer)
    stored = Expense.objects.get(pk=expense.pk)
    assert (stored.amount, stored.payee, stored.version) == (Decimal("90.00"), "Printer", 2)


def test_two_admin_sessions_the_second_save_gets_a_clear_message(expense, treasurer):
    other = UserFactory(username="treasurer2", role=roles.TREASURERS)
    url = reverse("admin:budget_expense_change", args=[expense.pk])
    alice, bob = Client(), Client()
    alice.force_login(treasurer)
    bob.force_login(other)
    form = {
        "line": expense.line_id,
        "spent_on": "2026-04-01",
        "currency": "USD",
        "payee": "Printer",
        "description": "Flyers",
        "commitment": "",
        "loaded_version": "1",
    }
    assert alice.get(url).status_code == 200
    assert bob.get(url).status_code == 200
    response = alice.post(url, {**form, "amount": "91.00"})
    assert response.status_code == 302
    response = bob.post(url, {**form, "amount": "92.00"})
    assert response.status_code == 200
    assert "Someone else saved this expense" in response.content.decode()
    assert Expense.objects.get(pk=expense.pk).amount == Decimal("91.00")


def test_audit_history_is_read_only_in_the_admin(expense, treasurer):
    client = Client()
    client.force_login(treasurer)
    change = MoneyChange.objects.filter(object_id=expense.pk).first()
    url = reverse("admin:budget_moneychange_change", args=[change.pk])
    client.post(url, {"before": "forged"})
    change.refresh_from_db()
    assert change.before != "forged"
    assert client.get(reverse("admin:budget_moneychange_add")).status_code == 403


def test_a_receipt_is_checked_by_content_and_served_to_readers_only(
    expense, treasurer, board_member, na_manager, private_root
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:budget_expense_change", args=[expense.pk])
    client = Client()
    client.force_login(treasurer)
    form = {
        "line": expense.line_id,
        "spent_on": "2026-04-01",
        "currency": "USD",
        "payee": "Printer",
        "description": "Flyers",
        "commitment": "",
        "amount": "80.00",
        "loaded_version": "1",
    }
    fake = SimpleUploadedFile("receipt.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {**form, "receipt": fake})
    assert response.status_code == 200
    assert "neither, whatever its name says" in response.content.decode()

    pdf = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {**form, "receipt": pdf}).status_code == 302
    assert client.get(url).status_code == 200
    download = reverse("budget:receipt-download", args=[expense.pk])
    reader = Client()
    reader.force_login(board_member)
    response = reader.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    manager = Client()
    manager.force_login(na_manager)
    assert manager.get(download).status_code == 403


def test_deleting_an_expense_keeps_its_audit_trail(expense, treasurer):
    services.expense_delete(expense=expense, by=treasurer)
    assert not Expense.objects.exists()
    assert MoneyChange.objects.filter(
        object_id=expense.pk, field="amount", before="80.00", after=""
    ).exists()


def test_reopening_a_year_in_the_admin_asks_for_the_reason(treasurer):
    from budget.models import FiscalYear

    year = FiscalYearFactory(year=2025)
    services.fiscal_year_close(year=year, by=treasurer)
    client = Client()
    client.force_login(treasurer)
    url = reverse("admin:budget_fiscalyear_change", args=[year.pk])
    form = {
        "year": "2025",
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "new_status": "open",
        "reason": "",
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Say why the year is reopened" in response.content.decode()
    assert FiscalYear.objects.get(pk=year.pk).status == "closed"
    response = client.post(url, {**form, "reason": "Late invoice"})
    assert response.status_code == 302
    assert FiscalYear.objects.get(pk=year.pk).status == "open"
    assert year.history.last().reason == "Late invoice"


def test_a_deleted_expense_leaves_every_field_emptied_in_the_deleters_name(expense, treasurer):
    deleter = UserFactory(username="treasurer2", role=roles.TREASURERS)
    services.expense_delete(expense=expense, by=deleter)
    trail = MoneyChange.objects.filter(model="expense", object_id=expense.pk, by=deleter)
    assert {row.field: (row.before, row.after) for row in trail} == {
        "line_id": (str(expense.line_id), ""),
        "spent_on": ("2026-04-01", ""),
        "amount": ("80.00", ""),
        "currency": ("USD", ""),
        "usd_rate": ("1.0000000000", ""),
        "usd_amount": ("80.00", ""),
        "payee": ("Printer", ""),
        "description": ("Flyers", ""),
        "commitment_id": ("", ""),
    }
