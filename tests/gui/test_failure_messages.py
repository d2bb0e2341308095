"""In the GUI a failure of the database file shows only its message (issue 10, point 3)."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

import db.engine
from tests.factories import make_desk
from ui.dialogs import CustomerDialog
from ui.messages import error_text

pytestmark = pytest.mark.gui

RAW = ("(sqlite3", "sqlite3.", "OperationalError", "[SQL:", "Background on this error", "sqlalche.me", "Traceback")


def test_a_locked_database_shows_what_to_do_in_the_dialog(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(db.engine, "BUSY_TIMEOUT_SECONDS", 0.2)
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    dialog = CustomerDialog(desk, staff.clerk)
    qtbot.addWidget(dialog)
    dialog.name.insert("东方贸易有限公司")
    dialog.phone.insert("0311-88886666")
    other = sqlite3.connect(desk.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        dialog.save()
        qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    finally:
        other.rollback()
        other.close()
    text = dialog.error.text()
    assert "另一个程序占用" in text
    assert not any(raw in text for raw in RAW), text
    assert dialog.result() != dialog.DialogCode.Accepted
    desk.close()


def test_a_raw_driver_error_is_never_shown_as_it_is(qapp):
    raw = OperationalError("BEGIN IMMEDIATE", {}, _driver_error("disk I/O error", 10))
    text = error_text(raw)
    assert "磁盘出错" in text
    assert not any(word in text for word in RAW), text
    text = error_text(KeyError("customer_id"))
    assert "日志" in text and "KeyError" not in text and "customer_id" not in text


def _driver_error(message: str, code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error
