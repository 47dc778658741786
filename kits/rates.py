"""The European Central Bank's euro reference rates, read into ``ExchangeRate`` rows.

The ECB quotes each currency per euro; we store US dollars per unit, crossed through
the euro with Decimal arithmetic. Accepted: the daily and historical CSV files
(``eurofxref.csv``, ``eurofxref-hist.csv``) and XML files (``eurofxref-daily.xml``,
``eurofxref-hist.xml``), as downloaded and unzipped.
"""

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from community.money import CURRENCIES, cross_rate, parse_decimal
from kits.models import ExchangeRate

SOURCE = "ECB euro reference rates"
MAX_FILE_BYTES = 20 * 1024 * 1024


class RateFileError(ValueError):
    """The file is not one of the ECB's reference-rate files; the message says why."""


@dataclass(frozen=True)
class ImportSummary:
    days: int
    created: int
    updated: int
    skipped_currencies: tuple[str, ...]


def _parse_day(text: str) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        # The daily CSV spells the day out ("07 January 2025"); a date, no time zone.
        return datetime.strptime(text, "%d %B %Y").date()  # noqa: DTZ007
    except ValueError:
        pass
    raise RateFileError(f"“{text}” is not a date in an ECB file.")


def parse_csv(text: str) -> dict[date, dict[str, Decimal]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][0].strip() != "Date":
        raise RateFileError("This CSV does not start with the ECB's “Date” column.")
    header = [cell.strip() for cell in rows[0]]
    days = {}
    for row in rows[1:]:
        if not row or not row[0].strip():
            continue
        day = _parse_day(row[0])
        rates = {}
        for code, cell in zip(header[1:], row[1:], strict=False):
            cell = cell.strip()
            if code and cell and cell != "N/A":
                try:
                    rates[code] = parse_decimal(cell)
                except ValueError:
                    raise RateFileError(f"{day}: {code} is “{cell}”, not a number.") from None
        days[day] = rates
    return days


def parse_xml(data: bytes) -> dict[date, dict[str, Decimal]]:
    # The ECB's files declare no DTD; refusing one keeps entity expansion out entirely.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise RateFileError("XML with a DTD or entities is not an ECB rate file.")
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTD, so no entities to expand
    except ET.ParseError as exc:
        raise RateFileError(f"Not well-formed XML: {exc}") from None
    days = {}
    for cube in root.iter():
        if cube.tag.endswith("Cube") and "time" in cube.attrib:
            rates = {}
            for child in cube:
                try:
                    rates[child.attrib["currency"]] = parse_decimal(child.attrib["rate"])
                except (KeyError, ValueError):
                    raise RateFileError(f"{cube.attrib['time']}: a rate is malformed.") from None
            days[_parse_day(cube.attrib["time"])] = rates
    if not days:
        raise RateFileError("No dated rates found: this is not an ECB reference-rate file.")
    return days


def parse_file(data: bytes) -> dict[date, dict[str, Decimal]]:
    if len(data) > MAX_FILE_BYTES:
        raise RateFileError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if data.lstrip().startswith(b"<"):
        return parse_xml(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RateFileError("The file is neither ECB XML nor UTF-8 CSV.") from None
    return parse_csv(text)


def import_rates(days: dict[date, dict[str, Decimal]], *, dry_run: bool = False) -> ImportSummary:
    """Store USD-per-unit rates for every currency we know, for each day that quotes USD."""
    created = updated = 0
    skipped = set()
    with transaction.atomic():
        for day, per_euro in sorted(days.items()):
            usd_per_euro = per_euro.get("USD")
            if not usd_per_euro:
                continue
            usd_rates = {"EUR": usd_per_euro.quantize(Decimal("0.0000000001"))}
            for code, rate in per_euro.items():
                if code == "USD":
                    continue
                if code not in CURRENCIES or rate <= 0:
                    skipped.add(code)
                    continue
                usd_rates[code] = cross_rate(usd_per_euro, rate)
            for code, usd_per_unit in usd_rates.items():
                _, was_created = ExchangeRate.objects.update_or_create(
                    currency=code, on=day, defaults={"usd_per_unit": usd_per_unit, "source": SOURCE}
                )
                created += was_created
                updated += not was_created
        if dry_run:
            transaction.set_rollback(True)
    return ImportSummary(len(days), created, updated, tuple(sorted(skipped)))
