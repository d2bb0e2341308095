"""Tamper evidence: someone holding the database file drops the append-only triggers, rewrites history
consistently (balances too) and puts the triggers back. ``verify`` names the first broken row of each
chain; a full recompute of the chains passes plain ``verify`` but not ``verify --against`` a root kept
outside the file."""
from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.cli import main
from app.domain.periods import end_of_day
from app.services.auth import login
from app.services.context import Desk, FixedClock
from app.services.demo import DEMO_PASSWORD, generate_demo
from app.services.repayments import RepaymentInput, record_repayment
from app.services.reports import build, write_report
from app.reports.request import ReportKind, ReportRequest
from app.services.verify import integrity_root, verify_database
from db.chain import build_all, merkle_root
from db.models import AuditRecord
from tests import server
from tests.factories import SINCE_0008, WRITE_OFFS_AS_0008_ON_A_SERVER, on_the_backend

TODAY = date(2026, 11, 25)
CHAIN = "防篡改链完整"
LINKED = "每条台账与审计记录都在链上"
AUDITED = "每笔台账记录都有审计记录"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo ledger the module's tests copy: a file, or on the server (``ARREARS_DESK_TEST_BACKEND=postgresql``)
    a database each test's copy is made from (``CREATE DATABASE … TEMPLATE``)."""
    yield from demo_ledger(tmp_path_factory, customers=30, months=12, seed=5)


def demo_ledger(tmp_path_factory, **demo):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    if not server.ON_SERVER:
        generate_demo(path, today=TODAY, **demo)
        yield path
        return
    url = server.database_url(server.new_database())
    kept = server.kept_beyond_the_test()  # for the module, not its first test
    generate_demo(url, today=TODAY, **demo)
    yield url
    server.drop_databases(kept)


@pytest.fixture
def db(tmp_path, demo_file):
    return copy_of(demo_file, tmp_path / "ledger.sqlite3")


def copy_of(source, path):
    """A copy of the database ``source``: the file copied to ``path``, or a database on the server made from it."""
    if not server.ON_SERVER:
        shutil.copyfile(source, path)
        return path
    return server.database_url(server.new_database(template=make_url(str(source)).database))


STORAGE = "服务器索引有效" if server.ON_SERVER else "SQLite 完整性"  # the full verify's own check of its storage
RANDOM_UID = "decode(md5(random()::text), 'hex')" if server.ON_SERVER else "randomblob(16)"


def tamper(path, *statements: tuple) -> None:
    """What anyone with the file can do: drop the triggers, change rows, recreate the triggers (on a server, its
    superuser: the triggers, foreign keys included, set aside for the session)."""
    if server.ON_SERVER:
        with server.connect(str(path)) as con:
            con.execute("SET session_replication_role = replica")
            for sql, *params in statements:
                con.execute(server._sql(sql), params or None)
        return
    con = sqlite3.connect(path)
    triggers = con.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _table, _sql in triggers:
        con.execute(f"DROP TRIGGER {name}")
    for sql, *params in statements:
        con.execute(sql, params)
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    dropped = {sql.split()[-1] for sql, *_ in statements if sql.upper().startswith("DROP TRIGGER")}
    for name, table, sql in triggers:
        if table in tables and name not in dropped:  # (a trigger the statements drop stays dropped)
            con.execute(sql)
    con.commit()
    con.close()


def failures(path, **kwargs) -> dict[str, list[str]]:
    return {check.name.split("（")[0]: check.failures for check in verify_database(path, **kwargs) if not check.ok}


def one(path, sql, *params):
    if server.ON_SERVER:
        with server.connect(str(path)) as con:
            return con.execute(server._sql(sql), params or None).fetchone()
    con = sqlite3.connect(path)
    try:
        found = con.execute(sql, params).fetchone()
        con.commit()  # (a row it inserted stays)
        return found
    finally:
        con.close()


def line_balances(customer_id: int) -> tuple[tuple, ...]:
    """The overdue queue's per-line figures (issue 14) made again from the tampered item balances, as one who
    knows every balance table would."""
    return (("DELETE FROM customer_line_balances WHERE customer_id = ?", customer_id),
            ("INSERT INTO customer_line_balances SELECT customer_id, business_line_id, SUM(open_amount), COUNT(*), "
             "MIN(due_date), SUM(CASE WHEN due_date < d.overdue_before THEN open_amount ELSE 0 END), "
             "SUM(CASE WHEN due_date < d.overdue_before THEN 1 ELSE 0 END) FROM item_balances, line_balances_day d "
             "WHERE customer_id = ? AND open_amount > 0 GROUP BY customer_id, business_line_id", customer_id),
            *customer_overdue(customer_id))


def customer_overdue(customer_id: int) -> tuple[tuple, tuple]:
    """The overdue queue's per-customer sums (issue 15) added up again from the per-line figures."""
    return (("DELETE FROM customer_overdue WHERE customer_id = ?", customer_id),
            ("INSERT INTO customer_overdue SELECT customer_id, SUM(overdue_total), SUM(overdue_items), MIN(oldest_due), "
             "MAX(overdue_total) FROM customer_line_balances WHERE customer_id = ? AND overdue_items > 0 "
             "GROUP BY customer_id", customer_id))


def an_item_with_later_entries(path) -> tuple[int, int, int]:
    """(item id, customer id, amount) of a standing item without offsets that is not its customer's last entry."""
    return one(path, """SELECT i.id, i.customer_id, i.amount FROM arrears_items i
                        WHERE NOT EXISTS (SELECT 1 FROM allocations a WHERE a.arrears_item_id = i.id)
                          AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = i.id)
                          AND NOT EXISTS (SELECT 1 FROM write_offs w WHERE w.arrears_item_id = i.id)
                        ORDER BY i.id LIMIT 1""")


def test_a_fresh_demo_has_every_entry_chained_and_audited(db):
    assert failures(db) == {}
    assert one(db, "SELECT COUNT(*) FROM ledger_chain")[0] > 0


def test_an_item_amount_changed_with_its_balances_is_named(db):
    item_id, customer_id, _amount = an_item_with_later_entries(db)
    tamper(db, ("UPDATE arrears_items SET amount = amount + 10000 WHERE id = ?", item_id),
           ("UPDATE item_balances SET open_amount = open_amount + 10000 WHERE item_id = ?", item_id),
           ("UPDATE customer_balances SET open_total = open_total + 10000 WHERE customer_id = ?", customer_id),
           *line_balances(customer_id))
    found = failures(db)
    assert list(found) == [CHAIN]  # every balance agrees: only the chain knows
    assert found[CHAIN] == [f"客户 #{customer_id} 的链断于欠费 #{item_id}：内容、归属或顺序与链不符"]


def test_a_changed_recorder_is_named(db):
    item_id, customer_id, _amount = an_item_with_later_entries(db)
    tamper(db, ("UPDATE arrears_items SET recorded_by_id = recorded_by_id + 1 WHERE id = ?", item_id))
    assert failures(db)[CHAIN] == [f"客户 #{customer_id} 的链断于欠费 #{item_id}：内容、归属或顺序与链不符"]


def test_only_the_first_broken_row_of_a_chain_is_named(db):
    item_id, customer_id, _amount = an_item_with_later_entries(db)
    later = one(db, "SELECT MAX(id) FROM arrears_items WHERE customer_id = ?", customer_id)[0]
    assert later != item_id
    tamper(db, ("UPDATE arrears_items SET note = 'x' WHERE id IN (?, ?)", item_id, later))
    assert failures(db)[CHAIN] == [f"客户 #{customer_id} 的链断于欠费 #{item_id}：内容、归属或顺序与链不符"]


def test_an_item_deleted_with_its_balances_and_audit_record_is_named(db):
    item_id, customer_id, amount = an_item_with_later_entries(db)
    tamper(db, ("DELETE FROM item_balances WHERE item_id = ?", item_id),
           ("UPDATE customer_balances SET open_total = open_total - ? WHERE customer_id = ?", amount, customer_id),
           ("DELETE FROM audit_log WHERE entity = 'arrears_item' AND entity_id = ?", item_id),
           ("DELETE FROM arrears_items WHERE id = ?", item_id))
    broken = failures(db)[CHAIN]
    assert broken[0] == f"客户 #{customer_id} 的链断于欠费 #{item_id}：记录已不存在"


def test_an_item_deleted_with_its_link_too_breaks_the_next_link(db):
    item_id, customer_id, amount = an_item_with_later_entries(db)
    tamper(db, ("DELETE FROM item_balances WHERE item_id = ?", item_id),
           ("UPDATE customer_balances SET open_total = open_total - ? WHERE customer_id = ?", amount, customer_id),
           ("DELETE FROM ledger_chain WHERE id IN (SELECT id FROM ledger_chain WHERE chain = ? AND "
            "((entity = 1 AND entity_id = ?) OR (entity = 6 AND entity_id IN (SELECT id FROM audit_log WHERE "
            "entity = 'arrears_item' AND entity_id = ?))))", customer_id, item_id, item_id),
           ("DELETE FROM audit_log WHERE entity = 'arrears_item' AND entity_id = ?", item_id),
           ("DELETE FROM arrears_items WHERE id = ?", item_id))
    broken = failures(db)[CHAIN]
    assert len(broken) == 1 and broken[0].startswith(f"客户 #{customer_id} 的链断于")


def test_an_offset_reduced_with_its_three_balances_is_named(db):
    alloc_id, item_id, repayment_id, customer_id = one(db, """
        SELECT a.id, a.arrears_item_id, a.repayment_id, a.customer_id FROM allocations a
        WHERE a.amount > 100 AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = a.repayment_id
                                             OR r.arrears_item_id = a.arrears_item_id) ORDER BY a.id LIMIT 1""")
    tamper(db, ("UPDATE allocations SET amount = amount - 100 WHERE id = ?", alloc_id),
           ("UPDATE item_balances SET open_amount = open_amount + 100 WHERE item_id = ?", item_id),
           ("UPDATE repayment_balances SET unapplied = unapplied + 100 WHERE repayment_id = ?", repayment_id),
           ("UPDATE customer_balances SET open_total = open_total + 100, unapplied_credit = unapplied_credit + 100 "
            "WHERE customer_id = ?", customer_id), *line_balances(customer_id))
    found = failures(db)
    assert list(found) == [CHAIN]
    assert found[CHAIN] == [f"客户 #{customer_id} 的链断于核销 #{alloc_id}：内容、归属或顺序与链不符"]


def test_audit_records_deleted_or_rewritten_are_named(db, tmp_path):
    audit_id, customer_id = one(db, "SELECT id, customer_id FROM audit_log WHERE entity = 'repayment' ORDER BY id LIMIT 1")
    rewritten = copy_of(db, tmp_path / "rewritten.sqlite3")
    tamper(rewritten, ("UPDATE audit_log SET after = '{}' WHERE id = ?", audit_id))
    assert failures(rewritten)[CHAIN] == [f"客户 #{customer_id} 的链断于审计记录 #{audit_id}：内容、归属或顺序与链不符"]

    tamper(db, ("DELETE FROM audit_log",))
    counts = {check.name.split("（")[0]: check.failure_count for check in verify_database(db)}
    assert counts[CHAIN] >= 30  # every customer's chain breaks
    assert counts[AUDITED] == one(db, "SELECT (SELECT COUNT(*) FROM arrears_items) + (SELECT COUNT(*) FROM repayments)"
                                      " + (SELECT COUNT(*) FROM reversals) + (SELECT COUNT(*) FROM write_offs)")[0]


def test_a_fabricated_repayment_with_consistent_balances_is_named(db):
    customer_id = one(db, "SELECT MIN(customer_id) FROM customer_balances")[0]
    rep_id = one(db, "INSERT INTO repayments (uid, site_id, customer_id, amount, paid_on, method, receipt_no, "
                     f"received_by_id, mode, note, recorded_at) VALUES ({RANDOM_UID}, 1, ?, 5000, '2026-11-20', "
                     "'cash', 'FAKE-1', 1, 'fifo', '', '2026-11-20 10:00:00') RETURNING id", customer_id)[0]
    tamper(db, ("INSERT INTO repayment_balances (repayment_id, customer_id, unapplied) VALUES (?, ?, 5000)",
                rep_id, customer_id),
           ("UPDATE customer_balances SET unapplied_credit = unapplied_credit + 5000 WHERE customer_id = ?",
            customer_id))
    found = failures(db)
    assert found[LINKED] == [f"收款 #{rep_id} 不在链上"]
    assert found[AUDITED] == [f"收款 #{rep_id} 没有审计记录"]


def test_a_full_recompute_after_tampering_passes_verify_but_not_against_the_printed_root(db, capsys):
    printed = integrity_root(db, end_of_day(TODAY))
    item_id, customer_id, _amount = an_item_with_later_entries(db)
    tamper(db, ("UPDATE arrears_items SET amount = amount + 10000 WHERE id = ?", item_id),
           ("UPDATE item_balances SET open_amount = open_amount + 10000 WHERE item_id = ?", item_id),
           ("UPDATE customer_balances SET open_total = open_total + 10000 WHERE customer_id = ?", customer_id),
           *line_balances(customer_id), ("DELETE FROM ledger_chain",))
    desk = Desk(db, create=False)
    with desk.engine.begin() as conn:
        build_all(conn)  # what the one holding the file can do: every digest recomputed
    desk.close()
    assert failures(db) == {}
    assert main(["verify", "--db", str(db)]) == 0
    assert main(["verify", "--db", str(db), "--against", printed, "--as-of", TODAY.isoformat()]) == 2
    assert "与外部保存的完整性根一致" in capsys.readouterr().out


def test_a_past_days_root_stays_the_same_after_later_postings_and_proves_that_day(db):
    day_end = end_of_day(date(2026, 11, 20))
    before = integrity_root(db, day_end)
    desk = Desk(db, clock=FixedClock(TODAY))
    actor = login(desk, "clerk11", DEMO_PASSWORD)
    customer_id = one(db, "SELECT customer_id FROM customer_balances WHERE open_total > 0 ORDER BY customer_id")[0]
    record_repayment(desk, actor, RepaymentInput(customer_id, 1000, TODAY, "cash", "R-NEW-1"))
    desk.close()
    assert integrity_root(db, day_end) == before
    assert integrity_root(db) != before
    assert main(["verify", "--db", str(db), "--against", before, "--as-of", "2026-11-20"]) == 0


def test_the_daily_report_prints_its_days_root_and_a_reprint_shows_the_same(db, tmp_path):
    desk = Desk(db, clock=FixedClock(TODAY))
    head = login(desk, "head", DEMO_PASSWORD)
    request = ReportRequest(ReportKind.DAILY, as_of=date(2026, 11, 20), start=date(2026, 11, 20))
    first = build(desk, head, request)
    root = dict(first.parameters)
    customer_id = one(db, "SELECT customer_id FROM customer_balances WHERE open_total > 0 ORDER BY customer_id")[0]
    record_repayment(desk, login(desk, "clerk11", DEMO_PASSWORD),
                     RepaymentInput(customer_id, 1000, TODAY, "cash", "R-NEW-2"))
    again = build(desk, head, request)
    assert [str(v) for v in dict(again.parameters).values()] == [str(v) for v in root.values()]
    printed = next(str(v) for label, v in again.parameters if label.zh == "完整性根")
    assert printed.startswith(integrity_root(db, end_of_day(date(2026, 11, 20))))
    write_report(desk, again, tmp_path / "daily.pdf")
    desk.close()


def test_every_exported_report_carries_the_root_as_of_its_export(db, tmp_path):
    from openpyxl import load_workbook
    clock = FixedClock(TODAY)
    desk = Desk(db, clock=clock)
    report = build(desk, login(desk, "head", DEMO_PASSWORD), ReportRequest(ReportKind.AGING))
    write_report(desk, report, tmp_path / "aging.xlsx")
    desk.close()
    cells = [str(c.value) for row in load_workbook(tmp_path / "aging.xlsx").worksheets[0].iter_rows() for c in row
             if c.value is not None]
    assert any(integrity_root(db, clock.now()) in text for text in cells)


def test_a_database_from_before_the_chains_gets_them_once_with_a_statement_in_the_audit_trail(db):
    items = one(db, "SELECT COUNT(*) FROM arrears_items")[0]
    tamper(db, ("DROP TABLE ledger_chain",), ("DELETE FROM audit_log WHERE entity = 'arrears_item'",),
           *[(sql,) for sql in on_the_backend(SINCE_0008, server.ON_SERVER)],
           *[(sql,) for sql in (WRITE_OFFS_AS_0008_ON_A_SERVER if server.ON_SERVER else ())],
           *[(f"DROP TABLE {t}",) for t in ("exchange_packages", "city_blacklist", "customer_transfers",
                                                 "handovers", "clearance_deadlines", "clearance_certificates")],
           *[(f"ALTER TABLE sites DROP COLUMN {c}",) for c in ("kind", "public_key", "revoked_at")],
           ("ALTER TABLE customers DROP COLUMN wants_reminders",),
           ("UPDATE alembic_version SET version_num = '0003'",))
    desk = Desk(db, clock=FixedClock(TODAY))  # opening upgrades it
    with desk.reading() as uow:
        statement = uow.session.scalars(select(AuditRecord.after)
                                        .where(AuditRecord.action == "integrity.chains_built")).one()
    desk.close()
    assert f'"audit_records_added": {items}' in statement
    assert failures(db) == {}


def test_the_merkle_root_depends_on_every_head_and_on_nothing_else():
    a, b = bytes(32), bytes([1]) * 32
    assert merkle_root([(1, a), (2, b)]) == merkle_root([(2, b), (1, a)])
    assert merkle_root([(1, a), (2, b)]) != merkle_root([(1, b), (2, a)])
    assert merkle_root([(1, a), (2, b), (3, a)]) != merkle_root([(1, a), (2, b)])
    assert merkle_root([]) != merkle_root([(0, a)])


def test_a_killed_demo_leaves_no_file_and_can_be_run_again(tmp_path):
    import subprocess
    import sys
    target = tmp_path / "demo.sqlite3"
    # Killed (no cleanup at all) once the site and users exist and the ledger is being built.
    script = ("import os, sys\nfrom datetime import date\nfrom app.services.demo import generate_demo\n"
              "generate_demo(sys.argv[1], customers=40, months=6, today=date(2026, 11, 25),"
              " progress=lambda done, total: os._exit(9))\n")
    run = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True)
    assert run.returncode == 9
    assert not target.exists()
    generate_demo(target, customers=5, months=3, today=TODAY)
    desk = Desk(target, clock=FixedClock(TODAY))
    assert login(desk, "clerk11", DEMO_PASSWORD).username == "clerk11"
    desk.close()


def test_a_demo_into_a_database_with_a_site_names_the_site(db):
    from app.domain.errors import DomainError
    with pytest.raises(DomainError) as refused:
        generate_demo(db, customers=5, months=3, today=TODAY)
    assert "示范市邮政局城东支局" in str(refused.value) and str(db) not in str(refused.value)
