"""The board's budget: fiscal years, approved lines, amendments, expenses and commitments.

Budget lives on the top floor: it reads kits' shipment costs (through
``Shipment.objects.costs()`` and a signal receiver in ``budget.receivers``), and no
lower app imports it. Every amount is a ``Decimal`` in US dollars unless a currency
stands beside it; sums are done by the database.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from community.money import CURRENCIES, CURRENCY_CHOICES, validate_currency
from community.workflow import TransitionRecord, Workflow, WorkflowModel

ZERO = Decimal("0.00")
WARNING_PERCENT = Decimal("80")
POSITIVE = [MinValueValidator(Decimal("0.01"), "The amount must be more than zero.")]


def fiscal_year_start_month() -> int:
    """The month a fiscal year starts (``BUDGET_FISCAL_YEAR_START_MONTH``; the PSF's: January)."""
    return int(getattr(settings, "BUDGET_FISCAL_YEAR_START_MONTH", 1))


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    """First and last day of fiscal year ``year``, named after the calendar year it starts in."""
    month = fiscal_year_start_month()
    return date(year, month, 1), date(year + 1, month, 1) - timedelta(days=1)


class Category(models.TextChoices):
    CONFERENCE_KITS = "kits", "Conference kits"
    KIT_SHIPPING = "shipping", "Kit shipping"
    SPONSORSHIPS = "sponsorships", "Conference sponsorships"
    GRANTS = "grants", "Conference grants"
    MARKETING = "marketing", "Marketing material"
    OTHER = "other", "Other"


# --- fiscal years ---------------------------------------------------------------------


class YearStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class YearActor(models.TextChoices):
    TREASURER = "treasurer", "treasurer"


class FiscalYearQuerySet(models.QuerySet):
    def containing(self, day: date):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def current(self, today: date | None = None):
        return self.containing(today or timezone.localdate()).first()


class FiscalYear(WorkflowModel, models.Model):
    """A fiscal year, open for expenses or closed; reopening takes a treasurer and a reason."""

    workflow = Workflow(
        YearStatus,
        {
            (YearStatus.OPEN, YearStatus.CLOSED): {YearActor.TREASURER},
            (YearStatus.CLOSED, YearStatus.OPEN): {YearActor.TREASURER},
        },
        noun="fiscal year",
    )
    history_model = "FiscalYearTransition"
    history_fk = "fiscal_year"

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="The calendar year it starts in."
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=YearStatus, default=YearStatus.OPEN)

    objects = FiscalYearQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="budget_year_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="budget_year_in_range"
            ),
        ]

    def __str__(self):
        if self.starts_on and self.starts_on.month == 1:
            return f"FY {self.year}"
        return f"FY {self.year}/{(self.year + 1) % 100:02d}"

    def save(self, *args, **kwargs):
        if not self.starts_on or not self.ends_on:
            self.starts_on, self.ends_on = fiscal_year_bounds(self.year)
        super().save(*args, **kwargs)

    def check_transition(self, source, to, *, by, actor, reason, now):
        from community.workflow import ActionRefused

        if to == YearStatus.OPEN and not reason:
            raise ActionRefused("Say why the year is reopened; the reason is kept with it.")

    @property
    def is_open(self) -> bool:
        return self.status == YearStatus.OPEN


class FiscalYearTransition(TransitionRecord):
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="history")

    class Meta(TransitionRecord.Meta):
        verbose_name = "fiscal year opening or closing"


# --- lines and amendments -------------------------------------------------------------


class BudgetLineQuerySet(models.QuerySet):
    def with_figures(self):
        """Each line with ``approved`` (with amendments), ``committed``, ``spent``, all USD.

        Subqueries rather than joins: three joined sums would multiply each other's rows.
        """
        amendments = (
            Amendment.objects.filter(line=models.OuterRef("pk"))
            .values("line")
            .annotate(total=Sum("amount_usd"))
            .values("total")
        )
        spent = (
            Expense.objects.filter(line=models.OuterRef("pk"))
            .values("line")
            .annotate(total=Sum("usd_amount"))
            .values("total")
        )
        committed = (
            Commitment.objects.outstanding()
            .filter(line=models.OuterRef("pk"))
            .values("line")
            .annotate(total=Sum("amount_usd"))
            .values("total")
        )
        money = models.DecimalField(max_digits=14, decimal_places=2)
        return self.annotate(
            amended=Coalesce(models.Subquery(amendments, output_field=money), Value(ZERO)),
            approved=F("approved_usd") + F("amended"),
            spent=Coalesce(models.Subquery(spent, output_field=money), Value(ZERO)),
            committed=Coalesce(models.Subquery(committed, output_field=money), Value(ZERO)),
        )

    def visible_to(self, user):
        """Board members, treasurers and superusers see every line; kit managers their
        regions' kit lines; anyone else none."""
        from budget.access import managed_region_ids, reads_budget

        if reads_budget(user):
            return self
        regions = managed_region_ids(user)
        if not regions:
            return self.none()
        return self.filter(
            category__in=[Category.CONFERENCE_KITS, Category.KIT_SHIPPING], region__in=regions
        )


class BudgetLine(models.Model):
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="lines")
    category = models.CharField(max_length=20, choices=Category)
    region = models.ForeignKey(
        "representatives.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a line that covers every region.",
    )
    name = models.CharField(max_length=120)
    approved_usd = models.DecimalField(
        "approved (USD)", max_digits=12, decimal_places=2, validators=POSITIVE
    )
    resolution = models.CharField(
        "board resolution or meeting", max_length=200, help_text="As in the minutes."
    )
    resolved_on = models.DateField("resolution date")
    notes = models.TextField(blank=True, max_length=4000)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["fiscal_year", "category", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_usd__gt=0), name="budget_line_approved_positive"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "name"], name="budget_line_name_once_a_year"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.fiscal_year})"

    def get_absolute_url(self):
        return reverse("budget:line-detail", kwargs={"pk": self.pk})


class Amendment(models.Model):
    """A dated change to a line's approved amount: the approved amount is never overwritten."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="amendments")
    amount_usd = models.DecimalField(
        "change (USD)", max_digits=12, decimal_places=2, help_text="Negative to cut the line."
    )
    reason = models.TextField(max_length=2000)
    resolution = models.CharField("board resolution or meeting", max_length=200)
    resolved_on = models.DateField("resolution date")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["resolved_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount_usd=0), name="budget_amendment_not_zero"),
        ]

    def __str__(self):
        return f"{self.amount_usd:+} USD to {self.line.name} on {self.resolved_on}"

    def clean(self):
        if self.amount_usd == 0:
            raise ValidationError({"amount_usd": "An amendment of zero changes nothing."})


# --- commitments and expenses ---------------------------------------------------------


class CommitmentQuerySet(models.QuerySet):
    def outstanding(self):
        """Promised and not yet paid: a paid commitment counts once, as its expense."""
        return self.filter(status=Commitment.Status.OPEN)


class Commitment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Promised, not paid"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="commitments")
    payee = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    amount_usd = models.DecimalField(
        "amount (USD)", max_digits=12, decimal_places=2, validators=POSITIVE
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_usd__gt=0), name="budget_commitment_positive"
            ),
        ]

    def __str__(self):
        return f"{self.payee}: {self.amount_usd} USD"


def receipt_storage():
    from kits.models import private_storage

    return private_storage()


class Expense(models.Model):
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="expenses")
    spent_on = models.DateField("date")
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=POSITIVE)
    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, default="USD", validators=[validate_currency]
    )
    usd_rate = models.DecimalField("USD per unit", max_digits=20, decimal_places=10, editable=False)
    usd_amount = models.DecimalField("USD", max_digits=12, decimal_places=2, editable=False)
    payee = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    receipt = models.FileField(upload_to="budget/receipts/%Y/", storage=receipt_storage, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Filled only for costs that flowed in from kits; one expense per shipment at most.
    shipment = models.OneToOneField(
        "kits.Shipment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget_expense",
    )
    commitment = models.OneToOneField(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expense",
        help_text="The promise this payment settles.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        indexes = [
            models.Index(fields=["line", "spent_on"], name="budget_expense_line_day_idx"),
            # A line's spending (reports, the board's lines at risk) is summed from this
            # index alone, without reading the expenses' rows.
            models.Index(
                fields=["line"], include=["usd_amount"], name="budget_expense_line_sum_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_expense_positive"),
            models.CheckConstraint(
                condition=Q(usd_amount__gt=0) & Q(usd_rate__gt=0),
                name="budget_expense_usd_positive",
            ),
            models.CheckConstraint(
                condition=Q(currency__in=sorted(CURRENCIES)), name="budget_expense_known_currency"
            ),
        ]

    def __str__(self):
        return f"{self.spent_on}: {self.amount} {self.currency} to {self.payee}"


# --- sponsorships and grants ----------------------------------------------------------


class ConferenceSupportQuerySet(models.QuerySet):
    def with_booth_costs(self) -> list:
        """The supports (a page of them: slice first) with ``costs`` set: their booth's costs
        row completed by ``with_support``, or None. One query for every booth of the page."""
        from kits.models import Booth

        supports = list(self)
        booth_ids = [s.booth_id for s in supports if s.booth_id]
        rows = (
            {row["booth_id"]: row for row in Booth.objects.filter(pk__in=booth_ids).costs()}
            if booth_ids
            else {}
        )
        for support in supports:
            row = rows.get(support.booth_id)
            support.costs = with_support(row, support.amount_usd) if row else None
        return supports


class ConferenceSupport(models.Model):
    """A conference sponsorship or grant: what the PSF paid and what it got back."""

    class Kind(models.TextChoices):
        SPONSORSHIP = "sponsorship", "Sponsorship"
        GRANT = "grant", "Grant"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        PAID = "paid", "Paid"
        DECLINED = "declined", "Declined"

    kind = models.CharField(max_length=12, choices=Kind)
    conference = models.CharField(max_length=200)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The conference on the Python events calendar, when it is there.",
    )
    year = models.PositiveSmallIntegerField()
    level_or_purpose = models.CharField(max_length=200)
    amount_usd = models.DecimalField(
        "amount (USD)", max_digits=12, decimal_places=2, validators=POSITIVE
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    got_booth = models.BooleanField("a booth", default=False)
    kit = models.ForeignKey(
        "kits.Kit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The link lives here, not on the booth: kits (floor 4) never import budget (floor 5).
    # One sponsorship or grant pays for a booth, and it pays for one booth.
    booth = models.OneToOneField(
        "kits.Booth",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_support",
        help_text="The PSF booth this pays for; its report and costs show on the board's page.",
    )
    activity_report = models.ForeignKey(
        "representatives.ActivityReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
        help_text="The regional representative's report that asked for this support.",
    )
    got_talk_slot = models.BooleanField("a talk slot", default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ConferenceSupportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "conference"]
        verbose_name = "sponsorship or grant"
        verbose_name_plural = "sponsorships and grants"
        constraints = [
            models.CheckConstraint(condition=Q(amount_usd__gt=0), name="budget_support_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="budget_support_year"
            ),
            models.CheckConstraint(
                condition=Q(booth__isnull=True) | Q(got_booth=True),
                name="budget_support_booth_means_got_booth",
                violation_error_message="Tick “a booth” when the support pays for a booth.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.conference} {self.year}"

    def get_absolute_url(self):
        return reverse("budget:support-detail", kwargs={"pk": self.pk})

    def booth_costs(self) -> dict | None:
        """The booth's costs row (``Booth.objects.costs()``) with this support as what paid
        for it, or None without a booth. One query."""
        if self.booth_id is None:
            return None
        from kits.models import Booth

        row = Booth.objects.filter(pk=self.booth_id).costs().first()
        return with_support(row, self.amount_usd) if row else None


def with_support(row: dict, amount_usd: Decimal) -> dict:
    """A ``Booth.objects.costs()`` row completed with what paid for the booth: ``support_usd``,
    ``total_usd`` and ``cost_per_visitor`` (None before the report's visitors)."""
    from kits.models import cost_per_visitor

    return {
        **row,
        "support_usd": amount_usd,
        "total_usd": amount_usd + row["shipping_usd"] + row["consumables_usd"],
        "cost_per_visitor": cost_per_visitor(row, paid_for_booth=amount_usd),
    }


# --- audit and alerts -----------------------------------------------------------------


class MoneyChange(models.Model):
    """One field of a money row changed: before and after, by whom and when (read-only)."""

    model = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=40)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"], name="budget_change_row_idx")]

    def __str__(self):
        return f"{self.model} {self.object_id}.{self.field}: {self.before} → {self.after}"


class LineAlert(models.Model):
    """A line crossed a threshold; the unique row is the claim that mails it once."""

    class Level(models.TextChoices):
        WARNING = "warning", "80 % used"
        EXCEEDED = "exceeded", "Exceeded"

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="alerts")
    level = models.CharField(max_length=10, choices=Level)
    crossed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "level"], name="budget_alert_once_per_level")
        ]

    def __str__(self):
        return f"{self.line}: {self.get_level_display()}"
