"""Demo budget: three fiscal years, kit costs flowing in, and the shift to sponsorships.

The story the board report tells: the current year's conference kit line is exceeded, a
marketing line was added mid-year (money moved from grants by amendment), expenses are
paid in several currencies, kit shipments' costs arrive by themselves, and sponsorships
grow while grants shrink. ``--scale N`` adds N expenses spread over the current year.
"""

from datetime import date, timedelta
from decimal import Decimal

from budget import services
from budget.models import (
    Amendment,
    BudgetLine,
    Category,
    Commitment,
    ConferenceSupport,
    Expense,
    FiscalYear,
    YearStatus,
    fiscal_year_bounds,
)
from community.money import convert
from kits.models import ExchangeRate, Shipment
from representatives.models import Region

# US dollars per unit, near the ECB's crossed rates; months wobble a little.
RATES = {"EUR": Decimal("1.0800"), "GBP": Decimal("1.2700"), "BRL": Decimal("0.1850"),
         "JPY": Decimal("0.0067")}  # fmt: skip

# (category, name, region slug or None, approved USD per year offset -2, -1, 0)
LINES = [
    (Category.CONFERENCE_KITS, "Conference kits, Europe", "europe", (6000, 7000, 8000)),
    (Category.CONFERENCE_KITS, "Conference kits, North America", "north-america",
     (5000, 5500, 6000)),
    (Category.KIT_SHIPPING, "Kit shipping", None, (6000, 7000, 9000)),
    (Category.SPONSORSHIPS, "Conference sponsorships", None, (15000, 25000, 40000)),
    (Category.GRANTS, "Conference grants", None, (45000, 35000, 25000)),
    (Category.OTHER, "Other community costs", None, (3000, 3000, 3000)),
]  # fmt: skip

# (line name, payee, description, amount, currency, month) per year offset; the
# current year's European kits go past their line on purpose.
EXPENSES = {
    -2: [
        ("Conference kits, Europe", "Druckerei Berlin", "Roll-up banners", "2400", "EUR", 3),
        ("Conference kits, North America", "Pittsburgh Print Co", "Table cloths", "1800",
         "USD", 4),
        ("Other community costs", "London Venues Ltd", "Sprint room", "900", "GBP", 9),
    ],
    -1: [
        ("Conference kits, Europe", "Druckerei Berlin", "Replacement banners", "3100", "EUR", 2),
        ("Conference kits, North America", "Pittsburgh Print Co", "Stickers", "2200", "USD", 5),
        ("Other community costs", "Tokyo Print", "Flyers for PyCon JP", "180000", "JPY", 8),
    ],
    0: [
        ("Conference kits, Europe", "Druckerei Berlin", "New booth walls", "4200", "EUR", 2),
        ("Conference kits, Europe", "Amsterdam Signs", "Lighting and cables", "2300", "EUR", 4),
        ("Conference kits, Europe", "London Displays", "Carry cases", "1650", "GBP", 6),
        ("Conference kits, North America", "Pittsburgh Print Co", "Banners", "2600", "USD", 3),
        ("Conference kits, North America", "Gráfica São Paulo", "Leaflets in Portuguese",
         "3800", "BRL", 5),
        ("Other community costs", "PyCon JP", "Translation of the kit guide", "150000", "JPY",
         7),
    ],
}  # fmt: skip

# (kind, conference, level or purpose, USD, booth, talk) per year offset
SUPPORT = {
    -2: [("grant", "PyCon Africa", "Travel grants", 12000, False, False),
         ("grant", "PyCon Latam", "Venue", 9000, False, False),
         ("grant", "EuroPython", "Financial aid", 15000, False, False),
         ("sponsorship", "PyCon US", "Gold", 10000, True, True)],
    -1: [("grant", "PyCon Africa", "Travel grants", 10000, False, False),
         ("grant", "Python Brasil", "Financial aid", 8000, False, False),
         ("sponsorship", "EuroPython", "Silver", 9000, True, False),
         ("sponsorship", "PyCon US", "Gold", 12000, True, True)],
    0: [("grant", "PyCon Africa", "Travel grants", 7000, False, False),
        ("sponsorship", "EuroPython", "Gold", 14000, True, True),
        ("sponsorship", "Python Brasil", "Silver", 8000, True, False),
        ("sponsorship", "PyCon US", "Platinum", 15000, True, True)],
}  # fmt: skip


def _rates(first: date, last: date) -> None:
    rows, day, month = [], first.replace(day=1), 0
    while day <= last:
        for currency, base in RATES.items():
            wobble = base * Decimal(month % 5) / Decimal(200)
            rows.append(ExchangeRate(currency=currency, on=day, usd_per_unit=base + wobble,
                                     source="demo"))  # fmt: skip
        day = (day + timedelta(days=32)).replace(day=1)
        month += 1
    ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True)


def seed(ctx):
    treasurer = ctx.users["treasurer"]
    today = ctx.now.date()
    starts_this_year = fiscal_year_bounds(today.year)[0] <= today
    current = FiscalYear.objects.current(today) or FiscalYear.objects.create(
        year=today.year if starts_this_year else today.year - 1
    )
    years = {0: current}
    for offset in (-1, -2):
        years[offset], _ = FiscalYear.objects.get_or_create(year=current.year + offset)
    _rates(years[-2].starts_on, years[0].ends_on)
    regions = {r.slug: r for r in Region.objects.all()}

    lines = {}
    for offset, year in years.items():
        if year.status != YearStatus.OPEN:
            continue  # seeded before: its books are closed
        for category, name, region, amounts in LINES:
            line = BudgetLine.objects.filter(fiscal_year=year, name=name).first()
            if line is None:
                line = services.row_save(
                    obj=BudgetLine(
                        fiscal_year=year, category=category, name=name,
                        region=regions.get(region), approved_usd=Decimal(amounts[offset + 2]),
                        resolution=f"Board meeting {year.starts_on.year - 1}-12, budget vote",
                        resolved_on=year.starts_on - timedelta(days=20),
                    ),
                    by=treasurer,
                )  # fmt: skip
            lines[(offset, name)] = line

        if not Expense.objects.filter(line__fiscal_year=year, shipment__isnull=True).exists():
            for name, payee, description, amount, currency, month in EXPENSES[offset]:
                spent_on = year.starts_on.replace(month=month, day=10)
                if spent_on > today:
                    continue
                services.expense_save(
                    expense=Expense(line=lines[(offset, name)], spent_on=spent_on,
                                    amount=Decimal(amount), currency=currency, payee=payee,
                                    description=description),
                    by=treasurer,
                )  # fmt: skip
        if not ConferenceSupport.objects.filter(year=year.year).exists():
            for kind, conference, level, usd, booth, talk in SUPPORT[offset]:
                services.row_save(
                    obj=ConferenceSupport(kind=kind, conference=conference, year=year.year,
                                          level_or_purpose=level, amount_usd=Decimal(usd),
                                          status=ConferenceSupport.Status.PAID if offset < 0
                                          else ConferenceSupport.Status.AGREED,
                                          got_booth=booth, got_talk_slot=talk),
                    by=treasurer,
                )  # fmt: skip

    # Mid-year the board proposed a marketing line, funded by moving money from grants.
    mid_year = current.starts_on.replace(month=min(12, current.starts_on.month + 6), day=1)
    if (
        current.is_open
        and not BudgetLine.objects.filter(fiscal_year=current, category=Category.MARKETING).exists()
    ):
        marketing = services.row_save(
            obj=BudgetLine(fiscal_year=current, category=Category.MARKETING,
                           name="Marketing material", approved_usd=Decimal("4000"),
                           resolution="Board meeting, mid-year review", resolved_on=mid_year,
                           notes="Proposed mid-year for booth give-aways and printed guides."),
            by=treasurer,
        )  # fmt: skip
        services.row_save(
            obj=Amendment(line=lines[(0, "Conference grants")], amount_usd=Decimal("-4000"),
                          reason="Moved to the new marketing material line.",
                          resolution="Board meeting, mid-year review", resolved_on=mid_year),
            by=treasurer,
        )  # fmt: skip
        services.row_save(
            obj=Amendment(line=lines[(0, "Conference kits, Europe")], amount_usd=Decimal("500"),
                          reason="Extra banners for a second European booth.",
                          resolution="Board meeting, mid-year review", resolved_on=mid_year),
            by=treasurer,
        )  # fmt: skip
        if mid_year <= today:
            services.expense_save(
                expense=Expense(line=marketing, spent_on=mid_year + timedelta(days=14),
                                amount=Decimal("1250"), currency="EUR",
                                payee="Druckerei Berlin", description="Printed guides"),
                by=treasurer,
            )  # fmt: skip
        services.row_save(
            obj=Commitment(line=lines[(0, "Conference sponsorships")], payee="PyCon US",
                           description="Platinum sponsorship, second instalment",
                           amount_usd=Decimal("7500"),
                           due_on=min(current.ends_on, today + timedelta(days=30))),
            by=treasurer,
        )  # fmt: skip
        services.row_save(
            obj=Commitment(line=lines[(0, "Conference kits, North America")],
                           payee="Pittsburgh Print Co", description="Reprint of the banners",
                           amount_usd=Decimal("1900"), due_on=current.ends_on),
            by=treasurer,
        )  # fmt: skip

    # Kit shipment costs: the service the kits receiver calls, once per shipment.
    flowed = 0
    for shipment_id in Shipment.objects.filter(
        cost_usd__isnull=False, budget_expense__isnull=True
    ).values_list("pk", flat=True):
        if services.shipment_cost_sync(shipment_id=shipment_id) is not None:
            flowed += 1

    linked = _link_booths(treasurer)

    if years[-2].status == YearStatus.OPEN:
        services.fiscal_year_close(year=years[-2], by=treasurer, reason="Books audited.")
    if ctx.scale:
        seed_scale(ctx, current, treasurer)
    ctx.log(
        f"Budget: {len(years)} fiscal years, {flowed} kit shipment costs flowed in, "
        f"{linked} booths linked to the sponsorship that paid for them."
    )


def _link_booths(treasurer) -> int:
    """Each demo booth to the sponsorship "with a booth" of its conference and year, once."""
    from kits.models import Booth

    linked = 0
    for booth in Booth.objects.filter(conference_support__isnull=True).order_by("pk"):
        support = ConferenceSupport.objects.filter(
            booth__isnull=True,
            got_booth=True,
            conference=booth.conference_name,
            year=booth.conference_starts.year,
        ).first()
        if support is not None:
            support.booth = booth
            services.row_save(obj=support, by=treasurer)
            linked += 1
    return linked


def seed_scale(ctx, year, by):
    """``--scale N``: N expenses over the current year's lines, priced like any other.

    Written in bulk (the service's audit rows and alert checks per row would take minutes
    at 10,000); the rate and USD value come from the same helpers the service uses.
    """
    lines = list(BudgetLine.objects.filter(fiscal_year=year))
    if not lines:
        return
    last = min(year.ends_on, ctx.now.date())
    days = max(1, (last - year.starts_on).days)
    currencies = ["USD", *RATES]
    rates: dict = {}
    rows = []
    for i in range(ctx.scale):
        day = year.starts_on + timedelta(days=ctx.rng.randint(0, days))
        currency = currencies[i % len(currencies)]
        key = (currency, day)
        if key not in rates:
            rates[key] = services.usd_rate_on(currency=currency, day=day)
        amount = Decimal(ctx.rng.randint(500, 50000)) / 100
        if currency == "JPY":
            amount *= 150
        rows.append(Expense(line=ctx.rng.choice(lines), spent_on=day, amount=amount,
                            currency=currency, usd_rate=rates[key],
                            usd_amount=convert(amount, rates[key]), payee=f"Scale payee {i}",
                            description="Scale expense", entered_by=by))  # fmt: skip
    Expense.objects.bulk_create(rows, batch_size=2000)
    services.alerts_check(line_ids=[line.pk for line in lines])
    ctx.log(f"Budget at scale: {len(rows)} expenses.")
