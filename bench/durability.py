"""What ``synchronous=FULL`` costs against ``NORMAL`` (issue 10, power loss): posting a repayment (one
commit, now one fsync of the write-ahead log) and importing 50,000 arrears rows (one large commit).

    python -m bench.durability           # these figures alone (50,000 rows)
    python -m bench.durability --quick   # 5,000 rows

The same program and files are measured both ways, alternating; only the pragma differs (set on the
desk's connections after the engine's own settings). The databases are written under bench/data, on
the disk the program's database would live on, not in a RAM-backed /tmp.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from app.services.context import Desk, FixedClock
from app.services.imports import run_import
from app.services.repayments import RepaymentInput, record_repayment

DATA = Path(__file__).with_name("data")
MODES = ("NORMAL", "FULL")


class _Durability:
    """Runs the desk's connections with a chosen ``synchronous`` mode (FULL is the program's own)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.mode = "FULL"
        event.listen(desk.engine, "connect", self._on_connect)

    def _on_connect(self, dbapi_conn, _record) -> None:
        dbapi_conn.execute(f"PRAGMA synchronous = {self.mode}")

    def use(self, mode: str) -> None:
        self.mode = mode
        self.desk.release()  # the next connection is made with the new mode
        self.desk.has_site()  # … and opened now, outside the measured time
        with self.desk.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == {"NORMAL": 1, "FULL": 2}[mode]


def bench_durability(report, *, rows: int = 50_000, customers: int = 200, postings: int = 60) -> None:
    from bench.reports import _import_desk, _write_import_file
    DATA.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="arrears-bench-sync-", dir=DATA))
    try:
        template, clerk, codes, start = _import_desk(folder, customers)
        today = template.clock.today()
        template.close()
        source = folder / "arrears.xlsx"
        _write_import_file(source, codes, start, rows)
        # Import: the same file into fresh copies of the same database, NORMAL and FULL alternating.
        times: dict[str, list[float]] = {mode: [] for mode in MODES}
        for n, mode in enumerate(MODES * 2):
            copy = folder / f"import-{n}.sqlite3"
            _copy(folder / "import.sqlite3", copy)
            desk = Desk(copy, clock=FixedClock(today))
            _Durability(desk).use(mode)
            t0 = time.perf_counter()
            result = run_import(desk, clerk, "arrears", source)
            times[mode].append(time.perf_counter() - t0)
            assert result.imported == rows
            desk.close()
        t_normal, t_full = min(times["NORMAL"]), min(times["FULL"])
        report.add(f"import {rows:,} arrears rows, synchronous=FULL", t_full, t_normal, "< 15 s", t_full < 15,
                   baseline_name="synchronous=NORMAL")
        # Posting: repayments that offset a customer's five oldest open items, in alternating blocks.
        desk = Desk(folder / "import-0.sqlite3", clock=FixedClock(today))
        durability = _Durability(desk)
        plans = _repayments(desk.path, postings)
        times = {mode: [] for mode in MODES}
        block = max(len(plans) // 6, 1)
        for n in range(0, len(plans), block):
            mode = MODES[(n // block) % 2]
            durability.use(mode)
            for k, (customer_id, amount) in enumerate(plans[n:n + block]):
                data = RepaymentInput(customer_id, amount, today, "transfer", f"SYNC-{n + k}-{time.time_ns()}")
                t0 = time.perf_counter()
                record_repayment(desk, clerk, data)
                times[mode].append(time.perf_counter() - t0)
        desk.close()
        t_normal, t_full = statistics.median(times["NORMAL"]), statistics.median(times["FULL"])
        report.add("post a repayment (offsets 5 items), synchronous=FULL", t_full, t_normal, "< 20 ms",
                   t_full < 0.020, baseline_name="synchronous=NORMAL")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy(source: Path, target: Path) -> None:
    """A consistent copy, whatever is still in the source's write-ahead log."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _repayments(path: Path, count: int) -> list[tuple[int, int]]:
    """(customer, amount) for ``count`` repayments, each closing five open items of a different customer
    where possible (the customers are reused in turn, each time on its next five items)."""
    con = sqlite3.connect(path)
    try:
        open_items = con.execute("SELECT customer_id, open_amount FROM item_balances WHERE open_amount > 0 "
                                 "ORDER BY customer_id, business_date, item_id").fetchall()
    finally:
        con.close()
    by_customer: dict[int, list[int]] = {}
    for customer_id, amount in open_items:
        by_customer.setdefault(customer_id, []).append(amount)
    plans: list[tuple[int, int]] = []
    round_ = 0
    while len(plans) < count:
        added = False
        for customer_id, amounts in by_customer.items():
            five = amounts[5 * round_:5 * round_ + 5]
            if len(five) == 5 and len(plans) < count:
                plans.append((customer_id, sum(five)))
                added = True
        if not added:
            break
        round_ += 1
    return plans


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import Report
    parser = argparse.ArgumentParser(prog="python -m bench.durability")
    parser.add_argument("--quick", action="store_true", help="5,000 import rows instead of 50,000")
    args = parser.parse_args(argv)
    print(f"synchronous=FULL against NORMAL ({'quick' if args.quick else 'full'}), SQLite {sqlite3.sqlite_version}")
    bench_durability(Report(), rows=5_000 if args.quick else 50_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
