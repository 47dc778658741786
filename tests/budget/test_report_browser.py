"""In a browser: a board member opens the report; each chart draws the figures of the
table beside it."""

from datetime import date
from decimal import Decimal

import pytest

from community import roles
from tests.browser.chromium import DESKTOP, PHONE, chromium, needs_chromium, signed_in_context
from tests.budget.factories import (
    BudgetLineFactory,
    ConferenceSupportFactory,
    ExpenseFactory,
    FiscalYearFactory,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHART_POINTS = """(id) => {
  const chart = window.Chart.getChart(document.getElementById(id));
  return chart.data.datasets.map((d) => ({label: d.label, data: d.data}));
}"""

TABLE_CELLS = """(id) => Array.from(document.querySelectorAll(`#${id} tbody tr`)).map(
  (tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent.trim()))"""


def as_number(text):
    return float(text.split(" ")[0])


@needs_chromium
def test_board_member_sees_charts_that_match_their_tables(live_server, monkeypatch):
    year = FiscalYearFactory(year=date.today().year)
    line = BudgetLineFactory(fiscal_year=year, name="Conference kits", approved_usd=Decimal("5000"))
    for month, amount in ((1, "1200.50"), (2, "300.25"), (3, "80.00")):
        ExpenseFactory(line=line, spent_on=date(year.year, month, 10), amount=Decimal(amount))
    ConferenceSupportFactory(year=year.year - 1, kind="grant", amount_usd=Decimal("9000"))
    ConferenceSupportFactory(year=year.year, kind="sponsorship", amount_usd=Decimal("7000"))
    board = UserFactory(username="browser-board", role=roles.BOARD_MEMBERS)

    with chromium(monkeypatch) as browser:
        for viewport in (DESKTOP, PHONE):
            context = signed_in_context(browser, live_server, board, viewport=viewport)
            page = context.new_page()
            page.goto(live_server.url + "/budget/")
            page.wait_for_function(
                "window.Chart && window.Chart.getChart("
                "document.getElementById('budget-support-chart'))"
            )
            assert page.get_by_role("heading", name="Budget FY").is_visible()

            months = {
                d["label"]: d["data"] for d in page.evaluate(CHART_POINTS, "budget-months-chart")
            }
            rows = page.evaluate(TABLE_CELLS, "budget-months-table")
            counted = [row for row in rows if "projected" not in row[2]]
            assert [as_number(r[2]) for r in counted] == months["Spent so far (USD)"][
                : len(counted)
            ]
            assert [as_number(r[1]) for r in counted] == months["Spent in the month (USD)"][
                : len(counted)
            ]
            assert months["Spent so far (USD)"][2] == 1580.75
            projected = [as_number(r[2]) for r in rows if "projected" in r[2]]
            assert (
                projected
                == [v for v in months["Projected at the current rate (USD)"] if v is not None][1:]
            )

            support = {
                d["label"]: d["data"] for d in page.evaluate(CHART_POINTS, "budget-support-chart")
            }
            rows = page.evaluate(TABLE_CELLS, "budget-support-table")
            assert [as_number(r[1]) for r in rows] == support["Sponsorships (USD)"]
            assert [as_number(r[2]) for r in rows] == support["Grants (USD)"]
            assert support["Grants (USD)"] == [9000, 0]
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            context.close()
