"""An expense saved or deleted while a treasurer closes its year: the closed year's books
stay as they were closed."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from budget import services
from budget.models import Expense, YearStatus
from tests.budget.factories import BudgetLineFactory, ExpenseFactory, FiscalYearFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_expense_saved_while_its_year_closes_waits_and_is_refused(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    closing, outcome = threading.Event(), {}

    def close_the_year_slowly():
        try:
            with transaction.atomic():
                services.fiscal_year_close(year=line.fiscal_year, by=treasurer)
                closing.set()
                time.sleep(1)  # the expense below is saved meanwhile, or waits
        finally:
            connection.close()

    def save_an_expense():
        closing.wait(10)
        try:
            services.expense_save(
                expense=Expense(line_id=line.pk, spent_on=date(2026, 5, 1),
                                amount=Decimal("40.00"), currency="USD", payee="Printer",
                                description="Stickers"),
                by=treasurer,
            )  # fmt: skip
            outcome["saved"] = True
        except ValidationError as exc:
            outcome["refused"] = exc.code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=close_the_year_slowly),
        threading.Thread(target=save_an_expense),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    line.fiscal_year.refresh_from_db()
    assert line.fiscal_year.status == YearStatus.CLOSED
    assert outcome == {"refused": "closed_year"}
    assert not Expense.objects.filter(line=line).exists()


def test_an_expense_deleted_while_its_year_closes_waits_and_is_refused(treasurer):
    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=2026))
    expense = ExpenseFactory(line=line, spent_on=date(2026, 5, 1), amount=Decimal("40.00"))
    closing, outcome = threading.Event(), {}

    def close_the_year_slowly():
        try:
            with transaction.atomic():
                services.fiscal_year_close(year=line.fiscal_year, by=treasurer)
                closing.set()
                time.sleep(1)  # the expense below is deleted meanwhile, or waits
        finally:
            connection.close()

    def delete_the_expense():
        closing.wait(10)
        try:
            services.expense_delete(expense=expense, by=treasurer)
            outcome["deleted"] = True
        except ValidationError as exc:
            outcome["refused"] = exc.code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=close_the_year_slowly),
        threading.Thread(target=delete_the_expense),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    line.fiscal_year.refresh_from_db()
    assert line.fiscal_year.status == YearStatus.CLOSED
    assert outcome == {"refused": "closed_year"}
    assert Expense.objects.filter(pk=expense.pk).exists()
