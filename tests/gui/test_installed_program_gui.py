"""The installed program around its windows (issue 16): one window per database, the crash log, the version
in 帮助 > 关于, and the smoke test the bundle's check runs."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services.demo import DEMO_PASSWORD
from app.version import app_version
from tests.factories import make_desk
from ui import installed
from ui.installed import OneWindowPerDatabase, install_crash_log
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def test_a_second_copy_on_the_same_database_is_refused_and_knocks_the_first_to_the_front(qtbot, tmp_path):
    db = tmp_path / "台账 一" / "a.sqlite3"
    db.parent.mkdir()
    first = OneWindowPerDatabase(db)
    assert first.claim()
    other_database = OneWindowPerDatabase(tmp_path / "b.sqlite3")
    assert other_database.claim()  # another ledger: no conflict
    second = OneWindowPerDatabase(Path(str(db.parent / ".." / db.parent.name / db.name)))  # the same file, spelt otherwise
    with qtbot.waitSignal(first.knocked, timeout=5000):
        assert not second.claim()
    first.release()
    assert second.claim()  # once the first window is closed, the next copy opens
    second.release()
    other_database.release()


def test_a_copy_that_died_leaves_no_lasting_lock(tmp_path):
    db = tmp_path / "a.sqlite3"
    script = textwrap.dedent(f"""
        import os
        from PySide6.QtCore import QCoreApplication, QLockFile
        app = QCoreApplication([])
        lock = QLockFile({str(db) + '.lock'!r})
        assert lock.tryLock(0)
        os._exit(0)  # killed: the lock file stays behind
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    assert Path(f"{db}.lock").exists()
    again = OneWindowPerDatabase(db)
    assert again.claim()
    again.release()


def test_an_uncaught_error_writes_a_crash_log_with_the_version_in_the_data_folder_and_says_where(tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: told.append(args[2]))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_crash_log(tmp_path / "arrears.sqlite3")
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    [log] = (tmp_path / "logs").glob("crash-*.log")
    text = log.read_text(encoding="utf-8")
    assert f"ArrearsDesk {app_version()}" in text and "RuntimeError: boom in a slot" in text
    assert str(log) in told[0] and "意外错误" in told[0]


def test_about_names_the_version(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    window = MainWindow(desk, staff.clerk, "城东支局")
    qtbot.addWidget(window)
    window.show_about()
    assert shown == [("关于用户欠费管理系统", shown[0][1])] and f"版本 {app_version()}" in shown[0][1]
    window.close()
    desk.close()


def test_the_smoke_test_opens_the_sign_in_and_closes_it_without_signing_in(tmp_path):
    db = tmp_path / "台账 一" / "a.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "ARREARS_DESK_KEYS": str(tmp_path / "k"),
           "ARREARS_DESK_LOG": str(tmp_path / "log.txt"), installed.SMOKE_TEST_ENV: "1"}
    run = [sys.executable, "-m", "ui"]
    subprocess.run([*run, "init", "--db", str(db), "--site-code", "BR01", "--site-name", "城东支局",
                    "--password", DEMO_PASSWORD], env=env, check=True, timeout=120, capture_output=True)
    done = subprocess.run([*run, "gui", "--db", str(db)], env={**env, "XDG_CONFIG_HOME": str(tmp_path / "cfg")},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "smoke test: LoginDialog: 用户欠费管理系统 - 登录; Qt's own translation: Cancel = 取消" in done.stdout
    assert "Qt warned" not in done.stdout and not Path(f"{db}.lock").exists()
