"""Every failure of the database file reaches the clerk as a sentence saying what happened and what to do
(issue 10, point 3): locked by another program, disk full, read-only, damaged, a folder given as the
database. Never the library's text; the detail goes to the log."""
from __future__ import annotations

import os
import sqlite3
from datetime import date
from functools import partial

import pytest
from sqlalchemy import event

import app.services.context as context
import db.engine
from app.cli import main
from app.domain.errors import DomainError
from app.domain.roles import Role
from app.services.auth import create_user
from app.services.customers import CustomerInput, register_customer
from app.services.failures import explain, log_path
from tests.factories import PASSWORD, make_desk

RAW = ("(sqlite3", "sqlite3.", "OperationalError", "DatabaseError", "[SQL:", "Background on this error", "sqlalche.me",
       "Traceback", "Errno")


def assert_readable(text: str) -> None:
    assert text.strip()
    for raw in RAW:
        assert raw not in text, text


@pytest.fixture
def short_busy_timeout(monkeypatch):
    monkeypatch.setattr(db.engine, "BUSY_TIMEOUT_SECONDS", 0.2)


def hold_write_lock(path) -> sqlite3.Connection:
    """Another program in the middle of a write transaction on the file."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def pin_size(monkeypatch, pages: int | None = None) -> None:
    """Every connection the program makes may not grow the file (beyond ``pages``): SQLITE_FULL, as on a
    full disk."""
    real = context.make_engine

    def make_engine(path, **kwargs):
        engine = real(path, **kwargs)

        @event.listens_for(engine, "connect")
        def _pin(dbapi_conn, _record):
            count = pages if pages is not None else dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {max(count, 1)}")
        return engine
    monkeypatch.setattr(context, "make_engine", make_engine)


def truncated_copy(tmp_path):
    """A real database with data, cut to half its length (an interrupted copy, a failing disk)."""
    desk, staff = make_desk(tmp_path / "whole.sqlite3")
    for n in range(200):
        register_customer(desk, staff.clerk, CustomerInput(name=f"客户{n:04d}有限公司", phone="0311-8888",
                                                          address="城东路" * 20))
    desk.close()
    data = (tmp_path / "whole.sqlite3").read_bytes()
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(data[:len(data) // 2])
    return broken, staff


def test_a_database_locked_by_another_program_says_wait_or_close_it(tmp_path, short_busy_timeout):
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    other = hold_write_lock(desk.path)
    try:
        with pytest.raises(DomainError) as refused:
            register_customer(desk, staff.clerk, CustomerInput(name="东方贸易有限公司", phone="0311-8888"))
    finally:
        other.rollback()
        other.close()
    assert refused.value.code == "db.locked"
    message = refused.value.message()
    assert "另一个程序占用" in message and "稍候再试" in message and desk.location in message
    assert_readable(message)
    assert_readable(refused.value.message("en"))
    # once the other program lets go, the same call succeeds
    register_customer(desk, staff.clerk, CustomerInput(name="东方贸易有限公司", phone="0311-8888"))
    desk.close()


def test_cli_on_a_locked_database_prints_the_message_and_fails(tmp_path, capsys, short_busy_timeout):
    desk, _ = make_desk(tmp_path / "desk.sqlite3")
    desk.close()
    other = hold_write_lock(tmp_path / "desk.sqlite3")
    try:
        code = main(["init", "--db", str(tmp_path / "desk.sqlite3"), "--site-code", "BR02",
                     "--password", "secret-pass-1"])
    finally:
        other.rollback()
        other.close()
    err = capsys.readouterr().err
    assert code != 0
    assert "另一个程序占用" in err
    assert_readable(err)


def test_a_full_disk_says_nothing_was_saved_and_saves_nothing(tmp_path, monkeypatch):
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    desk.close()
    pin_size(monkeypatch)
    desk = context.Desk(desk.path, clock=desk.clock)
    with pytest.raises(DomainError) as refused:
        for n in range(300):  # the free pages inside the file fill first (names at most 50 characters)
            create_user(desk, staff.admin, f"user{n:03d}", "新用户" * 16, Role.COUNTER, PASSWORD)
    assert refused.value.code == "db.disk_full"
    message = refused.value.message()
    assert "磁盘空间已满" in message and "没有保存" in message
    assert_readable(message)
    written = sqlite3.connect(desk.path).execute("SELECT count(*) FROM users WHERE username = ?",
                                                  (f"user{n:03d}",)).fetchone()[0]
    assert written == 0  # the failed write was rolled back whole
    desk.close()


def test_cli_on_a_full_disk_prints_the_message_and_fails(tmp_path, monkeypatch, capsys):
    pin_size(monkeypatch, pages=2)
    code = main(["init", "--db", str(tmp_path / "new.sqlite3")])
    err = capsys.readouterr().err
    assert code != 0
    assert "磁盘空间已满" in err
    assert_readable(err)


def test_a_read_only_database_says_so_and_what_to_check(tmp_path):
    desk, staff = make_desk(tmp_path / "desk.sqlite3")
    desk.close()
    desk = context.Desk(desk.path, clock=desk.clock, read_only=True)
    with pytest.raises(DomainError) as refused:
        register_customer(desk, staff.clerk, CustomerInput(name="东方贸易有限公司", phone="0311-8888"))
    desk.close()
    assert refused.value.code == "db.read_only"
    assert "只读" in refused.value.message() and "权限" in refused.value.message()
    assert_readable(refused.value.message())


def test_cli_on_a_read_only_database_prints_the_message_and_fails(tmp_path, monkeypatch, capsys):
    desk, _ = make_desk(tmp_path / "desk.sqlite3")
    desk.close()
    monkeypatch.setattr(context, "make_engine", partial(context.make_engine, read_only=True))
    code = main(["statement", "--db", desk.location, "--user", "clerk", "--password", PASSWORD,  # signing in writes
                 "--customer", "C1", "--from", "2026-01-01", "--to", "2026-02-01", "--out", str(tmp_path / "s.pdf")])
    err = capsys.readouterr().err
    assert code != 0
    assert "只读" in err
    assert_readable(err)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes do not bind root")
def test_cli_on_a_write_protected_file_prints_the_message_and_fails(tmp_path, capsys):
    desk, _ = make_desk(tmp_path / "desk.sqlite3")
    desk.close()
    desk.path.chmod(0o444)
    code = main(["init", "--db", desk.location, "--site-code", "BR02", "--password", "secret-pass-1"])
    err = capsys.readouterr().err
    assert code != 0 and "只读" in err
    assert_readable(err)


def test_a_damaged_database_says_restore_the_backup(tmp_path):
    broken, _ = truncated_copy(tmp_path)
    with pytest.raises(DomainError) as refused:
        context.Desk(broken, create=False)
    assert refused.value.code == "db.damaged"
    assert "已损坏" in refused.value.message() and "备份" in refused.value.message()
    assert_readable(refused.value.message())


@pytest.mark.parametrize("command", [["verify"], ["init"], ["statement", "--user", "clerk", "--password", PASSWORD,
                                                               "--customer", "C1", "--from", "2026-01-01",
                                                               "--to", "2026-02-01", "--out", "x.pdf"]])
def test_cli_on_a_damaged_database_prints_the_message_and_fails(tmp_path, capsys, command):
    broken, _ = truncated_copy(tmp_path)
    code = main([*command[:1], "--db", str(broken), *command[1:]])
    err = capsys.readouterr().err
    assert code != 0
    assert "已损坏" in err and "备份" in err
    assert_readable(err)


@pytest.mark.parametrize("command", ["verify", "init"])
def test_a_folder_given_as_the_database_is_named_as_a_folder(tmp_path, capsys, command):
    code = main([command, "--db", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0
    assert "是文件夹，不是数据库文件" in err
    assert_readable(err)
    with pytest.raises(DomainError) as refused:
        context.Desk(tmp_path)
    assert refused.value.code == "db.is_directory"


def test_a_missing_database_is_named_as_missing(tmp_path, capsys):
    assert main(["verify", "--db", str(tmp_path / "nowhere.sqlite3")]) != 0
    err = capsys.readouterr().err
    assert "数据库文件不存在" in err
    assert_readable(err)
    assert not (tmp_path / "nowhere.sqlite3").exists()


def test_the_detail_goes_to_the_log_and_an_unexpected_error_points_there(tmp_path, monkeypatch):
    monkeypatch.setenv("ARREARS_DESK_LOG", str(tmp_path / "logs" / "arrears-desk.log"))
    try:
        sqlite3.connect(":memory:").execute("SELECT no_such_column FROM sqlite_master")
    except sqlite3.OperationalError as error:
        internal = explain(error)
    assert internal.code == "internal.error"
    assert str(log_path()) in internal.message() and "日志" in internal.message()
    assert_readable(internal.message())
    log = (tmp_path / "logs" / "arrears-desk.log").read_text(encoding="utf-8")
    assert "no_such_column" in log and "Traceback" in log


def test_a_file_fault_outside_the_database_names_that_file(tmp_path):
    error = OSError(28, "No space left on device", str(tmp_path / "aging.xlsx"))
    explained = explain(error, tmp_path / "desk.sqlite3")
    assert explained.code == "file.disk_full"
    assert "aging.xlsx" in explained.message() and "磁盘空间已满" in explained.message()
    assert_readable(explained.message())


def test_locked_failure_detail_is_logged_not_shown(tmp_path, monkeypatch, short_busy_timeout):
    monkeypatch.setenv("ARREARS_DESK_LOG", str(tmp_path / "arrears-desk.log"))
    desk, staff = make_desk(tmp_path / "desk.sqlite3", date(2026, 6, 15))
    other = hold_write_lock(desk.path)
    try:
        with pytest.raises(DomainError):
            register_customer(desk, staff.clerk, CustomerInput(name="东方贸易有限公司", phone="0311-8888"))
    finally:
        other.rollback()
        other.close()
        desk.close()
    log = (tmp_path / "arrears-desk.log").read_text(encoding="utf-8")
    assert "db.locked" in log and "database is locked" in log and "BEGIN IMMEDIATE" in log


def test_cli_on_an_unexpected_error_points_to_the_log_and_exits_3(tmp_path, monkeypatch, capsys):
    import app.services.verify
    monkeypatch.setenv("ARREARS_DESK_LOG", str(tmp_path / "arrears-desk.log"))

    def broken(path, **_options):
        raise KeyError("no_such_key")
    monkeypatch.setattr(app.services.verify, "verify_database", broken)
    assert main(["verify", "--db", str(tmp_path / "x.sqlite3")]) == 3
    err = capsys.readouterr().err
    assert "内部错误" in err and str(tmp_path / "arrears-desk.log") in err
    assert "KeyError" not in err and "no_such_key" not in err
    assert_readable(err)
    assert "no_such_key" in (tmp_path / "arrears-desk.log").read_text(encoding="utf-8")


# -- other files: the operating system's refusal in our words ----------------------------------------------

def test_a_backup_into_a_path_through_a_file_says_so_in_our_words(tmp_path):
    from app.services.backup import backup_database
    desk, _staff = make_desk(tmp_path / "arrears.sqlite3")
    blocker = tmp_path / "usb"
    blocker.write_text("a file where a folder was expected")
    with pytest.raises(DomainError) as refused:
        backup_database(desk, blocker / "backups")
    desk.close()
    zh, en = refused.value.message("zh_CN"), refused.value.message("en")
    assert "不是文件夹" in zh and "not a folder" in en
    assert_readable(zh)
    assert "Not a directory" not in zh + en


@pytest.mark.parametrize(("error", "zh"), [
    (OSError(28, "No space left on device"), "磁盘已满"),
    (PermissionError(13, "Permission denied"), "没有写入权限"),
    (FileNotFoundError(2, "No such file or directory"), "路径不存在"),
    (FileExistsError(17, "File exists"), "同名文件已存在"),
    (OSError(71, "Protocol error"), "错误号 71"),
])
def test_why_the_system_refused_a_file_is_told_in_our_words_and_the_detail_is_logged(error, zh):
    from app.services.failures import os_reason
    words = os_reason(error)
    assert zh in words.zh and error.strerror not in words.zh + words.en
    assert error.strerror in log_path().read_text(encoding="utf-8")


def test_a_file_another_program_holds_open_on_windows_is_named_as_such():
    from app.services.failures import os_reason

    class SharingViolation(PermissionError):
        winerror = 32
    assert "其他程序" in os_reason(SharingViolation(13, "The process cannot access the file")).zh
