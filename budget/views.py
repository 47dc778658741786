"""The board report: thin views over ``budget.reports``; who may read is ``budget.access``."""

import csv
import itertools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from budget import reports
from budget.access import managed_region_ids, reads_budget
from budget.models import BudgetLine, ConferenceSupport, Expense, FiscalYear
from community.pagination import page_of

CSV_TABLES = ("lines", "categories", "regions", "months", "support")


def _reader_lines(request):
    """The lines this person may read; refuses anyone who may read none (one home)."""
    if reads_budget(request.user):
        return BudgetLine.objects.all(), True
    if managed_region_ids(request.user):
        return BudgetLine.objects.visible_to(request.user), False
    raise PermissionDenied


def _chosen_year(request):
    years = list(FiscalYear.objects.all())
    wanted = request.GET.get("year", "")
    chosen = next((y for y in years if str(y.year) == wanted), None)
    if chosen is None:
        today = timezone.localdate()
        chosen = next((y for y in years if y.starts_on <= today <= y.ends_on), None)
        chosen = chosen or (years[0] if years else None)
    return years, chosen


def _build(request):
    lines, reads_all = _reader_lines(request)
    years, year = _chosen_year(request)
    report = reports.year_report(year, lines=lines) if year else None
    support = reports.support_by_year() if reads_all else []
    return {
        "years": years,
        "year": year,
        "report": report,
        "support": support,
        "reads_all": reads_all,
    }


@login_required
def report(request):
    context = _build(request)
    if context["report"]:
        context["chart"] = reports.chart_data(context["report"], context["support"])
    return render(request, "budget/report.html", context)


class _Echo:
    def write(self, value):
        return value


def _csv_rows(table, report, support):
    if table == "lines":
        yield [
            "line",
            "category",
            "region",
            "approved_usd",
            "committed_usd",
            "spent_usd",
            "remaining_usd",
            "percent_used",
            "state",
            "runs_out_on",
        ]
        for row in report.lines:
            yield [
                row.line.name,
                row.line.get_category_display(),
                row.line.region.name if row.line.region else "",
                row.approved,
                row.committed,
                row.spent,
                row.remaining,
                row.percent_used,
                row.state_label,
                row.run_out_on or "",
            ]
    elif table in ("categories", "regions"):
        yield [
            table[:-3] + ("y" if table == "categories" else "ion"),
            "approved_usd",
            "committed_usd",
            "spent_usd",
            "remaining_usd",
            "percent_used",
        ]
        for t in report.by_category if table == "categories" else report.by_region:
            yield [t.label, t.approved, t.committed, t.spent, t.remaining, t.percent_used]
    elif table == "months":
        yield ["month", "spent_usd", "cumulative_usd", "projected"]
        for m in report.months:
            yield [
                m.month.strftime("%Y-%m"),
                "" if m.projected else m.spent,
                m.cumulative,
                "yes" if m.projected else "no",
            ]
    else:
        yield ["year", "sponsorships_usd", "sponsorships", "grants_usd", "grants"]
        for row in support:
            yield [
                row["year"],
                row["sponsorship"],
                row["sponsorships"],
                row["grant"],
                row["grants"],
            ]


@login_required
def report_csv(request, table):
    if table not in CSV_TABLES:
        raise Http404("No such table.")
    context = _build(request)
    if context["report"] is None or (table == "support" and not context["reads_all"]):
        raise Http404("Nothing to export.")
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _csv_rows(table, context["report"], context["support"])),
        content_type="text/csv; charset=utf-8",
    )
    name = f"budget-{context['year'].year}-{table}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _readable_line(request, pk):
    lines, _ = _reader_lines(request)
    return get_object_or_404(lines.with_figures().select_related("fiscal_year", "region"), pk=pk)


@login_required
def line_csv(request, pk):
    line = _readable_line(request, pk)
    header = ["date", "payee", "description", "amount", "currency", "usd_per_unit", "usd",
              "kit_shipment", "commitment"]  # fmt: skip
    rows = (
        [
            e.spent_on,
            e.payee,
            e.description,
            e.amount,
            e.currency,
            e.usd_rate,
            e.usd_amount,
            e.shipment_id or "",
            e.commitment_id or "",
        ]
        for e in line.expenses.order_by("spent_on", "pk").iterator(chunk_size=2000)
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in itertools.chain([header], rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="budget-line-{line.pk}-expenses.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def line_detail(request, pk):
    line = _readable_line(request, pk)
    row = reports.line_rows([line])[0]
    expenses = Paginator(
        line.expenses.select_related("entered_by", "shipment").order_by("-spent_on", "-pk"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "budget/line_detail.html",
        {
            "row": row,
            "line": line,
            "expenses": expenses,
            "commitments": line.commitments.order_by("due_on", "pk"),
            "amendments": line.amendments.order_by("resolved_on", "pk"),
            "reads_receipts": reads_budget(request.user),
        },
    )


@login_required
def receipt_download(request, pk):
    # Receipts name people and bank details: treasurers and board members only.
    if not reads_budget(request.user):
        raise PermissionDenied
    expense = get_object_or_404(Expense, pk=pk)
    if not expense.receipt:
        raise Http404("This expense has no receipt.")
    response = FileResponse(
        expense.receipt.open("rb"),
        as_attachment=True,
        filename=expense.receipt.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refuse_unless_reads_budget(request):
    # Sponsorship amounts and what they bought are the board's and the treasurers' reading.
    if not reads_budget(request.user):
        raise PermissionDenied


@login_required
def support_list(request):
    """Every sponsorship and grant with what its booth cost per visitor, newest year first."""
    _refuse_unless_reads_budget(request)
    kind = request.GET.get("kind", "")
    supports = ConferenceSupport.objects.select_related("booth").order_by(
        "-year", "conference", "pk"
    )
    if kind in ConferenceSupport.Kind.values:
        supports = supports.filter(kind=kind)
    else:
        kind = ""
    page = page_of(request, supports, 50)
    page.object_list = page.object_list.with_booth_costs()
    return render(
        request,
        "budget/support_list.html",
        {"page": page, "kind": kind, "kinds": ConferenceSupport.Kind.choices},
    )


@login_required
def support_detail(request, pk):
    """One sponsorship or grant: what it got, its booth's report, costs and cost per visitor."""
    from kits.models import BoothReport

    _refuse_unless_reads_budget(request)
    support = get_object_or_404(
        ConferenceSupport.objects.select_related("booth__booking__kit", "event", "kit"), pk=pk
    )
    report = (
        BoothReport.objects.filter(booth_id=support.booth_id)
        .prefetch_related("consumables__item")
        .first()
        if support.booth_id
        else None
    )
    return render(
        request,
        "budget/support_detail.html",
        {"support": support, "costs": support.booth_costs(), "report": report},
    )
