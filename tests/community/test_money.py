from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from community.money import convert, cross_rate, parse_decimal, to_cents, validate_currency


def test_a_known_currency_passes():
    validate_currency("EUR")


@pytest.mark.parametrize("code", ["XXX", "eur", "", "EURO"])
def test_an_unknown_currency_is_refused_with_an_example(code):
    with pytest.raises(ValidationError) as refused:
        validate_currency(code)
    assert refused.value.code == "unknown_currency"
    assert refused.value.message == (
        f"“{code}” is not a currency we know; use a three-letter ISO code such as USD, EUR or BRL."
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("12.50", Decimal("12.50")), (" 3 ", Decimal("3")), (Decimal("0.1"), Decimal("0.1"))],
)
def test_numbers_parse_to_exact_decimals(text, value):
    parsed = parse_decimal(text)
    assert parsed == value
    assert isinstance(parsed, Decimal)


@pytest.mark.parametrize("text", ["abc", "", "1,5"])
def test_text_that_is_no_number_is_refused(text):
    with pytest.raises(ValueError, match=f"^not a number: {text!r}$"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-inf"])
def test_infinite_or_undefined_numbers_are_refused(text):
    with pytest.raises(ValueError, match=f"^not a finite number: {text!r}$"):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        # Banker's rounding: halves go to the even cent, so sums do not drift upwards.
        ("0.125", "0.12"),
        ("0.135", "0.14"),
        ("0.126", "0.13"),
        ("2", "2.00"),
    ],
)
def test_amounts_round_to_the_cent_half_to_even(amount, cents):
    rounded = to_cents(Decimal(amount))
    assert rounded == Decimal(cents)
    assert str(rounded) == cents


def test_conversion_multiplies_by_the_rate_and_rounds_to_the_cent():
    assert str(convert(Decimal("100"), Decimal("1.08346"))) == "108.35"
    assert str(convert(Decimal("100"), Decimal("1.08345"))) == "108.34"
    assert str(convert(Decimal("0.25"), Decimal("0.5"))) == "0.12"


def test_a_cross_rate_divides_the_dollar_rate_by_the_currencys_own():
    # 1 EUR = 1.08 USD and 1 EUR = 0.85 GBP, so 1 GBP = 1.08 / 0.85 USD.
    assert str(cross_rate(Decimal("1.08"), Decimal("0.85"))) == "1.2705882353"
    # Half-to-even at the tenth place.
    assert str(cross_rate(Decimal("0.00000000025"), Decimal("1"))) == "2E-10"
    assert str(cross_rate(Decimal("0.00000000035"), Decimal("1"))) == "4E-10"
