"""The schema the migrations build, the command line, and verify's ability to catch a broken ledger."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.cli import main
from app.services.context import Desk, FixedClock
from app.services.demo import generate_demo
from app.services.verify import verify_database
from db.models import Base

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    generate_demo(path, customers=120, months=14, today=TODAY)
    return path


def copy_of(source, target) -> sqlite3.Connection:
    """A private copy of the shared demo database to tamper with; returns a connection to it."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    return dst


def test_migrations_build_exactly_the_models_schema(tmp_path):
    desk = Desk(tmp_path / "a.sqlite3")
    with desk.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    desk.close()
    assert diff == []


def test_database_runs_with_foreign_keys_and_wal(tmp_path):
    desk = Desk(tmp_path / "a.sqlite3")
    with desk.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    desk.close()


def test_demo_database_passes_verify(demo_db, capsys):
    assert main(["verify", "--db", str(demo_db)]) == 0
    out = capsys.readouterr().out
    assert "0 项失败" in out


def test_every_demo_user_signs_in_with_the_demo_password_hashed_once(demo_db, tmp_path):
    """The demo's users share its published password: one Argon2 hash for all (each a deliberately slow one
    was a fifth of generating a benchmark database), and each of them still signs in with it."""
    from app.services.auth import login
    from app.services.demo import DEMO_PASSWORD
    con = copy_of(demo_db, tmp_path / "signing-in.sqlite3")
    users = con.execute("SELECT username, password_hash FROM users").fetchall()
    con.close()
    assert len(users) > 10 and len({hashed for _, hashed in users}) == 1
    assert users[0][1].startswith("$argon2id$")
    with Desk(tmp_path / "signing-in.sqlite3", clock=FixedClock(TODAY)) as desk:
        for username in ("admin", "head", "clerk11", "finance"):
            assert login(desk, username, DEMO_PASSWORD).username == username


def test_demo_has_every_kind_of_entry_the_issue_asks_for(demo_db):
    con = sqlite3.connect(demo_db)
    q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    assert q("SELECT COUNT(DISTINCT branch_id) FROM customers") >= 3
    assert q("SELECT COUNT(DISTINCT business_line_id) FROM arrears_items") >= 5
    assert q("SELECT COUNT(*) FROM item_balances WHERE open_amount > 0 AND open_amount < "
             "(SELECT amount FROM arrears_items WHERE id = item_id)") > 0, "part payments"
    assert q("SELECT COUNT(*) FROM reversals WHERE repayment_id IS NOT NULL") > 0
    assert q("SELECT COUNT(*) FROM reversals WHERE arrears_item_id IS NOT NULL") > 0
    assert q(f"SELECT COUNT(*) FROM item_balances WHERE open_amount > 0 AND due_date < '{TODAY}'") > 0, "overdue"
    assert q(f"SELECT COUNT(*) FROM item_balances WHERE open_amount > 0 AND due_date < date('{TODAY}', '-180 days')") > 0
    assert q("SELECT COUNT(*) FROM repayment_balances WHERE unapplied > 0") > 0, "unapplied credit"
    statuses = {r[0] for r in con.execute("SELECT DISTINCT status FROM customers")}
    assert {"active", "suspended", "pending"} <= statuses


def test_verify_reports_a_maintained_balance_that_disagrees_with_the_entries(demo_db, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    dst = copy_of(demo_db, broken)
    # item_balances is derived (not a ledger table), so it can be tampered with; verify must notice.
    dst.execute("UPDATE item_balances SET open_amount = open_amount + 1 WHERE item_id = "
                "(SELECT MIN(item_id) FROM item_balances WHERE open_amount > 0)")
    dst.commit()
    dst.close()
    failed = [c.name for c in verify_database(broken) if not c.ok]
    assert any("item_balances" in name for name in failed)
    assert main(["verify", "--db", str(broken)]) == 2


def test_verify_reports_an_allocation_beyond_the_item_amount(demo_db, tmp_path):
    broken = tmp_path / "over.sqlite3"
    dst = copy_of(demo_db, broken)
    item_id, customer_id, amount = dst.execute(
        "SELECT id, customer_id, amount FROM arrears_items WHERE id NOT IN (SELECT arrears_item_id FROM reversals "
        "WHERE arrears_item_id IS NOT NULL) AND id NOT IN (SELECT arrears_item_id FROM write_offs) LIMIT 1").fetchone()
    rep_id = dst.execute("INSERT INTO repayments (uid, site_id, customer_id, amount, paid_on, method, receipt_no,"
                         " received_by_id, mode, note, recorded_at) VALUES (randomblob(16), 1, ?, ?, '2026-11-01',"
                         " 'cash', 'X-1', 1, 'named', '', '2026-11-01 10:00:00')",
                         (customer_id, amount * 2)).lastrowid
    dst.execute("INSERT INTO allocations (uid, site_id, repayment_id, arrears_item_id, customer_id, amount,"
                " effective_on, source, created_by_id, created_at) VALUES (randomblob(16), 1, ?, ?, ?, ?,"
                " '2026-11-01', 'payment', 1, '2026-11-01 10:00:00')", (rep_id, item_id, customer_id, amount * 2))
    dst.commit()
    dst.close()
    failed = [c.name for c in verify_database(broken) if not c.ok]
    assert "核销不超过欠费金额" in failed


def test_cli_init_creates_a_migrated_database_with_a_site(tmp_path, capsys):
    path = tmp_path / "new.sqlite3"
    assert main(["init", "--db", str(path), "--site-code", "BR09", "--site-name", "北关支局",
                 "--password", "secret-pass-1"]) == 0
    with Desk(path, clock=FixedClock(TODAY)) as desk:
        assert desk.has_site()


def test_cli_refuses_a_file_that_is_not_a_database_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库")
    assert main(["verify", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "不是有效的欠费数据库文件" in err
    assert "Traceback" not in err


def test_cli_refuses_a_database_newer_than_the_program(tmp_path, capsys):
    path = tmp_path / "future.sqlite3"
    Desk(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    assert main(["verify", "--db", str(path)]) == 2
    assert "比本程序新" in capsys.readouterr().err


def test_cli_demo_refuses_to_overwrite_a_database_that_has_a_site(demo_db, capsys):
    assert main(["demo", "--db", str(demo_db), "--customers", "5"]) == 2
    assert "已建立网点" in capsys.readouterr().err


@pytest.mark.parametrize("tamper, invariant", [
    ("UPDATE repayment_balances SET unapplied = unapplied + 7 WHERE repayment_id = "
     "(SELECT MIN(repayment_id) FROM repayment_balances)", "repayment_balances"),
    ("UPDATE customer_balances SET unapplied_credit = unapplied_credit + 7 WHERE customer_id = "
     "(SELECT MIN(customer_id) FROM customer_balances)", "customer_balances"),
    ("UPDATE customer_balances SET open_total = open_total - 3 WHERE customer_id = "
     "(SELECT MIN(customer_id) FROM customer_balances WHERE open_total > 0)", "客户余额 = 欠费 - 收款"),
    ("DELETE FROM item_balances WHERE item_id = (SELECT MIN(item_id) FROM item_balances)", "item_balances"),
])
def test_verify_reports_each_kind_of_maintained_balance_that_disagrees(demo_db, tmp_path, tamper, invariant):
    broken = tmp_path / "broken.sqlite3"
    dst = copy_of(demo_db, broken)
    dst.execute(tamper)
    dst.commit()
    dst.close()
    failed = [c for c in verify_database(broken) if not c.ok]
    assert any(invariant in c.name for c in failed), [c.name for c in failed]


def test_verify_accepts_over_limit_arrears_only_with_a_reason_from_a_role_that_may_authorise(demo_db, tmp_path):
    from app.domain.roles import Permission, Role, may
    broken = tmp_path / "override.sqlite3"
    dst = copy_of(demo_db, broken)
    clerk = dst.execute("SELECT id FROM users WHERE role = 'counter' LIMIT 1").fetchone()[0]
    head = dst.execute("SELECT id FROM users WHERE role = 'branch_head' LIMIT 1").fetchone()[0]
    assert may(Role.BRANCH_HEAD, Permission.OVERRIDE_CREDIT_LIMIT) and not may(Role.COUNTER, Permission.OVERRIDE_CREDIT_LIMIT)
    columns = ("uid, site_id, customer_id, agreement_id, business_line_id, branch_id, business_date, billing_period, "
               "due_date, amount, voucher_no, handler_id, signature_confirmed, note, recorded_by_id, recorded_at")
    for voucher, by, reason in (("OV-HEAD", head, "负责人同意"), ("OV-CLERK", clerk, "自己批的"), ("OV-NOREASON", head, " ")):
        dst.execute(f"INSERT INTO arrears_items ({columns}, override_by_id, override_reason) "
                    f"SELECT randomblob(16), site_id, customer_id, agreement_id, business_line_id, branch_id, business_date,"
                    f" billing_period, due_date, 1, ?, handler_id, 1, '', recorded_by_id, recorded_at, ?, ? "
                    f"FROM arrears_items WHERE id = (SELECT MAX(id) FROM arrears_items)", (voucher, by, reason))
    dst.commit()
    ids = dict(dst.execute("SELECT voucher_no, id FROM arrears_items WHERE voucher_no LIKE 'OV-%'").fetchall())
    dst.close()
    check = next(c for c in verify_database(broken) if c.name.startswith("超额度记欠"))
    assert check.failure_count == 2
    assert sorted(int(f.split(",")[0]) for f in check.failures) == sorted([ids["OV-CLERK"], ids["OV-NOREASON"]])


def test_a_filling_checks_every_foreign_key_once_at_the_end_and_refuses_a_dangling_one(tmp_path):
    """The demo's bulk load (db.engine.filling) checks the foreign keys over all rows at the end instead of
    row by row: a row pointing at nothing still fails the filling, and the next connection checks row by row."""
    from sqlalchemy import insert

    from db.engine import FillingBroken, filling
    from db.models import CustomerBalance
    desk = Desk(tmp_path / "filled.sqlite3", clock=FixedClock(TODAY))
    with pytest.raises(FillingBroken, match="customer_balances"):
        with filling(desk.engine), desk.engine.begin() as conn:
            conn.execute(insert(CustomerBalance.__table__).values(customer_id=999, open_total=0, unapplied_credit=0))
    with desk.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with filling(desk.engine), desk.engine.begin() as conn:  # nothing dangling: nothing said
        conn.exec_driver_sql("DELETE FROM customer_balances")
    desk.close()
