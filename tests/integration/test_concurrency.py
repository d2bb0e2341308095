"""Several counters on one database (issue 15): processes posting arrears and repayments for the same few
customers at the same moment lose nothing, offset nothing twice and never show a clerk a deadlock; a
conflict the server reports is run again once, a second one and a lost connection are told in Chinese.

``ARREARS_DESK_CONCURRENCY_OPS`` (operations per process, default 500: 2,000 in all) makes the run longer."""
from __future__ import annotations

import multiprocessing
import os
import random
import threading
from collections import Counter
from datetime import date

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.domain.errors import DomainError
from app.services.arrears import ArrearsInput, record_arrears
from app.services.context import Actor, Desk, FixedClock
from app.services.failures import explain
from app.services.repayments import RepaymentInput, record_repayment
from app.services.verify import run_checks
from db.ledger import Ledger
from db.models import ArrearsItem, CustomerBalance, ItemBalance, Repayment, RepaymentBalance
from tests import server
from tests.factories import approved_customer, make_desk, move_clock, rows

TODAY = date(2026, 6, 15)
PROCESSES = 4
OPERATIONS = int(os.environ.get("ARREARS_DESK_CONCURRENCY_OPS", "500"))


def counter_at_work(target: str, clerk: Actor, customers: list[int], number: int, operations: int,
                    start, done) -> None:
    """One counter (a process of its own): ``operations`` postings, arrears or repayments at random for the
    shared customers; puts on ``done`` what it says it posted (fen per customer) and what a clerk read."""
    import db.engine
    db.engine.SYNCHRONOUS = "NORMAL"  # as in the suite (tests/conftest.py): the rules are tested, not the disk
    desk = Desk(target, clock=FixedClock(TODAY))
    posted = {"arrears": Counter(), "repayments": Counter(), "refusals": []}
    chance = random.Random(number)
    start.wait()
    try:
        for n in range(operations):
            customer = chance.choice(customers)
            amount = chance.randint(1, 5_000)
            try:
                if chance.random() < 0.55:
                    record_arrears(desk, clerk, ArrearsInput(customer, "LETTER", TODAY, amount, f"PZ-{number}-{n}"))
                    posted["arrears"][customer] += amount
                else:
                    record_repayment(desk, clerk, RepaymentInput(customer, amount, TODAY, "cash", f"R{number}-{n}"))
                    posted["repayments"][customer] += amount
            except DomainError as refused:
                posted["refusals"].append(refused.message("zh_CN"))
    except BaseException as failed:  # noqa: BLE001 - reported to the test, not lost in a child process
        posted["refusals"].append(repr(failed))
    finally:
        desk.close()
        done.put(posted)


@pytest.fixture
def shared_database(tmp_path):
    """A database several processes open at once, its counters and its customers."""
    desk, staff = make_desk(tmp_path / "shared.sqlite3", TODAY)
    customers = [approved_customer(desk, staff, name, limit=900_000_000)
                 for name in ("东方贸易有限公司", "南山物流", "北城印务")]
    desk.close()
    # the file, or on a server (tests/server.py) its address, for each process to open on its own
    server = getattr(desk, "server", None)
    target = str(desk.path) if server is None else server.render_as_string(hide_password=False)
    return target, [staff.clerk, staff.clerk2, staff.head, staff.clerk], customers


def test_four_counters_posting_for_the_same_customers_lose_nothing_and_offset_nothing_twice(shared_database):
    target, clerks, customers = shared_database
    spawn = multiprocessing.get_context("spawn")
    start, done = spawn.Event(), spawn.Queue()
    counters = [spawn.Process(target=counter_at_work, args=(target, clerks[n], customers, n, OPERATIONS, start, done))
                for n in range(PROCESSES)]
    for counter in counters:
        counter.start()
    start.set()  # all at once, once every process is up
    try:
        results = [done.get(timeout=900) for _ in counters]
    finally:
        for counter in counters:
            counter.join(timeout=60)
    assert [counter.exitcode for counter in counters] == [0] * PROCESSES

    assert [r["refusals"] for r in results] == [[]] * PROCESSES  # no clerk read "locked", "conflict" …
    arrears = sum((r["arrears"] for r in results), Counter())
    repaid = sum((r["repayments"] for r in results), Counter())
    assert sum(arrears.values()) and sum(repaid.values())
    desk = Desk(target, clock=FixedClock(TODAY))
    try:
        with desk.reading() as uow:
            s = uow.session
            assert dict(s.execute(select(ArrearsItem.customer_id, func.sum(ArrearsItem.amount))
                                  .group_by(ArrearsItem.customer_id)).all()) == dict(arrears)
            assert dict(s.execute(select(Repayment.customer_id, func.sum(Repayment.amount))
                                  .group_by(Repayment.customer_id)).all()) == dict(repaid)
            assert s.scalar(select(func.count()).select_from(ArrearsItem)) + \
                s.scalar(select(func.count()).select_from(Repayment)) == PROCESSES * OPERATIONS
            for customer in customers:
                open_total, credit = s.execute(select(CustomerBalance.open_total, CustomerBalance.unapplied_credit)
                                               .where(CustomerBalance.customer_id == customer)).one()
                # what is owed less what is held is what was charged less what was paid: nothing offset twice
                assert open_total - credit == arrears[customer] - repaid[customer]
                assert open_total >= 0 and credit >= 0
            # an item offset twice would be open below nothing, a repayment spent twice hold less than nothing
            assert s.scalar(select(func.min(ItemBalance.open_amount))) >= 0
            assert s.scalar(select(func.min(RepaymentBalance.unapplied))) >= 0
        failed = [(check.name, check.failures) for check in run_checks(desk) if not check.ok]
        assert failed == []
    finally:
        desk.close()


# -- a conflict the server reports, a connection that goes away ----------------------------------------------
def server_said(error: type[psycopg.Error], text: str, **kwargs) -> OperationalError:
    """A driver error as SQLAlchemy hands it on from a PostgreSQL server."""
    return OperationalError("UPDATE customer_balances …", {}, error(text), **kwargs)


def test_a_repayment_broken_off_by_a_deadlock_is_posted_once_when_run_again(tmp_path, monkeypatch):
    desk, staff = make_desk(tmp_path / "d.sqlite3", TODAY)
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 3_000, "PZ-1"))
    real = Ledger.record_repayment
    calls = []

    def deadlocked_first(self, *args, **kwargs):
        calls.append(1)
        written = real(self, *args, **kwargs)
        if len(calls) == 1:  # written, then the server breaks the transaction off
            raise server_said(psycopg.errors.DeadlockDetected, "deadlock detected")
        return written

    monkeypatch.setattr(Ledger, "record_repayment", deadlocked_first)
    result = record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, TODAY, "cash", "R1"))
    assert len(calls) == 2
    with desk.reading() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Repayment)) == 1
        assert uow.ledger.balance(cid) == (2_000, 0) == (result.customer_open_total, result.customer_unapplied_credit)
    assert all(check.ok for check in run_checks(desk))
    desk.close()


def test_a_second_serialization_failure_reaches_the_clerk_in_chinese_and_nothing_is_saved(tmp_path, monkeypatch):
    desk, staff = make_desk(tmp_path / "d.sqlite3", TODAY)
    cid = approved_customer(desk, staff)
    calls = []

    def always_conflicting(self, *args, **kwargs):
        calls.append(1)
        raise server_said(psycopg.errors.SerializationFailure, "could not serialize access")

    monkeypatch.setattr(Ledger, "record_items", always_conflicting)
    with pytest.raises(DomainError) as refused:
        record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 3_000, "PZ-1"))
    assert len(calls) == 2  # once more, not forever
    assert refused.value.code == "db.conflict"
    assert "其他柜台正在同时处理同一用户" in refused.value.message("zh_CN")
    with desk.reading() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ArrearsItem)) == 0
    desk.close()


def test_a_lost_server_connection_is_told_in_chinese_and_keeps_what_was_committed(tmp_path, monkeypatch):
    desk, staff = make_desk(tmp_path / "d.sqlite3", TODAY)
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 3_000, "PZ-1"))

    def server_gone(self, *args, **kwargs):
        raise server_said(psycopg.OperationalError, "server closed the connection unexpectedly",
                          connection_invalidated=True)

    monkeypatch.setattr(Ledger, "record_repayment", server_gone)
    with pytest.raises(DomainError) as refused:
        record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, TODAY, "cash", "R1"))
    assert refused.value.code == "db.connection_lost"
    assert refused.value.message("zh_CN").startswith("与数据库服务器的连接断开")
    assert explain(refused.value).code == "db.connection_lost"
    monkeypatch.undo()
    with desk.reading() as uow:
        assert uow.ledger.balance(cid) == (3_000, 0)
    desk.close()


def test_a_conflict_after_a_commit_is_not_run_again(tmp_path):
    """A use case of several transactions that met a conflict in a later one would repeat what is saved."""
    from app.services.failures import retried_once
    desk, staff = make_desk(tmp_path / "d.sqlite3", TODAY)
    cid = approved_customer(desk, staff)
    runs = []

    @retried_once
    def two_steps(desk: Desk) -> None:
        runs.append(1)
        record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 3_000, f"PZ-{len(runs)}"))
        raise server_said(psycopg.errors.SerializationFailure, "could not serialize access")

    with pytest.raises(OperationalError):
        two_steps(desk)
    assert len(runs) == 1
    desk.close()


@pytest.mark.skipif(not server.ON_SERVER, reason="a server's connection (a file has none): "
                    "ARREARS_DESK_TEST_BACKEND=postgresql runs it")
def test_the_server_ending_the_connection_mid_repayment_is_told_in_chinese_and_loses_nothing_committed(
        tmp_path, monkeypatch):
    desk, staff = make_desk(tmp_path / "d.sqlite3", TODAY)
    cid = approved_customer(desk, staff)
    record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", TODAY, 3_000, "PZ-1"))
    real = Ledger.record_repayment

    def connection_ended(self, *args, **kwargs):
        # the server (a restart, an administrator, the network) ends this workstation's session mid-use-case
        server_pid = self._conn.execute(select(func.pg_backend_pid())).scalar()
        server._admin("SELECT pg_terminate_backend(%s)", server_pid)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Ledger, "record_repayment", connection_ended)
    with pytest.raises(DomainError) as refused:
        record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, TODAY, "cash", "R1"))
    assert refused.value.code == "db.connection_lost"
    assert refused.value.message("zh_CN").startswith("与数据库服务器的连接断开（数据库服务器）")
    monkeypatch.undo()
    # the next use case connects again: what was committed is there, the broken repayment is not
    with desk.reading() as uow:
        assert uow.ledger.balance(cid) == (3_000, 0)
    assert record_repayment(desk, staff.clerk, RepaymentInput(cid, 1_000, TODAY, "cash", "R1")).customer_open_total == 2_000
    assert all(check.ok for check in run_checks(desk))
    desk.close()


# -- imports and the write-off workflow hold their customers too (issue 15: pglocks) ---------------------------
WAIT = 3.0  # seconds the first use case waits at its pause for the second: with the hold, the second waits instead


def side_by_side(desk: Desk, monkeypatch, paused_at: str, first, second) -> dict[str, object]:
    """``first(desk)`` runs, each in a thread with its own connection, until it is about to write what it decided
    (``Ledger.<paused_at>``); there it waits while ``second(desk)`` runs (at most ``WAIT`` seconds: when the
    second waits for the first's hold, the first goes on and commits). Without the hold the second commits in
    that pause and changes what the first has read. Returns each one's result or refusal and which ended first."""
    target = desk.location if desk.server is None else desk.server.render_as_string(hide_password=False)
    today = desk.clock.today()
    paused, second_done = threading.Event(), threading.Event()
    real = getattr(Ledger, paused_at)
    outcome: dict[str, object] = {}
    ended: list[str] = []

    def pausing(self, *args, **kwargs):
        if threading.current_thread().name == "first" and not paused.is_set():
            paused.set()
            second_done.wait(WAIT)
        return real(self, *args, **kwargs)

    def run(name, use_case, before=None):
        own = Desk(target, clock=FixedClock(today))
        try:
            if before is not None:
                before.wait(60)
            outcome[name] = use_case(own)
        except DomainError as refused:
            outcome[name] = refused
        finally:
            own.close()
            ended.append(name)
            if name == "second":
                second_done.set()

    monkeypatch.setattr(Ledger, paused_at, pausing)
    threads = [threading.Thread(target=run, name="first", args=("first", first)),
               threading.Thread(target=run, name="second", args=("second", second, paused))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    monkeypatch.undo()
    outcome["ended"] = ended
    return outcome


def test_a_write_off_booked_while_a_repayment_posts_for_the_customer_never_writes_off_what_was_paid(tmp_path,
                                                                                                     monkeypatch):
    from app.domain.writeoff import Cause
    from app.services.writeoffs import Scan, WriteOffRequest, apply_write_off, approve_write_off
    desk, staff = make_desk(tmp_path / "w.sqlite3", date(2026, 1, 2))
    cid = approved_customer(desk, staff, limit=1_000_000)
    desk.clock = FixedClock(date(2026, 1, 5))
    item = record_arrears(desk, staff.clerk, ArrearsInput(cid, "LETTER", date(2026, 1, 5), 10_000, "V1")).item_id
    move_clock(desk, date(2026, 7, 15))
    court = {"document_no": "(2026)冀0102执123号", "document_date": "2026-05-20", "issued_by": "长安区人民法院"}
    applied = apply_write_off(desk, staff.head, WriteOffRequest(item, Cause.COURT, "法院终结执行", court,
                                                                (Scan("裁定书.pdf", b"%PDF ruling"),)))
    outcome = side_by_side(
        desk, monkeypatch, "write_off",
        lambda d: approve_write_off(d, staff.finance, applied.application_id, "同意"),
        lambda d: record_repayment(d, staff.clerk, RepaymentInput(cid, 4_000, date(2026, 7, 15), "cash", "R1")))
    # one after the other: the approval books all 100 yuan, then the money is held as credit, never offset
    # against a written-off item (without the hold: the repayment offsets 40 yuan in the approval's pause and
    # the approval writes off 100 yuan of the 60 left open)
    assert outcome["ended"] == ["first", "second"]
    assert not isinstance(outcome["first"], DomainError) and not isinstance(outcome["second"], DomainError)
    assert rows(desk, "SELECT open_amount FROM item_balances WHERE item_id = ?", item) == [(0,)]
    assert rows(desk, "SELECT open_total, unapplied_credit FROM customer_balances WHERE customer_id = ?", cid) == \
        [(0, 4_000)]
    assert [check.name for check in run_checks(desk) if not check.ok] == []
    desk.close()


def test_two_imports_for_the_same_customer_at_once_cannot_together_pass_its_credit_limit(tmp_path, monkeypatch):
    from openpyxl import Workbook

    from app.services.imports import run_import
    desk, staff = make_desk(tmp_path / "i.sqlite3", TODAY)
    cid = approved_customer(desk, staff, limit=1_000_000)  # 10,000 yuan
    code = rows(desk, "SELECT code FROM customers WHERE id = ?", cid)[0][0]

    def sheet(name: str, voucher: str) -> str:
        book = Workbook()
        book.active.append(["客户代码", "业务专业", "业务日期", "金额", "凭证号"])
        book.active.append([code, "函件", TODAY, 6_000, voucher])  # 6,000 yuan: one fits, both do not
        book.save(tmp_path / name)
        return str(tmp_path / name)

    first, second = sheet("a.xlsx", "PZ-A"), sheet("b.xlsx", "PZ-B")
    outcome = side_by_side(desk, monkeypatch, "record_items",
                           lambda d: run_import(d, staff.clerk, "arrears", first),
                           lambda d: run_import(d, staff.head, "arrears", second))
    assert outcome["first"].imported == 1
    # the second import reads what the first added (without the hold: both pass the limit, 12,000 owed)
    assert isinstance(outcome["second"], DomainError) and outcome["second"].code == "import.has_errors"
    assert "import.over_limit" in repr(outcome["second"].params) or "额度" in outcome["second"].message("zh_CN")
    assert rows(desk, "SELECT open_total FROM customer_balances WHERE customer_id = ?", cid) == [(600_000,)]
    desk.close()
