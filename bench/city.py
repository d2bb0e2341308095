"""The city office consolidating its branches: the cross-branch aging report (all five groupings, as the
reports page builds it) over 1, 2, 5 and 10 branches of 2,000 customers each, against the same report
built on one branch's own database.

    python -m bench.city            # uses bench/data/bench-2000.sqlite3 (python -m bench --quick makes it)
    python -m bench.city FILE       # another generated branch database (a FILE.json beside it says its day)

The city office's copy of a branch is a normal ArrearsDesk database with the branch's own rows, so the
copies here are file copies of one generated branch with a record of one applied package each (what an
import leaves); building them by export and import is what the exchange's own benchmark measures.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from app.domain.exchange import Manifest
from app.domain.roles import Role
from app.reports.request import ReportRequest
from app.services.auth import create_user, login
from app.services.context import Desk, FixedClock
from app.services.exchange import register_site, replica_path
from app.services.reports import build
from app.services.setup import create_site

DATA = Path(__file__).with_name("data")
PASSWORD = "bench-city-2026"


def make_city(folder: Path, branch_db: Path, today: date, branches: int) -> tuple[Desk, list[str]]:
    os.environ.setdefault("ARREARS_DESK_KEYS", str(folder / "keys"))
    city = Desk(folder / "city.sqlite3", clock=FixedClock(today))
    admin = create_site(city, code="CITY", name="市局", admin_username="admin", admin_password=PASSWORD, kind="city")
    create_user(city, admin, "head", "王主任", Role.BRANCH_HEAD, PASSWORD)
    with Desk(branch_db, read_only=True, clock=FixedClock(today)) as branch, branch.reading() as uow:
        root = uow.ledger.root(None)
    codes = [f"B{n:03d}" for n in range(1, branches + 1)]
    for code in codes:
        identity = folder / f"{code}.json"
        identity.write_text(json.dumps({"arrears_desk_site": 1, "uid": os.urandom(16).hex(), "code": code,
                                        "name": f"{code} 支局", "kind": "branch", "public_key": os.urandom(32).hex()}))
        register_site(city, admin, identity)
        copy = replica_path(city, code)
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(branch_db, copy)
        manifest = Manifest(1, "bench", "ledger", code, "00" * 16, "CITY", 1, "", f"{today}T08:00:00", "", root)
        con = sqlite3.connect(copy)
        con.execute("INSERT INTO exchange_packages (direction, kind, site_code, seq, sha256, state, manifest, "
                    "file_name, made_at, handled_at) VALUES ('in', 'ledger', ?, 1, '', 'applied', ?, ?, ?, ?)",
                    (code, manifest.to_bytes().decode(), f"{code}-000001.adx", f"{today} 08:00:00.000000",
                     f"{today} 08:30:00.000000"))
        con.commit()
        con.close()
    return city, codes


def timed(fn, repeat: int = 3) -> tuple[float, float]:
    """Median wall-clock and CPU seconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA / "bench-2000.sqlite3"
    if not source.exists():
        print(f"{source} is missing: run python -m bench --quick first")
        return 2
    today = date.fromisoformat(json.loads(source.with_suffix(".json").read_text())["today"])
    folder = Path(tempfile.mkdtemp(prefix="arrears-bench-city-"))
    try:
        branch_db = folder / "branch.sqlite3"
        shutil.copyfile(source, branch_db)
        Desk(branch_db, clock=FixedClock(today)).close()  # upgraded to this program's schema once
        city, codes = make_city(folder, branch_db, today, 10)
        head = login(city, "head", PASSWORD)
        with Desk(branch_db, read_only=True, clock=FixedClock(today)) as branch:
            wall, cpu = timed(lambda: _own_aging(branch, today))
        print(f"  one branch's own aging report (2,000 customers)        {wall:6.2f} s  (cpu {cpu:.2f} s)")
        for n in (1, 2, 5, 10):
            wall, cpu = timed(lambda: build(city, head, ReportRequest("aging", today, branches=codes[:n])))
            verdict = "" if n < 10 else ("  target < 3 s: met" if wall < 3 else "  target < 3 s: MISSED")
            print(f"  city office aging across {n:2d} branch(es)                  {wall:6.2f} s  (cpu {cpu:.2f} s){verdict}")
        city.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _own_aging(branch: Desk, today: date) -> None:
    """The report a branch builds for itself (no sign-in: the same builder inside a read transaction)."""
    from app.services.reports import _BUILDERS
    with branch.reading() as uow:
        _BUILDERS[ReportRequest("aging").kind](uow, ReportRequest("aging", today))


if __name__ == "__main__":
    sys.exit(main())
