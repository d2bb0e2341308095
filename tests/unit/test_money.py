from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from app.domain.errors import DomainError
from app.domain.money import MAX_FEN, format_fen, parse_amount


@pytest.mark.parametrize("text,fen", [
    ("1234.56", 123456), ("1,234.56", 123456), ("0.01", 1), ("10", 1000), ("10.5", 1050),
    (" 7.00 ", 700), ("1,000,000", 100_000_000),
])
def test_clerk_input_is_read_to_the_fen(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,code", [
    ("", "amount.empty"), ("abc", "amount.malformed"), ("1.234", "amount.too_precise"),
    ("-5", "amount.not_positive"), ("0", "amount.not_positive"), ("0.00", "amount.not_positive"),
    ("٣", "amount.malformed"), ("１٢", "amount.malformed"), ("¥100", "amount.currency_sign"), ("￥１", "amount.currency_sign"),
    ("100元", "amount.currency_sign"), ("$5", "amount.currency_sign"), ("1,23.00", "amount.malformed"),
    ("1e3", "amount.malformed"), ("NaN", "amount.malformed"), ("99999999999999", "amount.too_large"),
])
def test_ambiguous_or_bad_amounts_are_refused_with_a_reason(text, code):
    with pytest.raises(DomainError) as info:
        parse_amount(text)
    assert info.value.code == code
    assert info.value.message("zh_CN")  # a sentence, not a code


def test_zero_allowed_only_when_asked():
    assert parse_amount("0", allow_zero=True) == 0


def test_float_is_never_accepted_as_money():
    with pytest.raises(TypeError):
        format_fen(12.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("fen,text", [(0, "0.00"), (1, "0.01"), (123456789, "1,234,567.89"), (-5050, "-50.50")])
def test_amounts_show_with_thousands_separators_and_two_decimals(fen, text):
    assert format_fen(fen) == text


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_formatted_amount_reads_back_to_the_same_fen(fen):
    assert parse_amount(format_fen(fen)) == fen
    assert parse_amount(Decimal(fen) / 100) == fen


def test_the_malformed_amount_message_shows_the_example_the_amount_fields_hint():
    """The fields hint 'e.g. 1,234.56'; the refusal gives the same example, so the clerk is not told two things."""
    from app.domain.errors import DomainError
    from app.domain.money import parse_amount
    try:
        parse_amount("abc")
    except DomainError as error:
        assert "1,234.56" in error.message("zh_CN") and "1,234.56" in error.message("en")
    else:
        raise AssertionError("abc was taken as an amount")
