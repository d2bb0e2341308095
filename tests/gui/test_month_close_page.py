"""月结 on screen: finance sees every month with its state, the chosen month's movement and reconciliation,
closes it (an unreconciled month only with an explanation, the refusal shown in its words) and reopens the
latest closed month with a reason; nobody else has the page."""
from __future__ import annotations

from datetime import date

import pytest

from app.services.arrears import ArrearsInput, record_arrears
from tests.factories import approved_customer, make_desk, move_clock, rows
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def branch(tmp_path):
    desk, staff = make_desk(tmp_path / "branch.sqlite3", date(2026, 10, 2))
    cid = approved_customer(desk, staff)
    move_clock(desk, date(2026, 10, 5))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 10, 5), 12_345, "PZ1", True))
    move_clock(desk, date(2026, 11, 4))
    yield desk, staff
    desk.close()


def window_for(qtbot, desk, actor) -> MainWindow:
    window = MainWindow(desk, actor, "城东支局")
    qtbot.addWidget(window)
    return window


def test_only_finance_has_the_month_close_page(qtbot, branch):
    desk, staff = branch
    assert "month_close" in window_for(qtbot, desk, staff.finance).areas
    for someone in (staff.clerk, staff.head, staff.marketing, staff.auditor, staff.admin):
        assert "month_close" not in window_for(qtbot, desk, someone).areas


def test_finance_closes_the_month_with_an_explanation_and_reopens_it_with_a_reason(qtbot, branch):
    desk, staff = branch
    page = window_for(qtbot, desk, staff.finance).show_area("month_close")
    assert [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())] == ["2026-11", "2026-10"]
    assert page.month().period == 202610 and page.close_button.isEnabled() and not page.reopen_button.isEnabled()
    qtbot.waitUntil(lambda: page.check is not None, timeout=10000)
    assert "123.45" in page.figures.text() and "未导入财务的对账数据" in page.reconciliation.text()
    page.close_button.click()
    qtbot.waitUntil(lambda: page.note.text() != "", timeout=10000)
    assert "业财对账未完成" in page.note.text()
    assert rows(desk, "SELECT COUNT(*) FROM month_closings") == [(0,)]
    page.explanation.setText("财务数据下月补导")
    page.close_button.click()
    qtbot.waitUntil(lambda: page.note.text() == "已结账。", timeout=10000)
    assert page.month().period == 202610 and page.month().closed
    assert page.model.data(page.model.index(1, 1)) == "已结账"
    assert page.reopen_button.isEnabled() and not page.close_button.isEnabled()
    page.reopen_button.click()
    qtbot.waitUntil(lambda: page.note.text() != "", timeout=10000)
    assert page.note.text() == "反结账必须填写原因"
    page.reason.setText("补记漏登凭证")
    page.reopen_button.click()
    qtbot.waitUntil(lambda: page.note.text() == "已反结账。", timeout=10000)
    assert rows(desk, "SELECT kind, reason FROM month_closings ORDER BY id") == [
        ("close", "财务数据下月补导"), ("reopen", "补记漏登凭证")]
    assert not page.month().closed and page.close_button.isEnabled()
