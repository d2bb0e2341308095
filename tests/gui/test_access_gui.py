"""At the counter: a doubtful clock is said at sign-in (and confirmed there by a branch head), and a
session whose account is locked meanwhile goes back to the sign-in dialog, saying why."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services.arrears import ArrearsInput, record_arrears
from app.services.auth import login
from app.services.clock import clock_in_doubt
from app.services.context import FixedClock
from tests.factories import PASSWORD, approved_customer, make_desk, rows
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.tasks import Task

pytestmark = pytest.mark.gui
TODAY = date(2026, 6, 15)


def _desk_with_clock_behind(tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3", today=TODAY)
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 10_000, "V1", True))
    desk.clock = FixedClock(date(2026, 6, 1))
    return desk, staff


def _sign_in(qtbot, desk, username):
    dialog = LoginDialog(desk, "城东支局")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.sign_in()
    qtbot.waitUntil(lambda: getattr(dialog, "clock_warning", None) is not None and dialog.clock_warning.isVisible())
    return dialog


def test_a_branch_head_is_warned_of_the_clock_at_sign_in_and_confirms_the_date(qtbot, tmp_path):
    desk, _staff = _desk_with_clock_behind(tmp_path)
    dialog = _sign_in(qtbot, desk, "head")
    box = dialog.clock_warning
    assert "本机时间（2026-06-01 09:00）早于最近一笔账目" in box.text()
    assert dialog.confirm_button is not None and dialog.confirm_button.text() == "确认日期"
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert clock_in_doubt(desk) is None
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'clock.confirm'") == [(1,)]
    desk.close()


def test_a_clerk_is_told_of_the_clock_but_cannot_confirm_it(qtbot, tmp_path):
    desk, _staff = _desk_with_clock_behind(tmp_path)
    dialog = _sign_in(qtbot, desk, "clerk")
    assert dialog.confirm_button is None and "负责人或系统管理员" in dialog.clock_warning.informativeText()
    dialog.clock_warning.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert dialog.actor.username == "clerk" and clock_in_doubt(desk) is not None
    desk.close()


def test_a_session_locked_by_wrong_passwords_returns_to_sign_in_saying_why(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3", today=TODAY)
    cid = approved_customer(desk, staff)
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    for _ in range(5):
        with pytest.raises(Exception):
            login(desk, "clerk", "wrong-password")
    task = Task(record_arrears, desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 10_000, "V1", True))
    task.start()
    qtbot.waitUntil(lambda: window.signed_out)
    assert "已被锁定至" in window.sign_out_notice and "本次登录已失效" in window.sign_out_notice
    assert "系统管理员在“系统设置”的用户管理中解除锁定" in window.sign_out_notice  # who can lift it
    desk.close()
