"""``arrears-desk copy-db`` (issue 15): a branch's SQLite file copied into a new database keeps every row
(ids, history, audit trail, chains, settings), verify passes on both sides with the same integrity root,
and the copy takes new entries after the copied ones; a non-empty target and a password in the address
are refused in Chinese."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.cli import main
from app.domain.errors import DomainError
from app.services.context import Desk, FixedClock
from app.services.copy_db import copy_database
from app.services.demo import DEMO_PASSWORD, generate_demo
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import run_checks
from db.copy import tables
from tests import server

TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def branch_file(tmp_path_factory):
    """A branch's ledger as the demo leaves it: customers, items, repayments, offsets, reversals,
    write-offs, collection records, settings, audit trail and chains."""
    path = tmp_path_factory.mktemp("branch") / "branch.sqlite3"
    generate_demo(path, customers=25, months=8, seed=5, today=TODAY)
    return path


@pytest.fixture
def new_database(tmp_path) -> str:
    """Where the copy goes: on the test server (ARREARS_DESK_TEST_BACKEND=postgresql) a new, empty
    database there, as a branch moving onto a server would have; otherwise a new file."""
    if server.ON_SERVER:
        return server.database_url(server.new_database())
    return str(tmp_path / "copy.sqlite3")


def every_row(desk: Desk) -> dict[str, list[tuple]]:
    with desk.reading() as uow:
        return {table.name: [tuple(row) for row in uow.session.execute(
            select(table).order_by(*table.primary_key.columns))] for table in tables()}


def test_copy_db_copies_every_row_and_proves_both_sides_equal(branch_file, new_database, capsys):
    target = new_database
    assert main(["copy-db", "--from", str(branch_file), "--to", target]) == 0
    out = capsys.readouterr().out
    assert "两边一致" in out and "完整性根" in out

    source, copy = Desk(branch_file, read_only=True), Desk(target, clock=FixedClock(TODAY))
    try:
        original, copied = every_row(source), every_row(copy)
        assert sum(map(len, original.values())) > 1_000
        assert copied == original  # ids, history, audit trail, chains, settings: value for value
        with source.reading() as a, copy.reading() as b:
            assert a.checks.root() == b.checks.root()
    finally:
        source.close()

    # the copy is a working ledger: a repayment gets the next ids, and its link extends the customer's chain
    from app.services.auth import login
    clerk = login(copy, "head", DEMO_PASSWORD)
    with copy.reading() as uow:
        customer, largest = uow.session.execute(select(tables_named("repayments").c.customer_id,
                                                       tables_named("repayments").c.id)
                                                .order_by(tables_named("repayments").c.id.desc()).limit(1)).one()
    paid = record_repayment(copy, clerk, RepaymentInput(customer, 100, TODAY, "cash", "COPY-1"))
    assert paid.repayment_id == largest + 1
    assert [check.name for check in run_checks(copy) if not check.ok] == []
    copy.close()


def test_a_copy_onto_a_server_leaves_the_planner_statistics_of_the_rows_it_loaded(branch_file, new_database):
    """Without them the server planned nested loops over the whole ledger (verify of a 2,000-customer copy ran for
    minutes); they were gathered in a transaction rolled back, so none were kept."""
    if not server.ON_SERVER:
        pytest.skip("a server's statistics (a file is left without sqlite_stat1, as its statements were tuned)")
    copy_database(branch_file, new_database)
    with Desk(new_database) as copy:
        gathered = server.rows(copy, "SELECT count(DISTINCT tablename) FROM pg_stats WHERE schemaname = 'public' "
                                     "AND tablename IN ('arrears_items', 'allocations', 'ledger_chain')")
    assert gathered[0][0] == 3


def tables_named(name: str):
    return next(table for table in tables() if table.name == name)


def test_copy_db_refuses_a_target_that_is_not_empty(branch_file, new_database, capsys):
    target = new_database
    copy_database(branch_file, target)
    copy = Desk(target)
    before = every_row(copy)
    assert main(["copy-db", "--from", str(branch_file), "--to", target]) == 2
    err = capsys.readouterr().err
    assert "目标数据库不是空的" in err and "新建一个空数据库" in err
    with pytest.raises(DomainError) as refused:
        copy_database(branch_file, target)
    assert refused.value.code == "copydb.target_not_empty"
    assert every_row(copy) == before
    copy.close()


def test_copy_db_refuses_a_password_in_the_address_without_repeating_it(branch_file, capsys):
    address = "postgresql+psycopg://arrears:s3cret-pw@db.example/branch01"
    assert main(["copy-db", "--from", str(branch_file), "--to", address]) == 2
    err = capsys.readouterr().err
    assert "PGPASSWORD" in err and "~/.pgpass" in err
    assert "s3cret-pw" not in err


def test_copy_db_refuses_to_copy_a_file_onto_itself(branch_file):
    with pytest.raises(DomainError) as refused:
        copy_database(branch_file, str(branch_file))
    assert refused.value.code == "copydb.same_database"


def test_a_copy_that_lost_a_row_is_reported_unequal(branch_file, new_database, monkeypatch, capsys):
    import db.copy
    real = db.copy.insert_rows

    def losing_the_last_audit_record(conn, table, columns, rows):
        real(conn, table, columns, rows[:-1] if table.name == "audit_log" else rows)

    monkeypatch.setattr(db.copy, "insert_rows", losing_the_last_audit_record)
    assert main(["copy-db", "--from", str(branch_file), "--to", new_database]) == 2
    captured = capsys.readouterr()
    assert "不一致：audit_log 行数（源" in captured.out
    assert "[失败]" in captured.out  # the target's verify: its chain names a record that is not there
    assert "请不要使用目标数据库" in captured.err


# -- many rows at once (db.bulk: COPY on a server from COPY_FROM rows, INSERT below) ---------------------------
def _probe_table():
    from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, LargeBinary, MetaData, Table, Text
    from sqlalchemy import Date as SqlDate
    return Table("bulk_probe", MetaData(), Column("id", Integer, primary_key=True), Column("words", Text),
                 Column("day", SqlDate), Column("at", DateTime), Column("digest", LargeBinary),
                 Column("fen", BigInteger), Column("flag", Boolean))


def test_many_rows_written_at_once_read_back_exactly_as_written(tmp_path, monkeypatch):
    from datetime import datetime

    import db.bulk
    from db.bulk import COPY_FROM, insert_rows
    from tests.factories import make_desk
    streamed = []
    copy_in = db.bulk._copy_in
    monkeypatch.setattr(db.bulk, "_copy_in", lambda *args: streamed.append(len(args[3])) or copy_in(*args))
    desk, _staff = make_desk(tmp_path / "bulk.sqlite3", TODAY)
    probe = _probe_table()
    awkward = ["", "制表\t换行\n回车\r反斜杠\\N", "\\.", "'; DROP TABLE customers; --", "东方贸易有限公司", None]
    rows = [(n, awkward[n % len(awkward)], date(2026, 1, 1 + n % 28) if n % 5 else None,
             datetime(2026, 6, 15, n % 24, n % 60, n % 60, 1000 * (n % 7)), bytes([n % 256, 0, 255]) if n % 3 else None,
             (-1) ** n * (2 ** 62 - n), bool(n % 2)) for n in range(1, COPY_FROM + 501)]
    try:
        with desk.engine.begin() as conn:
            probe.create(conn)
            insert_rows(conn, probe, tuple(probe.c.keys()), rows)
        with desk.engine.connect() as conn:
            back = [tuple(row) for row in conn.execute(select(probe).order_by(probe.c.id))]
    finally:
        desk.close()
    assert back == rows
    assert streamed == ([len(rows)] if server.ON_SERVER else [])  # a server is sent them by COPY, a file by INSERT


def test_a_duplicate_among_many_rows_is_the_database_s_integrity_error_and_writes_none_of_them(tmp_path):
    from sqlalchemy import func
    from sqlalchemy.exc import IntegrityError

    from db.bulk import COPY_FROM, insert_rows
    from tests.factories import make_desk
    desk, _staff = make_desk(tmp_path / "bulk.sqlite3", TODAY)
    probe = _probe_table()
    rows = [(n, "行", None, None, None, n, True) for n in range(1, COPY_FROM + 1)] + [(7, "重复", None, None, None, 7, False)]
    try:
        with desk.engine.begin() as conn:
            probe.create(conn)
        with pytest.raises(IntegrityError):
            with desk.engine.begin() as conn:
                insert_rows(conn, probe, ("id", "words", "day", "at", "digest", "fen", "flag"), rows)
        with desk.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(probe)) == 0
    finally:
        desk.close()
