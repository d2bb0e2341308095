"""What opening does to the file (issue 10, points 4 and 5): checking and refusing only read it, so
``verify`` leaves every file byte-identical and works on a read-only copy; and every commit reaches the
disk before the receipt is printed (synchronous=FULL)."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.domain.errors import DomainError
from app.services.context import Desk
from app.services.customers import CustomerInput, register_customer
from app.services.verify import verify_database
from tests.factories import make_desk


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def nothing_logged(path: Path) -> bool:
    """No write-ahead log with content next to the file (a read-only reader of a WAL database may leave
    an empty one and its index behind; the next writer removes them)."""
    wal = Path(f"{path}-wal")
    return not wal.exists() or wal.stat().st_size == 0


@pytest.fixture
def good_db(tmp_path) -> Path:
    desk, staff = make_desk(tmp_path / "good.sqlite3")
    register_customer(desk, staff.clerk, CustomerInput(name="东方贸易有限公司", phone="0311-8888"))
    desk.close()
    return desk.path


def foreign_sqlite(path: Path) -> Path:
    """Another program's SQLite file (rollback journal, its own tables)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    con.execute("INSERT INTO recipes VALUES ('饺子', 40)")
    con.commit()
    con.close()
    return path


def test_verify_leaves_a_good_database_byte_identical(good_db, capsys):
    before = digest(good_db)
    assert main(["verify", "--db", str(good_db), "--against", "0" * 64]) == 2  # a proof only reads
    assert digest(good_db) == before
    assert nothing_logged(good_db)


def test_verify_writes_nothing_but_its_verified_point(good_db, capsys):
    """The point the next (incremental) verify starts from is the one row a passing verify writes."""
    def content(path):
        con = sqlite3.connect(path)
        try:
            # (the setting's note for the next exchange package goes with it: state_changes, its sequence)
            return [line for line in con.iterdump() if "verify.point" not in line
                    and not line.startswith(('INSERT INTO "state_changes"', 'INSERT INTO "sqlite_sequence"',
                                             "DELETE FROM sqlite_sequence"))]
        finally:
            con.close()
    before = content(good_db)
    assert main(["verify", "--db", str(good_db)]) == 0
    assert "0 项失败" in capsys.readouterr().out
    assert content(good_db) == before
    assert sqlite3.connect(good_db).execute("SELECT COUNT(*) FROM settings WHERE key = 'verify.point'").fetchone() == (1,)


def test_verify_refuses_an_empty_file_and_leaves_it_empty(tmp_path, capsys):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert main(["verify", "--db", str(empty)]) != 0
    assert "空文件" in capsys.readouterr().err
    assert empty.stat().st_size == 0
    assert sidecars(empty) == []


def test_verify_refuses_a_foreign_sqlite_file_without_touching_it(tmp_path, capsys):
    other = foreign_sqlite(tmp_path / "recipes.sqlite3")
    before = digest(other)
    assert main(["verify", "--db", str(other)]) != 0
    assert "不是有效的欠费数据库文件" in capsys.readouterr().err
    assert digest(other) == before
    assert sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    assert sidecars(other) == []


def test_opening_a_foreign_sqlite_file_for_work_refuses_it_unchanged(tmp_path):
    other = foreign_sqlite(tmp_path / "recipes.sqlite3")
    before = digest(other)
    with pytest.raises(DomainError) as refused:
        Desk(other)
    assert refused.value.code == "db.not_database"
    assert digest(other) == before and sidecars(other) == []


def test_verify_works_on_a_read_only_copy(good_db, capsys):
    good_db.chmod(0o444)
    before = digest(good_db)
    try:
        assert main(["verify", "--db", str(good_db)]) == 0
        assert "0 项失败" in capsys.readouterr().out
        assert all(check.ok for check in verify_database(good_db))
    finally:
        good_db.chmod(0o644)
    assert digest(good_db) == before and nothing_logged(good_db)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes do not bind root")
def test_verify_works_in_a_read_only_folder(good_db, capsys):
    folder = good_db.parent
    good_db.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert main(["verify", "--db", str(good_db)]) == 0
    finally:
        folder.chmod(0o755)
        good_db.chmod(0o644)


def test_verify_asks_to_upgrade_an_older_database_instead_of_upgrading_it(good_db, capsys):
    from db.migrate import _script
    head = _script().get_revision(_script().get_current_head())
    if head.down_revision is None:
        pytest.skip("only one migration")
    con = sqlite3.connect(good_db)
    con.execute("UPDATE alembic_version SET version_num = ?", (head.down_revision,))
    con.commit()
    con.close()
    before = digest(good_db)
    assert main(["verify", "--db", str(good_db)]) != 0
    assert "旧版本" in capsys.readouterr().err
    assert digest(good_db) == before


def test_every_commit_is_synced_to_disk(tmp_path):
    """In the program as shipped, in a process of its own (the suite runs with NORMAL, see conftest)."""
    root = Path(__file__).resolve().parents[2]
    script = ("import sys; from app.services.context import Desk; desk = Desk(sys.argv[1]); conn = desk.engine.connect();"
              " print(conn.exec_driver_sql('PRAGMA synchronous').scalar(), conn.exec_driver_sql('PRAGMA journal_mode').scalar())")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "desk.sqlite3")], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(root)}, cwd=root, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "wal"]  # FULL


def test_verify_reads_a_database_in_a_folder_it_may_not_write_to(good_db, monkeypatch, capsys):
    import db.engine
    real_access = os.access
    # as a clerk without write rights there would see it (root may write anywhere, so pretend)
    monkeypatch.setattr(db.engine.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    before = digest(good_db)
    assert "immutable=1" in db.engine._read_only_uri(good_db)
    assert main(["verify", "--db", str(good_db)]) == 0
    assert digest(good_db) == before and sidecars(good_db) == []
