"""Reports for kit managers and the board: shipping costs, routes, utilisation, stock.

Every figure comes from a grouped query (sums and medians in PostgreSQL, Decimal out; the
cost tables add up one query's per-year, region and carrier sums), so a report costs the
same number of queries at 10 shipments and at 10,000. Medians use
``percentile_disc``: it returns one of the values (numeric stays numeric), where
``percentile_cont`` would interpolate in floating point.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.db.models import Count, DecimalField, F, Func, IntegerField, Sum
from django.db.models.functions import ExtractYear

from community.aggregates import Median
from community.money import parse_decimal
from kits.models import Booking, BookingStatus, Carrier, Kit, KitItem
from representatives.models import Region

# date - date is a whole number of days in PostgreSQL; Django's F() - F() would make it an
# interval.
TRANSIT_DAYS = Func(
    F("delivered_on"),
    F("shipped_on"),
    template="(%(expressions)s)",
    arg_joiner=" - ",
    output_field=IntegerField(),
)


class ShipmentFilter(forms.Form):
    """The filters of the report and of its CSV export: one definition for both."""

    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), required=False, empty_label="All regions"
    )
    carrier = forms.ChoiceField(choices=[("", "All carriers"), *Carrier.choices], required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(today.year, today.year - 6, -1)
        self.fields["year"].choices = [("", "All years"), *((y, str(y)) for y in years)]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("year"):
            queryset = queryset.filter(shipped_on__year=data["year"])
        if data.get("region"):
            queryset = queryset.filter(kit__region=data["region"])
        if data.get("carrier"):
            queryset = queryset.filter(carrier=data["carrier"])
        return queryset


def cost_groups(queryset, region_of: dict[int, str]) -> list[dict]:
    """Shipments with a cost, summed per year shipped, region and carrier: one grouped query
    that the report's tables roll up (``rolled_up``), instead of one scan of every shipment
    per table.

    Grouped by kit, whose region ``region_of`` names, rather than joining the kit and its
    region to every shipment: 9 ms to 5 at 10,000 shipments on the bench machine.
    """
    groups = (
        queryset.filter(cost_usd__isnull=False)
        .annotate(year=ExtractYear("shipped_on"))
        .values("year", "kit_id", "carrier")
        .annotate(total=Sum("cost_usd"), shipments=Count("*"))
        .order_by()
    )
    return [{**group, "kit__region__name": region_of[group["kit_id"]]} for group in groups]


def _sort_key(value):
    # As PostgreSQL orders ascending: NULL (a shipment not yet sent has no year) last.
    return (value is None, value)


def rolled_up(groups: list[dict], *fields: str) -> list[dict]:
    """``cost_groups`` summed again by ``fields`` (Decimal sums: exact), ordered by them."""
    rows: dict[tuple, dict] = {}
    for group in groups:
        key = tuple(group[field] for field in fields)
        row = rows.setdefault(
            key, {**{field: group[field] for field in fields}, "total": Decimal(0), "shipments": 0}
        )
        row["total"] += group["total"]
        row["shipments"] += group["shipments"]
    return [rows[key] for key in sorted(rows, key=lambda key: tuple(map(_sort_key, key)))]


def route_medians(queryset):
    return list(
        queryset.filter(cost_usd__isnull=False)
        .values("from_country", "to_country")
        .annotate(
            shipments=Count("*"),  # not Count("pk"): the costed-route index has no id
            median_usd=Median("cost_usd", discrete=True, output_field=DecimalField()),
            median_days=Median(TRANSIT_DAYS, discrete=True, output_field=IntegerField()),
        )
        .order_by("-shipments", "from_country", "to_country")[:50]
    )


def utilisation(year: int, today: date, kits: list[Kit]) -> list[dict]:
    """Per kit of ``kits``: days at events (arrival to departure) against days it was in
    service."""
    first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    if last < first:
        return []
    at_events = defaultdict(int)
    bookings = Booking.objects.filter(
        status__in=[
            BookingStatus.SHIPPED,
            BookingStatus.AT_EVENT,
            BookingStatus.RETURNED,
            BookingStatus.CLOSED,
        ],
        arrive_by__lte=last,
        leave_on__gte=first,
    ).values_list("kit_id", "arrive_by", "leave_on")
    for kit_id, arrive, leave in bookings:
        at_events[kit_id] += (min(leave, last) - max(arrive, first)).days + 1
    rows = []
    for kit in kits:
        end = min(last, kit.retired_on - timedelta(days=1)) if kit.retired_on else last
        available = max((end - first).days + 1, 0)
        used = min(at_events[kit.pk], available)
        rows.append(
            {
                "kit": kit.name,
                "region": kit.region.name,
                "days_at_events": used,
                "days_available": available,
                "percent": (used * 100 // available) if available else 0,
            }
        )
    return rows


def report(queryset, *, today: date, year: int | None = None) -> dict:
    year = year or today.year
    kits = list(Kit.objects.select_related("region").only("name", "retired_on", "region__name"))
    groups = cost_groups(queryset, {kit.pk: kit.region.name for kit in kits})
    per_region_year = rolled_up(groups, "year", "kit__region__name")
    return {
        "by_region_year": per_region_year,
        "by_carrier": [
            {**row, "label": Carrier(row["carrier"]).label} for row in rolled_up(groups, "carrier")
        ],
        "medians": route_medians(queryset),
        "utilisation": utilisation(year, today, kits),
        "utilisation_year": year,
        "low_stock": list(
            KitItem.objects.below_threshold().select_related("kit").order_by("kit__name", "name")
        ),
        "chart": chart_data(per_region_year),
    }


def chart_data(per_region_year) -> dict:
    """Cost per region per year for the bar chart; strings for amounts (JSON has no Decimal)."""
    years = sorted({row["year"] for row in per_region_year if row["year"]})
    regions = sorted({row["kit__region__name"] for row in per_region_year})
    totals = {(r["year"], r["kit__region__name"]): r["total"] for r in per_region_year}
    return {
        "labels": [str(y) for y in years],
        "datasets": [
            {"label": region, "data": [str(totals.get((y, region)) or 0) for y in years]}
            for region in regions
        ],
    }


CSV_COLUMNS = [
    ("id", "pk"),
    ("kit", "kit__name"),
    ("region", "kit__region__name"),
    ("purpose", "purpose"),
    ("status", "status"),
    ("from_country", "from_country"),
    ("to_country", "to_country"),
    ("carrier", "carrier"),
    ("tracking_number", "tracking_number"),
    ("shipped_on", "shipped_on"),
    ("expected_on", "expected_on"),
    ("delivered_on", "delivered_on"),
    ("cost", "cost"),
    ("currency", "currency"),
    ("usd_rate", "usd_rate"),
    ("rate_date", "rate_date"),
    ("cost_usd", "cost_usd"),
    ("customs_fees_usd", "customs_fees_usd"),
    ("carnet_number", "carnet_number"),
]


def csv_rows(queryset):
    """Header, then one row per shipment, streamed in chunks."""
    yield [name for name, _ in CSV_COLUMNS]
    fields = [field for _, field in CSV_COLUMNS]
    for values in queryset.order_by("shipped_on", "pk").values_list(*fields).iterator(2000):
        yield ["" if v is None else _csv_safe(str(v)) for v in values]


def _csv_safe(text: str) -> str:
    """A cell starting with = + - @ runs as a formula in spreadsheets: quote it (not numbers)."""
    if text[:1] in ("=", "+", "@", "-"):
        try:
            parse_decimal(text)
        except ValueError:
            return f"'{text}"
    return text
