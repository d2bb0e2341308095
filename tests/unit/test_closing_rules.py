"""月结 rules (app/domain/closing.py): which months are closed after closes and reopenings, which may be
closed or reopened next, the one refusal of a date in a closed month, and that the services hold entries
against it in one place."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from app.domain.closing import (
    ClosedBooks, SourceGap, closed_books, refuse_if_closed, require_balanced, require_closable, require_reconciled,
    require_reopenable,
)
from app.domain.errors import DomainError, FieldError

TODAY = date(2026, 11, 4)
ROOT = Path(__file__).resolve().parents[2]


def test_the_closed_months_are_everything_up_to_the_latest_close_not_undone():
    assert closed_books([]).through is None
    books = closed_books([("close", 202608), ("close", 202609), ("close", 202610), ("reopen", 202610)])
    assert books == ClosedBooks((202608, 202609))
    assert books.is_closed(date(2026, 9, 30)) and books.is_closed(date(2025, 1, 1))  # the first closes all before
    assert not books.is_closed(date(2026, 10, 1))
    assert books.first_open_day == date(2026, 10, 1)
    assert closed_books([("close", 202612)]).first_open_day == date(2027, 1, 1)


def test_a_date_in_a_closed_month_is_refused_naming_the_month_and_where_the_correction_goes():
    books = ClosedBooks((202610,))
    refuse_if_closed(date(2026, 11, 1), books, TODAY)
    with pytest.raises(FieldError) as refused:
        refuse_if_closed(date(2026, 10, 31), books, TODAY, field="paid_on")
    assert refused.value.field == "paid_on"
    assert "2026-10 已月结" in str(refused.value) and "日期为今天（2026-11-04）" in str(refused.value)
    assert "Enter a correction in the open month, dated today (2026-11-04)" in refused.value.message("en")


def test_months_close_in_order_once_ended_and_only_the_latest_reopens_with_a_reason():
    with pytest.raises(DomainError, match="尚未结束"):
        require_closable(202611, ClosedBooks(), TODAY)
    require_closable(202605, ClosedBooks(), TODAY)  # the first close: any month that has ended
    with pytest.raises(DomainError) as refused:
        require_closable(202610, ClosedBooks((202608,)), TODAY)
    assert refused.value.code == "month.earlier_open" and refused.value.params["earlier"] == "2026-09"
    with pytest.raises(DomainError, match="已月结"):
        require_closable(202608, ClosedBooks((202608,)), TODAY)
    require_closable(202601, ClosedBooks((202512,)), TODAY)  # across the year end
    with pytest.raises(DomainError) as refused:
        require_reopenable(202608, ClosedBooks((202608, 202609)), "补记")
    assert refused.value.code == "month.later_closed"
    with pytest.raises(DomainError) as refused:
        require_reopenable(202609, ClosedBooks((202608, 202609)), " ")
    assert refused.value.code == "month.reopen_reason"
    assert require_reopenable(202609, ClosedBooks((202608, 202609)), " 补记 ") == "补记"


def test_an_unreconciled_month_needs_an_explanation_and_an_unbalanced_one_cannot_close_at_all():
    matched = SourceGap("finance", True, 0, 0, 0)
    missing = SourceGap("business", False, 1, 500, 0)
    assert require_reconciled(202610, [matched], "") == ""
    with pytest.raises(DomainError) as refused:
        require_reconciled(202610, [matched, missing], "")
    assert "未导入业务系统的对账数据" in str(refused.value)
    assert "no totals from the business systems imported" in refused.value.message("en")
    assert require_reconciled(202610, [matched, missing], " 业务系统下月补传 ") == "业务系统下月补传"
    require_balanced(202610, 0)
    with pytest.raises(DomainError) as refused:
        require_balanced(202610, 2)
    assert refused.value.code == "month.unbalanced"


def test_the_services_hold_entry_dates_against_closed_months_in_one_place():
    """The unit of work's ``_dated`` (called by the ledger writer before it appends anything) is the one call
    in the services; the domain's item rules use it too, so an import can name the row and column."""
    calls = {str(path.relative_to(ROOT)): len(re.findall(r"\brefuse_if_closed\(", path.read_text(encoding="utf-8")))
             for path in (ROOT / "app").rglob("*.py")}
    assert {path: n for path, n in calls.items() if n and path != "app/domain/closing.py"} == {
        "app/services/context.py": 1, "app/domain/arrears.py": 1}
