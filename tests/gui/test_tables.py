"""Every table reads at a glance (issue 11, points 5 and 9): the money in view at 1024x768, the ladder step
whole, compact rows, names elided in the middle with the whole name in the tooltip, customers still waiting
for their code last; red only for what is overdue or wrong, grey for what was reversed, success in green."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services.arrears import ArrearsInput, record_arrears
from app.services.customers import CustomerInput, list_customers, register_customer
from app.services.repayments import RepaymentInput, record_repayment, reverse_repayment
from tests.factories import approved_customer, make_desk, move_clock, rows
from ui.main_window import MainWindow
from ui.style import ALERT, GOOD, alert_color, muted_color

pytestmark = pytest.mark.gui

START = date(2026, 1, 5)
LONG_NAME = "石家庄市长安区东方国际贸易与现代物流集团有限责任公司"


@pytest.fixture
def counter(tmp_path):
    """A customer waiting for approval (registered first, so no code), one with a long name owing three overdue
    items and one not yet due, paid twice (the first payment reversed), and a second customer."""
    desk, staff = make_desk(tmp_path / "desk.sqlite3", START)
    register_customer(desk, staff.clerk, CustomerInput(name="待审批客户", phone="1"))
    east = approved_customer(desk, staff, LONG_NAME)
    approved_customer(desk, staff, "南湖书店")
    for n in range(3):
        record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", START, 50_000 + n, f"VE{n}", True))
    first = record_repayment(desk, staff.clerk, RepaymentInput(east, 10_000, START, "cash", "SJ-1"))
    record_repayment(desk, staff.clerk, RepaymentInput(east, 5_000, START, "cash", "SJ-2"))
    reverse_repayment(desk, staff.head, first.repayment_id, "银行退票")
    due = date.fromisoformat(str(rows(desk, "SELECT MIN(due_date) FROM arrears_items")[0][0]))
    today = due + timedelta(days=35)
    move_clock(desk, today)
    record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", today, 7_000, "VNEW", True))  # not yet due
    yield desk, staff, east
    desk.close()


def open_window(qtbot, desk, actor, size=(1024, 768)) -> MainWindow:
    window = MainWindow(desk, actor, "城东支局")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def column(model, header: str) -> int:
    return next(i for i in range(model.columnCount()) if model.headerData(i, Qt.Orientation.Horizontal) == header)


def test_at_1024x768_the_customer_lists_money_lies_inside_the_viewport(qtbot, counter):
    desk, staff, east = counter
    window = open_window(qtbot, desk, staff.head)
    page = window.show_area("customers")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    qtbot.wait(50)
    viewport = page.table.viewport().rect()
    for header in ("未核销", "逾期欠费", "预存款"):
        for row in range(page.model.rowCount()):
            cell = page.table.visualRect(page.model.index(row, column(page.model, header)))
            assert viewport.contains(cell), (header, cell, viewport)


def test_names_are_elided_in_the_middle_and_whole_in_the_tooltip(qtbot, counter):
    desk, staff, east = counter
    window = open_window(qtbot, desk, staff.head)
    page = window.show_area("customers")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    name = column(page.model, "客户名称")
    row = next(r for r in range(3) if page.model.index(r, name).data() == LONG_NAME)
    assert page.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    # whole, it would crowd out the money
    assert page.table.columnWidth(name) < page.table.fontMetrics().horizontalAdvance(LONG_NAME)
    assert page.model.index(row, name).data(Qt.ItemDataRole.ToolTipRole) == LONG_NAME


def test_customers_still_waiting_for_their_code_come_last(qtbot, counter):
    desk, staff, east = counter
    assert [r.name for r in list_customers(desk, staff.head)] == [LONG_NAME, "南湖书店", "待审批客户"]
    window = open_window(qtbot, desk, staff.head)
    page = window.show_area("customers")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.model.rows[-1].code == ""
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):  # a click on 客户代码, either way
        page.table.sortByColumn(column(page.model, "客户代码"), order)
        assert page.model.rows[-1].name == "待审批客户"


def test_the_collection_queue_shows_the_whole_ladder_step_in_compact_rows(qtbot, counter):
    desk, staff, east = counter
    window = open_window(qtbot, desk, staff.head)
    page = window.show_area("collection")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    table, step = page.table, column(page.model, "催缴步骤")
    text = page.model.index(0, step).data()
    assert "待确认" in text
    assert table.columnWidth(step) >= table.fontMetrics().horizontalAdvance(text) + 6  # the cell's margins too
    assert table.viewport().rect().contains(table.visualRect(page.model.index(0, step)))  # in view at 1024
    assert table.rowHeight(0) <= max(24, table.fontMetrics().height() + 6)
    items = column(page.model, "笔数")  # a count, right-aligned like money
    assert page.model.index(0, items).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_overdue_items_are_red_in_the_ledger_and_the_repayment_list(qtbot, counter):
    desk, staff, east = counter
    window = open_window(qtbot, desk, staff.head)
    window.show_ledger(east)
    ledger = window.areas["ledger"]
    pay = window.show_area("repayments")
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", east)[0][0]
    qtbot.keyClicks(pay.customer.code, code)
    qtbot.keyClick(pay.customer.code, Qt.Key.Key_Return)
    for model in (ledger.open_model, pay.open_model):
        tones = {item.voucher_no: model.index(r, 1).data(Qt.ItemDataRole.ForegroundRole)
                 for r, item in enumerate(model.rows)}
        assert tones == {"VE0": alert_color(), "VE1": alert_color(), "VE2": alert_color(), "VNEW": None}, model


def test_money_received_is_not_red_and_a_reversed_repayment_is_grey_in_the_ledger_history(qtbot, counter):
    desk, staff, east = counter
    window = open_window(qtbot, desk, staff.head)
    window.show_ledger(east)
    model = window.areas["ledger"].history_model
    amount = column(model, "金额")
    tone = {(e.kind, e.reference): model.index(r, amount).data(Qt.ItemDataRole.ForegroundRole)
            for r, e in enumerate(model.rows)}
    assert tone[("repayment", "SJ-2")] is None  # received, standing: ordinary text
    assert tone[("repayment", "SJ-1")] == muted_color()  # reversed
    assert tone[("repayment_reversal", "SJ-1")] == muted_color()
    assert tone[("item", "VE0")] is None


def test_an_export_that_worked_is_said_in_green_and_a_failure_in_red(qtbot, counter):
    desk, staff, east = counter
    page = open_window(qtbot, desk, staff.head).show_area("reports")
    page._exported(Path("/tmp/movement.xlsx"), None)
    assert "已导出" in page.error.text()
    assert GOOD in page.error.styleSheet() and ALERT not in page.error.styleSheet()
    page.error.setText("收款失败")  # any page writing an error where a success was shown: red again
    assert ALERT in page.error.styleSheet()
    page._exported(Path("/tmp/movement.xlsx"), None)
    page._exported(Path("/tmp/movement.xlsx"), OSError("disk full"))
    assert ALERT in page.error.styleSheet()
