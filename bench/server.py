"""The benchmark on a PostgreSQL server (issue 15): the ledger figures of the SQLite benchmark at 20,000
customers side by side with SQLite, posting throughput with concurrent writers, and a city-office size
generated on the server. Every figure of ours is next to raw psycopg SQL doing the same work on the same
server in the same run (and, for the ledger figures, next to ours and raw sqlite3 on the SQLite file).

    python -m bench --server postgresql+psycopg://postgres@127.0.0.1:54329/postgres
    ARREARS_DESK_BENCH_PG=... python -m bench.server [--customers 20000] [--no-city] [--no-writers]

The URL names the server (its database is only used to create and drop the benchmark's own). Each
database is made once and kept on the server under a name that carries its size and schema revision
(``bench_20000_0018``, ``bench_city_100000_0018``), with a note in ``bench/data`` of how it was made; a later
run reuses it when it exists and holds the customers it should (one of an earlier revision is upgraded in
place and renamed). The 20,000-customer one holds the SQLite
benchmark's file's rows (ids included) in a schema made by the program's migrations, loaded by COPY
(``copy-db`` proved far too slow for 19M rows here: ``COPY_DB_TRIED``). Figures that post (a repayment, the
writers) post into the kept database: a few hundred rows against two million, and the customer count,
which decides reuse, stays.
"""
from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.dataset import DATA
from db.migrate import head_revision

ENV = "ARREARS_DESK_BENCH_PG"
HOW_TO = (f"PostgreSQL figures skipped: give a server with --server URL or {ENV}=URL "
          "(e.g. the URL `bash tools/pg_test_server.sh` prints)")


def connect(url: str, **options):
    """Plain psycopg on the server database ``url`` names (the baseline's and the administrator's way in)."""
    import psycopg
    u = make_url(url)
    if "options" in u.query:  # a replica's search path (db.replicas.replica_url)
        options.setdefault("options", u.query["options"])
    return psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database, **options)


def database_url(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _admin(url: str, sql: str) -> None:
    with connect(url, autocommit=True) as con:
        con.execute(sql)


def _exists(url: str, name: str) -> bool:
    with connect(url, autocommit=True) as con:
        return con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def _customers_in(url: str) -> int | None:
    try:
        with connect(url, autocommit=True) as con:
            return con.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    except Exception:  # noqa: BLE001 - half-made (a copy interrupted): made again
        return None


@dataclass
class ServerDatabase:
    url: str              # the kept database's URL
    name: str
    customers: int
    today: date
    seconds: float        # how long making it took (copy-db or generation), wall clock
    how: str              # how it was made
    made_now: bool


def _note(name: str) -> Path:
    return DATA / f"pg-{name}.json"


def _carried_forward(server: str, name: str) -> None:
    """No kept ``name`` (``<what>_<revision>``) but one of an earlier schema revision: that one upgraded in place by
    the program's migrations (a city's replica schemas too, as its owner's ``init`` does) and renamed, rather than
    made again (the city's took 26 minutes)."""
    what, revision = name.rsplit("_", 1)
    earlier = sorted(p for p in DATA.glob(f"pg-{what}_*.json") if p.stem.rsplit("_", 1)[1] < revision)
    if not earlier or _exists(server, name):
        return
    old = earlier[-1].stem.removeprefix("pg-")
    if not _exists(server, old):
        return
    from app.services.context import Desk
    from app.services.exchange import upgrade_replicas
    print(f"  upgrading {old} on the server to this schema, as {name} ...", flush=True)
    desk = Desk(database_url(server, old))  # migrated on opening, as the owner
    try:
        upgrade_replicas(desk)
    finally:
        desk.close()
    _admin(server, f'ALTER DATABASE "{old}" RENAME TO "{name}"')
    earlier[-1].rename(_note(name))


def kept(server: str, name: str, customers: int) -> ServerDatabase | None:
    """The kept database ``name`` when it exists, its note says it was finished and it holds ``customers``."""
    _carried_forward(server, name)
    note = _note(name)
    url = database_url(server, name)
    if not note.exists() or not _exists(server, name) or _customers_in(url) != customers:
        return None
    m = json.loads(note.read_text())
    return ServerDatabase(url, name, customers, date.fromisoformat(m["today"]), m["seconds"], m["how"], False)


def fresh(server: str, name: str) -> str:
    """An empty database ``name`` on the server (an older or half-made one of that name dropped first)."""
    _note(name).unlink(missing_ok=True)
    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(server, f'CREATE DATABASE "{name}"')
    return database_url(server, name)


def finished(name: str, **note) -> None:
    DATA.mkdir(exist_ok=True)
    _note(name).write_text(json.dumps(note))


# The audit trail and its hash chains (9 of the 2M-item file's 19M rows) stay behind: no figure here reads them
# (a posting starts each customer's chain afresh on the server, which costs what appending to one costs).
LEFT_BEHIND = ("ledger_chain", "ledger_chain_heads", "audit_log")  # (the kept heads go with their links)
COPY_DB_TRIED = ("`copy-db` (app.services.copy_db) was tried first: under a load average of 6-10 it moved about "
                 "8,500 rows a second (the 6.8M hash-chain links and 0.76M audit records in 15 minutes), so the "
                 "file's 19M rows would take about 40 minutes before its verify of both sides; far too slow here")


def ledger_database(server: str, sqlite_db, *, regenerate: bool = False) -> ServerDatabase:
    """The SQLite benchmark's database (``bench.dataset.BenchDatabase``) on the server, made once: the schema by
    the program's own migrations (``Desk``), then every table's rows as they are in the file (ids included),
    each table by one COPY, in the order of ``db.copy.tables`` and like ``db.copy.copy_rows`` (the rows the
    schema keeps by itself replaced by the file's, each id sequence moved past the copied ids), but for
    ``LEFT_BEHIND``. The file is read from a migrated copy; the kept file stays as it is."""
    name = f"bench_{sqlite_db.customers}_{head_revision()}"
    found = None if regenerate else kept(server, name, sqlite_db.customers)
    if found is not None:
        print(f"  reusing {name} on the server (made in {found.seconds:.0f} s)", flush=True)
        return found
    import sqlite3

    from app.services.context import Desk
    from db.copy import KEPT_BY_THE_SCHEMA, tables
    source = sqlite_db.working_copy()
    Desk(source).close()  # migrated to this program's schema
    for f in source.parent.glob("backups/" + source.stem + "*"):  # the copy before the upgrade: not needed
        f.unlink()
    url = fresh(server, name)
    print(f"  copying {source.name} -> {name} (COPY per table) ...", flush=True)
    started = time.perf_counter()
    Desk(url).close()
    src = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    rows = 0
    with connect(url) as con, con.transaction():
        # Rows of a verified file, loaded as a replica loads them: no per-row foreign-key checks or triggers
        # (the schema's own notes, ``KEPT_BY_THE_SCHEMA``, are the file's); eight checks an item made it
        # 7,000 rows a second. Needs a superuser, as the test server's ``postgres`` is.
        con.execute("SET LOCAL session_replication_role = replica")
        for table in tables():
            if table.name in LEFT_BEHIND:
                continue
            if table.name in KEPT_BY_THE_SCHEMA:
                con.execute(f'DELETE FROM "{table.name}"')
            columns = ", ".join(f'"{c}"' for c in table.c.keys())
            order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
            with con.cursor().copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {columns} FROM "{table.name}" ORDER BY {order}'):
                    copy.write_row(row)
                    rows += 1
        _sequences_past_ids(con)
    src.close()
    source.unlink()
    with connect(url, autocommit=True) as con:
        con.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"  {rows:,} rows in {seconds:.0f} s", flush=True)
    finished(name, today=sqlite_db.today.isoformat(), seconds=seconds, rows=rows,
             how=f"the SQLite file's rows by COPY, {rows:,} rows (all but {' and '.join(LEFT_BEHIND)})")
    return ServerDatabase(url, name, sqlite_db.customers, sqlite_db.today, seconds, "COPY", True)


def _sequences_past_ids(con) -> None:
    """Each id sequence of the current schema moved past the largest id in its table (rows written with ids)."""
    for (table,) in con.execute("SELECT table_name FROM information_schema.columns WHERE column_name = 'id'"
                                " AND column_default LIKE 'nextval%%' AND table_schema = current_schema()").fetchall():
        con.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                    f" GREATEST((SELECT MAX(id) FROM \"{table}\"), 1))")


# -- 1. the ledger figures, side by side with SQLite ------------------------------------------------------------

FIGURES = (("ledger", "open a customer's ledger (per customer)"),
           ("fifo", "post a repayment that FIFO-offsets 50 items"),
           ("aging today (overdue)", "aging as of today by customer (overdue)"),
           ("aging today (telecom)", "aging as of today by customer (telecom)"),
           ("aging past date", "aging as of 183 days ago by customer (overdue)"),
           ("overdue queue", "overdue work queue"))


def bench_ledger_figures(db: ServerDatabase, report) -> None:
    """The SQLite benchmark's ledger figures on the server: ours through the services, the baseline raw
    psycopg on the same database, each pair alternating (``bench.__main__.paired_times``)."""
    import random

    from app.services.auth import login
    from app.services.context import Desk, FixedClock
    from app.services.demo import DEMO_PASSWORD
    desk = Desk(db.url, clock=FixedClock(db.today))
    actor = login(desk, "head", DEMO_PASSWORD)
    raw = connect(db.url, autocommit=True)
    try:
        from bench.__main__ import bench_ledger
        bench_ledger(desk, raw, actor, report, random.Random(7), mark="%s", baseline_name="raw psycopg")
        _fifo(desk, raw, actor, report, db.today)
        _aging(desk, raw, actor, report, db.today)
        _queue(desk, raw, actor, report, db.today)
    finally:
        raw.close()
        desk.close()


def raw_fifo_repayment(raw, cid: int, amount: int | None, today: date, receipt: str, at, *,
                       limit: int = 50) -> None:
    """The writes of record_repayment by hand, in one transaction: the customer's balance row locked (as
    ours holds it), the oldest open items offset in order up to ``amount`` (None: all ``limit`` of them),
    the repayment, its offsets, the balances and one audit row."""
    with raw.transaction():
        raw.execute("SELECT 1 FROM customer_balances WHERE customer_id = %s FOR UPDATE", (cid,))
        items = raw.execute("SELECT item_id, open_amount FROM item_balances WHERE customer_id = %s "
                            "AND open_amount > 0 ORDER BY business_date, item_id LIMIT %s", (cid, limit)).fetchall()
        left = sum(a for _, a in items) if amount is None else amount
        offsets = []
        for item, open_amount in items:
            if left <= 0:
                break
            take = min(left, open_amount)
            offsets.append((item, take))
            left -= take
        paid = sum(a for _, a in offsets)
        raw.execute("SELECT 1 FROM repayments WHERE receipt_no = %s", (receipt,)).fetchall()
        rid = raw.execute("INSERT INTO repayments (uid, site_id, customer_id, amount, paid_on, method, receipt_no,"
                          " received_by_id, mode, note, recorded_at) VALUES (%s, 1, %s, %s, %s, 'transfer', %s, 1,"
                          " 'fifo', '', %s) RETURNING id", (os.urandom(16), cid, paid, today, receipt, at)).fetchone()[0]
        raw.execute("INSERT INTO repayment_balances VALUES (%s, %s, 0)", (rid, cid))
        with raw.cursor() as cur:
            cur.executemany("INSERT INTO allocations (uid, site_id, repayment_id, arrears_item_id, customer_id, amount,"
                            " effective_on, source, created_by_id, created_at) VALUES (%s, 1, %s, %s, %s, %s, %s,"
                            " 'payment', 1, %s)", [(os.urandom(16), rid, i, cid, a, today, at) for i, a in offsets])
            cur.executemany("UPDATE item_balances SET open_amount = open_amount - %s WHERE item_id = %s",
                            [(a, i) for i, a in offsets])
        raw.execute("UPDATE customer_balances SET open_total = open_total - %s WHERE customer_id = %s", (paid, cid))
        raw.execute("INSERT INTO audit_log (uid, site_id, at, user_id, action, entity, entity_id, customer_id, after)"
                    " VALUES (%s, 1, %s, 1, 'repayment.record', 'repayment', %s, %s, '{}')",
                    (os.urandom(16), at, rid, cid))


def _fifo(desk, raw, actor, report, today: date) -> None:
    """As the SQLite figure: each customer with 100+ open items pays their oldest 50 twice, once through
    the services and once by hand, which goes first alternating."""
    import statistics

    from app.services.repayments import RepaymentInput, record_repayment
    found = raw.execute("SELECT customer_id FROM item_balances WHERE open_amount > 0 GROUP BY customer_id "
                        "HAVING COUNT(*) >= 100 ORDER BY customer_id LIMIT 12").fetchall()
    if len(found) < 2:
        print("  (fewer than 2 customers with 100 open items: skipped the FIFO figure)")
        return

    def fifty(cid: int) -> int:  # SUM is numeric on the server: the services take int fen
        return int(raw.execute("SELECT SUM(open_amount) FROM (SELECT open_amount FROM item_balances WHERE customer_id = %s"
                           " AND open_amount > 0 ORDER BY business_date, item_id LIMIT 50) x", (cid,)).fetchone()[0])

    def ours(n: int, cid: int) -> float:
        amount = fifty(cid)
        t = time.perf_counter()
        result = record_repayment(desk, actor, RepaymentInput(cid, amount, today, "transfer", f"BENCH-{n}-{time.time_ns()}"))
        elapsed = time.perf_counter() - t
        assert len(result.preview.lines) == 50 and result.preview.excess == 0
        return elapsed

    def base(n: int, cid: int) -> float:
        t = time.perf_counter()
        raw_fifo_repayment(raw, cid, None, today, f"RAW-{n}-{time.time_ns()}", desk.clock.now())
        return time.perf_counter() - t

    ours_times, base_times = [], []
    for n, (cid,) in enumerate(found):
        for fn in ((ours, base) if n % 2 == 0 else (base, ours)):
            (ours_times if fn is ours else base_times).append(fn(n, cid))
    t_ours, t_base = statistics.median(ours_times), statistics.median(base_times)
    report.add("post a repayment that FIFO-offsets 50 items", t_ours, t_base, "< 20 ms", t_ours < 0.020,
               baseline_name="raw psycopg", key="fifo")


def _aging(desk, raw, actor, report, today: date) -> None:
    from datetime import timedelta

    from app.domain.aging import AgingScheme, bucket_edges
    from app.services.aging import aging_report
    from bench.__main__ import paired_times
    for scheme in (AgingScheme.OVERDUE, AgingScheme.TELECOM):
        t_ours, t_base = paired_times(lambda: aging_report(desk, actor, today, scheme=scheme),
                                      lambda: raw_current_aging(raw, scheme, today))
        report.add(f"aging as of today by customer ({scheme.value})", t_ours, t_base, "<= 3x raw",
                   t_ours <= 3 * t_base, baseline_name="raw psycopg", key=f"aging today ({scheme.value})")
    past = today - timedelta(days=183)
    edges = bucket_edges(AgingScheme.OVERDUE, past, (90, 180, 365))
    ours_total = aging_report(desk, actor, past).grand_total
    base_total = sum(r[1] for r in raw_past_aging(raw, past, edges))
    if base_total != ours_total:
        print(f"  !! the past-date baseline disagrees with ours: {base_total} against {ours_total} fen")
    t_ours, t_base = paired_times(lambda: aging_report(desk, actor, past), lambda: raw_past_aging(raw, past, edges))
    report.add(f"aging as of {past} by customer (overdue)", t_ours, t_base, "<= 3x raw", t_ours <= 3 * t_base,
               baseline_name="raw psycopg", key="aging past date")


def _buckets(column: str, edges: list) -> str:
    """SUM per bucket: [edge0, ∞), [edge1, edge0), … (-∞, last edge); %(eK)s parameters."""
    conds = [f"{column} >= %(e0)s"] + [f"{column} < %(e{k - 1})s AND {column} >= %(e{k})s"
                                      for k in range(1, len(edges))] + [f"{column} < %(e{len(edges) - 1})s"]
    return ", ".join(f"SUM(CASE WHEN {c} THEN open_amount END)" for c in conds)


def raw_current_aging(raw, scheme, today: date, by: str = "customer_id") -> list:
    """Today's aging by hand: one pass over the maintained open balances, grouped by ``by``."""
    from datetime import timedelta

    from app.domain.aging import AgingScheme
    if scheme is AgingScheme.OVERDUE:
        column, edges = "due_date", [today] + [today - timedelta(days=n) for n in (90, 180, 365)]
    else:
        p0 = today.year * 100 + today.month
        edges = [p0]
        for _ in range(2):
            y, m = divmod(edges[-1], 100)
            edges.append((y - 1) * 100 + 12 if m == 1 else y * 100 + m - 1)
        column = "billing_period"
    return raw.execute(f"SELECT {by}, {_buckets(column, edges)} FROM item_balances WHERE open_amount > 0 "
                       f"GROUP BY {by}", {f"e{k}": e for k, e in enumerate(edges)}).fetchall()


def raw_past_aging(raw, as_of: date, edges) -> list:
    """Aging on a past day by hand, as the SQLite baseline does (``bench.__main__.past_aging_sql``): from the
    month-end snapshot closest to the day, before or after it, and the entries in between (every entry up to the
    day when there is none); the same text with psycopg's placeholders."""
    from bench.__main__ import closest_snapshot_row, past_aging_sql
    snapshot = closest_snapshot_row(raw.execute("SELECT as_of, first_row, last_row, id FROM month_snapshots"
                                                ).fetchall(), as_of)
    params = {"p": as_of, **{f"e{k}": e for k, e in enumerate(edges)}}
    if snapshot is not None:
        params.update(s=snapshot[0], first=snapshot[1] or 0, last=snapshot[2] or -1, snapshot=snapshot[3])
    back = snapshot is not None and snapshot[0] > as_of
    sql = re.sub(r":(\w+)", r"%(\1)s", past_aging_sql(len(edges), snapshot is not None, back=back))
    return raw.execute(sql, params).fetchall()


def raw_queue(raw, today: date, by: str = "customer_id") -> list:
    """The core of the overdue queue, bare: overdue per customer from the maintained balances."""
    return raw.execute(f"SELECT {by}, SUM(open_amount), COUNT(*), MIN(due_date) FROM item_balances "
                       "WHERE open_amount > 0 AND due_date < %s GROUP BY " + by, (today,)).fetchall()


def _queue(desk, raw, actor, report, today: date) -> None:
    from app.services.collection import overdue_queue
    from bench.__main__ import paired_times
    rows = overdue_queue(desk, actor, as_of=today)
    t_ours, t_base = paired_times(lambda: overdue_queue(desk, actor, as_of=today), lambda: raw_queue(raw, today), 3)
    customers = raw.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    report.add(f"overdue work queue, {customers:,} customers ({len(rows):,} overdue)", t_ours, t_base,
               "< 500 ms", t_ours < 0.5, baseline_name="raw psycopg GROUP BY", key="overdue queue")


def side_by_side(sqlite_report, server_report) -> str:
    """Each ledger figure: ours and raw sqlite3 on the file, ours and raw psycopg on the server, their
    ratios, and ours on the server against ours on the file."""
    from bench.__main__ import _fmt
    lines = ["| figure | SQLite: ours | raw sqlite3 | ratio | PostgreSQL: ours | raw psycopg | ratio | "
             "ours PG / ours SQLite |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key, name in FIGURES:
        s, p = sqlite_report.measured.get(key), server_report.measured.get(key)
        if s is None and p is None:
            continue
        cells = []
        for found in (s, p):
            cells += ["", "", ""] if found is None else [_fmt(found[0]), _fmt(found[1]), f"{found[0] / found[1]:.2f}x"]
        cells.append(f"{p[0] / s[0]:.2f}x" if s and p else "")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- 2. posting throughput with concurrent writers ----------------------------------------------------------------

WRITER_SECONDS = 12.0


def writer_customers(raw, count: int) -> list[tuple]:
    """Customers a counter may post for (an agreement in force, room under the credit limit, open items
    to offset): (customer, agreement, branch, line) for the raw writer's rows."""
    return raw.execute(
        "SELECT c.id, a.id, c.branch_id, (SELECT id FROM business_lines WHERE code = 'LETTER') "
        "FROM customers c JOIN agreements a ON a.id = (SELECT MAX(id) FROM agreements "
        "WHERE customer_id = c.id AND terminated_on IS NULL) "
        "JOIN customer_balances b ON b.customer_id = c.id "
        "WHERE c.status = 'active' AND b.open_total > 0 AND b.open_total + 100000 < a.credit_limit "
        "ORDER BY c.id LIMIT %s", (count,)).fetchall()


def _writer(url: str, today: date, customers: list[tuple], seconds: float, raw_sql: bool, tag: str,
            barrier, results) -> None:
    """One counter's process: for ``seconds``, alternately an arrears item of 10.00 and a repayment of 10.00
    (FIFO) for the next of ``customers``; ours through the services, or the same writes by hand."""
    from app.services.arrears import ArrearsInput, record_arrears
    from app.services.auth import login
    from app.services.context import Desk, FixedClock
    from app.services.demo import DEMO_PASSWORD
    from app.services.repayments import RepaymentInput, record_repayment
    desk = Desk(url, clock=FixedClock(today))
    actor = login(desk, "head", DEMO_PASSWORD)
    raw = connect(url, autocommit=True)
    at = desk.clock.now()
    ops = failed = n = 0
    barrier.wait()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        cid, agreement, branch, line = customers[(n // 2) % len(customers)]
        ref = f"{tag}-{n}-{time.time_ns() % 10**12}"
        try:
            if n % 2 == 0:
                if raw_sql:
                    raw_arrears(raw, cid, agreement, branch, line, today, 1000, "V" + ref, at)
                else:
                    record_arrears(desk, actor, ArrearsInput(cid, "LETTER", today, 1000, "V" + ref, True))
            elif raw_sql:
                raw_fifo_repayment(raw, cid, 1000, today, "R" + ref, at, limit=5)
            else:
                record_repayment(desk, actor, RepaymentInput(cid, 1000, today, "transfer", "R" + ref))
            ops += 1
        except Exception as error:  # noqa: BLE001 - counted and shown: a conflict after the retry
            failed += 1
            if failed == 1:
                print(f"    writer {tag}: {type(error).__name__}: {str(error)[:160]}", flush=True)
        n += 1
    raw.close()
    desk.close()
    results.put((ops, failed))


def raw_arrears(raw, cid, agreement, branch, line, today: date, amount: int, voucher: str, at) -> None:
    """The writes of record_arrears by hand: the customer's balance row locked, the item, its balance row,
    the customer's total and one audit row."""
    with raw.transaction():
        raw.execute("SELECT open_total FROM customer_balances WHERE customer_id = %s FOR UPDATE", (cid,))
        raw.execute("SELECT 1 FROM arrears_items WHERE voucher_no = %s", (voucher,)).fetchall()
        period = today.year * 100 + today.month
        item = raw.execute(
            "INSERT INTO arrears_items (uid, site_id, customer_id, agreement_id, business_line_id, branch_id,"
            " business_date, billing_period, due_date, amount, voucher_no, handler_id, signature_confirmed, note,"
            " recorded_by_id, recorded_at) VALUES (%s, 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1, TRUE, '', 1, %s)"
            " RETURNING id", (os.urandom(16), cid, agreement, line, branch, today, period, today, amount, voucher,
                              at)).fetchone()[0]
        raw.execute("INSERT INTO item_balances VALUES (%s, %s, %s, %s, %s, %s, 1, %s, %s)",
                    (item, cid, today, period, today, line, branch, amount))
        raw.execute("UPDATE customer_balances SET open_total = open_total + %s WHERE customer_id = %s", (amount, cid))
        raw.execute("INSERT INTO audit_log (uid, site_id, at, user_id, action, entity, entity_id, customer_id, after)"
                    " VALUES (%s, 1, %s, 1, 'arrears.record', 'arrears_item', %s, %s, '{}')",
                    (os.urandom(16), at, item, cid))


def throughput(db: ServerDatabase, writers: int, same: bool, raw_sql: bool, seconds: float = WRITER_SECONDS) -> tuple[float, int]:
    """Postings per second of ``writers`` processes together (and how many failed), each posting for its
    own customers or all for the same four."""
    import multiprocessing
    ctx = multiprocessing.get_context("spawn")
    with connect(db.url, autocommit=True) as raw:
        pool = writer_customers(raw, 4 if same else 40 * writers)
    barrier, results = ctx.Barrier(writers), ctx.Queue()
    procs = []
    for w in range(writers):
        mine = pool if same else pool[w::writers]
        tag = f"{'RAW' if raw_sql else 'OURS'}{writers}{'S' if same else 'D'}{w}"
        procs.append(ctx.Process(target=_writer, args=(db.url, db.today, mine, seconds, raw_sql, tag, barrier, results)))
    for p in procs:
        p.start()
    done = [results.get() for _ in procs]
    for p in procs:
        p.join()
    return sum(o for o, _ in done) / seconds, sum(f for _, f in done)


def bench_writers(db: ServerDatabase, report) -> list[str]:
    """1, 2 and 4 writer processes, for different customers and for the same ones, ours and the same
    writes by hand (which goes first alternating); rows of the Markdown table."""
    rows = ["| writers | customers | ours: postings/s | raw psycopg: postings/s | ratio (raw / ours) | failed (ours/raw) |",
            "|---:|---|---:|---:|---:|---|"]
    for writers in (1, 2, 4):
        for same in (False, True):
            order = (False, True) if (writers + same) % 2 == 0 else (True, False)
            got = {}
            for raw_sql in order:
                got[raw_sql] = throughput(db, writers, same, raw_sql)
            (ours, f_ours), (raw, f_raw) = got[False], got[True]
            who = "the same 4" if same else "each its own"
            report.add_value(f"posting, {writers} writer{'s' if writers > 1 else ''}, {who} customers", ours, raw,
                             "postings/s", "(contention shown)", True, "raw psycopg")
            rows.append(f"| {writers} | {who} | {ours:.0f} | {raw:.0f} | {raw / ours:.2f}x | {f_ours}/{f_raw} |")
    return rows


# -- 3. a city office's size, generated on the server ------------------------------------------------------------

CITY_CUSTOMERS = 100_000
CITY_BRANCHES = 10        # branch sites, each a replica schema of the city's database (pgcity's layout)
ITEMS_EACH = 100          # one a week for ~23 months: 10,000,000 items at 100,000 customers
_GROUPS = "ARRAY['government','key_account','public','ecommerce','other']"
_SEEDED = 10              # customers the demo generator makes in each replica (with its site, users, lines …)


def replica_codes(branches: int) -> list[str]:
    return [f"BR{b:02d}" for b in range(1, branches + 1)]


def city_database(server: str, customers: int = CITY_CUSTOMERS, *, branches: int = CITY_BRANCHES,
                  items_each: int = ITEMS_EACH, today: date | None = None, regenerate: bool = False) -> ServerDatabase:
    """A city office's database with ``branches`` branch replicas, as the city keeps them on a server: each
    the schema ``replica_<code>`` of the city's database (``db.replicas``), created and migrated by the
    program, its site, users, business lines and settings made by the demo generator (a handful of
    customers), then ``customers / branches`` customers of ``items_each`` items each made on the server
    by INSERT … SELECT over generate_series (no row passes through Python), in one transaction per
    replica. Restartable: a replica that holds its customers is kept, a half-made one made again.

    Shaped for the two figures measured on it (today's aging, the overdue queue), which read the maintained
    balances: each customer has its newest 0-36 weeks' items open (~18 %, as in the demo ledger) and the
    older ones settled in ``item_balances`` without repayment entries (no audit records or hash-chain links
    either): not a ledger that ``verify`` would pass."""
    from sqlalchemy import create_engine

    from app.services.context import Desk
    from db.replicas import create_replica_schema
    name = f"bench_city_{customers}_{head_revision()}"
    each = customers // branches
    found = None if regenerate else kept(server, name, 0)
    if found is not None and all(_customers_in(_replica(found.url, code)) == each for code in replica_codes(branches)):
        print(f"  reusing {name} on the server (generated in {found.seconds:.0f} s)", flush=True)
        return found
    today = today or date.today()
    url = database_url(server, name)
    if regenerate or not _exists(server, name):
        fresh(server, name)
    _note(name).unlink(missing_ok=True)
    print(f"  generating {branches} branch replicas x {each:,} customers x {items_each} items on the server ...",
          flush=True)
    started = time.perf_counter()
    Desk(url).close()  # the city's own schema
    engine = create_engine(make_url(url))
    for code in replica_codes(branches):
        replica = _replica(url, code)
        if _customers_in(replica) == each:
            continue
        with engine.begin() as conn:  # a half-made replica (a run broken off) is made again
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS replica_{code.lower()} CASCADE")
        create_replica_schema(engine, code)
        t = time.perf_counter()
        _fill(replica, code, each, items_each, today)
        print(f"    {code}: {time.perf_counter() - t:.0f} s", flush=True)
    engine.dispose()
    with connect(url, autocommit=True) as con:
        con.execute("ANALYZE")
        items = sum(con.execute(f"SELECT COUNT(*) FROM replica_{c.lower()}.arrears_items").fetchone()[0]
                    for c in replica_codes(branches))
    seconds = time.perf_counter() - started
    print(f"  generated {customers:,} customers, {items:,} items in {seconds:.0f} s", flush=True)
    finished(name, today=today.isoformat(), seconds=seconds, items=items, branches=branches,
             how=f"{branches} replica schemas generated on the server (INSERT … SELECT generate_series), {items:,} items")
    return ServerDatabase(url, name, 0, today, seconds, "generated on the server", True)


def _replica(url: str, code: str) -> str:
    from db.replicas import replica_url
    return replica_url(make_url(url), code).render_as_string(hide_password=False)


def _fill(url: str, code: str, customers: int, items_each: int, today: date) -> None:
    """One replica: the demo's site (code ``code``) and handful of customers, then the rest by SQL."""
    from app.services.demo import generate_demo
    generate_demo(url, customers=_SEEDED, months=2, items_per_month=2, today=today, site_code=code)
    with connect(url) as con, con.transaction():
        _sequences_past_ids(con)  # the demo writes its ids itself
        last = con.execute("SELECT MAX(id) FROM customers").fetchone()[0]
        head = con.execute("SELECT id FROM users WHERE username = 'head'").fetchone()[0]
        at = con.execute("SELECT MAX(at) FROM audit_log").fetchone()[0]
        params = {"n": customers - _SEEDED, "last": last, "head": head, "today": today, "at": at,
                  "code": code, "each": items_each}
        con.execute("SET LOCAL session_replication_role = replica")  # rows consistent by construction: no FK checks
        for sql in _FILL:
            con.execute(sql, params)


_FILL = (
    f"""INSERT INTO customers (uid, site_id, code, name, customer_group, contact_person, phone, address, id_number,
                               branch_id, account_manager_id, status, created_at, wants_reminders)
        SELECT decode(md5(%(code)s || '-c' || g), 'hex'), 1, %(code)s || lpad(g::text, 6, '0'),
               '城区客户' || %(code)s || '-' || g, ({_GROUPS})[1 + g %% 5], '王经理', '138' || lpad(g::text, 8, '0'),
               '某某路 ' || g || ' 号', '', b.id, %(head)s, 'active', %(at)s, FALSE
        FROM generate_series(1, %(n)s::int) g
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, COUNT(*) OVER () AS n FROM branches) b
          ON b.k = g %% b.n""",
    """INSERT INTO agreements (uid, site_id, customer_id, number, credit_limit, credit_period_days,
                               settlement_cycle_months, valid_from, valid_to, approved_by_id, approved_at,
                               late_fee_enabled, late_fee_permille_per_day, late_fee_grace_days)
        SELECT decode(md5(%(code)s || '-a' || id), 'hex'), 1, id, 'XY-' || %(code)s || '-' || id, 100000000, 30, 1,
               %(today)s::date - 800, %(today)s::date + 365, %(head)s, %(at)s, FALSE, 3, 0
        FROM customers WHERE id > %(last)s""",
    """INSERT INTO arrears_items (uid, site_id, customer_id, agreement_id, business_line_id, branch_id, business_date,
                                  billing_period, due_date, amount, voucher_no, handler_id, signature_confirmed, note,
                                  recorded_by_id, recorded_at)
        SELECT decode(md5(%(code)s || '-i' || c.id || '-' || k), 'hex'), 1, c.id, a.id,
               l.ids[1 + (c.id + k) %% cardinality(l.ids)], c.branch_id, d.day,
               (extract(year FROM d.day) * 100 + extract(month FROM d.day))::int, d.day + 30,
               100 + (c.id * 7919 + k * 104729) %% 49900, 'CV' || c.id || '-' || k, %(head)s, TRUE, '',
               %(head)s, %(at)s
        FROM customers c JOIN agreements a ON a.customer_id = c.id
        CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM business_lines) l
        CROSS JOIN generate_series(1, %(each)s::int) k
        CROSS JOIN LATERAL (SELECT %(today)s::date - 7 * k AS day) d
        WHERE c.id > %(last)s""",
    """INSERT INTO item_balances (item_id, customer_id, business_date, billing_period, due_date, business_line_id,
                                  handler_id, branch_id, open_amount)
        SELECT id, customer_id, business_date, billing_period, due_date, business_line_id, handler_id, branch_id,
               CASE WHEN business_date >= %(today)s::date - (7 * (customer_id %% 37))::int THEN amount ELSE 0 END
        FROM arrears_items WHERE customer_id > %(last)s""",
    """INSERT INTO customer_balances (customer_id, open_total, unapplied_credit)
        SELECT customer_id, SUM(open_amount), 0 FROM item_balances WHERE customer_id > %(last)s GROUP BY customer_id""",
    """INSERT INTO customer_line_balances (customer_id, business_line_id, open_total, open_items, oldest_due,
                                           overdue_total, overdue_items)
        SELECT customer_id, business_line_id, SUM(open_amount), COUNT(*), MIN(due_date),
               SUM(CASE WHEN due_date < d.overdue_before THEN open_amount ELSE 0 END),
               SUM(CASE WHEN due_date < d.overdue_before THEN 1 ELSE 0 END)
        FROM item_balances, line_balances_day d WHERE open_amount > 0 AND customer_id > %(last)s
        GROUP BY customer_id, business_line_id""",
    """INSERT INTO customer_overdue (customer_id, overdue_total, overdue_items, oldest_due, largest_line)
        SELECT customer_id, SUM(overdue_total), SUM(overdue_items), MIN(oldest_due), MAX(overdue_total)
        FROM customer_line_balances WHERE overdue_items > 0 AND customer_id > %(last)s GROUP BY customer_id""",
)


def raw_city_aging(raw, codes: list[str], today: date) -> list:
    """Aging by branch across the city by hand: one statement, each replica's open balances per branch."""
    from datetime import timedelta
    edges = [today] + [today - timedelta(days=n) for n in (90, 180, 365)]
    sql = " UNION ALL ".join(
        f"SELECT '{c}', branch_id, {_buckets('due_date', edges)} FROM replica_{c.lower()}.item_balances "
        "WHERE open_amount > 0 GROUP BY branch_id" for c in codes)
    return raw.execute(sql, {f"e{k}": e for k, e in enumerate(edges)}).fetchall()


def raw_city_queue(raw, codes: list[str], today: date) -> list:
    """The overdue queue's core across the city by hand: overdue per customer in each replica, one statement."""
    return raw.execute(" UNION ALL ".join(
        f"SELECT '{c}', customer_id, SUM(open_amount), COUNT(*), MIN(due_date) FROM replica_{c.lower()}.item_balances "
        "WHERE open_amount > 0 AND due_date < %(t)s GROUP BY customer_id" for c in codes), {"t": today}).fetchall()


def bench_city(db: ServerDatabase, report, branches: int = CITY_BRANCHES) -> None:
    """Aging by branch and the overdue queue across the city's replicas: ours builds each branch's figures on its
    replica (as the city's combined reports do, ``app.reports.combine``), the baseline one hand-written
    statement over all the replica schemas on the same server (target: within 3x)."""
    from app.domain.aging import AgingGrouping
    from app.services.aging import aging_report
    from app.services.auth import login
    from app.services.collection import overdue_queue
    from app.services.context import Desk, FixedClock
    from app.services.demo import DEMO_PASSWORD
    from bench.__main__ import paired_times
    codes = replica_codes(branches)
    today = db.today
    desks = [Desk(_replica(db.url, c), clock=FixedClock(today)) for c in codes]
    heads = [login(d, "head", DEMO_PASSWORD) for d in desks]
    raw = connect(db.url, autocommit=True)
    try:
        items = sum(raw.execute(f"SELECT COUNT(*) FROM replica_{c.lower()}.arrears_items").fetchone()[0] for c in codes)

        def ours_aging():
            return [aging_report(d, h, today, grouping=AgingGrouping.BRANCH) for d, h in zip(desks, heads)]

        def ours_queue():
            return [overdue_queue(d, h, as_of=today) for d, h in zip(desks, heads)]

        ours_total = sum(r.grand_total for r in ours_aging())
        base_total = sum(x or 0 for _, _, *buckets in raw_city_aging(raw, codes, today) for x in buckets)
        if ours_total != base_total:
            print(f"  !! aging by branch disagrees with the hand-written total: {ours_total} against {base_total}")
        t_ours, t_base = paired_times(ours_aging, lambda: raw_city_aging(raw, codes, today), 3)
        report.add(f"city: aging by branch, {len(codes)} replicas, {items:,} items", t_ours, t_base,
                   "<= 3x hand-written", t_ours <= 3 * t_base, baseline_name="hand-written SQL", key="city aging")
        overdue = sum(len(q) for q in ours_queue())
        if overdue != len(raw_city_queue(raw, codes, today)):
            print("  !! the queue's customers differ from the hand-written statement's")
        t_ours, t_base = paired_times(ours_queue, lambda: raw_city_queue(raw, codes, today), 3)
        report.add(f"city: overdue queues of {len(codes)} replicas ({overdue:,} overdue customers)", t_ours, t_base,
                   "<= 3x hand-written", t_ours <= 3 * t_base, baseline_name="hand-written SQL", key="city queue")
    finally:
        raw.close()
        for d in desks:
            d.close()


# -- the whole of it ---------------------------------------------------------------------------------------------

def server_facts(server: str) -> str:
    """The server's version and the settings that decide its speed, and the machine's load now."""
    with connect(server, autocommit=True) as con:
        version = con.execute("SHOW server_version").fetchone()[0]
        settings = {n: con.execute(f"SHOW {n}").fetchone()[0]
                    for n in ("fsync", "synchronous_commit", "shared_buffers", "work_mem")}
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"PostgreSQL {version} ({', '.join(f'{k}={v}' for k, v in settings.items())}); "
            f"{os.cpu_count()} cores, load average {load}")


def bench_server(server: str, sqlite_db, sqlite_report, *, regenerate: bool = False, writers: bool = True,
                 city: bool = True) -> str:
    """Every PostgreSQL figure (printed as measured); returns them as Markdown for the README."""
    from bench.__main__ import Report
    print(f"-- PostgreSQL: {server_facts(server)}", flush=True)
    report = Report()
    db = ledger_database(server, sqlite_db, regenerate=regenerate)
    bench_ledger_figures(db, report)
    parts = [f"Server: {server_facts(server)}. Database `{db.name}`: {db.how} ({db.seconds:.0f} s when made). "
             f"{COPY_DB_TRIED}.", side_by_side(sqlite_report, report)]
    print("\n" + parts[-1], flush=True)
    if writers:
        print(f"-- posting throughput, {WRITER_SECONDS:.0f} s per run (load {os.getloadavg()[0]:.1f})", flush=True)
        parts.append("\n".join(bench_writers(db, report)))
    if city:
        print(f"-- city office size (load {os.getloadavg()[0]:.1f})", flush=True)
        found = city_database(server, today=sqlite_db.today, regenerate=regenerate)
        city_report = Report()
        bench_city(found, city_report)
        parts.append(f"Database `{found.name}` ({found.how}, {found.seconds:.0f} s):\n\n" + city_report.markdown())
    parts.append(f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    import argparse
    from types import SimpleNamespace

    from bench.__main__ import Report, bench_size
    from bench.dataset import bench_database
    parser = argparse.ArgumentParser(prog="python -m bench.server")
    parser.add_argument("--server", default=os.environ.get(ENV), help=f"the server's URL (default: ${ENV})")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--no-writers", action="store_true")
    parser.add_argument("--no-city", action="store_true")
    parser.add_argument("--only-city", action="store_true", help="only the city office's figures")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    if not args.server:
        print(HOW_TO)
        return 2
    if args.only_city:
        print(f"-- PostgreSQL: {server_facts(args.server)}", flush=True)
        city_report = Report()
        found = city_database(args.server, today=bench_database(args.customers).today, regenerate=args.regenerate)
        bench_city(found, city_report)
        text = (f"Database `{found.name}` ({found.how}, {found.seconds:.0f} s):\n\n{city_report.markdown()}\n\n"
                f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        if args.markdown:
            args.markdown.write_text(text + "\n", encoding="utf-8")
        print(text)
        return 0
    db = bench_database(args.customers)
    sqlite_report = Report()
    print(f"-- SQLite, {args.customers:,} customers", flush=True)
    bench_size(db, sqlite_report, SimpleNamespace(no_gui=True))
    text = bench_server(args.server, db, sqlite_report, regenerate=args.regenerate, writers=not args.no_writers,
                        city=not args.no_city)
    if args.markdown:
        args.markdown.write_text(sqlite_report.markdown() + "\n\n" + text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
