"""The collection desk driven as a clerk and a branch head use it: the queue, a contact, a ladder
decision, notices (with cancel), the reply slip, a dispute, and printing a notice."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QPushButton

from app.services.arrears import ArrearsInput, record_arrears
from app.services.context import FixedClock
from app.services.customers import CustomerInput, apply_for_credit, approve_credit, register_customer
from tests.factories import approved_customer, make_desk, notice_served, rows
from ui import collection_dialogs
from ui.collection_dialogs import ContactDialog, NoticeDialog, ReplyDialog, StepDialog
from ui.main_window import MainWindow
from ui.pdf_print import load_pdf, paint_pdf
from ui.tasks import writing

pytestmark = pytest.mark.gui

START = date(2026, 1, 5)


def writing_is_idle(page) -> bool:
    return not writing(page)


@pytest.fixture
def desk_world(tmp_path):
    desk, staff = make_desk(tmp_path / "desk.sqlite3", START)
    east = approved_customer(desk, staff, "东方贸易有限公司")
    for n in range(3):
        record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", START, 50_000 + n, f"VE{n}", True))
    theirs = register_customer(desk, staff.clerk2, CustomerInput(name="南湖书店", phone="1")).customer_id
    approve_credit(desk, staff.marketing, apply_for_credit(desk, staff.clerk2, theirs, credit_grade="A",
                                                           requested_limit=1_000_000).application_id)
    record_arrears(desk, staff.clerk2, ArrearsInput(theirs, "LETTER", START, 900_000, "VN1", True))
    due = rows(desk, "SELECT MIN(due_date) FROM arrears_items")[0][0]
    today = date.fromisoformat(str(due)) + timedelta(days=35)
    desk.clock = FixedClock(today)
    yield desk, staff, east, theirs, today, tmp_path
    desk.close()


def queue_shown(page) -> bool:
    """The queue's summary line is up: the queue was computed and is on screen."""
    return page.summary.text().startswith("逾期客户")


def open_desk(qtbot, desk, actor):
    window = MainWindow(desk, actor, "城东支局")
    qtbot.addWidget(window)
    page = window.areas["collection"]
    assert page.summary.text() == ""  # nothing is computed for a page nobody opened
    window.show_area("collection")  # the queue loads the first time it is shown
    qtbot.waitUntil(lambda: queue_shown(page), timeout=10_000)
    return window, page


def test_clerk_sees_own_overdue_customers_and_head_sees_the_branch_most_urgent_first(qtbot, desk_world):
    desk, staff, east, theirs, today, tmp = desk_world
    _window, clerk_page = open_desk(qtbot, desk, staff.clerk)
    assert [r.customer_id for r in clerk_page.model.rows] == [east]
    assert not clerk_page.manager.isEnabled()
    _window, head_page = open_desk(qtbot, desk, staff.head)
    assert [r.customer_id for r in head_page.model.rows] == [theirs, east]  # the bigger amount first
    assert head_page.model.index(0, 3).data() == "9,000.00"
    assert "第3步：暂停记欠资格（待确认）" == head_page.model.index(0, 5).data()
    head_page.model.sort(3)  # by overdue amount, ascending: a header click
    assert [r.customer_id for r in head_page.model.rows] == [east, theirs]


def test_a_contact_with_a_promise_shows_in_the_queue_and_the_file(qtbot, desk_world):
    desk, staff, east, theirs, today, tmp = desk_world
    _window, page = open_desk(qtbot, desk, staff.clerk)
    page.table.selectRow(0)
    dialog = ContactDialog(desk, staff.clerk, page.current(), page)
    qtbot.addWidget(dialog)
    dialog.channel.setCurrentIndex(dialog.channel.findData("visit"))
    dialog.result_text.insert("见到财务负责人，答应月底前付清")
    dialog.promised.setChecked(True)
    dialog.promised_on.setDate(QDate(today + timedelta(days=5)))
    dialog.promised_amount.setText("1,500.03")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    # the open queue and file refresh themselves from what the contact changed; the customer stays selected
    qtbot.waitUntil(lambda: page.model.rows[0].last_contact == today, timeout=10_000)
    assert page.model.rows[0].promised_on == today + timedelta(days=5)
    assert page.current().customer_id == east
    assert page.contacts_model.rows[0].result == "见到财务负责人，答应月底前付清"
    assert page.contacts_model.index(0, 1).data() == "上门"
    assert rows(desk, "SELECT promised_amount FROM collection_records") == [(150_003,)]


def test_a_bad_contact_says_what_is_wrong_and_saves_nothing(qtbot, desk_world):
    desk, staff, east, theirs, today, tmp = desk_world
    _window, page = open_desk(qtbot, desk, staff.clerk)
    page.table.selectRow(0)
    dialog = ContactDialog(desk, staff.clerk, page.current(), page)
    qtbot.addWidget(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: "催收结果" in dialog.error.text())
    assert dialog.result() != dialog.DialogCode.Accepted
    assert rows(desk, "SELECT COUNT(*) FROM collection_records") == [(0,)]


def test_head_confirms_the_suspension_step_and_the_customer_is_suspended(qtbot, desk_world):
    desk, staff, east, theirs, today, tmp = desk_world
    notice_served(desk, staff, theirs, today)  # postal 17: the written notice went unanswered
    _window, page = open_desk(qtbot, desk, staff.head)
    page.table.selectRow(0)
    assert page.confirm_button.isEnabled()
    dialog = StepDialog(desk, staff.head, page.current(), confirm=True, parent=page)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "确认升级 第3步：暂停记欠资格"
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert rows(desk, "SELECT status FROM customers WHERE id = ?", theirs) == [("suspended",)]
    assert rows(desk, "SELECT step, decision FROM escalations") == [(3, "confirmed")]
    # the queue refreshes: the step is decided, the customer shows as suspended
    qtbot.waitUntil(lambda: page.model.index(0, 8).data() == "暂停记欠", timeout=10_000)
    assert "待确认" not in page.model.index(0, 5).data()


def test_clerk_cannot_confirm_a_suspension_and_is_told_who_can(qtbot, desk_world):
    desk, staff, east, theirs, today, tmp = desk_world
    _window, page = open_desk(qtbot, desk, staff.clerk)
    page.table.selectRow(0)
    dialog = StepDialog(desk, staff.clerk, page.current(), confirm=True, parent=page)
    qtbot.addWidget(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: "负责人" in dialog.error.text())
    assert rows(desk, "SELECT COUNT(*) FROM escalations") == [(0,)]


def test_notices_for_ticked_customers_are_issued_off_the_gui_thread(qtbot, desk_world, monkeypatch):
    desk, staff, east, theirs, today, tmp = desk_world
    offered = []
    monkeypatch.setattr(collection_dialogs, "offer_document", lambda parent, files, text: offered.append((files, text)))
    _window, page = open_desk(qtbot, desk, staff.head)
    page.step.setValue(3)
    page.tick_step_button.click()
    assert len(page.model.checked_rows()) == 2
    dialog = NoticeDialog(desk, staff.head, page.model.checked_rows(), page)
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp / "notices.pdf"))
    dialog.issue()
    qtbot.waitUntil(lambda: bool(offered), timeout=20_000)  # done: the notices are offered for printing
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (tmp / "notices.pdf").stat().st_size > 0
    assert "2" in offered[0][1]
    assert rows(desk, "SELECT COUNT(*) FROM notices") == [(2,)]
    # the reply slip of the first comes back
    reply = ReplyDialog(desk, staff.head, ["CJ-BR01-2026-000001"], page)
    qtbot.addWidget(reply)
    assert reply.dispute.text() == "有异议" and reply.no_dispute.text() == "无异议"
    reply.dispute.setChecked(True)
    reply.note.setText("对 VN1 有异议")
    reply.save()
    qtbot.waitUntil(lambda: reply.result() == reply.DialogCode.Accepted)
    assert rows(desk, "SELECT answer, note FROM notice_replies") == [("dispute", "对 VN1 有异议")]


def test_cancelling_a_notice_batch_writes_nothing(qtbot, desk_world, monkeypatch):
    desk, staff, east, theirs, today, tmp = desk_world
    release = threading.Event()
    real = collection_dialogs.issue_notices

    def slow(*args, progress, **kwargs):
        release.wait(10)  # the worker waits until the clerk has pressed Cancel
        return real(*args, progress=progress, **kwargs)
    monkeypatch.setattr(collection_dialogs, "issue_notices", slow)
    _window, page = open_desk(qtbot, desk, staff.head)
    dialog = NoticeDialog(desk, staff.head, page.model.rows, page)
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp / "cancelled.pdf"))
    dialog.issue()
    job, task = dialog._progress_job
    progress = dialog.findChild(QProgressDialog)
    progress.findChild(QPushButton).click()  # the progress dialog's Cancel button
    assert job.cancelled
    with qtbot.waitSignal(task.finished, timeout=20_000):
        release.set()
    qtbot.waitUntil(lambda: "已取消" in dialog.error.text(), timeout=5_000)
    assert not (tmp / "cancelled.pdf").exists()
    assert rows(desk, "SELECT COUNT(*) FROM notices") == [(0,)]


def test_disputing_an_item_takes_it_out_of_the_queue(qtbot, desk_world, monkeypatch):
    desk, staff, east, theirs, today, tmp = desk_world
    _window, page = open_desk(qtbot, desk, staff.clerk)
    page.table.selectRow(0)
    assert len(page.items_model.rows) == 3
    monkeypatch.setattr("ui.pages.collection.ReasonDialog.ask", staticmethod(lambda *a, **k: "客户称未收到邮件"))
    for disputed in range(1, 4):
        page.items_table.selectRow(disputed - 1)  # the next undisputed item (the file keeps its order)
        page.dispute_item()
        assert not page.dispute_button.isEnabled()  # while the dispute is being recorded
        # the open file refreshes from what changed: one more item marked disputed
        qtbot.waitUntil(lambda: sum(1 for i in page.items_model.rows if i.dispute_id) == disputed or not page.model.rows,
                        timeout=10_000)
    qtbot.waitUntil(lambda: page.model.rows == [], timeout=10_000)
    assert rows(desk, "SELECT COUNT(*) FROM disputes") == [(3,)]


def test_a_notice_prints_through_the_print_preview_painter(qtbot, desk_world, tmp_path):
    desk, staff, east, theirs, today, tmp = desk_world
    from app.services.documents import issue_notices
    issue_notices(desk, staff.clerk, [east], out=tmp / "n.pdf")
    document = load_pdf(tmp / "n.pdf")
    assert document.pageCount() == 1
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp / "printed.pdf"))
    paint_pdf(document, printer)
    assert (tmp / "printed.pdf").stat().st_size > 10_000


def test_marketing_must_review_the_history_before_a_blacklisted_customer_gets_a_new_agreement(
        qtbot, desk_world, monkeypatch):
    desk, staff, east, theirs, today, tmp = desk_world
    from app.services.customers import change_status
    from ui.collection_dialogs import HistoryDialog
    notice_served(desk, staff, east, today)
    change_status(desk, staff.head, east, "blacklist", "恶意欠费")
    apply_for_credit(desk, staff.clerk, east, credit_grade="C", requested_limit=100_000)
    window = MainWindow(desk, staff.marketing, "城东支局")
    qtbot.addWidget(window)
    approvals = window.show_area("approvals")
    approvals.reload()
    approvals.table.selectRow(0)
    assert "黑名单" in approvals.model.index(0, 0).data()
    history = HistoryDialog(desk, staff.marketing, east, approvals)
    qtbot.addWidget(history)
    history._approve()
    assert "查阅" in history.error.text() and history.result() != history.DialogCode.Accepted
    monkeypatch.setattr(approvals, "review_history", lambda _cid: False)
    approvals.approve()
    assert writing_is_idle(approvals)  # not reviewed: nothing was started
    assert rows(desk, "SELECT status FROM customers WHERE id = ?", east) == [("blacklisted",)]
    monkeypatch.setattr(approvals, "review_history", lambda _cid: True)
    approvals.approve()
    qtbot.waitUntil(lambda: approvals.model.rowCount() == 0)  # decided: it leaves the list
    assert rows(desk, "SELECT status FROM customers WHERE id = ?", east) == [("active",)]


def test_marketing_turns_the_late_fee_on_from_the_customer_ledger(qtbot, desk_world):
    desk, staff, east, theirs, today, tmp = desk_world
    window = MainWindow(desk, staff.marketing, "城东支局")
    qtbot.addWidget(window)
    window.show_ledger(east)
    ledger = window.areas["ledger"]
    assert ledger.late_fee_button.isVisibleTo(ledger) and "未启用" in ledger.late_fee_button.text()
    ledger.late_fee_button.click()
    qtbot.waitUntil(lambda: "已启用" in ledger.late_fee_button.text())
    assert rows(desk, "SELECT late_fee_enabled FROM agreements WHERE customer_id = ?", east) == [(1,)]
    clerk = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(clerk)
    assert not clerk.areas["ledger"].late_fee_button.isVisibleTo(clerk.areas["ledger"])


def test_the_queue_says_why_a_suspension_is_not_yet_allowed_and_lists_reminders_and_low_credit(qtbot, desk_world):
    desk, staff, east, theirs, today, tmp = desk_world
    from app.services.collection import set_wants_reminders
    from app.services.repayments import RepaymentInput, record_repayment
    from tests.factories import move_clock
    move_clock(desk, today)  # the jump since the last entry confirmed, as at the counter
    set_wants_reminders(desk, staff.clerk, east, True)
    record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", today, 7_000, "VSOON", True))
    record_arrears(desk, staff.clerk2, ArrearsInput(theirs, "LETTER", today, 30_000, "VN2", True))  # 100.00 a month
    record_repayment(desk, staff.clerk2, RepaymentInput(theirs, 931_000, today, "cash", "R-CREDIT"))  # 10.00 held
    from app.services.settings import set_reminder_rules
    set_reminder_rules(desk, staff.admin, reminder_days=60, low_credit_percent=100)
    window, page = open_desk(qtbot, desk, staff.head)
    qtbot.waitUntil(lambda: page.lists.tabText(1) == "即将到期（1）" and page.lists.tabText(2) == "预存款预警（1）",
                    timeout=10_000)
    assert page.reminders_model.rows[0].customer_id == east
    assert page.low_credit_model.rows[0].customer_id == theirs
    row = next(i for i, r in enumerate(page.model.rows) if r.customer_id == east)
    assert page.model.index(row, 5).data().startswith("第3步")
    assert page.model.index(row, 6).data() == "尚未发出书面催缴通知"
    page.table.selectRow(row)
    assert not page.confirm_button.isEnabled() and page.confirm_button.toolTip() == "尚未发出书面催缴通知"
    window.close()
