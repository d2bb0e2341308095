"""The counter's common tasks in as few clicks as the README counts (issue 11, beyond fixing): a page chosen
from the navigation takes the typing at once (no click into the first field), and Enter in the customer search
opens the ledger of the customer found. Each test types only into the widget that has the focus."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services.arrears import ArrearsInput, record_arrears
from tests.factories import approved_customer, make_desk, rows
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def counter(tmp_path, qtbot):
    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 3, 2))
    cid = approved_customer(desk, staff, "南湖书店", limit=50_000_000)
    approved_customer(desk, staff, "东方贸易有限公司", limit=50_000_000)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 2), 10_000, "PZ1"))
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", cid)[0][0]
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield desk, window, cid, code
    window.close()
    desk.close()


def click_area(qtbot, window, key: str) -> None:
    """One click on the area's entry in the navigation."""
    row = list(window.areas).index(key)
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.pages.currentWidget() is window.areas[key]


def type_into_focus(qtbot, window, text: str) -> None:
    """Types what the clerk types, then Enter, into whatever has the focus (never a click)."""
    widget = window.focusWidget()
    assert widget is not None
    if text.isascii():
        QTest.keyClicks(widget, text)
    else:
        widget.insert(text)  # what an input method hands over (QTest types ASCII only)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_record_arrears_is_one_click_then_typing(qtbot, counter):
    desk, window, cid, code = counter
    click_area(qtbot, window, "arrears")
    page = window.areas["arrears"]
    assert window.focusWidget() is page.customer.code
    type_into_focus(qtbot, window, code)
    type_into_focus(qtbot, window, "58.00")
    type_into_focus(qtbot, window, "PZ2")
    qtbot.waitUntil(lambda: rows(desk, "SELECT COUNT(*) FROM arrears_items WHERE voucher_no = 'PZ2'") == [(1,)])


def test_take_a_payment_is_one_click_then_typing_and_enter_prints(qtbot, counter, monkeypatch):
    desk, window, cid, code = counter
    printed = []
    monkeypatch.setattr("ui.pages.repayment.show_receipt", lambda *args: printed.append(args[-1]))
    click_area(qtbot, window, "repayments")
    page = window.areas["repayments"]
    assert window.focusWidget() is page.customer.code
    type_into_focus(qtbot, window, code)
    type_into_focus(qtbot, window, "40.00")
    type_into_focus(qtbot, window, "SJ-9")
    qtbot.waitUntil(lambda: rows(desk, "SELECT receipt_no, amount FROM repayments") == [("SJ-9", 4_000)])
    qtbot.waitUntil(lambda: window.focusWidget() is page.print_button)
    qtbot.keyClick(page.print_button, Qt.Key.Key_Return)  # 打印收据 without reaching for the mouse
    assert printed == [page.last_repayment_id]


def test_look_up_a_customer_is_typing_the_name_and_enter(qtbot, counter):
    desk, window, cid, code = counter
    customers = window.areas["customers"]
    click_area(qtbot, window, "customers")  # the day opens on 今日; one click to the customer list
    assert window.pages.currentWidget() is customers and window.focusWidget() is customers.search
    type_into_focus(qtbot, window, "南湖")  # Enter at once: the list catches up before the ledger opens
    ledger = window.areas["ledger"]
    qtbot.waitUntil(lambda: window.pages.currentWidget() is ledger)
    assert ledger.ledger.customer.customer_id == cid


def test_coming_back_to_the_customers_the_search_takes_the_typing_again(qtbot, counter):
    desk, window, cid, code = counter
    click_area(qtbot, window, "ledger")
    assert window.focusWidget() is window.areas["ledger"].customer.code
    click_area(qtbot, window, "customers")
    assert window.focusWidget() is window.areas["customers"].search
