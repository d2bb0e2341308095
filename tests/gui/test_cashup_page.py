"""缴款 on screen: the clerk's day (receipts, per method, voided receipts, hand in) and finance receiving it."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from app.domain.errors import DomainError
from app.services.arrears import ArrearsInput, record_arrears
from app.services.cashup import clerk_day, hand_in, hand_ins, void_receipts
from app.services.repayments import RepaymentInput, record_repayment
from tests.factories import approved_customer, make_desk
from ui.main_window import MainWindow
from ui.pages import cashup as cashup_page
from ui.tasks import _WRITING, worker_pool

D = date(2026, 6, 15)


@pytest.fixture
def counter(tmp_path):
    desk, staff = make_desk(tmp_path / "g.sqlite3", D)
    customer = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(customer, "LETTER", D, 50_000, "V1", True))
    for receipt, amount, method in (("SJ0001", 3_000, "cash"), ("SJ0003", 1_000, "wechat")):
        record_repayment(desk, staff.clerk, RepaymentInput(customer, amount, D, method, receipt))
    yield desk, staff
    desk.close()


def test_the_clerk_voids_the_skipped_receipt_then_hands_in_and_finance_receives_it(qtbot, counter):
    desk, staff = counter
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    page = window.show_area("cashup")
    day = page.my_day
    assert page.hand_ins is None and page.tabs.count() == 1
    assert day.receipts.rowCount() == 2 and "SJ0002" in day.summary.text()
    assert "40.00" in day.summary.text() and not day.hand_in_button.isEnabled()  # a gap keeps the day open
    assert sorted(day.counted) == ["cash", "wechat"] and day.counted["cash"].text() == "30.00"
    day.void_first.setText("SJ0002")
    day.void_reason.setText("填错作废")
    day.void_button.click()
    # the void's changes reload the page before the void has settled: the hand-in waits for both
    qtbot.waitUntil(lambda: day.voided.rowCount() == 1 and day.hand_in_button.isEnabled(), timeout=10_000)
    assert "SJ0002" not in day.summary.text().split("\n")[-1]
    day.counted["cash"].setText("29.00")
    day.hand_in_button.click()
    qtbot.waitUntil(lambda: bool(day.hand_in_note.text()), timeout=10_000)
    assert "原因" in day.hand_in_note.text() and clerk_day(desk, staff.clerk).cash_up is None
    day.hand_in_reason.setText("少收 1 元")
    day.hand_in_button.click()
    qtbot.waitUntil(lambda: clerk_day(desk, staff.clerk).cash_up is not None, timeout=10_000)
    # the button is also disabled while the hand-in is written: wait for the day as read again afterwards
    qtbot.waitUntil(lambda: "尚未接收" in day.summary.text(), timeout=10_000)
    assert not day.hand_in_button.isEnabled()
    window.close()

    finance = MainWindow(desk, staff.finance, "城东支局")
    qtbot.addWidget(finance)
    received = finance.show_area("cashup")
    assert received.my_day is None
    panel = received.hand_ins
    assert panel.model.rowCount() == 1
    panel.table.selectRow(0)
    assert "现金：收据 30.00，实缴 29.00" in panel.detail.text()
    panel.receive_button.click()
    qtbot.waitUntil(lambda: not hand_ins(desk, staff.finance, pending=True), timeout=10_000)
    qtbot.waitUntil(lambda: panel.model.rows and panel.model.rows[0].received_by == "钱财务", timeout=10_000)
    finance.close()


def test_a_reload_brought_by_the_voids_own_changes_keeps_hand_in_off_until_the_void_settles(qtbot, counter):
    """The changes of a write reach the page before the write's own reply: a hand-in clicked in between would be
    dropped as a second write, so the button is not offered until the void has settled."""
    desk, staff = counter
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    day = window.show_area("cashup").my_day
    void_receipts(desk, staff.clerk, "SJ0002", "", "填错作废")  # no gap left: the day may be handed in
    day.setProperty(_WRITING, True)                            # ... but the void's reply has not come yet
    day.reload()
    assert not day.hand_in_button.isEnabled()
    day.setProperty(_WRITING, False)
    day.reload()
    assert day.hand_in_button.isEnabled()
    window.close()


def test_while_a_void_runs_the_hand_in_waits_and_is_offered_again_when_the_void_is_refused(qtbot, counter,
                                                                                           monkeypatch):
    """A day with no gap may be handed in; while a void of it runs the hand-in is not offered (its click would be
    dropped), even after a reload meanwhile, and once the void is refused it is offered again."""
    desk, staff = counter
    void_receipts(desk, staff.clerk, "SJ0002", "", "填错作废")
    release = threading.Event()

    def slow_refused_void(*_args):
        release.wait(10)
        raise DomainError("receipt.void_bad_range", first="SJ0009", last="SJ0001")

    monkeypatch.setattr(cashup_page, "void_receipts", slow_refused_void)
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    day = window.show_area("cashup").my_day
    assert day.hand_in_button.isEnabled()
    day.void_first.setText("SJ0009")
    day.void_reason.setText("填错作废")
    day.void_button.click()
    try:
        assert not day.hand_in_button.isEnabled() and not day.void_button.isEnabled()
        day.reload()  # what another window's change brings meanwhile
        assert not day.hand_in_button.isEnabled()
    finally:  # the one worker thread is never left waiting for the next tests
        release.set()
        worker_pool().waitForDone(10_000)
    qtbot.waitUntil(lambda: bool(day.void_note.text()), timeout=10_000)
    assert day.hand_in_button.isEnabled() and day.void_button.isEnabled()
    window.close()


def test_finance_is_not_offered_a_second_receipt_while_one_runs(qtbot, counter):
    """Choosing another hand-in while a receipt is written would offer a click that is dropped as a second write."""
    desk, staff = counter
    void_receipts(desk, staff.clerk, "SJ0002", "", "填错作废")
    hand_in(desk, staff.clerk, {"cash": 3_000, "wechat": 1_000})
    window = MainWindow(desk, staff.finance, "城东支局")
    qtbot.addWidget(window)
    panel = window.show_area("cashup").hand_ins
    panel.table.selectRow(0)
    assert panel.receive_button.isEnabled()
    panel.setProperty(_WRITING, True)
    panel.table.clearSelection()
    panel.table.selectRow(0)
    assert not panel.receive_button.isEnabled()
    window.close()


def test_the_repayment_form_offers_the_next_receipt_number_of_the_clerks_series(qtbot, counter):
    desk, staff = counter
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    assert window.show_area("repayments").receipt.placeholderText() == "本人下一张收据号：SJ0004"
    window.close()
