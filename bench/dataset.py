"""The benchmark's databases: one per size, generated once and kept in ``bench/data`` under a name that
carries the customer count and the schema revision (a new migration makes a new one). Figures that post
work on a copy, so the kept file stays as generated."""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.services.demo import generate_demo
from db.migrate import head_revision

DATA = Path(__file__).with_name("data")
ITEMS_PER_CUSTOMER_MONTH = 4.45  # with 24 months and the demo's mix of payers: ~100 items a customer
MONTHS = 24


@dataclass
class BenchDatabase:
    path: Path            # the kept file, as generated
    customers: int
    today: date
    items: int
    allocations: int
    seconds: float        # generation, wall clock
    cpu_seconds: float    # generation, this process's CPU time
    generated_now: bool   # False: reused from an earlier run (its generation time was measured then)

    def working_copy(self) -> Path:
        """A copy to post into (the kept file is never changed by a benchmark)."""
        work = self.path.with_name(f"work-{self.customers}.sqlite3")
        for f in work.parent.glob(work.name + "*"):
            f.unlink()
        shutil.copyfile(self.path, work)
        # On the disk before anything is timed: otherwise the first postings' commits (synchronous=FULL) wait for
        # the copy's gigabytes to be written back (at 40,000 customers the FIFO posting measured 26 ms on a copy
        # just made, 13 ms for other customers a minute later in the same run).
        with work.open("rb+") as copied:
            os.fsync(copied.fileno())
        return work


def cached_path(customers: int) -> Path:
    return DATA / f"bench-{customers}-{head_revision()}.sqlite3"


def kept_path(customers: int) -> Path:
    """This schema's kept file, or else the newest kept under an earlier revision: its working copies are
    upgraded when opened (minutes), which beats generating it again (most of an hour at 20,000 customers)."""
    path = cached_path(customers)
    if path.exists() and path.with_suffix(".json").exists():
        return path
    older = sorted(p for p in DATA.glob(f"bench-{customers}-*.sqlite3")
                   if p.with_suffix(".json").exists() and p.name < path.name)
    return older[-1] if older else path


def carried_forward(customers: int) -> Path:
    """This schema's kept file, made once from the newest kept under an earlier revision when there is no such
    file yet: a copy upgraded by the program's migrations and kept beside it, so that each working copy is not
    upgraded again (minutes at 40,000 customers) and every figure reads a file of the schema it runs on."""
    path, older = cached_path(customers), kept_path(customers)
    if older == path or not older.exists():
        return path
    from app.services.context import Desk
    carrying = path.with_name(path.stem + "-carrying.sqlite3")
    for f in path.parent.glob(carrying.name + "*"):
        f.unlink()
    print(f"  upgrading {older.name} to this schema, kept as {path.name} ...", flush=True)
    shutil.copyfile(older, carrying)
    Desk(carrying).close()  # migrated on opening
    for f in (DATA / "backups").glob(f"{carrying.stem}-before-upgrade-*"):
        f.unlink()  # the upgrade's copy of the file before it: the older kept file is that copy already
    carrying.rename(path)
    meta = json.loads(older.with_suffix(".json").read_text())
    path.with_suffix(".json").write_text(json.dumps({**meta, "carried_from": older.name}))
    return path


def bench_database(customers: int, *, regenerate: bool = False, today: date | None = None) -> BenchDatabase:
    """The database of ``customers`` customers for this schema: reused if kept (carried forward from an earlier
    schema's when need be), else generated now."""
    path = cached_path(customers) if regenerate else carried_forward(customers)
    meta = path.with_suffix(".json")
    if not regenerate and path.exists() and meta.exists():
        m = json.loads(meta.read_text())
        return BenchDatabase(path, customers, date.fromisoformat(m["today"]), m["items"], m["allocations"],
                             m["seconds"], m.get("cpu_seconds", 0.0), False)
    DATA.mkdir(exist_ok=True)
    for f in path.parent.glob(path.name + "*"):
        f.unlink()
    today = today or date.today()
    print(f"generating {customers:,} customers x {MONTHS} months into {path} ...", flush=True)
    cpu = time.process_time()
    summary = generate_demo(path, customers=customers, months=MONTHS, items_per_month=ITEMS_PER_CUSTOMER_MONTH,
                            today=today)
    cpu = time.process_time() - cpu
    # -- issue 14 (snapshots): a branch in use has closed its months, so past days read month-end snapshots
    # (closing is not counted in the generation time)
    from app.services.context import Desk, FixedClock
    from bench.snapshots import close_all, month_before
    desk = Desk(path, clock=FixedClock(today))
    close_all(desk, today, month_before(today - timedelta(days=183)))
    desk.close()
    meta.write_text(json.dumps({"customers": customers, "today": today.isoformat(), "items": summary.items,
                                "allocations": summary.allocations, "seconds": summary.seconds,
                                "cpu_seconds": cpu}))
    return BenchDatabase(path, customers, today, summary.items, summary.allocations, summary.seconds, cpu, True)


if __name__ == "__main__":  # python -m bench.dataset 20000: make (or find) one size's database
    import sys
    for n in sys.argv[1:]:
        found = bench_database(int(n))
        print(found)
