"""Issue 14's figures for month-end snapshots and the maintained overdue queue, on a database made by
``python -m bench`` (or ``app.services.demo.generate_demo``):

    python -m bench.snapshots PATH [--today 2026-11-27] [--close [--first-close YYYYMM] [--last-close YYYYMM]]

``--close`` first closes (月结) every month from the first with entries (or ``--first-close``) up to last
month (or ``--last-close``), as a branch in use would have (each close writes its snapshot; the time of each
is printed). Then, each a median of
5 runs (CPU and wall clock), next to a plain sqlite3 baseline measured in the same run:
- aging as of a past day (today - 183 days) from the nearest snapshot, against the same figures replayed
  from all history (what every past day cost before) and a hand-written plain query from the snapshot;
- aging as of today; the overdue work queue, against a bare GROUP BY of the overdue items.
The machine is shared: compare the ratios, not the absolute times."""
from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from app.domain.periods import month_index, period_from_index, period_of
from app.services.aging import aging_report
from app.services.auth import login
from app.services.closing import close_month
from app.services.collection import overdue_queue
from app.services.context import Desk, FixedClock
from app.services.demo import DEMO_PASSWORD

RUNS = 5


def measure(fn, runs: int = RUNS) -> tuple[float, float]:
    """(median CPU seconds, median wall seconds) of ``runs`` calls, after one call to warm the caches."""
    fn()
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall)


def close_all(desk: Desk, today: date, first_period: int | None = None, last_period: int | None = None) -> None:
    """月结 of every month not closed yet up to ``last_period`` (last month); the first close, ``first_period``
    if given, closes the books before it too."""
    finance = login(desk, "finance", DEMO_PASSWORD)
    first = sqlite3.connect(desk.path).execute("SELECT MIN(business_date) FROM arrears_items").fetchone()[0]
    closed = sqlite3.connect(desk.path).execute(
        "SELECT MAX(period) FROM month_closings WHERE kind = 'close'").fetchone()[0]
    start = (month_index(closed) + 1 if closed is not None else month_index(first_period) if first_period
             else month_index(period_of(date.fromisoformat(first))))
    end = month_index(last_period) + 1 if last_period else month_index(period_of(today))
    for index in range(start, end):
        period = period_from_index(index)
        t = time.perf_counter()
        close_month(desk, finance, period, "基准测试：未导入财务与业务系统汇总数")
        print(f"  closed {period} in {time.perf_counter() - t:.2f} s", flush=True)


def month_before(day: date) -> int:
    """The month before ``day``'s (YYYYMM): closing from it leaves a snapshot at or before ``day``."""
    return period_from_index(month_index(period_of(day)) - 1)


def raw_past_aging(raw: sqlite3.Connection, as_of: date) -> list:
    """The best plain query we know for aging as of a past day (``bench.__main__.past_aging_sql``), with the same
    five buckets by days past due."""
    from bench.__main__ import _raw_best_past_aging
    return _raw_best_past_aging(raw, as_of, [as_of - timedelta(days=n) for n in (0, 90, 180, 365)])[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.snapshots")
    parser.add_argument("path", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 27))
    parser.add_argument("--close", action="store_true")
    parser.add_argument("--first-close", type=int, help="the first month to close (YYYYMM): the books before it close too")
    parser.add_argument("--last-close", type=int, help="the last month to close (YYYYMM; default last month)")
    args = parser.parse_args(argv)
    today, past = args.today, args.today - timedelta(days=183)
    desk = Desk(args.path, clock=FixedClock(today))
    if args.close:
        close_all(desk, today, args.first_close, args.last_close)
    head = login(desk, "head", DEMO_PASSWORD)
    raw = sqlite3.connect(args.path, isolation_level=None)
    raw.execute("PRAGMA cache_size = -65536")
    customers, items = raw.execute("SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM arrears_items)"
                                   ).fetchone()
    print(f"{customers:,} customers, {items:,} items; today {today}, past day {past}")

    def row(name: str, ours: tuple[float, float], base: tuple[float, float], base_name: str) -> None:
        print(f"  {name:<46} cpu {ours[0] * 1000:8.1f} ms  wall {ours[1] * 1000:8.1f} ms   {base_name}: "
              f"cpu {base[0] * 1000:8.1f} ms  wall {base[1] * 1000:8.1f} ms   x{ours[1] / base[1]:.2f} (wall)",
              flush=True)

    snapshot_path = measure(lambda: aging_report(desk, head, past))
    with desk.reading() as uow:
        held = uow.held_snapshots()
    print(f"  held snapshots: {len(held)}" + (f", nearest to {past}: {max(s.as_of for s in held if s.as_of <= past)}"
                                              if any(s.as_of <= past for s in held) else ""))
    if any(s.as_of <= past for s in held):
        row(f"aging as of {past} (from the snapshot)", snapshot_path,
            measure(lambda: raw_past_aging(raw, past)), "plain sqlite3 from the snapshot")
    from app.services.context import UnitOfWork
    original = UnitOfWork.held_snapshots
    UnitOfWork.held_snapshots = lambda self: []  # what every past day cost before: all history replayed
    try:
        row(f"aging as of {past} (all history replayed)", measure(lambda: aging_report(desk, head, past), 3),
            snapshot_path, "from the snapshot")
    finally:
        UnitOfWork.held_snapshots = original
    d = [today.isoformat()] + [(today - timedelta(days=n)).isoformat() for n in (90, 180, 365)]
    row("aging as of today (overdue)", measure(lambda: aging_report(desk, head, today)),
        measure(lambda: raw.execute(
            "SELECT customer_id, SUM(CASE WHEN due_date >= ?1 THEN open_amount END),"
            " SUM(CASE WHEN due_date < ?1 AND due_date >= ?2 THEN open_amount END),"
            " SUM(CASE WHEN due_date < ?2 AND due_date >= ?3 THEN open_amount END),"
            " SUM(CASE WHEN due_date < ?3 AND due_date >= ?4 THEN open_amount END),"
            " SUM(CASE WHEN due_date < ?4 THEN open_amount END)"
            " FROM item_balances WHERE open_amount > 0 GROUP BY customer_id", d).fetchall()), "plain sqlite3")
    rows = overdue_queue(desk, head, as_of=today)
    row(f"overdue work queue ({len(rows):,} customers)", measure(lambda: overdue_queue(desk, head, as_of=today)),
        measure(lambda: raw.execute(
            "SELECT customer_id, SUM(open_amount), COUNT(*), MIN(due_date) FROM item_balances "
            "WHERE open_amount > 0 AND due_date < ? GROUP BY customer_id", (today.isoformat(),)).fetchall()),
        "raw GROUP BY")
    raw.close()
    desk.close()


if __name__ == "__main__":
    main()
