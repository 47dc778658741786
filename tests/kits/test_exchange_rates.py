"""import_exchange_rates reads the ECB's CSV and XML files into USD-per-unit Decimal rates."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kits.models import ExchangeRate

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def rate(currency, day):
    return ExchangeRate.objects.get(currency=currency, on=day).usd_per_unit


def test_the_historical_csv_is_crossed_through_the_euro():
    call_command("import_exchange_rates", str(DATA / "eurofxref-hist-sample.csv"))
    assert rate("EUR", date(2025, 1, 3)) == Decimal("1.0314")
    # 1.0314 USD per euro / 6.3730 BRL per euro
    assert rate("BRL", date(2025, 1, 3)) == Decimal("0.1618390083")
    assert not ExchangeRate.objects.filter(currency="CYP").exists()  # N/A and unknown
    assert ExchangeRate.objects.filter(on=date(2025, 1, 2)).count() == 8


def test_the_daily_csv_and_xml_are_read_too():
    call_command("import_exchange_rates", str(DATA / "eurofxref-daily-sample.csv"))
    call_command("import_exchange_rates", str(DATA / "eurofxref-daily-sample.xml"))
    assert rate("GBP", date(2025, 1, 7)) == Decimal("1.2490085326")
    assert rate("JPY", date(2025, 1, 6)) == Decimal("0.0063457091")


def test_importing_twice_updates_instead_of_duplicating():
    call_command("import_exchange_rates", str(DATA / "eurofxref-daily-sample.xml"))
    call_command("import_exchange_rates", str(DATA / "eurofxref-daily-sample.xml"))
    assert ExchangeRate.objects.filter(on=date(2025, 1, 6)).count() == 4


def test_dry_run_saves_nothing():
    call_command("import_exchange_rates", str(DATA / "eurofxref-daily-sample.xml"), dry_run=True)
    assert not ExchangeRate.objects.exists()


def test_a_url_is_fetched_through_the_public_only_fetcher(loopback_server):
    loopback_server.serve("/eurofxref.xml", (DATA / "eurofxref-daily-sample.xml").read_bytes())
    call_command("import_exchange_rates", loopback_server.url("/eurofxref.xml"))
    assert rate("JPY", date(2025, 1, 6)) == Decimal("0.0063457091")


def test_a_url_of_a_private_address_is_refused_before_connecting(network):
    network.resolve("rates.example.org", "10.0.0.7")
    with pytest.raises(CommandError, match=r"rates\.example\.org"):
        call_command("import_exchange_rates", "https://rates.example.org/eurofxref.csv")
    assert network.connects == []
    assert not ExchangeRate.objects.exists()


def test_a_url_that_is_not_http_is_refused(network):
    with pytest.raises(CommandError):
        call_command("import_exchange_rates", "ftp://rates.example.org/eurofxref.csv")
    assert network.connects == []


def test_a_file_that_is_not_an_ecb_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "rates.csv"
    bad.write_text("hello,world\n")
    with pytest.raises(CommandError, match="Date"):
        call_command("import_exchange_rates", str(bad))
    entity = tmp_path / "rates.xml"
    entity.write_text('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    with pytest.raises(CommandError, match="DTD"):
        call_command("import_exchange_rates", str(entity))
    assert not ExchangeRate.objects.exists()
