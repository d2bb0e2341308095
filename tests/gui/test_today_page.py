"""今日 on screen: the first page of a clerk and a head (no one else's, and none at the city office), its
figures with the money in thousands, a row that opens the customer's ledger, quick actions that open the
right page with the selected customer chosen, and a refresh when the ledger changes."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import ContactInput, record_contact
from app.services.customers import CustomerInput, register_customer
from app.services.repayments import RepaymentInput, record_repayment
from tests.factories import approved_customer, make_desk, move_clock
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui

START = date(2026, 1, 5)


@pytest.fixture
def world(tmp_path):
    """Customers of the clerk: one overdue, promising to pay today; one who paid today; one still waiting
    for its code."""
    desk, staff = make_desk(tmp_path / "today.sqlite3", START)
    east = approved_customer(desk, staff, "东方贸易有限公司")
    west = approved_customer(desk, staff, "西城物流有限公司")
    item = record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", START, 1_234_500, "V1", True))
    record_arrears(desk, staff.clerk, ArrearsInput(west, "LETTER", START, 50_000, "V2", True))
    register_customer(desk, staff.clerk, CustomerInput(name="新登记客户", phone="1"))
    day = item.due_date + timedelta(days=20)
    move_clock(desk, day)
    record_contact(desk, staff.clerk, ContactInput(east, day, "phone", "今天来付", promised_on=day))
    record_repayment(desk, staff.clerk, RepaymentInput(west, 1_000_000, day, "cash", "R1"))
    yield desk, staff, east, day
    desk.close()


def open_today(qtbot, desk, actor) -> tuple[MainWindow, object]:
    window = MainWindow(desk, actor, "城东支局")
    qtbot.addWidget(window)
    window.show()
    page = window.areas["today"]
    qtbot.waitUntil(lambda: page.day is not None and page.follow is not None, timeout=10_000)
    return window, page


def test_today_is_the_first_page_for_a_clerk_and_a_head_only(qtbot, world, tmp_path):
    desk, staff, _east, _day = world
    for actor in (staff.clerk, staff.head):
        window = MainWindow(desk, actor, "城东支局")
        qtbot.addWidget(window)
        assert window.area_titles()[0] == "今日"
        assert window.pages.currentWidget() is window.areas["today"]
        window.close()
    for actor in (staff.admin, staff.marketing, staff.finance, staff.auditor):
        window = MainWindow(desk, actor, "城东支局")
        qtbot.addWidget(window)
        assert "today" not in window.areas and "今日" not in window.area_titles()
        window.close()
    city, city_staff = make_desk(tmp_path / "city.sqlite3", START, code="CITY", kind="city")
    window = MainWindow(city, city_staff.head, "市局")
    qtbot.addWidget(window)
    assert "today" not in window.areas  # the city office has no counter
    window.close()
    city.close()


def test_the_figures_of_the_day_with_money_in_thousands(qtbot, world):
    desk, staff, east, day = world
    window, page = open_today(qtbot, desk, staff.clerk)
    assert page.receipts_tile.figure.text() == "10,000.00"
    assert [page.receipts_tile.details.itemAtPosition(0, c).widget().text() for c in range(3)] == [
        "现金", "1 笔", "10,000.00"]
    assert "我经办的账目和我的客户" in page.heading.text() and day.isoformat() in page.heading.text()
    assert page.items_tile.figure.text() == "0.00"
    assert page.waiting_tile.figure.text() == "1 户"
    kinds = [page.follow_model.index(r, 0).data() for r in range(page.follow_model.rowCount())]
    assert kinds[0] == "承诺今日付款" and any("待确认" in k for k in kinds)
    assert page.follow_model.index(0, 3).data() == "12,345.00"
    assert page.tabs.tabText(1) == "今日收款（1）"
    window.close()


def test_a_double_click_on_a_row_opens_the_customers_ledger(qtbot, world):
    desk, staff, east, _day = world
    window, page = open_today(qtbot, desk, staff.clerk)
    page.tabs.setCurrentIndex(1)
    table = page.receipts_table
    qtbot.waitExposed(table)
    rect = table.visualRect(page.receipts_model.index(0, 3))
    # a person's double-click: the first click, then the second (QTest's double-click alone is only the second)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.pages.currentWidget() is page  # one click selects the row for a quick action
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ledger = window.areas["ledger"]
    assert window.pages.currentWidget() is ledger
    assert ledger.ledger.customer.customer_id == page.receipts_model.rows[0].customer_id != east
    assert ledger.ledger.customer.name == "西城物流有限公司"
    window.close()


def test_quick_actions_open_the_right_page_with_the_selected_customer(qtbot, world):
    desk, staff, east, _day = world
    window, page = open_today(qtbot, desk, staff.clerk)
    code = page.follow_model.rows[0].code

    def choose_first_row() -> None:
        window.show_area("today")
        page.tabs.setCurrentIndex(0)
        page.follow_table.selectRow(0)

    choose_first_row()
    qtbot.mouseClick(page.payment_button, Qt.MouseButton.LeftButton)
    repayments = window.areas["repayments"]
    assert window.pages.currentWidget() is repayments
    assert repayments.customer.customer.customer_id == east and repayments.owed.text() == "12,345.00"

    choose_first_row()
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    arrears = window.areas["arrears"]
    assert window.pages.currentWidget() is arrears and arrears.customer.customer.customer_id == east

    choose_first_row()
    qtbot.mouseClick(page.lookup_button, Qt.MouseButton.LeftButton)
    customers = window.areas["customers"]
    assert window.pages.currentWidget() is customers and customers.search.text() == code
    qtbot.waitUntil(lambda: [r.customer_id for r in customers.model.rows] == [east], timeout=5_000)

    choose_first_row()
    qtbot.mouseClick(page.notice_button, Qt.MouseButton.LeftButton)
    collection = window.areas["collection"]
    assert window.pages.currentWidget() is collection
    qtbot.waitUntil(lambda: collection.current() is not None and collection.current().customer_id == east,
                    timeout=10_000)
    assert isinstance(collection.notice_button, QPushButton)

    choose_first_row()
    qtbot.mouseClick(page.ledger_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.areas["ledger"]
    assert window.areas["ledger"].ledger.customer.customer_id == east

    # nothing selected: the page opens, waiting for a customer code
    window.show_area("today")
    page.follow_table.clearSelection()
    qtbot.mouseClick(page.payment_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is repayments
    window.close()


def test_the_page_refreshes_when_the_ledger_changes(qtbot, world):
    desk, staff, east, day = world
    window, page = open_today(qtbot, desk, staff.head)
    assert page.receipts_tile.figure.text() == "10,000.00"
    assert {r.customer_id for r in page.follow_model.rows} >= {east}
    record_repayment(desk, staff.clerk, RepaymentInput(east, 1_234_500, day, "transfer", "R2"))
    qtbot.waitUntil(lambda: page.receipts_tile.figure.text() == "22,345.00", timeout=10_000)
    assert page.receipts_model.rowCount() == 2
    # paid as promised, the overdue cleared: nothing left to do for that customer today
    qtbot.waitUntil(lambda: east not in {r.customer_id for r in page.follow_model.rows}, timeout=10_000)
    window.close()
