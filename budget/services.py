"""What changes the budget: expenses with their rate, the audit trail, kit costs and alerts.

Views, the admin, the kits receiver and the seed all call these, so each rule has one home.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budget.models import (
    WARNING_PERCENT,
    BudgetLine,
    Category,
    Commitment,
    Expense,
    FiscalYear,
    LineAlert,
    MoneyChange,
    YearActor,
    YearStatus,
)
from community.money import convert, validate_currency
from community.workflow import ActionRefused

STALE_MESSAGE = (
    "Someone else saved this {noun} while you were editing it. Reload it to see their "
    "changes, then make yours again."
)
AUDITED_FIELDS = {
    "expense": (
        "line_id",
        "spent_on",
        "amount",
        "currency",
        "usd_rate",
        "usd_amount",
        "payee",
        "description",
        "commitment_id",
    ),
    "budgetline": ("approved_usd", "category", "region_id", "name", "resolution", "resolved_on"),
    "amendment": ("amount_usd", "reason", "resolution", "resolved_on"),
    "commitment": ("amount_usd", "payee", "description", "due_on", "status"),
    "conferencesupport": (
        "kind",
        "conference",
        "year",
        "amount_usd",
        "status",
        "level_or_purpose",
        "booth_id",
    ),
}


def usd_rate_on(*, currency: str, day: date) -> Decimal:
    """US dollars per unit of ``currency`` on ``day`` from kits' rate table; refuses when none."""
    from kits.models import ExchangeRate

    validate_currency(currency)
    if currency == "USD":
        return Decimal("1")
    rate = ExchangeRate.objects.rate_on(currency, day)
    if rate is None:
        raise ValidationError(
            f"There is no {currency} exchange rate on or before {day}; add one under "
            "Kits, Exchange rates (or import the ECB file) first.",
            code="no_rate",
        )
    return rate.usd_per_unit


def money_changes_record(*, obj, before: dict | None, by) -> list[MoneyChange]:
    """One audit row per audited field whose value changed (all of them for a new row)."""
    name = obj._meta.model_name
    rows = []
    for field in AUDITED_FIELDS[name]:
        old = None if before is None else before.get(field)
        new = getattr(obj, field)
        if before is None or old != new:
            rows.append(
                MoneyChange(
                    model=name,
                    object_id=obj.pk,
                    field=field,
                    before="" if old is None else str(old),
                    after="" if new is None else str(new),
                    by=by,
                )
            )
    return MoneyChange.objects.bulk_create(rows)


def audited_values(obj) -> dict:
    return {field: getattr(obj, field) for field in AUDITED_FIELDS[obj._meta.model_name]}


def _line_with_locked_year(line_id: int) -> BudgetLine:
    """The line, with its fiscal year's row locked until the transaction ends.

    Closing a year locks the same row (its transition), so an expense saved at that moment
    either waits and then finds the year closed, or is in the books before it closes; a
    plain read let it land in a year closed a moment earlier.
    """
    return (
        BudgetLine.objects.select_related("fiscal_year")
        .select_for_update(of=("fiscal_year",))
        .get(pk=line_id)
    )


def _refuse_closed_year(line: BudgetLine) -> None:
    if line.fiscal_year.status != YearStatus.OPEN:
        raise ValidationError(
            f"{line.fiscal_year} is closed: a treasurer must reopen it, with a reason, "
            "before expenses change.",
            code="closed_year",
        )


def _price(expense: Expense) -> None:
    expense.usd_rate = usd_rate_on(currency=expense.currency, day=expense.spent_on)
    expense.usd_amount = convert(expense.amount, expense.usd_rate)
    if expense.usd_amount <= 0:
        raise ValidationError("The amount is less than one US cent.", code="too_small")


def expense_save(*, expense: Expense, by, expected_version: int | None = None) -> Expense:
    """Create or update ``expense``: prices it in USD, refuses closed years and stale edits,
    records the audit trail and checks the line's alerts, in one transaction.

    ``expected_version`` is the version the editor loaded; when another save came first,
    ``ActionRefused`` says so and nothing is written.
    """
    with transaction.atomic():
        line = _line_with_locked_year(expense.line_id)
        _refuse_closed_year(line)
        year = line.fiscal_year
        if not year.starts_on <= expense.spent_on <= year.ends_on:
            raise ValidationError(
                f"The date {expense.spent_on} is outside {year} "
                f"({year.starts_on} to {year.ends_on}).",
                code="outside_year",
            )
        _price(expense)
        old_line_id = reopened_line_id = None
        if expense.pk is None:
            expense.entered_by = expense.entered_by or by
            expense.save()
            money_changes_record(obj=expense, before=None, by=by)
        else:
            stored = Expense.objects.select_for_update().get(pk=expense.pk)
            version = expense.version if expected_version is None else expected_version
            if stored.version != version:
                raise ActionRefused(STALE_MESSAGE.format(noun="expense"))
            if stored.line_id != expense.line_id:
                _refuse_closed_year(_line_with_locked_year(stored.line_id))
            before = audited_values(stored)
            expense.version = stored.version + 1
            expense.save()
            money_changes_record(obj=expense, before=before, by=by)
            old_line_id = stored.line_id
            if stored.commitment_id and stored.commitment_id != expense.commitment_id:
                # No longer settled by this expense: promised again, as when it is deleted.
                reopened_line_id = _commitment_settle(
                    commitment_id=stored.commitment_id, by=by, status=Commitment.Status.OPEN
                )
        if expense.commitment_id:
            _commitment_settle(commitment_id=expense.commitment_id, by=by)
        alerts_check(line_ids={expense.line_id, old_line_id, reopened_line_id} - {None})
    return expense


def _commitment_settle(*, commitment_id: int, by, status=Commitment.Status.PAID) -> int | None:
    """Move a commitment in or out of "paid" as its expense comes or goes, so its money
    counts once: committed until the expense exists, spent after. Returns its line when
    the status changed (that line's figures moved), else None."""
    locked = Commitment.objects.select_for_update().get(pk=commitment_id)
    if locked.status == status or locked.status == Commitment.Status.CANCELLED:
        return None
    before = audited_values(locked)
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    money_changes_record(obj=locked, before=before, by=by)
    return locked.line_id


def expense_delete(*, expense: Expense, by) -> None:
    """Remove an expense of an open year; the audit trail keeps what it was."""
    with transaction.atomic():
        stored = (
            Expense.objects.select_for_update()
            .select_related("line__fiscal_year")
            .get(pk=expense.pk)
        )
        _refuse_closed_year(stored.line)
        before = audited_values(stored)
        MoneyChange.objects.bulk_create(
            MoneyChange(
                model="expense",
                object_id=stored.pk,
                field=field,
                before="" if value is None else str(value),
                after="",
                by=by,
            )
            for field, value in before.items()
        )
        line_id, commitment_id = stored.line_id, stored.commitment_id
        stored.delete()
        reopened_line_id = None
        if commitment_id:
            # The promise is unpaid again: it counts as committed once more (on its own line,
            # which may not be the expense's).
            reopened_line_id = _commitment_settle(
                commitment_id=commitment_id, by=by, status=Commitment.Status.OPEN
            )
        alerts_check(line_ids={line_id, reopened_line_id} - {None})


def row_save(*, obj, by, expected_version: int | None = None):
    """Save a line, amendment, commitment or sponsorship with the same stale-edit refusal
    and audit trail as an expense."""
    model = type(obj)
    with transaction.atomic():
        if obj.pk is None:
            obj.save()
            money_changes_record(obj=obj, before=None, by=by)
        else:
            stored = model.objects.select_for_update().get(pk=obj.pk)
            version = obj.version if expected_version is None else expected_version
            if stored.version != version:
                raise ActionRefused(STALE_MESSAGE.format(noun=model._meta.verbose_name))
            before = audited_values(stored)
            obj.version = stored.version + 1
            obj.save()
            money_changes_record(obj=obj, before=before, by=by)
        line_id = getattr(obj, "line_id", None) or (obj.pk if model is BudgetLine else None)
        if line_id:
            alerts_check(line_ids={line_id})
    return obj


def commitment_pay(
    *, commitment: Commitment, by, spent_on: date, amount: Decimal, currency: str = "USD"
) -> Expense:
    """Settle a promise: one expense stands for it and the commitment becomes paid, so the
    money counts once (it leaves "committed" as it enters "spent")."""
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if locked.status != Commitment.Status.OPEN:
            raise ActionRefused("This commitment is already paid or cancelled.")
        expense = Expense(
            line_id=locked.line_id,
            spent_on=spent_on,
            amount=amount,
            currency=currency,
            payee=locked.payee,
            description=locked.description,
            commitment=locked,
        )
        return expense_save(expense=expense, by=by)


def fiscal_year_close(*, year: FiscalYear, by, reason: str = ""):
    return year.transition(YearStatus.CLOSED, by=by, actor=YearActor.TREASURER, reason=reason)


def fiscal_year_reopen(*, year: FiscalYear, by, reason: str):
    """Reopen a closed year; the reason is required and kept in the year's history."""
    return year.transition(YearStatus.OPEN, by=by, actor=YearActor.TREASURER, reason=reason)


# --- kit shipment costs ---------------------------------------------------------------


def kit_line_for(*, region_id, day: date) -> BudgetLine | None:
    """The kit shipping line a shipment's cost belongs to: its region's, else the
    year's line for every region."""
    year = FiscalYear.objects.containing(day).first()
    if year is None:
        return None
    lines = BudgetLine.objects.filter(fiscal_year=year, category=Category.KIT_SHIPPING)
    return (
        lines.filter(region_id=region_id).order_by("pk").first()
        or lines.filter(region__isnull=True).order_by("pk").first()
    )


def shipment_cost_sync(*, shipment_id: int) -> Expense | None:
    """Make the shipment's budget expense match its cost: created once, updated when the
    cost changes, removed when it no longer has one. Costs dated in a closed year are left
    alone (the year's books are final until a treasurer reopens it)."""
    from kits.models import Shipment

    row = Shipment.objects.filter(pk=shipment_id).costs().first()
    with transaction.atomic():
        existing = Expense.objects.select_for_update().filter(shipment_id=shipment_id).first()
        if row is None or row["date"] is None:
            if existing is not None and existing.line.fiscal_year.is_open:
                line_id = existing.line_id
                existing.delete()
                alerts_check(line_ids={line_id})
            return None
        shipment = Shipment.objects.select_related("kit").get(pk=shipment_id)
        line = kit_line_for(region_id=shipment.kit.region_id, day=row["date"])
        if line is None or not line.fiscal_year.is_open:
            return existing
        expense = existing or Expense(shipment_id=shipment_id)
        if existing is not None and (existing.line_id, existing.spent_on, existing.amount) == (
            line.pk,
            row["date"],
            row["usd"],
        ):
            return existing
        expense.line = line
        expense.spent_on = row["date"]
        expense.amount = row["usd"]
        expense.currency = "USD"  # kits already priced it in USD at the shipment's rate
        expense.payee = shipment.carrier_label
        expense.description = f"Shipping {row['kit_name']} ({shipment.route})"
        expense.entered_by = shipment.logged_by
        try:
            with transaction.atomic():
                return expense_save(expense=expense, by=shipment.logged_by)
        except IntegrityError:
            # Two saves of one shipment at once: the unique link kept one expense; the
            # other save brings it up to date.
            return shipment_cost_sync(shipment_id=shipment_id)


# --- alerts ---------------------------------------------------------------------------


def line_level(*, approved: Decimal, spent: Decimal, committed: Decimal) -> str:
    """ "exceeded", "warning" (80 % or more) or "" for what is spent and committed."""
    used = spent + committed
    if approved <= 0:
        return LineAlert.Level.EXCEEDED if used > 0 else ""
    if used > approved:
        return LineAlert.Level.EXCEEDED
    if used * 100 >= approved * WARNING_PERCENT:
        return LineAlert.Level.WARNING
    return ""


def alerts_check(*, line_ids) -> list[LineAlert]:
    """Claim and mail each threshold a line has crossed, once per line and level ever:
    the unique row is the claim, so editing an expense back and forth mails nobody twice.
    The mail is queued after commit."""
    from budget.notifications import alert_mail_queue

    claimed = []
    for line in BudgetLine.objects.with_figures().filter(pk__in=line_ids):
        level = line_level(approved=line.approved, spent=line.spent, committed=line.committed)
        levels = {
            LineAlert.Level.WARNING: [LineAlert.Level.WARNING],
            LineAlert.Level.EXCEEDED: [LineAlert.Level.WARNING, LineAlert.Level.EXCEEDED],
        }.get(level, [])
        for each in levels:
            alert, created = LineAlert.objects.get_or_create(line=line, level=each)
            if created:
                claimed.append(alert)
                transaction.on_commit(
                    lambda line=line, each=each: alert_mail_queue(line_id=line.pk, level=each)
                )
    return claimed
