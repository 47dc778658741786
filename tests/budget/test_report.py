"""The board report at /budget/: who may read it, what each line shows, totals, CSV."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Category, Commitment
from budget.reports import lines_at_risk
from tests.budget.factories import (
    AmendmentFactory,
    BudgetLineFactory,
    CommitmentFactory,
    ConferenceSupportFactory,
    ExpenseFactory,
    FiscalYearFactory,
)
from tests.kits.factories import region

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return FiscalYearFactory(year=2026)


@pytest.fixture
def lines(year):
    na, eu = region("north-america"), region("europe")
    ok = BudgetLineFactory(
        fiscal_year=year,
        name="Marketing",
        category=Category.MARKETING,
        approved_usd=Decimal("1000"),
    )
    ExpenseFactory(line=ok, spent_on=date(2026, 2, 1), amount=Decimal("100"))
    warning = BudgetLineFactory(
        fiscal_year=year, name="Kits NA", region=na, approved_usd=Decimal("1000")
    )
    ExpenseFactory(line=warning, spent_on=date(2026, 3, 1), amount=Decimal("700"))
    CommitmentFactory(line=warning, amount_usd=Decimal("150"))
    exceeded = BudgetLineFactory(
        fiscal_year=year, name="Kits EU", region=eu, approved_usd=Decimal("500")
    )
    AmendmentFactory(line=exceeded, amount_usd=Decimal("100"))
    ExpenseFactory(line=exceeded, spent_on=date(2026, 3, 5), amount=Decimal("650"))
    return {"ok": ok, "warning": warning, "exceeded": exceeded}


def get(client, user, name="budget:report", **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs or None), {"year": 2026})


def test_anonymous_gets_the_login_page(client):
    response = client.get(reverse("budget:report"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_or_representative_is_refused(client, member, representative):
    assert get(client, member).status_code == 403
    assert get(client, representative).status_code == 403


def test_lines_at_risk_come_first_with_the_state_in_words(client, board_member, lines):
    html = get(client, board_member).content.decode()
    assert html.index("Kits EU") < html.index("Kits NA") < html.index("Marketing")
    assert "Exceeded" in html
    assert "80 % or more used" in html
    # EU: 650 spent of 500 + 100 approved.
    assert "108.3 %" in html
    # NA: 700 spent + 150 committed of 1000.
    assert "85.0 %" in html
    assert 'class="budget-bar budget-bar--exceeded"' in html
    assert 'class="budget-bar budget-bar--warning"' in html


def test_totals_by_category_and_region(client, treasurer, lines):
    response = get(client, treasurer)
    report = response.context["report"]
    by_category = {t.label: t for t in report.by_category}
    assert by_category["Conference kits"].approved == Decimal("1600.00")
    assert by_category["Conference kits"].spent == Decimal("1350.00")
    assert by_category["Marketing material"].spent == Decimal("100.00")
    by_region = {t.label: t for t in report.by_region}
    assert by_region["Europe"].spent == Decimal("650.00")
    assert by_region["Every region"].approved == Decimal("1000.00")
    assert report.total.committed == Decimal("150.00")


def test_drill_down_shows_the_line_expenses_and_commitments(client, board_member, lines):
    response = get(client, board_member, "budget:line-detail", pk=lines["warning"].pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert "700.00" in html
    assert "Gold sponsorship" in html


def test_a_paid_commitment_counts_once(treasurer, lines):
    from budget import services

    commitment = Commitment.objects.get(line=lines["warning"])
    services.commitment_pay(
        commitment=commitment, by=treasurer, spent_on=date(2026, 4, 1), amount=Decimal("150")
    )
    line = type(lines["warning"]).objects.with_figures().get(pk=lines["warning"].pk)
    assert (line.spent, line.committed) == (Decimal("850.00"), Decimal("0.00"))


def test_kit_manager_sees_only_the_kit_lines_of_their_regions(client, na_manager, lines):
    response = get(client, na_manager)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kits NA" in html
    assert "Kits EU" not in html
    assert "Marketing" not in html
    assert "Sponsorships and grants" not in html
    detail = get(client, na_manager, "budget:line-detail", pk=lines["exceeded"].pk)
    assert detail.status_code == 404


def test_csv_export_of_each_table(client, board_member, lines):
    ConferenceSupportFactory(year=2026, amount_usd=Decimal("3000"))
    for table in ("lines", "categories", "regions", "months", "support"):
        response = get(client, board_member, "budget:report-csv", table=table)
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert len(rows) > 1, table
    lines_csv = get(client, board_member, "budget:report-csv", table="lines")
    rows = list(csv.reader(io.StringIO(b"".join(lines_csv.streaming_content).decode())))
    assert rows[1][0] == "Kits EU"
    assert rows[1][6] == "-50.00"


def test_lines_at_risk_for_the_board_overview(lines, year):
    names = [row.line.name for row in lines_at_risk(year)]
    assert names == ["Kits EU", "Kits NA"]


def test_month_by_month_and_year_end_projection(client, board_member, lines):
    from budget.models import BudgetLine
    from budget.reports import year_report

    report = year_report(
        lines["ok"].fiscal_year, lines=BudgetLine.objects.all(), today=date(2026, 3, 31)
    )
    march = report.months[2]
    assert (march.spent, march.cumulative) == (Decimal("1350.00"), Decimal("1450.00"))
    assert report.months[3].projected
    # 1450 spent over 90 days: 16.11 a day for the 275 days left.
    assert report.burn_per_day == Decimal("16.11")
    assert report.projected_year_end == Decimal("1450.00") + Decimal("16.11") * 275
    warning = next(r for r in report.lines if r.line.name == "Kits NA")
    # 700 spent over 90 days, 150 left: runs out 19 days later.
    assert warning.run_out_on == date(2026, 4, 19)


def test_sponsorships_and_grants_over_the_years(client, board_member, year):
    ConferenceSupportFactory(year=2024, kind="grant", amount_usd=Decimal("9000"))
    ConferenceSupportFactory(year=2026, kind="sponsorship", amount_usd=Decimal("7000"))
    ConferenceSupportFactory(year=2026, kind="grant", amount_usd=Decimal("1000"), status="declined")
    response = get(client, board_member)
    assert response.context["support"] == [
        {
            "year": 2024,
            "sponsorship": Decimal("0.00"),
            "grant": Decimal("9000.00"),
            "sponsorships": 0,
            "grants": 1,
        },
        {
            "year": 2026,
            "sponsorship": Decimal("7000.00"),
            "grant": Decimal("0.00"),
            "sponsorships": 1,
            "grants": 0,
        },
    ]
    chart = response.context["chart"]["support"]
    assert chart == {
        "labels": ["2024", "2026"],
        "sponsorships": ["0.00", "7000.00"],
        "grants": ["9000.00", "0.00"],
    }


def test_the_last_projected_month_is_the_projected_year_end(lines):
    from budget.models import BudgetLine
    from budget.reports import chart_data, year_report

    report = year_report(
        lines["ok"].fiscal_year, lines=BudgetLine.objects.all(), today=date(2026, 11, 28)
    )
    assert report.months[-1].projected
    assert report.months[-1].cumulative == report.projected_year_end
    projected = chart_data(report, [])["months"]["projected"]
    assert projected[-2:] == [str(report.months[-2].cumulative), str(report.projected_year_end)]


def test_an_expense_linked_to_a_commitment_settles_it_and_deleting_reopens_it(treasurer, lines):
    from budget import services
    from budget.models import Expense

    commitment = Commitment.objects.get(line=lines["warning"])
    expense = services.expense_save(
        expense=Expense(
            line=lines["warning"],
            spent_on=date(2026, 4, 1),
            amount=Decimal("150"),
            currency="USD",
            payee="p",
            description="d",
            commitment=commitment,
        ),
        by=treasurer,
    )
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PAID
    services.expense_delete(expense=expense, by=treasurer)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN
    line = type(lines["warning"]).objects.with_figures().get(pk=lines["warning"].pk)
    assert (line.spent, line.committed) == (Decimal("700.00"), Decimal("150.00"))


def test_the_pay_action_in_the_admin_records_the_expense(client, treasurer):
    from django.utils import timezone

    line = BudgetLineFactory(fiscal_year=FiscalYearFactory(year=timezone.localdate().year))
    commitment = CommitmentFactory(line=line, amount_usd=Decimal("150"))
    client.force_login(treasurer)
    response = client.post(
        reverse("admin:budget_commitment_changelist"),
        {"action": "pay_today", "_selected_action": [commitment.pk]},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PAID
    assert commitment.expense.usd_amount == Decimal("150.00")
    assert commitment.expense.spent_on == timezone.localdate()


def test_the_admins_view_on_site_opens_the_lines_page(client, treasurer, lines):
    from django.contrib.contenttypes.models import ContentType

    line = lines["warning"]
    client.force_login(treasurer)
    ct = ContentType.objects.get_for_model(line)
    response = client.get(reverse("admin:view_on_site", args=[ct.pk, line.pk]))
    assert response.status_code == 302
    assert response.url.endswith(f"/budget/lines/{line.pk}/")
    assert client.get(response.url).status_code == 200


def test_a_lines_expenses_as_csv(client, board_member, na_manager, lines):
    response = get(client, board_member, "budget:line-csv", pk=lines["warning"].pk)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["date", "payee", "description"]
    assert rows[1][6] == "700.00"
    refused = get(client, na_manager, "budget:line-csv", pk=lines["exceeded"].pk)
    assert refused.status_code == 404
