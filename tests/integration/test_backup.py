"""备份与恢复: copies made with the online backup API, kept N days; a restore that checks the copy before
it replaces anything; a copy before every upgrade."""
from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime, timedelta

import pytest

from app.cli import main
from app.domain.errors import DomainError
from app.services.backup import backup_database, backup_if_due, backups, restore_database
from app.services.context import Desk
from app.services.verify import verify_database
from tests import server
from tests.factories import SINCE_0008, approved_customer, make_desk, rows

TODAY = date(2026, 6, 15)


@pytest.fixture
def desk(tmp_path):
    desk, staff = make_desk(tmp_path / "branch.sqlite3", TODAY)
    approved_customer(desk, staff)
    desk.staff = staff
    yield desk
    desk.close()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_is_a_whole_database_that_passes_verify(desk, tmp_path):
    copy = backup_database(desk, tmp_path / "usb", actor=desk.staff.admin)
    assert copy.parent == tmp_path / "usb" and copy.name.startswith("arrears-")
    assert all(c.ok for c in verify_database(copy))
    assert rows(Desk(copy), "SELECT name FROM customers") == rows(desk, "SELECT name FROM customers")
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.made'") == [(1,)]


def test_old_copies_go_after_the_kept_days_but_the_newest_and_other_files_stay(desk, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    old = datetime.now() - timedelta(days=45)
    for days in (45, 40, 5):
        (folder / f"arrears-{(datetime.now() - timedelta(days=days)):%Y%m%d-%H%M%S}.sqlite3").write_bytes(b"x")
    (folder / "notes.txt").write_text("kept")
    backup_database(desk, folder)
    names = [b.made_at.date() for b in backups(folder)]
    assert len(names) == 2 and old.date() not in names
    assert (folder / "notes.txt").exists()


def test_the_automatic_copy_is_made_once_a_day(desk, tmp_path):
    from app.services.settings import put_setting
    with desk.unit_of_work() as uow:
        put_setting(uow, "backup.folder", str(tmp_path / "auto"))
        uow.commit()
    assert backup_if_due(desk) is not None
    assert backup_if_due(desk) is None
    assert len(backups(tmp_path / "auto")) == 1


def test_a_damaged_backup_is_refused_and_the_database_is_not_touched(desk, tmp_path):
    copy = backup_database(desk, tmp_path / "usb")
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 3])
    desk.close()
    before = digest(desk.path)
    with pytest.raises(DomainError) as refused:
        restore_database(copy, desk.path)
    assert refused.value.code == "backup.bad_file" and "没有通过检查" in refused.value.message()
    assert digest(desk.path) == before
    garbage = tmp_path / "usb" / "arrears-20260101-000000.sqlite3"
    garbage.write_bytes(b"SQLite format 3\x00" + bytes(5000))
    with pytest.raises(DomainError):
        restore_database(garbage, desk.path)
    assert digest(desk.path) == before


def test_a_tampered_backup_fails_verify_and_is_refused(desk, tmp_path):
    copy = backup_database(desk, tmp_path / "usb")
    con = sqlite3.connect(copy)
    con.execute("UPDATE customer_balances SET open_total = open_total + 100")
    con.commit()
    con.close()
    desk.close()
    with pytest.raises(DomainError) as refused:
        restore_database(copy, desk.path)
    assert refused.value.code == "backup.bad_file"


def test_a_good_backup_replaces_the_database_which_is_kept_beside_it(desk, tmp_path):
    copy = backup_database(desk, tmp_path / "usb")
    approved_customer(desk, desk.staff, name="备份之后登记的客户")
    desk.close()
    kept = restore_database(copy, desk.path, os_user="tester", host="pc1")
    assert kept.exists() and "before-restore" in kept.name
    assert rows(Desk(kept), "SELECT COUNT(*) FROM customers WHERE name = '备份之后登记的客户'") == [(1,)]
    restored = Desk(desk.path)
    assert rows(restored, "SELECT COUNT(*) FROM customers WHERE name = '备份之后登记的客户'") == [(0,)]
    assert rows(restored, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.restored'") == [(1,)]
    restored.close()


def test_an_upgrade_takes_a_copy_first(tmp_path):
    desk, _staff = make_desk(tmp_path / "old.sqlite3", TODAY)
    desk.close()
    con = sqlite3.connect(tmp_path / "old.sqlite3")  # as the previous program left it
    for sql in SINCE_0008:
        con.execute(sql)
    for table in ("customer_transfers", "handovers", "clearance_deadlines", "clearance_certificates"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE customers DROP COLUMN wants_reminders")
    con.execute("UPDATE alembic_version SET version_num = '0005'")
    con.commit()
    con.close()
    Desk(tmp_path / "old.sqlite3").close()
    [copy] = list((tmp_path / "backups").glob("old-before-upgrade-0005-*.sqlite3"))
    assert sqlite3.connect(copy).execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)


def test_backup_and_restore_from_the_command_line(desk, tmp_path):
    desk.close()
    assert main(["backup", "--db", desk.location, "--out", str(tmp_path / "usb")]) == 0
    [copy] = backups(tmp_path / "usb")
    assert main(["restore", str(copy.path), "--db", desk.location]) == 0
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database")
    assert main(["restore", str(broken), "--db", desk.location]) == 2


def test_only_the_branch_head_and_the_administrator_manage_backups(desk, tmp_path):
    from app.services.backup import backup_status, set_backup_settings
    staff = desk.staff
    set_backup_settings(desk, staff.head, folder=str(tmp_path / "usb"), keep_days=7)
    status = backup_status(desk, staff.admin)
    assert (status.folder, status.chosen, status.keep_days, status.copies) == (tmp_path / "usb", True, 7, [])
    backup_database(desk, actor=staff.head)
    assert len(backup_status(desk, staff.head).copies) == 1
    for someone in (staff.clerk, staff.finance, staff.auditor):
        with pytest.raises(DomainError) as refused:
            backup_database(desk, actor=someone)
        assert refused.value.code == "auth.forbidden"
    assert len(backups(tmp_path / "usb")) == 1
    with pytest.raises(DomainError) as refused:
        set_backup_settings(desk, staff.head, folder="", keep_days=0)
    assert refused.value.code == "backup.keep_days"


def test_a_stopped_backup_leaves_no_file(desk, tmp_path):
    def stop(done, total):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        backup_database(desk, tmp_path / "usb", progress=stop)
    assert list((tmp_path / "usb").iterdir()) == []


def test_restoring_in_place_lets_go_of_the_open_file_and_the_desk_reads_the_restored_one(desk, tmp_path):
    from app.services.backup import restore_in_place
    from app.services.customers import CustomerInput, register_customer
    copy = backup_database(desk, tmp_path / "usb")
    register_customer(desk, desk.staff.clerk, CustomerInput(name="备份之后的客户"))
    kept = restore_in_place(desk, desk.staff.head, copy)
    assert "备份之后的客户" not in [n for (n,) in rows(desk, "SELECT name FROM customers")]
    assert "备份之后的客户" in [n for (n,) in rows(Desk(kept), "SELECT name FROM customers")]
    from app.services.auth import login
    from tests.factories import PASSWORD
    assert login(desk, "head", PASSWORD).username == "head"  # the same Desk reopens on the restored file
    after = rows(desk, "SELECT after FROM audit_log WHERE action = 'backup.restored'")
    assert '"by": "head"' in after[-1][0]
    with pytest.raises(DomainError):
        restore_in_place(desk, desk.staff.clerk, copy)


@pytest.mark.skipif(not server.ON_SERVER, reason="a database on a server (ARREARS_DESK_TEST_BACKEND=postgresql)")
def test_a_database_on_a_server_is_not_copied_here_and_the_message_says_its_administrator_backs_it_up(
        desk, tmp_path, capsys):
    with pytest.raises(DomainError) as refused:
        backup_database(desk, tmp_path / "usb", actor=desk.staff.admin)
    assert refused.value.code == "backup.server_database" and "pg_dump" in refused.value.message()
    assert "数据库管理员" in refused.value.message()
    assert backup_if_due(desk) is None  # the automatic copy at start and exit: none, and no error either
    assert main(["backup", "--db", desk.location, "--out", str(tmp_path / "usb")]) == 2
    assert main(["restore", str(tmp_path / "x.sqlite3"), "--db", desk.location]) == 2
    assert capsys.readouterr().err.count("数据库管理员") == 2
    assert not (tmp_path / "usb").exists()
    assert rows(desk, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.made'") == [(0,)]
