"""The whole counter day as the issue describes it, driven the way a clerk would, checked in the database."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from app.services.context import FixedClock
from tests.factories import make_desk, rows
from ui.dialogs import CreditApplicationDialog, CustomerDialog, ReasonDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_register_approve_record_pay_reverse_and_audit(qtbot, tmp_path, monkeypatch):
    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 1, 2))

    # 1. The clerk registers a customer and files a credit application.
    clerk_window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(clerk_window)
    dialog = CustomerDialog(desk, staff.clerk)
    qtbot.addWidget(dialog)
    dialog.name.insert("东方贸易有限公司")
    qtbot.keyClicks(dialog.phone, "0311-88886666")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)  # recorded, the dialog closes
    assert dialog.customer is not None and dialog.customer.status == "pending"
    customer_id = dialog.customer.customer_id
    application = CreditApplicationDialog(desk, staff.clerk, customer_id, "东方贸易有限公司")
    qtbot.addWidget(application)
    application.limit.setText("50,000.00")
    application.save()
    qtbot.waitUntil(lambda: application.result() == application.DialogCode.Accepted)
    assert application.application is not None

    # 2. Marketing sees what was applied for and who applied, and approves.
    marketing_window = MainWindow(desk, staff.marketing, "城东支局")
    qtbot.addWidget(marketing_window)
    approvals = marketing_window.show_area("approvals")
    assert approvals.model.rowCount() == 1
    assert approvals.model.index(0, 1).data() == "张营业"
    assert approvals.model.index(0, 4).data() == "50,000.00"
    approvals.table.selectRow(0)
    assert approvals.limit.text() == "50,000.00"
    approvals.approve()
    qtbot.waitUntil(lambda: approvals.model.rowCount() == 0)  # decided: the list refreshes from the change
    assert approvals.error.text() == ""
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", customer_id)[0][0]
    assert code and rows(desk, "SELECT status FROM customers WHERE id = ?", customer_id) == [("active",)]

    # 3. The clerk records three items, keyboard only, Enter saving each and starting the next.
    desk.clock = FixedClock(date(2026, 3, 2))
    entry = clerk_window.show_area("arrears")
    qtbot.keyClicks(entry.customer.code, code)
    qtbot.keyClick(entry.customer.code, Qt.Key.Key_Return)
    assert "东方贸易有限公司" in entry.customer.label.text()
    for day, amount, voucher in ((date(2026, 1, 5), "100.00", "PZ001"), (date(2026, 2, 3), "200.00", "PZ002"),
                                 (date(2026, 2, 20), "300", "PZ003")):
        entry.business_date.setDate(QDate(day))
        qtbot.keyClicks(entry.amount, amount)
        qtbot.keyClicks(entry.voucher, voucher)
        qtbot.keyClick(entry.voucher, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: voucher in entry.done.text())  # 已保存：PZ001 …
        assert entry.error.text() == "", entry.error.text()
        assert entry.amount.text() == "" and entry.voucher.text() == ""  # ready for the next item
    qtbot.keyClicks(entry.amount, "12.345")
    assert "两位小数" in entry.error.text()  # live validation says why, in words
    entry.amount.clear()
    assert rows(desk, "SELECT voucher_no, amount FROM arrears_items ORDER BY id") == [
        ("PZ001", 10_000), ("PZ002", 20_000), ("PZ003", 30_000)]

    # 4. A part payment: the preview shows FIFO closing the oldest item first, before posting.
    desk.clock = FixedClock(date(2026, 3, 10))
    pay = clerk_window.show_area("repayments")
    qtbot.keyClicks(pay.customer.code, code)
    qtbot.keyClick(pay.customer.code, Qt.Key.Key_Return)
    assert pay.open_model.rowCount() == 3
    qtbot.keyClicks(pay.amount, "150.00")
    assert [(line.voucher_no, line.amount) for line in pay.preview_model.rows] == [("PZ001", 10_000), ("PZ002", 5_000)]
    qtbot.keyClicks(pay.receipt, "SJ-0001")
    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "SJ-0001" in pay.done.text())
    qtbot.waitUntil(lambda: [i.open_amount for i in pay.open_model.rows] == [15_000, 30_000])  # refreshed
    assert rows(desk, "SELECT open_amount FROM item_balances ORDER BY item_id") == [(0,), (15_000,), (30_000,)]

    # 5. The customer names PZ003 and pays more than is open: the rest is kept as unapplied credit.
    pay.open_model.setData(pay.open_model.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    qtbot.keyClicks(pay.amount, "400.00")
    assert [(line.voucher_no, line.amount) for line in pay.preview_model.rows] == [("PZ003", 30_000)]
    assert "100.00" in pay.excess.text()
    qtbot.keyClicks(pay.receipt, "SJ-0002")
    asked = []
    monkeypatch.setattr(pay, "confirm_excess", lambda amount, excess: asked.append((amount, excess)) or True)
    pay.post()
    assert asked == [(40_000, 10_000)]  # the clerk confirmed that 100.00 becomes 预存款
    qtbot.waitUntil(lambda: "SJ-0002" in pay.done.text())
    assert rows(desk, "SELECT open_total, unapplied_credit FROM customer_balances WHERE customer_id = ?",
                customer_id) == [(15_000, 10_000)]

    # 6. The head reverses the first payment (bounced): what it closed opens again.
    head_window = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(head_window)
    head_window.show_ledger(customer_id)
    ledger = head_window.areas["ledger"]
    assert ledger.open_model.rowCount() == 1
    row = next(i for i, e in enumerate(ledger.history_model.rows) if e.reference == "SJ-0001")
    ledger.history_table.selectRow(row)
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, title, effect, parent=None: "银行退票"))
    ledger.reverse_selected_repayment()
    # the ledger on screen refreshes from what the reversal changed
    qtbot.waitUntil(lambda: ("repayment_reversal", "SJ-0001") in [(e.kind, e.reference) for e in ledger.history_model.rows])
    assert ledger.error.text() == ""
    assert rows(desk, "SELECT open_amount FROM item_balances ORDER BY item_id") == [(10_000,), (20_000,), (0,)]
    history = [(e.kind, e.reference) for e in ledger.history_model.rows]
    assert history[history.index(("repayment", "SJ-0001")) - 1] == ("repayment_reversal", "SJ-0001")
    assert [str(on) for on, in rows(desk, "SELECT paid_on FROM repayments WHERE receipt_no = 'SJ-0001'")] == ["2026-03-10"]

    # 7. All of it is in the audit trail, in Chinese.
    audit = head_window.show_area("audit")
    audit.date_from.setDate(QDate(2026, 1, 1))  # the default is the last 30 days
    audit.reload()

    def actions():
        return {audit.model.index(r, 2).data() for r in range(audit.model.rowCount())}
    qtbot.waitUntil(lambda: "登记客户" in actions())
    assert {"登记客户", "提交记欠申请", "审批通过", "登记欠费", "登记收款", "冲正收款"} <= actions()
    for window in (clerk_window, marketing_window, head_window):
        window.close()
    desk.close()


def test_over_limit_item_needs_the_branch_head_on_the_spot(qtbot, tmp_path, monkeypatch):
    from app.services.arrears import OverLimitOverride
    from tests.factories import approved_customer
    from ui.pages import arrears_entry

    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 3, 2))
    cid = approved_customer(desk, staff, limit=10_000)
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", cid)[0][0]
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    entry = window.show_area("arrears")
    qtbot.keyClicks(entry.customer.code, code)
    qtbot.keyClick(entry.customer.code, Qt.Key.Key_Return)
    asked = []
    monkeypatch.setattr(arrears_entry.OverrideDialog, "ask", classmethod(
        lambda cls, d, explanation, parent=None: asked.append(explanation) or OverLimitOverride(staff.head, "年底集中交寄")))
    qtbot.keyClicks(entry.amount, "150.00")
    qtbot.keyClicks(entry.voucher, "PZ-BIG")
    qtbot.keyClick(entry.voucher, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "PZ-BIG" in entry.done.text())  # refused, authorised, recorded
    assert asked and "超出信用额度" in asked[0]
    assert rows(desk, "SELECT override_reason FROM arrears_items") == [("年底集中交寄",)]
    window.close()
    desk.close()


def test_branch_head_suspends_and_restores_a_customer_with_a_reason(qtbot, tmp_path, monkeypatch):
    from tests.factories import approved_customer
    from app.services.arrears import ArrearsInput, record_arrears
    from tests.factories import notice_served
    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 3, 2))
    cid = approved_customer(desk, staff)
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 3, 2), 10_000, "V1", True))
    notice_served(desk, staff, cid, item.due_date + timedelta(days=20))  # postal 17: suspended after a notice
    clerk = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(clerk)
    clerk.show_ledger(cid)
    assert all(b.isHidden() for b in clerk.areas["ledger"].status_buttons.values())  # not the clerk's decision
    head = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(head)
    head.show_ledger(cid)
    ledger = head.areas["ledger"]
    from app.domain.customers import StatusAction
    assert ledger.status_buttons[StatusAction.SUSPEND].isEnabled()
    assert not ledger.status_buttons[StatusAction.RESTORE].isEnabled()
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, title, effect, parent=None: "书面催缴后仍未结付"))
    ledger.change_status(StatusAction.SUSPEND)
    assert not ledger.status_buttons[StatusAction.SUSPEND].isEnabled()  # while it is being recorded
    qtbot.waitUntil(lambda: "暂停记欠" in ledger.header.text())  # the ledger refreshed from the change
    assert rows(desk, "SELECT status FROM customers WHERE id = ?", cid) == [("suspended",)]
    qtbot.waitUntil(lambda: ledger.status_buttons[StatusAction.RESTORE].isEnabled())
    assert not ledger.status_buttons[StatusAction.SUSPEND].isEnabled()
    ledger.change_status(StatusAction.RESTORE)
    qtbot.waitUntil(lambda: "正常" in ledger.header.text())
    assert rows(desk, "SELECT status FROM customers WHERE id = ?", cid) == [("active",)]
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action IN ('customer.suspend', 'customer.restore')") == [(2,)]
    clerk.close()
    head.close()
    desk.close()


def test_a_posted_repayment_prints_a_receipt_with_the_amount_in_words(qtbot, tmp_path):
    import shutil
    import subprocess

    from tests.factories import approved_customer
    from app.services.documents import issue_receipt

    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 1, 2))
    cid = approved_customer(desk, staff)
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", cid)[0][0]
    from app.services.arrears import ArrearsInput, record_arrears
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 2), 140_950, "PZ-R1"))
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    pay = window.show_area("repayments")
    assert not pay.print_button.isEnabled()
    qtbot.keyClicks(pay.customer.code, code)
    qtbot.keyClick(pay.customer.code, Qt.Key.Key_Return)
    qtbot.keyClicks(pay.amount, "1,409.50")
    qtbot.keyClicks(pay.receipt, "SJ-9001")
    pay.post()
    qtbot.waitUntil(lambda: pay.print_button.isEnabled())
    pdf = tmp_path / "receipt.pdf"
    issue_receipt(desk, staff.clerk, pay.last_repayment_id, pdf)  # what the print button shows
    assert pdf.stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        for expected in ("SJ-9001", "壹仟肆佰零玖元伍角", "1,409.50", "PZ-R1"):
            assert expected in text.replace(" ", "")
    window.close()
    desk.close()


def test_clerk_edits_a_customers_details_and_the_change_is_audited(qtbot, tmp_path):
    from app.services.customers import CustomerInput, get_customer, register_customer
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    customer = register_customer(desk, staff.clerk, CustomerInput(name="东方贸易", phone="0311-1111"))
    dialog = CustomerDialog(desk, staff.clerk, existing=get_customer(desk, staff.clerk, customer.customer_id))
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "东方贸易" and dialog.windowTitle() == "修改客户资料"
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "0311-2222")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert rows(desk, "SELECT phone, branch_id IS NOT NULL FROM customers") == [("0311-2222", 1)]
    audit = rows(desk, "SELECT before, after FROM audit_log WHERE action = 'customer.update'")
    assert "0311-1111" in audit[0][0] and "0311-2222" in audit[0][1]
    desk.close()


def test_column_widths_are_remembered_across_sessions_and_reloads(qtbot, tmp_path):
    from tests.factories import approved_customer
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    cid = approved_customer(desk, staff)
    window = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(window)
    window.show_ledger(cid)
    ledger = window.areas["ledger"]
    ledger.history_table.setColumnWidth(3, 333)
    window.show_ledger(cid)  # a reload resets the model
    assert ledger.history_table.columnWidth(3) == 333
    again = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(again)
    assert again.areas["ledger"].history_table.columnWidth(3) == 333
    window.close()
    again.close()
    desk.close()


def test_audit_viewer_remembers_its_last_filters(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    window = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(window)
    audit = window.show_area("audit")
    qtbot.keyClicks(audit.user, "clerk")
    audit.action.setCurrentIndex(audit.action.findData("auth.login"))
    audit.reload()
    qtbot.waitUntil(lambda: audit.model.rowCount() == 1)  # the clerk signed in once
    again = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(again)
    restored = again.show_area("audit")
    assert restored.user.text() == "clerk" and restored.action.currentData() == "auth.login"
    window.close()
    again.close()
    desk.close()


def test_credit_application_proposes_the_configured_limit_for_each_grade(qtbot, tmp_path):
    from app.services.customers import CustomerInput, register_customer
    from app.services.settings import put_setting
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    with desk.unit_of_work(staff.admin) as uow:  # the branch's own grade limits (信用评价)
        put_setting(uow, "credit.grade_limits", {"AAA": 90_000_000, "A": 3_000_000, "C": 500_000})
        uow.commit()
    customer = register_customer(desk, staff.clerk, CustomerInput(name="东方贸易"))
    dialog = CreditApplicationDialog(desk, staff.clerk, customer.customer_id, "东方贸易")
    qtbot.addWidget(dialog)
    assert dialog.limit.text() == "30,000.00"
    dialog.grade.setCurrentIndex(dialog.grade.findData("C"))
    assert dialog.limit.text() == "5,000.00"
    desk.close()


def test_the_branch_head_moves_a_settled_customer_to_another_branch_of_the_city(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from app.services import exchange
    from app.services.settings import put_setting
    from tests.factories import approved_customer

    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 1, 2))
    city, cstaff = make_desk(tmp_path / "city.sqlite3", today=date(2026, 1, 2), code="CITY", kind="city")
    exchange.register_site(desk, staff.admin, exchange.write_identity(city, tmp_path / "city.json"))
    city.close()
    with desk.unit_of_work() as uow:  # as the city office's package leaves it
        put_setting(uow, "exchange.directory", [["BR02", "城西支局"]])
        uow.commit()
    cid = approved_customer(desk, staff)
    clerk = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(clerk)
    clerk.show_ledger(cid)
    assert clerk.areas["ledger"].move_button.isHidden()  # not the clerk's decision
    head = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(head)
    head.show_ledger(cid)
    ledger = head.areas["ledger"]
    assert not ledger.move_button.isHidden() and ledger.move_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("BR02 城西支局", True)))
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, title, effect, parent=None: "客户迁址"))
    ledger.move_to_another_branch()
    qtbot.waitUntil(lambda: rows(desk, "SELECT direction, other_site FROM customer_transfers") == [("out", "BR02")])
    assert rows(desk, "SELECT status FROM customers WHERE id = ?", cid) == [("terminated",)]
    clerk.close()
    head.close()
    desk.close()
