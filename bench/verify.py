"""Incremental ``verify`` after a day's work (issue 14: under 10 s for a day's work on a 4M-item database).

    python -m bench.verify --customers 40000     # the kept 40,000-customer file (generated once if missing)
    python -m bench.verify --quick               # 2,000 customers

On a working copy of the kept benchmark file: a full verify that records its point (timed once, for the
record), a busy day posted through the services (``bench.exchange.busy_day``: 2,000 entries, items and
FIFO repayments), then the incremental verify from that point, run repeatedly without moving the point,
alternating with the baseline: plain sqlite3 reading every row the day added to the chained tables and the
hash chain, and hashing each once (what any check of the day's entries has to read at the least). An
incremental verify also proves the point itself (the root through it), re-hashes a slice of older links
and re-checks a slice of customers; the ratio shows what those cost on top of the day.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

DAY_ENTRIES = 2_000
TARGET_SECONDS = 10.0


def _cpu_and_wall(fn):
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def _marks(path: Path) -> dict[str, int]:
    """The highest id of every chained table and of the chain itself."""
    from bench.__main__ import raw_connection
    from db.chain import CHAINED
    raw = raw_connection(path)
    try:
        return {name: raw.execute(f"SELECT COALESCE(MAX(id), 0) FROM {name}").fetchone()[0]
                for name in [t.name for t in CHAINED.values()] + ["ledger_chain"]}
    finally:
        raw.close()


def read_and_hash_the_day(path: Path, marks: dict[str, int]) -> int:
    """The baseline: every row after ``marks`` read with plain sqlite3 and hashed once."""
    from bench.__main__ import raw_connection
    raw = raw_connection(path)
    rows = 0
    try:
        for name, mark in marks.items():
            for row in raw.execute(f"SELECT * FROM {name} WHERE id > ?", (mark,)):
                hashlib.sha256(repr(row).encode()).digest()
                rows += 1
    finally:
        raw.close()
    return rows


def bench_incremental_verify(report, customers: int, entries: int = DAY_ENTRIES) -> None:
    from bench.__main__ import paired_times
    from bench.dataset import bench_database
    from bench.exchange import busy_day, clock_after_last_entry
    from app.services.context import Desk
    from app.services.verify import verify_database

    db = bench_database(customers)
    work = db.working_copy()
    try:
        _, cpu, wall = _cpu_and_wall(lambda: Desk(work).close())  # upgraded to this schema if kept by an older one
        for f in work.parent.glob("backups/" + work.stem + "*"):
            f.unlink()
        print(f"  working copy of {db.path.name} opened (upgrade if any): {wall:.0f} s, {cpu:.0f} s CPU", flush=True)
        checks, cpu, wall = _cpu_and_wall(lambda: verify_database(work, full=True, record=True))
        failed = [c.name for c in checks if not c.ok]
        print(f"  verify --full: {wall:.1f} s, {cpu:.1f} s CPU{'; FAILED ' + str(failed) if failed else ''}",
              flush=True)
        marks = _marks(work)
        probe = Desk(work, read_only=True)
        clock = clock_after_last_entry(probe, db.today)
        probe.close()
        desk = Desk(work, clock=clock)
        try:
            made, cpu, wall = _cpu_and_wall(lambda: busy_day(desk, db.today, entries))
        finally:
            desk.close()
        print(f"  a day's work posted: {made:,} entries in {wall:.0f} s", flush=True)
        day_rows = read_and_hash_the_day(work, marks)
        results = []

        def incremental():
            results.append(verify_database(work, full=False, record=False))

        cpu = time.process_time()
        ours, baseline = paired_times(incremental, lambda: read_and_hash_the_day(work, marks))
        runs = len(results)
        cpu = (time.process_time() - cpu) / max(runs, 1)  # an upper bound: the baseline's CPU is in it too
        failed = sorted({c.name for checks in results for c in checks if not c.ok})
        ok = not failed and ours < TARGET_SECONDS
        report.add(f"incremental verify after a day's work ({made:,} entries, {customers:,} customers)"
                   f"{' FAILED ' + str(failed) if failed else ''}", ours, baseline, f"< {TARGET_SECONDS:.0f} s", ok,
                   f"read + hash the day's {day_rows:,} rows")
        print(f"    CPU per incremental verify and baseline pair: {cpu:.2f} s", flush=True)
    finally:
        for f in work.parent.glob(work.name + "*"):
            f.unlink()


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import Report
    parser = argparse.ArgumentParser(prog="python -m bench.verify")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 customers")
    parser.add_argument("--entries", type=int, default=DAY_ENTRIES)
    args = parser.parse_args(argv)
    report = Report()
    bench_incremental_verify(report, 2_000 if args.quick else args.customers, args.entries)
    return 0 if all(row[5] for row in report.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
