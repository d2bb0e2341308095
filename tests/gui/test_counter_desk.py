"""The counter's two busiest screens (issue 11: 1 and 6): 收款核销 shows what the customer owes and asks
before money becomes 预存款; 欠费登记 moves on Enter to what is still missing and asks before an unusually
large item. Driven by keyboard, checked in the database."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.arrears import ArrearsInput, record_arrears
from app.services.context import FixedClock
from app.services.repayments import RepaymentInput, record_repayment
from app.services.settings import set_confirm_above
from tests.factories import approved_customer, make_desk, rows
from ui.main_window import MainWindow
from ui.style import GOOD

pytestmark = pytest.mark.gui


@pytest.fixture
def counter(tmp_path, qtbot):
    """A customer with 131.92 open (100.00 of it overdue) and 5.00 of 预存款, and the clerk's window."""
    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 1, 20))
    cid = approved_customer(desk, staff, limit=50_000_000, period_days=0)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 20), 10_000, "PZ1"))
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 10_500, date(2026, 1, 20), "cash", "SJ-0"))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 20), 10_000, "PZ2"))
    desk.clock = FixedClock(date(2026, 2, 10))  # PZ2 is overdue by now
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 2, 10), 3_192, "PZ3"))
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", cid)[0][0]
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    yield desk, staff, window, code
    window.close()
    desk.close()


def pick(qtbot, page, code: str) -> None:
    qtbot.keyClicks(page.customer.code, code)
    qtbot.keyClick(page.customer.code, Qt.Key.Key_Return)


def repayments(desk) -> list[tuple]:
    return rows(desk, "SELECT receipt_no, amount FROM repayments ORDER BY id")


def test_the_customers_owed_overdue_and_credit_stand_at_the_top_of_the_repayment_page(qtbot, counter):
    desk, _staff, window, code = counter
    pay = window.show_area("repayments")
    pick(qtbot, pay, code)
    assert (pay.owed.text(), pay.overdue.text(), pay.credit.text()) == ("131.92", "100.00", "5.00")
    assert "color" in pay.overdue.styleSheet()  # overdue money in the alert colour
    qtbot.keyClicks(pay.amount, "100.00")
    qtbot.keyClicks(pay.receipt, "SJ-1")
    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pay.owed.text() == "31.92")  # the figures follow the posting
    assert pay.overdue.text() == "0.00" and pay.credit.text() == "5.00"


def test_an_overpayment_is_posted_only_once_the_clerk_confirms_the_unapplied_credit(qtbot, counter, monkeypatch):
    desk, _staff, window, code = counter
    pay = window.show_area("repayments")
    pick(qtbot, pay, code)
    qtbot.keyClicks(pay.amount, "50,000.00")
    qtbot.keyClicks(pay.receipt, "SJ-BIG")
    answers, asked = [False, True], []
    monkeypatch.setattr(pay, "confirm_excess", lambda amount, excess: asked.append((amount, excess)) or answers.pop(0))

    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)  # declined: nothing posted, back to the amount
    assert asked == [(5_000_000, 5_000_000 - 13_192)]
    assert repayments(desk) == [("SJ-0", 10_500)] and pay.done.text() == ""
    assert window.focusWidget() is pay.amount

    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)  # confirmed: posted, the excess kept as 预存款
    qtbot.waitUntil(lambda: "SJ-BIG" in pay.done.text())
    assert repayments(desk)[-1] == ("SJ-BIG", 5_000_000)
    assert rows(desk, "SELECT open_total, unapplied_credit FROM customer_balances") == [(0, 500 + 5_000_000 - 13_192)]


def test_a_payment_within_what_is_owed_posts_without_a_question(qtbot, counter, monkeypatch):
    desk, _staff, window, code = counter
    pay = window.show_area("repayments")
    pick(qtbot, pay, code)
    monkeypatch.setattr(pay, "confirm_excess", lambda amount, excess: pytest.fail("asked without an excess"))
    qtbot.keyClicks(pay.amount, "131.92")
    qtbot.keyClick(pay.amount, Qt.Key.Key_Return)  # Enter in the amount: on to the empty receipt number
    assert window.focusWidget() is pay.receipt
    qtbot.keyClicks(pay.receipt, "SJ-EXACT")
    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "SJ-EXACT" in pay.done.text())


def test_the_overpayment_question_states_the_credit_in_chinese_with_buttons_that_say_what_they_do(qtbot, counter):
    desk, _staff, window, code = counter
    pay = window.show_area("repayments")
    pick(qtbot, pay, code)
    seen = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["text"] = box.text()
        seen["buttons"] = [button.text() for button in box.buttons()]
        seen["default"] = box.defaultButton().text()
        next(b for b in box.buttons() if "预存款" in b.text()).click()

    QTimer.singleShot(0, answer)
    qtbot.keyClicks(pay.amount, "200.00")
    qtbot.keyClicks(pay.receipt, "SJ-Q")
    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "SJ-Q" in pay.done.text())
    assert "200.00" in seen["text"] and "68.08" in seen["text"] and "预存款" in seen["text"]
    assert seen["default"] == "返回修改金额"  # a stray Enter does not confirm
    assert any("68.08" in b for b in seen["buttons"]), seen["buttons"]


def test_a_stale_error_disappears_when_the_repayment_posts_and_the_receipt_is_offered_at_once(qtbot, counter):
    desk, _staff, window, code = counter
    pay = window.show_area("repayments")
    pick(qtbot, pay, code)
    qtbot.keyClicks(pay.amount, "10.00")
    pay.post()  # no receipt number yet
    qtbot.waitUntil(lambda: "收据号" in pay.error.text())
    qtbot.keyClicks(pay.receipt, "SJ-2")
    assert pay.error.text() == ""  # typing makes the old error go
    pay.error.setText("收据号不能为空")  # even if one were still there, a posting starts clean
    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "SJ-2" in pay.done.text())
    assert pay.error.text() == ""
    assert GOOD in pay.done.styleSheet()
    assert pay.print_button.isEnabled() and window.focusWidget() is pay.print_button
    qtbot.keyClicks(pay.amount, "5")  # the next payment begins: the old success line goes too
    assert pay.done.text() == ""


def test_enter_moves_to_the_next_empty_required_field_and_saves_when_all_are_filled(qtbot, counter):
    desk, _staff, window, code = counter
    entry = window.show_area("arrears")
    pick(qtbot, entry, code)
    assert window.focusWidget() is entry.amount
    qtbot.keyClicks(entry.amount, "88.00")
    qtbot.keyClick(entry.amount, Qt.Key.Key_Return)  # the voucher is still empty: go there, no error
    assert entry.error.text() == "" and window.focusWidget() is entry.voucher
    entry.amount.clear()
    qtbot.keyClicks(entry.voucher, "PZ-E1")
    qtbot.keyClick(entry.voucher, Qt.Key.Key_Return)  # the amount went missing: back to it
    assert entry.error.text() == "" and window.focusWidget() is entry.amount
    qtbot.keyClicks(entry.amount, "88.00")
    qtbot.keyClick(entry.amount, Qt.Key.Key_Return)  # all filled: saved
    qtbot.waitUntil(lambda: "PZ-E1" in entry.done.text())
    assert rows(desk, "SELECT amount FROM arrears_items WHERE voucher_no = 'PZ-E1'") == [(8_800,)]
    assert window.focusWidget() is entry.amount  # ready for the next item of the same customer


def test_an_unusually_large_item_is_recorded_only_once_the_clerk_confirms_it(qtbot, counter, monkeypatch):
    desk, staff, window, code = counter
    entry = window.show_area("arrears")
    pick(qtbot, entry, code)
    answers, asked = [False, True, True], []
    monkeypatch.setattr(entry, "confirm_large", lambda text: asked.append(text) or answers.pop(0))
    qtbot.keyClicks(entry.amount, "150,000.00")
    qtbot.keyClicks(entry.voucher, "PZ-L1")
    qtbot.keyClick(entry.voucher, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(asked) == 1)  # declined: nothing recorded, back to the amount
    assert "150,000.00" in asked[0] and "100,000.00" in asked[0]
    assert rows(desk, "SELECT COUNT(*) FROM arrears_items WHERE voucher_no = 'PZ-L1'") == [(0,)]
    qtbot.waitUntil(lambda: window.focusWidget() is entry.amount)
    qtbot.keyClick(entry.voucher, Qt.Key.Key_Return)  # confirmed: recorded
    qtbot.waitUntil(lambda: "PZ-L1" in entry.done.text())
    assert rows(desk, "SELECT amount FROM arrears_items WHERE voucher_no = 'PZ-L1'") == [(15_000_000,)]
    assert entry.error.text() == ""

    set_confirm_above(desk, staff.admin, 1_000_00)  # the ceiling is a setting: at 1,000.00 yuan it asks sooner
    qtbot.keyClicks(entry.amount, "1,000.01")
    qtbot.keyClicks(entry.voucher, "PZ-L2")
    qtbot.keyClick(entry.voucher, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "PZ-L2" in entry.done.text())
    assert len(asked) == 3 and "1,000.00" in asked[2]


def test_full_width_digits_from_a_chinese_input_method_are_read_not_refused(qtbot, counter):
    desk, _staff, window, code = counter
    entry = window.show_area("arrears")
    pick(qtbot, entry, code)
    entry.amount.insert("１，２３４．５６")  # as an input method commits it
    assert entry.error.text() == ""  # the live check accepts it
    entry.voucher.insert("PZ-全角")
    qtbot.keyClick(entry.voucher, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "PZ-全角" in entry.done.text())
    assert rows(desk, "SELECT amount FROM arrears_items WHERE voucher_no = 'PZ-全角'") == [(123_456,)]


def test_unapplied_credit_is_previewed_and_applied_from_the_repayment_page_dated_today(qtbot, counter):
    desk, _staff, window, code = counter
    pay = window.show_area("repayments")
    pick(qtbot, pay, code)
    # No amount typed: the preview shows where the 5.00 of 预存款 would go, oldest first, dated today.
    assert "5.00" in pay.mode.text() and "2026-02-10" in pay.mode.text()
    assert [(line.voucher_no, line.amount) for line in pay.preview_model.rows] == [("PZ2", 500)]
    assert pay.credit_button.isEnabled()
    assert rows(desk, "SELECT COUNT(*) FROM allocations WHERE source = 'credit'") == [(0,)]
    pay.open_model.set_checked({1})  # the customer names PZ3 instead
    qtbot.waitUntil(lambda: [line.voucher_no for line in pay.preview_model.rows] == ["PZ3"])
    qtbot.mouseClick(pay.credit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "5.00" in pay.done.text())
    assert [(v, a, str(on)) for v, a, on in rows(desk, "SELECT i.voucher_no, a.amount, a.effective_on FROM allocations a "
            "JOIN arrears_items i ON i.id = a.arrears_item_id WHERE a.source = 'credit'")] == [("PZ3", 500, "2026-02-10")]
    qtbot.waitUntil(lambda: pay.credit.text() == "0.00")
    assert not pay.credit_button.isEnabled()  # nothing left to apply
    # Typing an amount goes back to the repayment's own preview.
    qtbot.keyClicks(pay.amount, "10.00")
    assert "5.00" not in pay.mode.text() and not pay.credit_button.isEnabled()
