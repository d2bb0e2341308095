"""The notes the program writes itself (a notice sent, its reply slip back, the reason of a ladder step, credit
restored on settling) are told in the screen's language, in the collection file and in the audit detail;
what people typed stays as typed, and records written before the notes were codes still read in English."""
from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QTextBrowser

from app.services.arrears import ArrearsInput, record_arrears
from app.services.collection import decide_step
from app.services.documents import record_reply
from app.services.repayments import RepaymentInput, record_repayment
from tests.factories import approved_customer, execute, make_desk, notice_served, rows
from ui.collection_dialogs import HistoryDialog
from ui.i18n import install_translator
from ui.pages.audit import AuditPage
from ui.pages.collection import CollectionPage

pytestmark = pytest.mark.gui
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
START = date(2026, 1, 5)
NAME = "东方贸易有限公司"
TYPED = "客户称月底付清"  # what the clerk typed on the reply: kept as typed


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "n.sqlite3", START)
    cid = approved_customer(desk, staff, NAME)
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", START, 120_000, "V1", True))
    day = item.due_date + timedelta(days=31)
    notice_served(desk, staff, cid, day)
    [(number,)] = rows(desk, "SELECT number FROM notices")
    record_reply(desk, staff.head, number, received_on=day, answer="dispute", note=TYPED)
    decide_step(desk, staff.head, cid, 3)  # suspends; no reason typed: the step is the reason
    yield desk, staff, cid, number, day
    desk.close()


def _english(qapp) -> None:
    translator = qapp.property("arrears_translator")
    if translator is not None:
        qapp.removeTranslator(translator)
    install_translator(qapp, "en")


def _chinese_but(text: str, *data: str) -> list[str]:
    for value in data:
        text = text.replace(value, "")
    return CJK.findall(text)


def _contact_results(qtbot, desk, actor, cid) -> list[str]:
    page = CollectionPage(desk, actor)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    page.table.selectRow(next(r for r in range(page.model.rowCount()) if page.model.rows[r].customer_id == cid))
    qtbot.waitUntil(lambda: page.contacts_model.rowCount() == 2)
    return [page.contacts_model.index(r, 3).data() for r in range(2)]


def test_the_programs_notes_are_stored_as_records_beside_their_chinese_sentence(world):
    desk, staff, cid, number, day = world
    stored = rows(desk, "SELECT result, result_code FROM collection_records ORDER BY id")
    assert stored[0][0].startswith(f"发出催缴通知书 {number}，逾期欠费 1,200.00 元")
    assert '"code": "notice_sent"' in stored[0][1]
    assert stored[1] == (f"收到{number}回执：有异议，{TYPED}", stored[1][1])
    assert '"code": "reply_received"' in stored[1][1] and TYPED in stored[1][1]


def test_the_collection_file_tells_the_programs_notes_in_the_screens_language(qtbot, qapp, world):
    desk, staff, cid, number, day = world
    chinese = _contact_results(qtbot, desk, staff.head, cid)
    assert chinese == [f"收到{number}回执：有异议，{TYPED}", chinese[1]] and "发出催缴通知书" in chinese[1]
    _english(qapp)
    english = _contact_results(qtbot, desk, staff.head, cid)
    assert english[0] == f"Reply slip to {number} received: Disputed; {TYPED}"
    assert english[1].startswith(f"Payment notice {number} sent: 1,200.00 yuan overdue, to be paid by ")
    history = HistoryDialog(desk, staff.head, cid)
    qtbot.addWidget(history)
    text = " ".join(w.toPlainText() for w in history.findChildren(QTextBrowser))
    assert not _chinese_but(text, NAME, TYPED, staff.head.display_name), text
    assert f"Reply slip to {number} received" in text and "Disputed" in text


def _detail(qtbot, page: AuditPage, action: str) -> str:
    from ui.words import action_word
    qtbot.waitUntil(lambda: page.model.rowCount() > 5)
    label = action_word(action)
    page.table.selectRow(next(r for r in range(page.model.rowCount()) if page.model.index(r, 2).data() == label))
    return page.detail.toPlainText()


def test_the_audit_detail_tells_the_escalation_and_restore_reasons_in_english(qtbot, qapp, world):
    desk, staff, cid, number, day = world
    record_repayment(desk, staff.clerk, RepaymentInput(cid, 120_000, day, "cash", "R1"))  # restores credit
    page = AuditPage(desk, staff.head)
    qtbot.addWidget(page)
    assert "原因：催缴升级第 3 步：暂停记欠资格（逾期 31 天）" in _detail(qtbot, page, "customer.suspend")
    assert "原因：逾期欠费已结清，自动恢复记欠资格" in _detail(qtbot, page, "customer.restore_cleared")
    _english(qapp)
    page = AuditPage(desk, staff.head)
    qtbot.addWidget(page)
    data = (NAME, TYPED, staff.head.display_name, staff.clerk.display_name, "函件")
    for action, said in (("customer.suspend", "Reason: Escalation step 3: "),
                         ("customer.restore_cleared", "Reason: Overdue arrears settled: credit restored automatically"),
                         ("collection.reply", "Answer"), ("collection.contact", "Result: Reply slip to"),
                         ("collection.notice", "Number: " + number)):
        text = _detail(qtbot, page, action)
        assert not _chinese_but(text, *data), text
    assert "Reason: Escalation step 3: " in _detail(qtbot, page, "customer.suspend")


def test_a_contact_written_before_the_codes_still_reads_in_english(qtbot, qapp, world):
    desk, staff, cid, number, day = world
    [(notice_id,)] = rows(desk, "SELECT id FROM notices")
    # as the previous program wrote it: the sentence only
    execute(desk, "INSERT INTO collection_records (uid, site_id, customer_id, contacted_on, channel, handler_id, "
                  "result, notice_id, recorded_by_id, recorded_at) SELECT ?, site_id, customer_id, contacted_on, "
                  "channel, handler_id, ?, notice_id, recorded_by_id, recorded_at FROM collection_records WHERE id = 1",
            os.urandom(16), f"收到{number}回执：无异议")
    assert notice_id
    _english(qapp)
    page = CollectionPage(desk, staff.head)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    page.table.selectRow(next(r for r in range(page.model.rowCount()) if page.model.rows[r].customer_id == cid))
    qtbot.waitUntil(lambda: page.contacts_model.rowCount() == 3)
    results = {page.contacts_model.index(r, 3).data() for r in range(3)}
    assert f"Reply slip to {number} received: No dispute" in results
