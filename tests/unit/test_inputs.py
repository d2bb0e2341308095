"""What people type: names, amounts and searches are read one way, and what would hide something is refused."""
from __future__ import annotations

import pytest
from openpyxl import Workbook

from app.domain.errors import DomainError, FieldError
from app.domain.money import MAX_FEN, parse_amount, require_fen
from app.domain.personal import mask, masked_fields
from app.domain.roles import Role
from app.domain.personal import sees_personal_data
from app.domain.text import SEARCH_MAX, clean_text, search_text
from app.domain.words import Words
from app.reports.export import text_cell

NAME = Words("客户名称", "customer name")


@pytest.mark.parametrize("text,fen", [
    ("１２３", 12_300), ("１，２３４．５６", 123_456), ("12．5", 1_250), ("１、２３４", 123_400),
    ("　８８　", 8_800), ("１２。５", 1_250),
])
def test_full_width_digits_and_punctuation_from_a_chinese_input_method_are_read_as_ascii(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text", ["٣", "١٢٣", "३", "12٣", "²", "①"])
def test_digits_of_other_scripts_are_refused_not_read(text):
    with pytest.raises(DomainError) as info:
        parse_amount(text)
    assert info.value.code == "amount.malformed"


def test_one_ceiling_holds_for_all_money():
    assert require_fen(MAX_FEN) == MAX_FEN
    for amount in (MAX_FEN + 1, 2**63, 2**64):
        with pytest.raises(FieldError) as info:
            require_fen(amount)
        assert info.value.code == "amount.too_large" and "10,000,000,000,000.00" in info.value.message()
    with pytest.raises(DomainError, match="超出允许范围"):
        parse_amount(str(MAX_FEN // 100 + 1))
    assert require_fen(0, allow_zero=True) == 0
    for bad in (0, -1, True, 1.5, "100"):
        with pytest.raises(FieldError):
            require_fen(bad)


@pytest.mark.parametrize("typed,code", [
    ("东方\x00贸易", "text.control"), ("东方\x07贸易", "text.control"), ("\x1b[31m东方贸易\x1b[0m", "text.control"),
    ("东方\n贸易", "text.control"), ("东方\r贸易", "text.control"), ("东方\t贸易", "text.control"),
    ("abc\u202egnp.exe", "text.control"), ("\u2066东方\u2069", "text.control"), ("东方\u2028贸易", "text.control"),
    ("\u200b", "text.invisible"), ("\u200b\u200d\ufeff", "text.invisible"), ("\u3000\u200b", "text.invisible"),
])
def test_names_with_control_or_only_invisible_characters_are_refused(typed, code):
    with pytest.raises(FieldError) as info:
        clean_text("name", typed, NAME, max_len=100, required=True)
    assert info.value.code == code and info.value.field == "name"
    assert "客户名称" in info.value.message()


def test_names_are_kept_in_one_unicode_form_and_joiners_inside_a_name_stay():
    composed = clean_text("name", "Cafe\u0301 东方", NAME, max_len=100)
    assert composed == "Café 东方" and len(composed) == 7
    assert clean_text("name", "  👨\u200d👩\u200d👧 家  ", NAME, max_len=100) == "👨\u200d👩\u200d👧 家"
    assert clean_text("name", "", NAME, max_len=100) == ""
    with pytest.raises(FieldError, match="不能为空"):
        clean_text("name", " \u3000 ", NAME, max_len=100, required=True)
    with pytest.raises(FieldError, match="不能超过 5 个字符"):
        clean_text("name", "123456", NAME, max_len=5)


def test_an_address_on_two_lines_becomes_one_line_but_keeps_refusing_other_controls():
    address = Words("地址", "address")
    assert clean_text("address", "某某路 1 号\r\n3 单元\t201", address, max_len=200, fold_lines=True) == "某某路 1 号 3 单元 201"
    with pytest.raises(FieldError, match="U\\+0007"):
        clean_text("address", "某某路\x07", address, max_len=200, fold_lines=True)


def test_a_search_is_capped_with_a_clear_message():
    assert search_text("  e\u0301 ") == "é"
    assert search_text("x" * SEARCH_MAX) == "x" * SEARCH_MAX
    with pytest.raises(FieldError) as info:
        search_text("x" * 100_000)
    assert info.value.field == "search" and "不能超过 100 个字符" in info.value.message()


def test_personal_data_shows_its_last_four_characters():
    assert mask("13912345678") == "*******5678"
    assert mask("91130100MA0XXXXX1X") == "**************XX1X"
    assert mask("1234") == "****" and mask("") == "" and mask(None) == ""
    assert masked_fields({"name": "东方", "phone": "13912345678", "after": {"id_number": "110101199001011234"}}) == {
        "name": "东方", "phone": "*******5678", "after": {"id_number": "**************1234"}}


def test_only_the_roles_that_deal_with_the_customer_see_personal_data_in_full():
    assert {role for role in Role if sees_personal_data(role)} == {Role.COUNTER, Role.BRANCH_HEAD, Role.MARKETING}


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "#N/A"])
def test_text_a_spreadsheet_would_read_as_a_formula_is_written_as_text(text):
    ws = Workbook(write_only=True).create_sheet()
    cell = text_cell(ws, text)
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


def test_plain_text_goes_to_the_workbook_as_it_is():
    ws = Workbook(write_only=True).create_sheet()
    for text in ("东方贸易", "", "a=b", "C000001"):
        assert text_cell(ws, text) is text
