"""Money: ISO 4217 currency codes and Decimal arithmetic, never floats.

Amounts are ``Decimal`` with the currency beside them; a value in another currency
is the amount times a rate quoted as "US dollars per one unit" on a given date.
"""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

# The currencies the European Central Bank publishes reference rates for, plus the
# euro and a few the PSF pays in that the ECB does not quote.
CURRENCIES = {
    "AUD": "Australian dollar",
    "BGN": "Bulgarian lev",
    "BRL": "Brazilian real",
    "CAD": "Canadian dollar",
    "CHF": "Swiss franc",
    "CLP": "Chilean peso",
    "CNY": "Chinese yuan",
    "COP": "Colombian peso",
    "CZK": "Czech koruna",
    "DKK": "Danish krone",
    "EUR": "Euro",
    "GBP": "Pound sterling",
    "HKD": "Hong Kong dollar",
    "HUF": "Hungarian forint",
    "IDR": "Indonesian rupiah",
    "ILS": "Israeli new shekel",
    "INR": "Indian rupee",
    "ISK": "Icelandic króna",
    "JPY": "Japanese yen",
    "KRW": "South Korean won",
    "MXN": "Mexican peso",
    "MYR": "Malaysian ringgit",
    "NOK": "Norwegian krone",
    "NZD": "New Zealand dollar",
    "PEN": "Peruvian sol",
    "PHP": "Philippine peso",
    "PLN": "Polish złoty",
    "RON": "Romanian leu",
    "SEK": "Swedish krona",
    "SGD": "Singapore dollar",
    "THB": "Thai baht",
    "TRY": "Turkish lira",
    "USD": "US dollar",
    "ZAR": "South African rand",
}
CURRENCY_CHOICES = sorted(((code, f"{code}: {name}") for code, name in CURRENCIES.items()))

CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.0000000001")  # rates keep ten decimal places


def validate_currency(code: str) -> None:
    if code not in CURRENCIES:
        raise ValidationError(
            f"“{code}” is not a currency we know; use a three-letter ISO code such as USD, "
            "EUR or BRL.",
            code="unknown_currency",
        )


def parse_decimal(text: str) -> Decimal:
    """``text`` as a finite Decimal; raises ValueError for anything else (no floats)."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return value


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def convert(amount: Decimal, usd_per_unit: Decimal) -> Decimal:
    """``amount`` in US dollars at ``usd_per_unit``, to the cent (banker's rounding)."""
    return to_cents(amount * usd_per_unit)


def cross_rate(usd_per_base: Decimal, currency_per_base: Decimal) -> Decimal:
    """US dollars per unit of a currency, from two rates quoted against one base (the euro)."""
    return (usd_per_base / currency_per_base).quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)
