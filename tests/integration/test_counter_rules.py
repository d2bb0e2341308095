"""单笔提示上限: an unusually large arrears item is refused at the counter until the clerk confirms it; the
ceiling is a setting (0: never asks)."""
from __future__ import annotations

from datetime import date

import pytest

from app.domain.arrears import DEFAULT_CONFIRM_ABOVE, unusually_large
from app.domain.errors import DomainError, FieldError
from app.services.arrears import ArrearsInput, record_arrears
from app.services.settings import confirm_above, set_confirm_above
from tests.factories import approved_customer, make_desk, rows


def test_an_amount_above_the_ceiling_is_unusually_large_and_the_ceiling_itself_is_not():
    assert DEFAULT_CONFIRM_ABOVE == 10_000_000  # 100,000.00 元
    assert not unusually_large(DEFAULT_CONFIRM_ABOVE, DEFAULT_CONFIRM_ABOVE)
    assert unusually_large(DEFAULT_CONFIRM_ABOVE + 1, DEFAULT_CONFIRM_ABOVE)
    assert not unusually_large(10**12, 0)  # 0: the counter never asks


def test_an_unusually_large_item_is_recorded_only_when_confirmed(tmp_path):
    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 1, 2))
    cid = approved_customer(desk, staff, limit=50_000_000)
    big = ArrearsInput(cid, "LETTER", date(2026, 1, 2), 12_000_000, "PZ-BIG")
    with pytest.raises(FieldError) as refused:
        record_arrears(desk, staff.clerk, big)
    assert refused.value.code == "arrears.unusually_large" and refused.value.field == "amount"
    assert "120,000.00" in str(refused.value) and "100,000.00" in str(refused.value)
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items") == [(0,)]
    record_arrears(desk, staff.clerk, big, large_confirmed=True)
    assert rows(desk, "SELECT amount FROM arrears_items") == [(12_000_000,)]


def test_the_ceiling_is_a_setting_an_administrator_changes(tmp_path):
    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 1, 2))
    cid = approved_customer(desk, staff, limit=50_000_000)
    assert confirm_above(desk) == DEFAULT_CONFIRM_ABOVE
    with pytest.raises(DomainError):
        set_confirm_above(desk, staff.clerk, 0)  # a clerk may not lift the question
    set_confirm_above(desk, staff.admin, 0)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 2), 12_000_000, "PZ-1"))
    set_confirm_above(desk, staff.admin, 50_000)
    with pytest.raises(FieldError, match="500.00"):
        record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 2), 50_001, "PZ-2"))
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'setting.change'") == [(2,)]
