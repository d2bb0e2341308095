"""Writes run off the GUI thread; what they change refreshes every open screen (not hand-wiring);
every table model behaves as Qt expects; the domain's words reach the screen from the domain."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from app.domain.collection import CHANNEL_WORDS, REPLY_WORDS, STEP_ACTION_WORDS
from app.domain.customers import GROUP_WORDS, PAYMENT_METHOD_WORDS, STATUS_WORDS
from app.domain.roles import ROLE_WORDS
from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import ContactInput, decide_step, record_contact
from app.services.context import FixedClock
from app.services.customers import CustomerInput, apply_for_credit, register_customer
from app.services.documents import issue_notices
from app.services.repayments import RepaymentInput, record_repayment
from tests.factories import approved_customer, make_desk, rows
from ui.main_window import MainWindow
from ui.pages import repayment as repayment_page
from ui.words import word

pytestmark = pytest.mark.gui


def pick(qtbot, page, code: str) -> None:
    qtbot.keyClicks(page.customer.code, code)
    qtbot.keyClick(page.customer.code, Qt.Key.Key_Return)


@pytest.fixture
def one_customer(tmp_path):
    """A customer owing 100.00 on one item."""
    desk, staff = make_desk(tmp_path / "desk.sqlite3", today=date(2026, 1, 2))
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 2), 10_000, "PZ1"))
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", cid)[0][0]
    yield desk, staff, cid, code
    desk.close()


def test_a_repayment_is_posted_off_the_gui_thread_while_its_button_waits(qtbot, one_customer, monkeypatch):
    desk, staff, cid, code = one_customer
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    pay = window.show_area("repayments")
    pick(qtbot, pay, code)
    qtbot.keyClicks(pay.amount, "100.00")
    qtbot.keyClicks(pay.receipt, "SJ-1")
    release, threads = threading.Event(), []
    real = repayment_page.record_repayment

    def held(*args, **kwargs):  # the service, held on whatever thread runs it until the test lets go
        threads.append(threading.current_thread())
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(repayment_page, "record_repayment", held)
    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(threads) == 1)  # the GUI kept running while the service is busy
    assert threads[0] is not threading.main_thread()
    assert not pay.post_button.isEnabled() and pay.done.text() == ""
    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)  # Enter again while it posts: still one repayment
    release.set()
    qtbot.waitUntil(lambda: "SJ-1" in pay.done.text())
    assert pay.post_button.isEnabled()
    assert len(threads) == 1 and rows(desk, "SELECT COUNT(*) FROM repayments") == [(1,)]


def test_a_posting_refreshes_the_customer_list_and_the_ledgers_open_elsewhere(qtbot, one_customer):
    desk, staff, cid, code = one_customer
    clerk = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(clerk)
    clerk.show()
    customers = clerk.areas["customers"]
    qtbot.waitUntil(lambda: customers.model.rowCount() == 1)
    assert customers.model.index(0, 2).data() == "100.00"
    clerk.show_ledger(cid)
    clerk_ledger = clerk.areas["ledger"]
    assert [e.kind for e in clerk_ledger.history_model.rows] == ["item"]
    head = MainWindow(desk, staff.head, "城东支局")  # another window, its ledger on screen
    qtbot.addWidget(head)
    head.show_ledger(cid)
    head_ledger = head.areas["ledger"]

    pay = clerk.show_area("repayments")
    pick(qtbot, pay, code)
    qtbot.keyClicks(pay.amount, "60.00")
    qtbot.keyClicks(pay.receipt, "SJ-2")
    qtbot.keyClick(pay.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "SJ-2" in pay.done.text())

    # on screen: the head's ledger follows at once, nobody touches it
    qtbot.waitUntil(lambda: [i.open_amount for i in head_ledger.open_model.rows] == [4_000])
    assert ("repayment", "SJ-2") in [(e.kind, e.reference) for e in head_ledger.history_model.rows]
    # hidden meanwhile: the clerk's list and ledger are up to date when shown again
    clerk.show_area("customers")
    qtbot.waitUntil(lambda: customers.model.index(0, 2).data() == "40.00")
    clerk.show_area("ledger")
    qtbot.waitUntil(lambda: [e.kind for e in clerk_ledger.history_model.rows] == ["repayment", "item"])


def test_a_refresh_keeps_the_selected_customer_and_the_scroll_position(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    for n in range(150):
        register_customer(desk, staff.clerk, CustomerInput(name=f"客户{n:03d}"))
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    page = window.show_area("customers")
    qtbot.waitUntil(lambda: page.model.rowCount() == 150)
    page.table.selectRow(120)
    chosen = page.selected().customer_id
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    assert place > 0
    register_customer(desk, staff.clerk, CustomerInput(name="新客户"))  # a change from elsewhere
    qtbot.waitUntil(lambda: page.model.rowCount() == 151)
    assert page.selected().customer_id == chosen
    assert bar.value() == place
    desk.close()


def test_a_closed_window_no_longer_listens_to_changes(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    assert len(desk._subscribers) == 1
    window.close()
    assert desk._subscribers == []
    register_customer(desk, staff.clerk, CustomerInput(name="东方贸易"))  # publishing to nobody is fine
    desk.close()


def test_every_table_model_behaves_as_qt_expects_with_real_rows(qtbot, qtmodeltester, tmp_path):
    start = date(2026, 1, 5)
    desk, staff = make_desk(tmp_path / "desk.sqlite3", start)
    east = approved_customer(desk, staff, "东方贸易有限公司")
    for n in range(3):
        record_arrears(desk, staff.clerk, ArrearsInput(east, "LETTER", start, 50_000 + n, f"VE{n}", True))
    record_repayment(desk, staff.clerk, RepaymentInput(east, 10_000, start, "cash", "SJ-1"))
    pending = register_customer(desk, staff.clerk, CustomerInput(name="南湖书店")).customer_id
    apply_for_credit(desk, staff.clerk, pending, credit_grade="A", requested_limit=1_000_000)
    due = date.fromisoformat(str(rows(desk, "SELECT MIN(due_date) FROM arrears_items")[0][0]))
    desk.clock = FixedClock(due + timedelta(days=35))
    record_contact(desk, staff.clerk, ContactInput(east, desk.clock.today(), "phone", "答应月底付清"))
    decide_step(desk, staff.head, east, 1, confirm=True)
    issue_notices(desk, staff.head, [east], out=tmp_path / "n.pdf")

    head = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(head)
    customers = head.areas["customers"]
    qtbot.waitUntil(lambda: customers.model.rowCount() == 2)
    head.show_ledger(east)
    ledger = head.areas["ledger"]
    pay = head.show_area("repayments")
    pick(qtbot, pay, rows(desk, "SELECT code FROM customers WHERE id = ?", east)[0][0])
    qtbot.keyClicks(pay.amount, "600.00")
    collection = head.show_area("collection")
    qtbot.waitUntil(lambda: collection.model.rowCount() == 1, timeout=10_000)
    collection.table.selectRow(0)
    audit = head.show_area("audit")
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0)
    marketing = MainWindow(desk, staff.marketing, "城东支局")
    qtbot.addWidget(marketing)
    approvals = marketing.show_area("approvals")
    admin = MainWindow(desk, staff.admin, "城东支局")
    qtbot.addWidget(admin)
    users = admin.show_area("settings")

    models = {"customers": customers.model, "ledger open items": ledger.open_model,
              "ledger history": ledger.history_model, "repayment open items": pay.open_model,
              "repayment preview": pay.preview_model, "approvals": approvals.model, "users": users.model,
              "audit": audit.model, "collection queue": collection.model, "collection items": collection.items_model,
              "collection contacts": collection.contacts_model, "collection decisions": collection.decisions_model,
              "collection notices": collection.notices_model}
    for name, model in models.items():
        assert model.rowCount() > 0, name
        qtmodeltester.check(model)
    desk.close()


SCREEN_WORDS = (STATUS_WORDS, GROUP_WORDS, ROLE_WORDS, STEP_ACTION_WORDS, CHANNEL_WORDS, REPLY_WORDS,
                PAYMENT_METHOD_WORDS)


def test_the_domain_words_reach_the_screen_from_the_domain(qtbot, qapp, one_customer):
    for table in SCREEN_WORDS:  # the .qm took its Chinese from app.domain.words.vocabulary()
        for words in table.values():
            assert word(words) == words.zh, words
    desk, staff, cid, code = one_customer
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    pay = window.show_area("repayments")
    assert [pay.method.itemText(i) for i in range(pay.method.count())] == [
        w.zh for w in PAYMENT_METHOD_WORDS.values()]
    customers = window.areas["customers"]
    assert [customers.group_filter.itemText(i) for i in range(1, customers.group_filter.count())] == [
        w.zh for w in GROUP_WORDS.values()]
    qtbot.waitUntil(lambda: customers.model.rowCount() == 1)
    assert customers.model.index(0, 5).data() == STATUS_WORDS["active"].zh
    window.close()
    qapp.removeTranslator(qapp.property("arrears_translator"))  # English: the source text of the same words
    assert word(ROLE_WORDS["counter"]) == "Counter staff"
    assert QCoreApplication.translate("Words", STEP_ACTION_WORDS["suspend"].en) == "Suspend credit"
