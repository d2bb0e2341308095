"""清欠 on screen: disabling a clerk with open arrears shows them and refuses; the branch head signs in on
the administrator's screen to hand them over (or set the deadline), then the account is disabled."""
from __future__ import annotations

from datetime import date

import pytest

from app.services.arrears import ArrearsInput, record_arrears
from app.services.clearance import clearance_status
from tests.factories import PASSWORD, approved_customer, make_desk, rows
from ui.clearance_dialog import AccountManagerDialog, ClearanceDialog
from ui.pages.users import UsersPage

pytestmark = pytest.mark.gui
TODAY = date(2026, 6, 15)


@pytest.fixture
def office(tmp_path):
    desk, staff = make_desk(tmp_path / "c.sqlite3", today=TODAY)
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 10_000, "V1", True))
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 25_000, "V2", True))
    yield desk, staff, cid
    desk.close()


def test_disabling_a_clerk_with_open_arrears_opens_the_clearance_instead(qtbot, office, monkeypatch):
    desk, staff, _ = office
    page = UsersPage(desk, staff.admin)
    qtbot.addWidget(page)
    shown = []
    monkeypatch.setattr(ClearanceDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    page.table.selectRow([u.username for u in page.model.rows].index("clerk"))
    page.toggle()
    [dialog] = shown
    assert [i.voucher_no for i in dialog.items.rows] == ["V1", "V2"]
    assert len(dialog.customers.rows) == 1
    assert not dialog.disable_button.isEnabled()
    assert "350.00" in dialog.summary.text()
    assert rows(desk, "SELECT is_active FROM users WHERE username = 'clerk'") == [(1,)]


def test_the_head_hands_over_on_the_admins_screen_then_the_account_is_disabled(qtbot, office):
    desk, staff, cid = office
    dialog = ClearanceDialog(desk, staff.admin, staff.clerk.user_id)
    qtbot.addWidget(dialog)
    assert not dialog.head_box.isHidden() and not dialog.disable_button.isEnabled()  # the head signs in here
    qtbot.keyClicks(dialog.head_name, "head")
    qtbot.keyClicks(dialog.head_password, PASSWORD)
    dialog.receiver.setCurrentIndex(dialog.receiver.findData(staff.clerk2.user_id))
    dialog.reason.setText("调往城西支局")
    dialog.hand_over_button.click()
    qtbot.waitUntil(lambda: dialog.disable_button.isEnabled(), timeout=10_000)
    assert not dialog.items.rows and not dialog.customers.rows
    dialog.disable_button.click()
    qtbot.waitUntil(lambda: dialog.disabled, timeout=10_000)
    assert rows(desk, "SELECT is_active FROM users WHERE username = 'clerk'") == [(0,)]
    taken = clearance_status(desk, staff.head, "clerk2")
    assert [(i.voucher_no, i.handler) for i in taken.items] == [("V1", "张营业"), ("V2", "张营业")]


def test_a_deadline_set_on_screen_lets_the_account_be_disabled(qtbot, office):
    desk, staff, _ = office
    dialog = ClearanceDialog(desk, staff.admin, staff.clerk.user_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.head_name, "head")
    qtbot.keyClicks(dialog.head_password, PASSWORD)
    dialog.reason.setText("离职")
    dialog.deadline_button.click()
    qtbot.waitUntil(lambda: dialog.disable_button.isEnabled(), timeout=10_000)
    assert "2026-08-15" in dialog.summary.text()
    assert len(dialog.items.rows) == 2  # still open, followed until the deadline


def test_the_branch_head_changes_a_customers_account_manager(qtbot, office):
    desk, staff, cid = office
    dialog = AccountManagerDialog(desk, staff.head, cid, "东方贸易有限公司")
    qtbot.addWidget(dialog)
    dialog.receiver.setCurrentIndex(dialog.receiver.findData(staff.clerk2.user_id))
    dialog.reason.setText("调岗")
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    assert rows(desk, "SELECT account_manager_id FROM customers WHERE id = ?", cid) == [(staff.clerk2.user_id,)]
    assert rows(desk, "SELECT count(*) FROM audit_log WHERE action = 'customer.account_manager'") == [(1,)]


def test_the_clearance_dialog_closes_after_a_hand_over(qtbot, office):
    """A widget attribute named like one of QDialog's virtual methods (``done``) crashed the program when
    the dialog closed: the close button must simply close it."""
    desk, staff, _ = office
    dialog = ClearanceDialog(desk, staff.head, staff.clerk.user_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.receiver.setCurrentIndex(dialog.receiver.findData(staff.clerk2.user_id))
    dialog.reason.setText("调往城西支局")
    dialog.hand_over_button.click()
    qtbot.waitUntil(lambda: not dialog.items.rows, timeout=10_000)
    dialog.close_button.click()
    assert dialog.isHidden() and dialog.result() == dialog.DialogCode.Rejected


def test_moving_a_clerk_with_open_arrears_to_marketing_opens_the_clearance_instead(qtbot, office, monkeypatch):
    desk, staff, _ = office
    page = UsersPage(desk, staff.admin)
    qtbot.addWidget(page)
    shown = []
    monkeypatch.setattr(ClearanceDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    page.table.selectRow([u.username for u in page.model.rows].index("clerk"))
    page.new_role.setCurrentIndex(page.new_role.findData("marketing"))
    page.change_role()
    assert len(shown) == 1
    assert rows(desk, "SELECT role FROM users WHERE username = 'clerk'") == [("counter",)]


def test_a_clerk_with_nothing_open_is_given_another_role_on_screen(qtbot, office):
    desk, staff, _ = office
    page = UsersPage(desk, staff.admin)
    qtbot.addWidget(page)
    page.table.selectRow([u.username for u in page.model.rows].index("clerk2"))
    page.new_role.setCurrentIndex(page.new_role.findData("finance"))
    page.change_role()
    qtbot.waitUntil(lambda: rows(desk, "SELECT role FROM users WHERE username = 'clerk2'") == [("finance",)])
    qtbot.waitUntil(lambda: "clerk2" in page.done.text())
