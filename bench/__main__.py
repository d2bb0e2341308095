"""``make bench``: the ledger issue's figures, each next to a raw sqlite3 baseline of the same work.

    python -m bench                # 20,000 customers / ~2,000,000 items (regenerates the database)
    python -m bench --reuse        # reuse bench/data/bench.sqlite3 if it was made with the same sizes
    python -m bench --quick        # 2,000 customers / ~200,000 items, for a smoke run
    python -m bench.durability     # only the cost of synchronous=FULL (posting, import); --quick too
    python -m bench.exchange       # only the exchange's figures (on the database made above); --quick too
    python -m bench.simulation     # only the exchange simulation (ARREARS_DESK_SIM_SCENARIOS=2000 for more)

Times are wall-clock medians of several runs on this machine; the ratio to the baseline is the figure
that travels between machines.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.dialects import sqlite as sqlite_dialect

from app.domain.aging import AgingScheme, bucket_edges
from app.services.aging import aging_report
from app.services.auth import login
from app.services.context import Desk, FixedClock
from app.services.demo import DEMO_PASSWORD, generate_demo
from app.services.ledger import customer_ledger
from app.services.repayments import RepaymentInput, record_repayment
from bench.chain import hash_chain
from db.reports import aging_figures
from db.standing import open_items_as_of

DATA = Path(__file__).with_name("data")
ITEMS_PER_CUSTOMER_MONTH = 4.45  # with 24 months and the demo's mix of payers: ~100 items a customer
MONTHS = 24


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, str, bool]] = []

    def add(self, name: str, ours: float, baseline: float, target: str, ok: bool,
            baseline_name: str = "raw sqlite3") -> None:
        self._row(name, _fmt(ours), _fmt(baseline), ours / baseline, target, ok, baseline_name)

    def add_value(self, name: str, ours: float, baseline: float, unit: str, target: str, ok: bool,
                  baseline_name: str) -> None:
        self._row(name, f"{ours:.0f} {unit}", f"{baseline:.0f} {unit}", ours / baseline, target, ok, baseline_name)

    def _row(self, name, ours: str, base: str, ratio: float, target: str, ok: bool, baseline_name: str) -> None:
        self.rows.append((name, ours, f"{base} ({baseline_name})", ratio, target, ok))
        print(f"  {name:<52} {ours:>10}  {baseline_name} {base:>10}  x{ratio:5.2f}  "
              f"target {target:<22} {'OK' if ok else 'MISSED'}", flush=True)

    def markdown(self) -> str:
        lines = ["| figure | ArrearsDesk | baseline (same run) | ratio | target | |", "|---|---:|---:|---:|---|---|"]
        for name, ours, base, ratio, target, ok in self.rows:
            lines.append(f"| {name} | {ours} | {base} | {ratio:.2f}x | {target} | {'met' if ok else 'MISSED'} |")
        return "\n".join(lines)


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def generate(path: Path, customers: int, today: date, report: Report) -> int:
    for f in path.parent.glob(path.name + "*"):
        f.unlink()
    print(f"generating {customers:,} customers x {MONTHS} months into {path} ...", flush=True)
    summary = generate_demo(path, customers=customers, months=MONTHS, items_per_month=ITEMS_PER_CUSTOMER_MONTH,
                            today=today)
    baseline = raw_insert_baseline(path.with_name("baseline.sqlite3"), summary.items, summary.allocations)
    limit = 180 * summary.items / 2_000_000
    report.add(f"generate {summary.items:,} items + {summary.allocations:,} offsets", summary.seconds, baseline,
               f"< {limit:.0f} s (3 min per 2M)", summary.seconds < limit)
    path.with_suffix(".json").write_text(json.dumps({"customers": customers, "today": today.isoformat(),
                                                     "items": summary.items, "seconds": summary.seconds}))
    return summary.items


def raw_insert_baseline(path: Path, n_items: int, n_allocations: int) -> float:
    """Plain sqlite3: insert the same number of item and allocation rows (pre-built tuples, same indexes)."""
    for f in path.parent.glob(path.name + "*"):
        f.unlink()
    rng = random.Random(1)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, uid BLOB UNIQUE, customer_id INT, business_date TEXT,"
                " billing_period INT, due_date TEXT, amount INT, voucher_no TEXT, handler_id INT)")
    con.execute("CREATE INDEX ix_i ON items (customer_id, business_date, id)")
    con.execute("CREATE INDEX ix_v ON items (voucher_no)")
    con.execute("CREATE TABLE allocs (id INTEGER PRIMARY KEY, uid BLOB UNIQUE, repayment_id INT, item_id INT,"
                " customer_id INT, amount INT, effective_on TEXT)")
    con.execute("CREATE INDEX ix_a1 ON allocs (item_id)")
    con.execute("CREATE INDEX ix_a2 ON allocs (repayment_id)")
    started = time.perf_counter()
    con.execute("BEGIN")
    batch = 100_000
    for start in range(0, n_items, batch):
        con.executemany("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?)", [
            (i, (i * 2654435761).to_bytes(16, "big"), i // 100, "2026-01-15", 202601, "2026-02-28",
             rng.randrange(100, 100000), f"PZ{i:010d}", 7) for i in range(start + 1, min(n_items, start + batch) + 1)])
    for start in range(0, n_allocations, batch):
        con.executemany("INSERT INTO allocs VALUES (?,?,?,?,?,?,?)", [
            (i, (i * 2654435761 + 1).to_bytes(16, "big"), i // 5, i, i // 100, 1000, "2026-02-20")
            for i in range(start + 1, min(n_allocations, start + batch) + 1)])
    con.execute("COMMIT")
    elapsed = time.perf_counter() - started
    con.close()
    for f in path.parent.glob(path.name + "*"):
        f.unlink()
    return elapsed


def bench_ledger(desk: Desk, raw: sqlite3.Connection, actor, report: Report, rng: random.Random) -> None:
    customers = [r[0] for r in raw.execute(
        "SELECT customer_id FROM customer_balances WHERE open_total > 0 ORDER BY customer_id")]
    sample = rng.sample(customers, min(60, len(customers)))

    def ours() -> None:
        for cid in sample:
            customer_ledger(desk, actor, cid)

    def baseline() -> None:
        for cid in sample:
            raw.execute("SELECT * FROM customers WHERE id = ?", (cid,)).fetchall()
            raw.execute("SELECT * FROM agreements WHERE customer_id = ? AND terminated_on IS NULL", (cid,)).fetchall()
            raw.execute("SELECT * FROM customer_balances WHERE customer_id = ?", (cid,)).fetchall()
            raw.execute("SELECT i.*, b.open_amount FROM item_balances b JOIN arrears_items i ON i.id = b.item_id "
                        "WHERE b.customer_id = ? AND b.open_amount > 0 ORDER BY b.business_date, b.item_id",
                        (cid,)).fetchall()
            for sql in ("SELECT * FROM arrears_items WHERE customer_id = ? ORDER BY business_date DESC, id DESC LIMIT 100",
                        "SELECT * FROM repayments WHERE customer_id = ? ORDER BY paid_on DESC, id DESC LIMIT 100",
                        "SELECT * FROM reversals WHERE customer_id = ? ORDER BY reversed_on DESC LIMIT 100"):
                raw.execute(sql, (cid,)).fetchall()

    t_ours = median_time(ours, 3) / len(sample)
    t_base = median_time(baseline, 3) / len(sample)
    report.add("open a customer's ledger (open items + last 100)", t_ours, t_base, "< 20 ms", t_ours < 0.020)


def bench_fifo(desk: Desk, raw: sqlite3.Connection, actor, report: Report, today: date) -> None:
    found = raw.execute("SELECT customer_id FROM item_balances WHERE open_amount > 0 GROUP BY customer_id "
                        "HAVING COUNT(*) >= 52 ORDER BY customer_id LIMIT 24").fetchall()
    if len(found) < 4:
        print("  (no customer with 50 open items: skipped FIFO benchmark)")
        return
    rows, others = found[:len(found) // 2], found[len(found) // 2:]
    half = len(rows) // 2
    ours_times, base_times = [], []
    for n, (cid,) in enumerate(rows[:half]):
        amount = raw.execute("SELECT SUM(open_amount) FROM (SELECT open_amount FROM item_balances WHERE customer_id = ?"
                             " AND open_amount > 0 ORDER BY business_date, item_id LIMIT 50)", (cid,)).fetchone()[0]
        t = time.perf_counter()
        result = record_repayment(desk, actor, RepaymentInput(cid, amount, today, "transfer", f"BENCH-{n}-{time.time_ns()}"))
        ours_times.append(time.perf_counter() - t)
        assert len(result.preview.lines) == 50 and result.preview.excess == 0
    for n, (cid,) in enumerate(rows[half:]):
        t = time.perf_counter()
        _raw_fifo_repayment(raw, cid, today, f"RAW-{n}-{time.time_ns()}")
        base_times.append(time.perf_counter() - t)
    t_ours, t_base = statistics.median(ours_times), statistics.median(base_times)
    report.add("post a repayment that FIFO-offsets 50 items", t_ours, t_base, "< 20 ms", t_ours < 0.020)
    # What tamper evidence costs: the same posting with the hash-chain links and without (alternating).
    chained, unchained = [], []
    for n, (cid,) in enumerate(others):
        amount = raw.execute("SELECT SUM(open_amount) FROM (SELECT open_amount FROM item_balances WHERE customer_id = ?"
                             " AND open_amount > 0 ORDER BY business_date, item_id LIMIT 50)", (cid,)).fetchone()[0]
        with hash_chain(n % 2 == 0):
            t = time.perf_counter()
            record_repayment(desk, actor, RepaymentInput(cid, amount, today, "transfer", f"CHAIN-{n}-{time.time_ns()}"))
            (chained if n % 2 == 0 else unchained).append(time.perf_counter() - t)
    t_chain, t_plain = statistics.median(chained), statistics.median(unchained)
    report.add("  the same posting: its 52 hash-chain links' cost", t_chain, t_plain, "<= 1.5x without",
               t_chain <= 1.5 * t_plain, baseline_name="without links")


def _raw_fifo_repayment(raw: sqlite3.Connection, cid: int, today: date, receipt: str) -> None:
    """The same writes as record_repayment, by hand: repayment, 50 offsets, balances, one audit row."""
    raw.execute("BEGIN IMMEDIATE")
    items = raw.execute("SELECT item_id, open_amount FROM item_balances WHERE customer_id = ? AND open_amount > 0 "
                        "ORDER BY business_date, item_id LIMIT 50", (cid,)).fetchall()
    amount = sum(a for _, a in items)
    raw.execute("SELECT 1 FROM repayments WHERE receipt_no = ?", (receipt,)).fetchall()
    cur = raw.execute("INSERT INTO repayments (uid, site_id, customer_id, amount, paid_on, method, receipt_no,"
                      " received_by_id, mode, note, recorded_at) VALUES (randomblob(16), 1, ?, ?, ?, 'transfer', ?, 1,"
                      " 'fifo', '', datetime('now'))", (cid, amount, today.isoformat(), receipt))
    rid = cur.lastrowid
    raw.execute("INSERT INTO repayment_balances VALUES (?, ?, 0)", (rid, cid))
    raw.executemany("INSERT INTO allocations (uid, site_id, repayment_id, arrears_item_id, customer_id, amount,"
                    " effective_on, source, created_by_id, created_at) VALUES (randomblob(16), 1, ?, ?, ?, ?, ?,"
                    " 'payment', 1, datetime('now'))", [(rid, i, cid, a, today.isoformat()) for i, a in items])
    raw.executemany("UPDATE item_balances SET open_amount = open_amount - ? WHERE item_id = ?",
                    [(a, i) for i, a in items])
    raw.execute("UPDATE customer_balances SET open_total = open_total - ? WHERE customer_id = ?", (amount, cid))
    raw.execute("INSERT INTO audit_log (uid, site_id, at, user_id, action, entity, entity_id, customer_id, after)"
                " VALUES (randomblob(16), 1, datetime('now'), 1, 'repayment.record', 'repayment', ?, ?, '{}')",
                (rid, cid))
    raw.execute("COMMIT")


def bench_aging(desk: Desk, raw: sqlite3.Connection, actor, report: Report, today: date) -> None:
    bounds = (90, 180, 365)
    for scheme in (AgingScheme.OVERDUE, AgingScheme.TELECOM):
        t_ours = median_time(lambda: aging_report(desk, actor, today, scheme=scheme), 3)
        t_base = median_time(lambda: _raw_best_current_aging(raw, scheme, today), 3)
        report.add(f"aging as of today by customer ({scheme.value})", t_ours, t_base, "< 1.5 s and <= 3x raw",
                   t_ours < 1.5 and t_ours <= 3 * t_base)
    past = today - timedelta(days=183)
    sql, params = _bare(aging_figures(open_items_as_of(past, today), "customer", "due_date",
                                      bucket_edges(AgingScheme.OVERDUE, past, bounds)))
    t_ours = median_time(lambda: aging_report(desk, actor, past), 2)
    t_base = median_time(lambda: raw.execute(sql, params).fetchall(), 2)  # the same SQL, bare
    report.add(f"aging as of {past} by customer (overdue)", t_ours, t_base, "< 5 s", t_ours < 5)


def _bare(statement) -> tuple[str, list]:
    """Our SQL as text and parameters for plain sqlite3."""
    compiled = statement.compile(dialect=sqlite_dialect.dialect())
    return str(compiled), [compiled.params[name] for name in compiled.positiontup]


def _raw_best_current_aging(raw: sqlite3.Connection, scheme: AgingScheme, today: date) -> list:
    """The fastest hand-written query we know for today's aging: one pass over the open rows."""
    if scheme is AgingScheme.OVERDUE:
        d = [today.isoformat()] + [(today - timedelta(days=n)).isoformat() for n in (90, 180, 365)]
        return raw.execute(
            "SELECT customer_id,"
            " SUM(CASE WHEN due_date >= ?1 THEN open_amount END),"
            " SUM(CASE WHEN due_date < ?1 AND due_date >= ?2 THEN open_amount END),"
            " SUM(CASE WHEN due_date < ?2 AND due_date >= ?3 THEN open_amount END),"
            " SUM(CASE WHEN due_date < ?3 AND due_date >= ?4 THEN open_amount END),"
            " SUM(CASE WHEN due_date < ?4 THEN open_amount END)"
            " FROM item_balances WHERE open_amount > 0 GROUP BY customer_id", d).fetchall()
    p0 = today.year * 100 + today.month
    ps = [p0]
    for _ in range(2):
        y, m = divmod(ps[-1], 100)
        ps.append((y - 1) * 100 + 12 if m == 1 else y * 100 + m - 1)
    return raw.execute(
        "SELECT customer_id,"
        " SUM(CASE WHEN billing_period >= ?1 THEN open_amount END),"
        " SUM(CASE WHEN billing_period < ?1 AND billing_period >= ?2 THEN open_amount END),"
        " SUM(CASE WHEN billing_period < ?2 AND billing_period >= ?3 THEN open_amount END),"
        " SUM(CASE WHEN billing_period < ?3 THEN open_amount END)"
        " FROM item_balances WHERE open_amount > 0 GROUP BY customer_id", ps).fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 customers (~200,000 items)")
    parser.add_argument("--reuse", action="store_true", help="reuse the generated database when sizes match")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI figures")
    parser.add_argument("--no-simulation", action="store_true", help="skip the exchange simulation")
    args = parser.parse_args(argv)
    customers = 2_000 if args.quick else args.customers
    DATA.mkdir(exist_ok=True)
    path = DATA / f"bench-{customers}.sqlite3"
    meta = path.with_suffix(".json")
    report = Report()
    today = date.today()
    print(f"ArrearsDesk benchmarks ({'quick' if args.quick else 'full'}), Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}")
    reuse = args.reuse and path.exists() and meta.exists() and json.loads(meta.read_text())["customers"] == customers
    if reuse:
        today = date.fromisoformat(json.loads(meta.read_text())["today"])
        print(f"reusing {path} (generated earlier: generation not measured in this run)")
    else:
        generate(path, customers, today, report)
    desk = Desk(path, clock=FixedClock(today))
    if not reuse:  # -- issue 14 (snapshots): a branch in use has closed its months; past days read their snapshots
        from bench.snapshots import close_all, month_before
        close_all(desk, today, month_before(today - timedelta(days=183)))
    actor = login(desk, "head", DEMO_PASSWORD)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA cache_size = -65536")
    rng = random.Random(7)
    # Warm both sides' page caches the same way before measuring.
    raw.execute("SELECT COUNT(*), SUM(open_amount) FROM item_balances").fetchall()
    bench_ledger(desk, raw, actor, report, rng)
    bench_fifo(desk, raw, actor, report, today)
    bench_aging(desk, raw, actor, report, today)
    from bench.collection import bench_notices, bench_queue
    from bench.reports import bench_export, bench_import
    bench_queue(desk, raw, actor, report, today, median_time)
    bench_export(desk, actor, report, today, median_time, rows=100_000 if not args.quick else 20_000)
    raw.close()
    desk.close()
    bench_notices(report, median_time)
    bench_import(report, rows=50_000 if not args.quick else 5_000)
    from bench.durability import bench_durability
    bench_durability(report, rows=50_000 if not args.quick else 5_000)
    from bench.exchange import bench_exchange
    bench_exchange(report, path, today, median_time, city_customers=200 if args.quick else 2_000)
    if not args.no_gui:
        cid = sqlite3.connect(path).execute(
            "SELECT customer_id FROM item_balances WHERE open_amount > 0 GROUP BY customer_id "
            "ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
        from bench.gui import bench_gui
        bench_gui(path, today, report, cid)
    from bench.bundle import bench_bundle_start  # the bundle's start vs the source's (issue 16, bundle)
    bench_bundle_start(report)
    if not args.no_simulation:
        from bench.simulation import bench_simulation
        bench_simulation(report, 20 if args.quick else None)
    if args.markdown:
        args.markdown.write_text(report.markdown() + "\n", encoding="utf-8")
    missed = [r[0] for r in report.rows if not r[5]]
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
