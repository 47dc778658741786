"""The board report's figures: lines with their state, totals, months, projections.

Every sum is done by the database (``BudgetLine.objects.with_figures()`` and grouped
expense sums); Python only adds up those Decimals for totals and divides for the burn
rate. The number of queries does not depend on the number of expenses.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from budget.models import (
    ZERO,
    BudgetLine,
    Category,
    ConferenceSupport,
    Expense,
    FiscalYear,
    LineAlert,
)
from budget.services import line_level

RISK_ORDER = {LineAlert.Level.EXCEEDED: 0, LineAlert.Level.WARNING: 1, "": 2}


def percent(part: Decimal, whole: Decimal) -> Decimal:
    if whole <= 0:
        return Decimal("100") if part > 0 else ZERO
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


@dataclass
class LineRow:
    line: BudgetLine
    approved: Decimal
    committed: Decimal
    spent: Decimal
    level: str
    run_out_on: date | None = None

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.spent - self.committed

    @property
    def used(self) -> Decimal:
        return self.spent + self.committed

    @property
    def percent_used(self) -> Decimal:
        return percent(self.used, self.approved)

    @property
    def bar_width(self) -> int:
        """The bar's length in steps of 5 % (CSS classes, no inline style), capped at 100."""
        return min(100, int(self.percent_used // 5) * 5)

    @property
    def state_label(self) -> str:
        return {
            LineAlert.Level.EXCEEDED: "Exceeded",
            LineAlert.Level.WARNING: "80 % or more used",
        }.get(self.level, "Within budget")


@dataclass
class Totals:
    label: str
    approved: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.spent - self.committed

    @property
    def percent_used(self) -> Decimal:
        return percent(self.spent + self.committed, self.approved)


@dataclass
class MonthRow:
    month: date
    spent: Decimal
    cumulative: Decimal
    projected: bool = False


@dataclass
class YearReport:
    year: FiscalYear
    lines: list[LineRow]
    by_category: list[Totals]
    by_region: list[Totals]
    total: Totals
    months: list[MonthRow]
    burn_per_day: Decimal
    projected_year_end: Decimal
    run_out_on: date | None
    support: list[dict] = field(default_factory=list)


def line_rows(lines) -> list[LineRow]:
    rows = [
        LineRow(
            line=line,
            approved=line.approved,
            committed=line.committed,
            spent=line.spent,
            level=line_level(approved=line.approved, spent=line.spent, committed=line.committed),
        )
        for line in lines
    ]
    rows.sort(key=lambda row: (RISK_ORDER[row.level], -row.percent_used, row.line.name))
    return rows


def lines_at_risk(year: FiscalYear | None = None, *, user=None) -> list[LineRow]:
    """The year's lines at 80 % or more (spent plus committed), exceeded ones first.

    For the board's overview; ``user`` limits them to what that person may read.
    """
    year = year or FiscalYear.objects.current()
    if year is None:
        return []
    lines = BudgetLine.objects.filter(fiscal_year=year)
    if user is not None:
        lines = lines.visible_to(user)
    rows = line_rows(lines.with_figures().select_related("fiscal_year", "region"))
    return [row for row in rows if row.level]


def _month_starts(year: FiscalYear) -> list[date]:
    months, day = [], year.starts_on.replace(day=1)
    while day <= year.ends_on:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def year_report(year: FiscalYear, *, lines, today: date | None = None) -> YearReport:
    """The report of ``year`` over ``lines`` (already limited to what the reader may see)."""
    today = today or timezone.localdate()
    lines = lines.filter(fiscal_year=year).with_figures().select_related("region")
    rows = line_rows(lines)

    total = Totals("All lines")
    categories = {value: Totals(label) for value, label in Category.choices}
    regions: dict[str, Totals] = {}
    for row in rows:
        region = row.line.region.name if row.line.region else "Every region"
        for bucket in (
            total,
            categories[row.line.category],
            regions.setdefault(region, Totals(region)),
        ):
            bucket.approved += row.approved
            bucket.committed += row.committed
            bucket.spent += row.spent

    # Summed per day by the database (at most a year's days), per month here: grouping on
    # EXTRACT(YEAR/MONTH), which PostgreSQL computes as numeric, took 9 ms at 13,000 expenses
    # on the bench machine, grouping on the date 5 ms.
    spent_by_month: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for day, spent in (
        Expense.objects.filter(line__in=lines.values("pk"))
        .values_list("spent_on")
        .annotate(spent=Sum("usd_amount"))
        .order_by()
    ):
        spent_by_month[day.year, day.month] += spent

    # Burn rate: what was spent so far over the days gone (the whole year once it is over).
    elapsed_end = min(max(today, year.starts_on), year.ends_on)
    days_gone = (elapsed_end - year.starts_on).days + 1
    days_in_year = (year.ends_on - year.starts_on).days + 1
    burn = (total.spent / days_gone).quantize(Decimal("0.01")) if days_gone else ZERO
    projected_end = total.spent + burn * (days_in_year - days_gone)

    months, cumulative = [], ZERO
    for start in _month_starts(year):
        if start <= elapsed_end:
            spent = spent_by_month.get((start.year, start.month), ZERO)
            cumulative += spent
            months.append(MonthRow(start, spent, cumulative))
        else:
            month_end = min(
                (start + timedelta(days=32)).replace(day=1), year.ends_on + timedelta(days=1)
            )
            # From the day after the last one counted, so December's figure is the
            # projected year end shown above the chart.
            projected = total.spent + burn * (month_end - elapsed_end - timedelta(days=1)).days
            months.append(MonthRow(start, ZERO, projected.quantize(Decimal("0.01")), True))

    for row in rows:
        row.run_out_on = run_out_date(row, year=year, today=elapsed_end, days_gone=days_gone)

    remaining = total.remaining
    run_out = None
    if burn > 0 and remaining > 0:
        run_out = elapsed_end + timedelta(days=int(remaining / burn))
    elif remaining <= 0 and total.approved:
        run_out = elapsed_end

    return YearReport(
        year=year,
        lines=rows,
        by_category=[t for t in categories.values() if t.approved or t.spent or t.committed],
        by_region=sorted(regions.values(), key=lambda t: t.label),
        total=total,
        months=months,
        burn_per_day=burn,
        projected_year_end=projected_end.quantize(Decimal("0.01")),
        run_out_on=run_out if run_out is None or run_out <= year.ends_on else None,
    )


def run_out_date(row: LineRow, *, year: FiscalYear, today: date, days_gone: int) -> date | None:
    """The day the line's money is gone at its burn so far; None when it lasts the year."""
    if row.remaining <= 0:
        return today
    if days_gone <= 0 or row.spent <= 0:
        return None
    per_day = row.spent / days_gone
    day = today + timedelta(days=int(row.remaining / per_day))
    return day if day <= year.ends_on else None


def support_by_year() -> list[dict]:
    """Sponsorships against grants per year (agreed or paid), for the shift the team makes."""
    counted = ConferenceSupport.objects.exclude(
        status__in=[ConferenceSupport.Status.DECLINED, ConferenceSupport.Status.PROPOSED]
    )
    table: dict[int, dict] = defaultdict(
        lambda: {"sponsorship": ZERO, "grant": ZERO, "sponsorships": 0, "grants": 0}
    )
    for item in counted.values("year", "kind").annotate(total=Sum("amount_usd"), n=Count("pk")):
        row = table[item["year"]]
        row[item["kind"]] = item["total"]
        row["sponsorships" if item["kind"] == "sponsorship" else "grants"] = item["n"]
    return [{"year": year, **table[year]} for year in sorted(table)]


def chart_data(report: YearReport, support: list[dict]) -> dict:
    """What the charts draw; the same figures as the tables beside them, as strings."""
    return {
        "months": {
            "labels": [m.month.strftime("%b %Y") for m in report.months],
            "spent": [None if m.projected else str(m.spent) for m in report.months],
            "cumulative": [None if m.projected else str(m.cumulative) for m in report.months],
            # The projection starts at the last month counted, so the two lines join.
            "projected": [
                str(m.cumulative)
                if m.projected or (i + 1 < len(report.months) and report.months[i + 1].projected)
                else None
                for i, m in enumerate(report.months)
            ],
            "approved": str(report.total.approved),
        },
        "support": {
            "labels": [str(row["year"]) for row in support],
            "sponsorships": [str(row["sponsorship"]) for row in support],
            "grants": [str(row["grant"]) for row in support],
        },
    }
