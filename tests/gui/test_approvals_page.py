"""记欠审批 as marketing uses it: nothing to press until an application is chosen, then its terms as applied
for, ready to approve; long names shortened in the list and whole on hover and above the decision."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.services.customers import CustomerInput, apply_for_credit, register_customer
from tests.factories import make_desk, rows
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui

LONG_NAME = "中国东方国际物流集团有限公司华东区域分公司城东营业部"


@pytest.fixture
def approvals(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "desk.sqlite3", date(2026, 11, 25))
    for name, limit, days, cycle in [(LONG_NAME, 8_000_000, 45, 2), ("城东街道社区服务中心", 12_000_000, 60, 3)]:
        customer = register_customer(desk, staff.clerk, CustomerInput(name=name))
        apply_for_credit(desk, staff.clerk, customer.customer_id, credit_grade="A", requested_limit=limit,
                         credit_period_days=days, settlement_cycle_months=cycle)
    window = MainWindow(desk, staff.marketing, "城东支局")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    page = window.show_area("approvals")
    yield page, desk
    desk.close()


def decision_widgets(page):
    return [page.limit, page.period, page.cycle, page.approve_button, page.reject_button]


def test_nothing_can_be_decided_until_an_application_is_selected(approvals):
    page, _desk = approvals
    assert page.model.rowCount() == 2 and page.selected() is None
    assert not any(widget.isEnabled() for widget in decision_widgets(page))
    assert page.limit.text() == "" and page.period.text() == "" and page.cycle.text() == ""  # no made-up 0
    assert page.applicant.text() == "请在上方列表中选择一条申请，再作审批。"
    page.table.selectRow(1)
    assert all(widget.isEnabled() for widget in decision_widgets(page))
    page.table.clearSelection()
    assert not page.approve_button.isEnabled() and page.limit.text() == ""


def test_selecting_an_application_fills_in_the_terms_applied_for(approvals):
    page, _desk = approvals
    page.table.selectRow(0)
    assert (page.limit.text(), page.period.value(), page.cycle.value()) == ("80,000.00", 45, 2)
    assert page.applicant.text() == LONG_NAME  # the whole name above the decision
    page.table.selectRow(1)
    assert (page.limit.text(), page.period.value(), page.cycle.value()) == ("120,000.00", 60, 3)


def test_approving_as_filled_in_grants_what_was_applied_for_and_leaves_nothing_selected(qtbot, approvals):
    page, desk = approvals
    page.table.selectRow(0)
    page.approve()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.waitUntil(lambda: not page.approve_button.isEnabled())  # the decided row is gone; the next is not chosen
    assert page.selected() is None and page.limit.text() == ""
    assert rows(desk, "SELECT credit_limit, credit_period_days, settlement_cycle_months FROM agreements") == [
        (8_000_000, 45, 2)]


def test_long_names_are_shortened_in_the_middle_with_the_whole_name_on_hover(approvals):
    page, _desk = approvals
    assert page.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert not page.table.wordWrap()
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == LONG_NAME


def test_the_inputs_keep_the_size_of_what_they_hold(approvals):
    page, _desk = approvals
    page.table.selectRow(0)
    width = page.width()
    assert page.limit.width() < width / 4
    for spin in (page.period, page.cycle):
        assert spin.width() < width / 8 and spin.width() >= spin.minimumSizeHint().width()
