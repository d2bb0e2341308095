"""备份 and 审计导出 on screen: the branch head sets the folder and days, backs up now (off the GUI thread,
the copy listed), restores a checked copy (the window closes, the database is replaced and reopened, the
sign-in says so), a damaged copy is refused on the page; the audit page exports the period with
progress, and Cancel leaves nothing."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from app.services.backup import backups
from app.services.context import Cancelled
from app.services.customers import CustomerInput, register_customer
from tests import server
from tests.factories import approved_customer, make_desk, rows
from ui.main import restore
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui
TODAY = date(2026, 6, 15)


@pytest.fixture
def branch(tmp_path):
    desk, staff = make_desk(tmp_path / "branch.sqlite3", TODAY)
    approved_customer(desk, staff)
    yield desk, staff
    desk.close()


def window_for(qtbot, desk, actor) -> MainWindow:
    window = MainWindow(desk, actor, "城东支局")
    qtbot.addWidget(window)
    return window


def test_only_the_branch_head_and_the_administrator_see_the_backup_page(qtbot, branch):
    desk, staff = branch
    assert "backup" in window_for(qtbot, desk, staff.head).areas
    assert "backup" in window_for(qtbot, desk, staff.admin).areas
    for someone in (staff.clerk, staff.finance, staff.auditor):
        assert "backup" not in window_for(qtbot, desk, someone).areas


def test_the_branch_head_chooses_the_folder_and_backs_up_now(qtbot, branch, tmp_path):
    desk, staff = branch
    window = window_for(qtbot, desk, staff.head)
    page = window.show_area("backup")
    assert page.folder.text() == "" and page.keep_days.value() == 30
    page.folder.setText(str(tmp_path / "usb"))
    page.keep_days.setValue(14)
    page.save()
    qtbot.waitUntil(lambda: page.settings_note.text() == "已保存。", timeout=5000)
    page.back_up()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    assert page.done.text().startswith("已备份到") and str(tmp_path / "usb") in page.done.text()
    assert page.model.data(page.model.index(0, 2)) == backups(tmp_path / "usb")[0].path.name
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.made'") == [(1,)]


def test_restoring_a_checked_copy_closes_the_window_replaces_the_database_and_signs_in_again(qtbot, branch, tmp_path):
    desk, staff = branch
    window = window_for(qtbot, desk, staff.head)
    page = window.show_area("backup")
    page.back_up()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    register_customer(desk, staff.clerk, CustomerInput(name="备份之后的客户"))
    asked = []
    page.confirm_restore = lambda path: asked.append(path) or True
    page.table.selectRow(0)
    page.choose_restore()
    qtbot.waitUntil(lambda: window.restore_from is not None, timeout=20000)
    assert asked == [window.restore_from] and window.signed_out and not window.isVisible()
    notice = restore(desk, staff.head, window.restore_from)  # what ui/main.py does once the window is gone
    assert notice.startswith("已从") and "请重新登录" in notice
    assert "备份之后的客户" not in [n for (n,) in rows(desk, "SELECT name FROM customers")]
    kept = [p for p in desk.path.parent.iterdir() if "-before-restore-" in p.name]
    assert len(kept) == 1


def test_a_damaged_copy_is_refused_on_the_page_and_nothing_is_restored(qtbot, branch, tmp_path):
    desk, staff = branch
    window = window_for(qtbot, desk, staff.admin)
    page = window.show_area("backup")
    bad = tmp_path / "arrears-20260101-000000.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    page.check_and_restore(bad)
    qtbot.waitUntil(lambda: page.done.text() != "", timeout=10000)
    assert "没有通过检查" in page.done.text() and window.restore_from is None


def test_the_audit_page_exports_the_period_into_a_new_folder(qtbot, branch, tmp_path):
    desk, staff = branch
    window = window_for(qtbot, desk, staff.auditor)
    page = window.show_area("audit")
    page.date_from.setDate(QDate(2026, 6, 1))
    page.date_to.setDate(QDate(2026, 6, 30))
    page.export_into(tmp_path)
    qtbot.waitUntil(lambda: page.export_note.text() != "", timeout=20000)
    folder = tmp_path / "BR01-audit-20260601-20260630"
    assert str(folder) in page.export_note.text()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"]["from"] == "2026-06-01" and manifest["made_by"] == "auditor"
    page.export_into(tmp_path)  # again: a folder of its own, the first untouched
    qtbot.waitUntil(lambda: (tmp_path / "BR01-audit-20260601-20260630-2" / "manifest.json").exists(), timeout=20000)


def test_cancelling_the_export_leaves_nothing_behind(qtbot, branch, tmp_path, monkeypatch):
    desk, staff = branch
    window = window_for(qtbot, desk, staff.auditor)
    page = window.show_area("audit")
    from ui.pages import audit as audit_page
    real = audit_page.export_for_auditor

    def cancelled_midway(*args, progress, **kwargs):
        def stop(done, total, label):
            if label.startswith("chain/"):
                raise Cancelled()
            progress(done, total, label)
        return real(*args, progress=stop, **kwargs)
    monkeypatch.setattr(audit_page, "export_for_auditor", cancelled_midway)
    out = tmp_path / "out"
    out.mkdir()
    page.export_into(out)
    qtbot.waitUntil(lambda: page.export_button.isEnabled(), timeout=20000)
    assert list(Path(out).iterdir()) == [] and page.export_note.text() == ""


@pytest.mark.skipif(not server.ON_SERVER, reason="a database on a server (ARREARS_DESK_TEST_BACKEND=postgresql)")
def test_on_a_server_the_backup_page_says_who_backs_it_up_and_offers_nothing_to_press(qtbot, branch):
    desk, staff = branch
    page = window_for(qtbot, desk, staff.head).show_area("backup")  # (it failed to open before: pglocks)
    assert "pg_dump" in page.settings_note.text()
    assert not any(b.isEnabled() for b in (page.save_button, page.backup_button, page.restore_button))
