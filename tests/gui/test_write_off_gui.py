"""坏账核销 on screen: the clerk applies from the ledger (refused until the evidence is there), finance approves
on the write-off page (never the applicant), and the register records money recovered on its own."""
from __future__ import annotations

from datetime import date

import pytest

from app.domain.writeoff import Cause
from app.services.arrears import ArrearsInput, record_arrears
from app.services.context import FixedClock
from tests.factories import approved_customer, execute, make_desk, move_clock, rows
from ui.main_window import MainWindow
from ui.write_off_dialog import WriteOffDialog

pytestmark = pytest.mark.gui
TODAY = date(2026, 7, 15)


@pytest.fixture
def world(tmp_path):
    desk, staff = make_desk(tmp_path / "wo.sqlite3", today=date(2026, 1, 2))
    cid = approved_customer(desk, staff, limit=1_000_000)
    desk.clock = FixedClock(date(2026, 1, 5))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 5), 10_000, "V1",
                                                   signature_confirmed=True))
    move_clock(desk, TODAY)
    yield desk, staff, cid, tmp_path
    desk.close()


def window_for(qtbot, desk, actor):
    window = MainWindow(desk, actor, "城东支局")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    return window


def fill_court_application(dialog: WriteOffDialog) -> None:
    dialog.cause.setCurrentIndex(dialog.cause.findData(Cause.COURT.value))
    dialog.reason.setText("终结执行，无财产可供执行")
    for key, text in (("document_no", "(2026)冀0102执123号"), ("document_date", "2026-05-20"),
                      ("issued_by", "长安区人民法院")):
        dialog.facts[next(f for f in dialog.facts if f.value == key)].setText(text)


def test_the_clerk_applies_from_the_ledger_and_is_told_what_evidence_is_missing(qtbot, world):
    desk, staff, cid, tmp_path = world
    window = window_for(qtbot, desk, staff.clerk)
    ledger = window.show_area("ledger")
    ledger.show_customer(cid)
    ledger.open_table.selectRow(0)
    assert ledger.write_off_button.isVisible()
    dialog = WriteOffDialog(desk, staff.clerk, 1, "V1", 10_000, ledger)
    qtbot.addWidget(dialog)
    fill_court_application(dialog)
    assert "扫描件" in dialog.needs.text()
    dialog.submit()
    assert "扫描件" in dialog.error.text() and dialog.result_info is None
    assert rows(desk, "SELECT COUNT(*) FROM write_off_applications") == [(0,)]
    scan = tmp_path / "裁定书.pdf"
    scan.write_bytes(b"%PDF ruling")
    dialog.add_files([scan])
    dialog.submit()
    assert dialog.result_info is not None and dialog.result_info.amount == 10_000
    assert rows(desk, "SELECT file_name, size FROM write_off_evidence") == [("裁定书.pdf", 11)]


def test_finance_approves_on_the_write_off_page_and_the_applicant_cannot(qtbot, world):
    desk, staff, _cid, tmp_path = world
    from app.services.writeoffs import Scan, WriteOffRequest, apply_write_off
    apply_write_off(desk, staff.clerk, WriteOffRequest(1, Cause.COURT, "终结执行", {
        "document_no": "(2026)执1号", "document_date": "2026-05-20", "issued_by": "法院"}, (Scan("a.pdf", b"x"),)))
    clerk_window = window_for(qtbot, desk, staff.clerk)
    clerk_page = clerk_window.show_area("write_offs")
    assert not clerk_page.approve_button.isVisible()  # the applicant's screen has no approval
    execute(desk, "UPDATE users SET role = 'finance' WHERE username = 'clerk'")  # promoted: still their own application
    clerk_page.apps_table.selectRow(0)
    from app.services.writeoffs import approve_write_off
    clerk_page._decide(approve_write_off)
    qtbot.waitUntil(lambda: "审批人不能是申请人本人" in clerk_page.error.text())
    execute(desk, "UPDATE users SET role = 'counter' WHERE username = 'clerk'")
    finance_window = window_for(qtbot, desk, staff.finance)
    page = finance_window.show_area("write_offs")
    assert page.apps_model.rowCount() == 1 and not page.approve_button.isEnabled()
    page.apps_table.selectRow(0)
    assert page.approve_button.isEnabled() and "SHA-256" in page.details.toPlainText()
    page.approve_button.click()
    qtbot.waitUntil(lambda: page.register_model.rowCount() == 1)
    assert [(a, str(on)) for a, on in rows(desk, "SELECT amount, written_off_on FROM write_offs")] == [(10_000, TODAY.isoformat())]
    page.write_register(str(tmp_path / "register.pdf"))
    assert (tmp_path / "register.pdf").stat().st_size > 0


def test_money_recovered_is_recorded_from_the_register_on_its_own(qtbot, world):
    desk, staff, cid, _tmp = world
    from app.services.arrears import write_off
    write_off(desk, staff.head, staff.finance, 1, reason="债务人注销", evidence="注销证明")
    window = window_for(qtbot, desk, staff.clerk)
    page = window.show_area("write_offs")
    page.tabs.setCurrentIndex(2)
    page.register_table.selectRow(0)
    page.record_recovery(page.register_model.selected(page.register_table).item_id, 2_500, "R-88")
    qtbot.waitUntil(lambda: page.register_model.rowCount() == 1 and page.register_model.rows[0].recovered == 2_500)
    assert rows(desk, "SELECT amount, receipt_no FROM recoveries") == [(2_500, "R-88")]
    assert rows(desk, "SELECT unapplied_credit FROM customer_balances WHERE customer_id = ?", cid) == [(0,)]


def test_the_administrator_turns_marketing_review_on_in_the_rules(qtbot, world):
    desk, staff, _cid, _tmp = world
    window = window_for(qtbot, desk, staff.admin)
    page = window.show_area("rules")
    assert not page.marketing_review.isChecked()
    page.marketing_review.click()
    qtbot.waitUntil(lambda: rows(desk, "SELECT value FROM settings WHERE key = 'write_off.marketing_review'")
                    == [("true",)])
