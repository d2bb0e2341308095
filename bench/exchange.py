"""The exchange issue's figures (数据交换), each next to a plain copy of the same rows in the same run.

    python -m bench.exchange            # on bench/data/bench-20000.sqlite3 (made by ``python -m bench``)
    python -m bench.exchange --quick    # on the 2,000-customer database

1. A branch's first package (its whole history) exported, and imported at a city office, against the
   same tables copied with ``INSERT … SELECT`` into a file of the same schema (and, for reference, the
   whole file copied with the sqlite3 backup API); the package's size against the database's; the peak
   memory of each step.
2. One busy day at the branch after a full exchange (2,000 new entries: items, repayments and their
   offsets), exported and imported, against the same new rows copied with ``INSERT … SELECT``.
3. A city office with 10 branches of 2,000 customers each, built once with the demo generator and the
   real export and import and cached under bench/data: the cross-branch aging as of today, for 1, 2, 5
   and 10 branches, against one branch's own aging.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.domain.aging import AgingGrouping, AgingScheme
from app.domain.errors import DomainError
from app.domain.roles import Permission, Role
from app.services.aging import aging_in
from app.services.arrears import ArrearsInput, record_arrears
from app.services.auth import create_user, login
from app.services.context import Desk, FixedClock
from app.services.demo import DEMO_PASSWORD, generate_demo
from app.services.exchange import (
    export_packages, import_packages, open_replica, register_site, renew_key, write_identity,
)
from app.services.keys import KEYS_ENV
from app.services.repayments import RepaymentInput, record_repayment
from app.services.setup import create_site
from db.engine import SYNCHRONOUS
from db.exchange import BALANCES_BY_CUSTOMER, LOG_TABLES, STATE_TABLES

DATA = Path(__file__).with_name("data")
PACKAGE_TABLES = STATE_TABLES + LOG_TABLES + BALANCES_BY_CUSTOMER
BUSY_DAY_ENTRIES = 2_000
CITY_BRANCHES, CITY_CUSTOMERS = 10, 2_000


# -- measuring ----------------------------------------------------------------------------------------
def _reset_peak() -> None:
    """Start the peak resident set over (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _rss_mb(field: str = "VmHWM") -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Peak:
    """The peak memory of a block above what the process held when it began."""

    def __enter__(self) -> _Peak:
        _reset_peak()
        self.before = _rss_mb("VmRSS")
        return self

    def __exit__(self, *exc) -> None:
        self.mb = max(0.0, _rss_mb() - self.before)


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.parent.glob(path.name + "*")) / 1e6


def _remove(path: Path) -> None:
    for f in path.parent.glob(path.name + "*"):
        f.unlink()


# -- the baselines: plain copies of the same rows -------------------------------------------------------
def backup_copy(source: Path, target: Path) -> float:
    """The whole file, page by page, with the sqlite3 backup API."""
    _remove(target)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    started = time.perf_counter()
    src.backup(dst)
    dst.close()
    elapsed = time.perf_counter() - started
    src.close()
    return elapsed


def _schema(con: sqlite3.Connection, tables) -> list[str]:
    """CREATE TABLE then CREATE INDEX statements of ``tables`` (no triggers: a plain copy)."""
    rows = con.execute("SELECT type, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN "
                       "('table', 'index') AND name NOT LIKE 'sqlite_%'").fetchall()
    wanted = set(tables)
    return ([sql for kind, t, sql in rows if kind == "table" and t in wanted]
            + [sql for kind, t, sql in rows if kind == "index" and t in wanted])


def insert_select_copy(source: Path, target: Path, tables=PACKAGE_TABLES) -> float:
    """The package's tables copied whole with ``INSERT … SELECT`` into a new file of the same schema
    (indexes included), one transaction, with the journal and sync settings the program uses."""
    _remove(target)
    src = sqlite3.connect(source)
    schema = _schema(src, tables)
    src.close()
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    con.execute("PRAGMA cache_size = -65536")
    for sql in schema:
        con.execute(sql)
    con.execute("ATTACH DATABASE ? AS src", (str(source),))
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for name in tables:
        con.execute(f"INSERT INTO main.{name} SELECT * FROM src.{name}")
    con.execute("COMMIT")
    elapsed = time.perf_counter() - started
    con.close()
    _remove(target)
    return elapsed


def insert_new_rows(source: Path, replica: Path, marks: dict[str, int]) -> float:
    """The rows a busy day added at the branch (ids above ``marks``) copied with ``INSERT … SELECT``
    into the city office's replica, with the balances those rows move written over (what a package of format 2
    carries: new items and repayments, those the new offsets, write-offs and reversals touch); rolled back
    afterwards."""
    con = sqlite3.connect(replica, isolation_level=None)
    con.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    con.execute("ATTACH DATABASE ? AS src", (str(source),))
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for name in LOG_TABLES:
        con.execute(f"INSERT INTO main.{name} SELECT * FROM src.{name} WHERE id > ?", (marks.get(name, 0),))
    m = {name: marks.get(name, 0) for name in ("arrears_items", "repayments", "allocations", "write_offs", "reversals")}
    moved = {
        "item_balances": ("item_id", "SELECT id FROM src.arrears_items WHERE id > :arrears_items "
                          "UNION SELECT arrears_item_id FROM src.allocations WHERE id > :allocations "
                          "UNION SELECT arrears_item_id FROM src.write_offs WHERE id > :write_offs "
                          "UNION SELECT arrears_item_id FROM src.reversals WHERE id > :reversals "
                          "UNION SELECT arrears_item_id FROM src.allocations WHERE repayment_id IN "
                          "(SELECT repayment_id FROM src.reversals WHERE id > :reversals)"),
        "repayment_balances": ("repayment_id", "SELECT id FROM src.repayments WHERE id > :repayments "
                               "UNION SELECT repayment_id FROM src.allocations WHERE id > :allocations "
                               "UNION SELECT repayment_id FROM src.reversals WHERE id > :reversals "
                               "UNION SELECT repayment_id FROM src.allocations WHERE arrears_item_id IN "
                               "(SELECT arrears_item_id FROM src.reversals WHERE id > :reversals)"),
    }
    for name in BALANCES_BY_CUSTOMER:
        key, ids = moved[name]
        con.execute(f"INSERT OR REPLACE INTO main.{name} SELECT * FROM src.{name} WHERE {key} IN ({ids})", m)
    elapsed = time.perf_counter() - started
    con.execute("ROLLBACK")
    con.close()
    return elapsed


# -- sites ----------------------------------------------------------------------------------------------
def make_city(path: Path, today: date):
    """A city office with an admin and a finance user (who sees the reports)."""
    _remove(path)
    city = Desk(path, clock=FixedClock(today))
    admin = create_site(city, code="CITY", name="示范市邮政局", admin_username="admin", admin_password=DEMO_PASSWORD,
                        kind="city")
    create_user(city, admin, "finance", "市局财务", Role.FINANCE, DEMO_PASSWORD)
    return city, admin


def introduce(city: Desk, city_admin, branch: Desk, branch_admin, folder: Path) -> None:
    """Each side registers the other's setup file."""
    register_site(city, city_admin, write_identity(branch, folder))
    register_site(branch, branch_admin, write_identity(city, folder))


def _applied(outcomes) -> None:
    bad = [(o.file, o.state, o.message("en")) for o in outcomes if o.state != "applied"]
    assert not bad, bad


# -- 1. the whole history --------------------------------------------------------------------------------
def bench_full_history(report, source: Path, today: date, work: Path):
    """Returns the branch, the city and their admins after the full exchange (for the busy day)."""
    branch_path = work / "branch.sqlite3"
    t_backup = backup_copy(source, branch_path)  # also the branch's working copy
    branch = Desk(branch_path, clock=FixedClock(today))  # (brought to this program's schema if older)
    t_copy = insert_select_copy(branch_path, work / "copy.sqlite3")
    branch_admin = login(branch, "admin", DEMO_PASSWORD)
    head = login(branch, "head", DEMO_PASSWORD)
    # The kept file's signing key stayed in the key folder of whoever generated it (keys never travel with a
    # database): this copy gets its own, as a branch that lost its key would (生成新密钥).
    renew_key(branch, branch_admin)
    city, city_admin = make_city(work / "city.sqlite3", today)
    introduce(city, city_admin, branch, branch_admin, work)
    items = sqlite3.connect(branch_path).execute("SELECT COUNT(*) FROM arrears_items").fetchone()[0]
    out = work / "out"
    with _Peak() as export_peak:
        files, t_export, cpu_export = _cpu_timed(lambda: export_packages(branch, head, out))
    package = files[0]
    with _Peak() as import_peak:
        outcomes, t_import, cpu_import = _cpu_timed(lambda: import_packages(city, city_admin, [package]))
    _applied(outcomes)
    print(f"  full history: copy {t_copy:.2f} s, export {t_export:.2f} s ({cpu_export:.2f} s CPU), import "
          f"{t_import:.2f} s ({cpu_import:.2f} s CPU), import/copy {t_import / t_copy:.2f}x", flush=True)
    customers = sqlite3.connect(branch_path).execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    label = f"{customers:,} customers, {items:,} items"
    report.add(f"full history export ({label})", t_export, t_copy, "<= 5x INSERT…SELECT", t_export <= 5 * t_copy,
               baseline_name="INSERT…SELECT")
    report.add("  its import at the city office (replica)", t_import, t_copy, "<= 5x INSERT…SELECT",
               t_import <= 5 * t_copy, baseline_name="INSERT…SELECT")
    report.add("  export + import against the backup API", t_export + t_import, t_backup, "(reference)", True,
               baseline_name="backup API")
    size, db_size = package.stat().st_size / 1e6, _mb(source)
    report.add_value("  the package file against the database", size, db_size, "MB", "smaller", size < db_size,
                     baseline_name="database")
    print(f"  peak memory above the start: export {export_peak.mb:.0f} MB, import {import_peak.mb:.0f} MB "
          f"(package {size:.0f} MB)", flush=True)
    # The package is never held whole: what remains is SQLite's page caches (64 MB a file) and the walk's batch.
    report.add_value("  peak memory of the export", export_peak.mb, size, "MB", "< 400 MB",
                     export_peak.mb < 400, baseline_name="package")
    report.add_value("  peak memory of the import", import_peak.mb, size, "MB", "< 400 MB",
                     import_peak.mb < 400, baseline_name="package")
    return branch, branch_admin, head, city, city_admin


# -- 2. one busy day ------------------------------------------------------------------------------------
def _acknowledge(city: Desk, city_admin, branch: Desk, head, work: Path) -> None:
    files = export_packages(city, city_admin, work / "back")
    _applied(import_packages(branch, head, files))


@dataclass(frozen=True, slots=True)
class StoppedClock:
    """A clock stopped at one moment (FixedClock's is 09:00 of its day)."""
    moment: datetime

    def today(self) -> date:
        return self.moment.date()

    def now(self) -> datetime:
        return self.moment


def clock_after_last_entry(desk: Desk, today: date) -> StoppedClock:
    """``today`` at 09:00, or a minute after the file's last ledger entry if that is later: a kept file may
    hold entries recorded later on its last day (an older generator stamped them until 18:00), and the
    program refuses every posting while the clock is behind the last entry (clock.behind) — that, not the
    exchange, was why a busy day on such a file posted nothing."""
    with desk.reading() as uow:
        latest = uow.timeline.latest_entry_at()
    moment = FixedClock(today).now()
    if latest is not None and latest + timedelta(minutes=1) > moment:
        moment = latest + timedelta(minutes=1)
    return StoppedClock(moment)


class NothingPosted(RuntimeError):
    """The busy day's postings were all refused: a figure of an empty package would be no figure."""


def busy_day(branch: Desk, today: date, entries: int = BUSY_DAY_ENTRIES, seed: int = 12, tag: str = "BUSY",
             refused: Counter | None = None) -> int:
    """Half the entries new items, the rest repayments that offset the oldest open items (one or two
    each), through the services, spread over as many customers; returns the entries made. A posting the
    program refuses (e.g. over a customer's credit limit) is skipped and counted in ``refused`` by its code;
    if every one is refused, ``NothingPosted`` names the reasons."""
    refused = Counter() if refused is None else refused
    rng = random.Random(seed)
    raw = sqlite3.connect(branch.path)
    customers = [c for (c,) in raw.execute(
        "SELECT c.id FROM customers c JOIN agreements a ON a.customer_id = c.id AND a.terminated_on IS NULL "
        "WHERE c.status = 'active' AND a.valid_from <= ?1 AND (a.valid_to IS NULL OR a.valid_to >= ?1) "
        "ORDER BY c.id", (today.isoformat(),))]
    debtors = [c for (c,) in raw.execute(
        "SELECT customer_id FROM item_balances WHERE open_amount > 0 GROUP BY customer_id ORDER BY customer_id")]
    clerk = login(branch, "clerk11", DEMO_PASSWORD)
    made, n = 0, 0
    rng.shuffle(customers)
    for cid in customers:
        if made >= entries // 2:
            break
        n += 1
        try:
            record_arrears(branch, clerk, ArrearsInput(cid, "LETTER", today, rng.randrange(1_000, 50_000), f"{tag}{n:06d}"))
            made += 1
        except DomainError as error:
            refused[error.code] += 1
            if made == 0 and refused.total() >= 50:
                break  # the same refusal for everyone: no use trying the rest
    rng.shuffle(debtors)
    for cid in debtors:
        if made >= entries:
            break
        oldest = raw.execute("SELECT open_amount FROM item_balances WHERE customer_id = ? AND open_amount > 0 "
                             "ORDER BY business_date, item_id LIMIT 2", (cid,)).fetchall()
        amount = sum(a for (a,) in oldest[:rng.choice((1, 2))]) if oldest else 0
        if amount <= 0:
            continue
        n += 1
        try:
            result = record_repayment(branch, clerk, RepaymentInput(cid, amount, today, "transfer", f"{tag}R{n:06d}"))
        except DomainError as error:
            refused[error.code] += 1
            if made == 0 and refused.total() >= 100:
                break
            continue
        made += 1 + len(result.preview.lines)
    raw.close()
    if made == 0:
        raise NothingPosted(f"every posting of the busy day was refused: {dict(refused)}")
    return made


def _cpu_timed(fn):
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - started, time.process_time() - cpu


def bench_busy_day(report, branch: Desk, head, city: Desk, city_admin, today: date, work: Path,
                   days: int = 2) -> None:
    """Two busy days one after the other (each figure twice in one run), each after the city office's
    acknowledgement of everything before."""
    for day in range(1, days + 1):
        _acknowledge(city, city_admin, branch, head, work / f"back{day}")
        branch.clock = clock_after_last_entry(branch, today)
        marks = _marks(branch.path)
        refused = Counter()
        made, t_post = _timed(lambda: busy_day(branch, today, seed=11 + day, tag=f"D{day}-", refused=refused))
        replica = open_replica(city, "DEMO")
        replica_path = replica.path
        replica.close()
        # Each side timed with the disk caught up, as a day's exchange at closing time finds it: the writing back of
        # what came before (the full history's gigabytes, just written; the day's postings) is not this exchange's
        # work, and it made the first day after the full history wait on the disk (2.58 s for 1.15 s of CPU).
        os.sync()
        t_copy = insert_new_rows(branch.path, replica_path, marks)
        os.sync()
        files, t_export, cpu_export = _cpu_timed(lambda: export_packages(branch, head, work / f"day{day}"))
        outcomes, t_import, cpu_import = _cpu_timed(lambda: import_packages(city, city_admin, [files[0]]))
        _applied(outcomes)
        print(f"  busy day {day}: {made:,} entries posted through the services in {t_post:.1f} s "
              f"(refused and skipped: {', '.join(f'{code} {n}' for code, n in refused.most_common()) or 'none'}); export "
              f"{t_export:.2f} s ({cpu_export:.2f} s CPU), import {t_import:.2f} s ({cpu_import:.2f} s CPU), "
              f"package {files[0].stat().st_size / 1e6:.1f} MB", flush=True)
        report.add(f"busy day {day} ({made:,} new entries): export + import", t_export + t_import, t_copy, "< 2 s",
                   t_export + t_import < 2, baseline_name="INSERT…SELECT")
        report.add("  of which the export", t_export, t_copy, "(part of the above)", True,
                   baseline_name="INSERT…SELECT")


def _marks(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    marks = {name: con.execute(f"SELECT COALESCE(MAX(id), 0) FROM {name}").fetchone()[0] for name in LOG_TABLES}
    con.close()
    return marks


# -- 3. the city office with ten branches ------------------------------------------------------------------
def city_of_branches(today: date | None, branches: int = CITY_BRANCHES, customers: int = CITY_CUSTOMERS,
                     months: int = 24, items_per_month: float = 4.45) -> tuple[Path, date]:
    """bench/data/city-<N>x<C>/city.sqlite3 and its replicas, made once: each branch generated with its own
    site code and seed, exported and imported for real; the branches' own files are not kept."""
    folder = DATA / f"city-{branches}x{customers}"
    meta = folder / "city.json"
    if meta.exists():
        made = json.loads(meta.read_text())
        if made["branches"] == branches and made["customers"] == customers:
            return folder / "city.sqlite3", date.fromisoformat(made["today"])
    today = today or date.today()
    shutil.rmtree(folder, ignore_errors=True)
    work = folder / "work"
    work.mkdir(parents=True)
    os.environ[KEYS_ENV] = str(folder / "keys")
    city, city_admin = make_city(folder / "city.sqlite3", today)
    imports = []
    for k in range(branches):
        code = f"BR{k + 1:02d}"
        path = work / f"{code}.sqlite3"
        print(f"  building branch {code}: {customers:,} customers ...", flush=True)
        generate_demo(path, customers=customers, months=months, items_per_month=items_per_month,
                      seed=20261125 + k, today=today, site_code=code)
        with Desk(path, clock=FixedClock(today)) as branch:
            admin = login(branch, "admin", DEMO_PASSWORD)
            introduce(city, city_admin, branch, admin, work)
            files, t_export = _timed(lambda: export_packages(branch, admin, work / "out"))
        outcomes, t_import = _timed(lambda: import_packages(city, city_admin, files))
        _applied(outcomes)
        imports.append({"code": code, "export": round(t_export, 2), "import": round(t_import, 2)})
        print(f"    exported in {t_export:.1f} s, imported in {t_import:.1f} s", flush=True)
        _remove(path)
        shutil.rmtree(work / "out")
    city.close()
    shutil.rmtree(work)
    meta.write_text(json.dumps({"branches": branches, "customers": customers, "today": today.isoformat(),
                                "exchanges": imports}))
    return folder / "city.sqlite3", today


def consolidated_aging(city: Desk, actor, replicas: list[tuple[str, Desk]], as_of: date):
    """全市账龄 until the city-wide report service lands: the aging service on each branch's replica in
    turn (as of today, overdue scheme, by customer), merged into one table with a branch column."""
    with city.query(actor, Permission.VIEW_REPORTS):
        pass
    rows, totals = [], None
    for code, replica in replicas:
        with replica.reading() as uow:
            report = aging_in(uow, as_of, AgingScheme.OVERDUE, AgingGrouping.CUSTOMER)
        for row in report.rows:
            rows.append((code, row))
            totals = list(row.buckets) if totals is None else [a + b for a, b in zip(totals, row.buckets)]
    return rows, totals


def bench_city(report, median_time, today: date | None, customers: int = CITY_CUSTOMERS) -> None:
    city_path, today = city_of_branches(today, customers=customers)
    city = Desk(city_path, clock=FixedClock(today))
    finance = login(city, "finance", DEMO_PASSWORD)
    codes = sorted(p.stem for p in (city_path.with_name("city-branches")).glob("*.sqlite3"))
    replicas = [(code, Desk(city_path.with_name("city-branches") / f"{code}.sqlite3", clock=FixedClock(today),
                            read_only=True)) for code in codes]
    items = sum(sqlite3.connect(r.path).execute("SELECT COUNT(*) FROM arrears_items").fetchone()[0]
                for _, r in replicas)
    for _, replica in replicas:  # warm every replica's page cache the same way
        with replica.reading() as uow:
            aging_in(uow, today, AgingScheme.OVERDUE, AgingGrouping.CUSTOMER)
    own = median_time(lambda: consolidated_aging(city, finance, replicas[:1], today), 3)
    curve = []
    for n in (1, 2, 5, 10):
        if n > len(replicas):
            break
        t = median_time(lambda: consolidated_aging(city, finance, replicas[:n], today), 3)
        curve.append((n, t))
    for n, t in curve:
        name = (f"city aging, {n} branches ({items:,} items in all)" if n == len(replicas)
                else f"  city aging, {n} branch{'es' if n > 1 else ''}")
        report.add(name, t, own, "< 3 s", t < 3, baseline_name="one branch's own aging")
    print("  growth: " + ", ".join(f"{n}: {t:.2f} s" for n, t in curve), flush=True)
    for _, replica in replicas:
        replica.close()
    city.close()


# -- the whole ------------------------------------------------------------------------------------------
def bench_exchange(report, source: Path, today: date, median_time, *, city: bool = True,
                   city_customers: int = CITY_CUSTOMERS) -> None:
    print("exchange (issue 12):", flush=True)
    keys_before = os.environ.get(KEYS_ENV)
    DATA.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="arrears-bench-exchange-", dir=DATA))
    os.environ[KEYS_ENV] = str(work / "keys")
    try:
        branch, _admin, head, city_desk, city_admin = bench_full_history(report, source, today, work)
        bench_busy_day(report, branch, head, city_desk, city_admin, today, work)
        branch.close()
        city_desk.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if keys_before is None:
            os.environ.pop(KEYS_ENV, None)
        else:
            os.environ[KEYS_ENV] = keys_before
    if city:
        bench_city(report, median_time, today, city_customers)


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import Report, median_time
    parser = argparse.ArgumentParser(prog="python -m bench.exchange")
    parser.add_argument("--quick", action="store_true", help="the 2,000-customer database, branches of 200")
    parser.add_argument("--no-city", action="store_true", help="skip the city office of ten branches")
    parser.add_argument("--only-city", action="store_true", help="only the city office of ten branches")
    args = parser.parse_args(argv)
    customers = 2_000 if args.quick else 20_000
    from bench.dataset import kept_path  # the kept database of that size (bench), or an earlier schema's
    source = kept_path(customers)
    meta = source.with_suffix(".json")
    report = Report()
    city_customers = 200 if args.quick else CITY_CUSTOMERS
    if args.only_city:
        bench_city(report, median_time, None, city_customers)
        return 0
    if not meta.exists():
        print(f"no {source}: run `python -m bench{' --quick' if args.quick else ''}` first to generate it")
        return 2
    today = date.fromisoformat(json.loads(meta.read_text())["today"])
    bench_exchange(report, source, today, median_time, city=not args.no_city, city_customers=city_customers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
