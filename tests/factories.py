"""Building blocks for tests: a desk with a site, one user per role, and approved customers."""
from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from app.domain.roles import Role
from app.services.auth import create_user, login
from app.services.context import Actor, Desk, FixedClock
from app.services.customers import CustomerInput, apply_for_credit, approve_credit, register_customer
from app.services.setup import create_site
from tests import server

PASSWORD = "correct-horse-9"


@dataclass
class Staff:
    admin: Actor
    clerk: Actor
    clerk2: Actor
    head: Actor
    marketing: Actor
    finance: Actor
    auditor: Actor


def make_desk(path: Path, today: date = date(2026, 6, 15), *, code: str = "BR01",
              kind: str = "branch") -> tuple[Desk, Staff]:
    """A migrated database with the site and one user per role, copied from a template made once per
    ``today`` and site (migrating and creating users for every test is most of a small test's time).
    Copies of one template are the same site (same code and uid): give sites that exchange files their
    own ``code``."""
    # a city office on the server keeps its branch replicas as schemas of its database (pgcity)
    if server.ON_SERVER:
        desk, staff = server.make_desk(path, today, code, kind, _make_users)
        desk.test_folder = path.parent
        return desk, staff
    template = _TEMPLATES.get((today, code, kind))
    if template is None:
        template = _TEMPLATES[(today, code, kind)] = _make_template(today, code, kind)
    shutil.copyfile(template[0], path)
    # Each copy is a site of its own: its own global id, so its own signing key (made when first needed).
    con = sqlite3.connect(path)
    con.execute("UPDATE sites SET uid = randomblob(16), public_key = NULL WHERE is_local")
    con.commit()
    con.close()
    return Desk(path, clock=FixedClock(today)), template[1]


def _make_template(today: date, code: str, kind: str) -> tuple[Path, Staff]:
    folder = Path(tempfile.mkdtemp(prefix="arrears-desk-template-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "template.sqlite3"
    shutil.copyfile(migrated_database(), path)  # the schema as migrations leave it: nothing of a site's own is in it yet
    desk = Desk(path, clock=FixedClock(today))
    staff = _make_users(desk, code, kind)
    desk.close()  # the last connection checkpoints the write-ahead log into the file
    return path, staff


@cache
def migrated_database() -> Path:
    """An empty database with every migration run, made once per process: each template (a day, a site code, a
    kind) starts as a copy of it instead of migrating again (about 0.6 s each)."""
    folder = Path(tempfile.mkdtemp(prefix="arrears-desk-migrated-"))
    atexit.register(shutil.rmtree, folder, True)
    Desk(folder / "migrated.sqlite3").close()  # the last connection folds the write-ahead log into the file
    return folder / "migrated.sqlite3"


def _make_users(desk: Desk, code: str, kind: str) -> Staff:
    name = {"BR01": "城东支局", "CITY": "市局"}.get(code, f"{code} 支局")
    admin = create_site(desk, code=code, name=name, admin_username="admin", admin_password=PASSWORD, kind=kind)
    actors = {"admin": admin}
    for username, name, role in [("clerk", "张营业", Role.COUNTER), ("clerk2", "李营业", Role.COUNTER),
                                 ("head", "王主任", Role.BRANCH_HEAD), ("marketing", "赵市场", Role.MARKETING),
                                 ("finance", "钱财务", Role.FINANCE), ("auditor", "孙审计", Role.AUDIT)]:
        create_user(desk, admin, username, name, role, PASSWORD)
        actors[username] = login(desk, username, PASSWORD)
    return Staff(actors["admin"], actors["clerk"], actors["clerk2"], actors["head"], actors["marketing"],
                 actors["finance"], actors["auditor"])


_TEMPLATES: dict[tuple[date, str, str], tuple[Path, Staff]] = {}


def move_clock(desk: Desk, day: date) -> None:
    """The workstation's clock moves on to ``day``. A jump the clock check doubts (no entry for over a
    month) is confirmed by the branch head, as at the counter (app/domain/clock.py)."""
    from app.services.clock import clock_in_doubt, confirm_clock
    desk.clock = FixedClock(day)
    if clock_in_doubt(desk) is not None:
        confirm_clock(desk, login(desk, "head", PASSWORD))


def approved_customer(desk: Desk, staff: Staff, name: str = "东方贸易有限公司", *, limit: int = 10_000_000,
                      period_days: int = 30, cycle_months: int = 1) -> int:
    customer = register_customer(desk, staff.clerk, CustomerInput(name=name, phone="0311-8888"))
    app = apply_for_credit(desk, staff.clerk, customer.customer_id, credit_grade="A", requested_limit=limit,
                           credit_period_days=period_days, settlement_cycle_months=cycle_months)
    approve_credit(desk, staff.marketing, app.application_id)
    return customer.customer_id


def stored_date(value) -> date | None:
    """A date column's value as a date: a server's driver gives a date, SQLite's the stored text."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def kept_overdue_day(desk: Desk) -> date:
    """The day the ledger's kept overdue figures are as of (``line_balances_day``)."""
    return stored_date(rows(desk, "SELECT overdue_before FROM line_balances_day")[0][0])


def rows(desk: Desk, sql: str, *args) -> list[tuple]:
    """Read the database file directly (plain sqlite3), as an auditor would, bypassing the services (on a
    server: plain psycopg, the same SQL with ``?`` placeholders)."""
    if desk.server is not None:
        return server.rows(desk, sql, *args)
    con = sqlite3.connect(desk.path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def execute(desk: Desk, sql: str, *args) -> None:
    """Change the database behind the program's back (plain sqlite3 or psycopg, ``?`` placeholders), as a
    colleague's mistake or a tamperer would; committed."""
    if desk.server is not None:
        return server.execute(desk, sql, *args)
    con = sqlite3.connect(desk.path)
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


def folder(desk: Desk) -> Path:
    """The test's own folder beside the desk (a file's folder; for a desk on the server, the folder of the
    path the test gave ``make_desk``): where its exports, notices and packages go."""
    if desk.path is not None:
        return desk.path.parent
    return desk.test_folder


def notice_served(desk: Desk, staff: Staff, customer_id: int, day: date) -> date:
    """A 催缴通知书 issued to the customer 15 days before ``day`` (its 10-day pay-by date then passed), and the
    clock on ``day``: what postal 17 asks before a suspension, termination or blacklist. Returns the pay-by."""
    from datetime import timedelta

    from app.services.documents import issue_notices
    move_clock(desk, day - timedelta(days=15))
    issue_notices(desk, staff.head, [customer_id], out=folder(desk) / f"notice-{customer_id}-{day}.pdf")
    move_clock(desk, day)
    return day - timedelta(days=5)


# What the migrations after 0008 add (0009 月结, 0010 坏账核销, 0011 缴款, 0012 note codes), newest first: a test that
# fakes a file an older program left drops them, so the list lives here once (add a new migration's here).
SINCE_0008 = (
    "ALTER TABLE collection_records DROP COLUMN result_code",
    *(f"DROP TABLE {t}" for t in ("daily_report_prints", "voided_receipts", "cash_up_receipts", "cash_up_amounts",
                                   "cash_ups", "write_off_decisions", "write_off_evidence", "write_off_applications",
                                   "recoveries", "month_closings")),
)
# -- month-end snapshots (issue 14): the newest first, before the closes they belong to
SINCE_0008 = (*(f"DROP TABLE {t}" for t in ("month_snapshot_items", "month_snapshots", "customer_line_balances")),
              "DROP INDEX ix_item_balances_due",
              "DROP INDEX ix_arrears_items_business_date", "DROP INDEX ix_allocations_effective_on", *SINCE_0008)
# decisions: 0013 city decisions (dropped first: they refer to write-off decisions and month closings)
SINCE_0008 = ("DROP TABLE city_decisions_taken", "DROP TABLE city_decisions", *SINCE_0008)
# queue (issue 14): the day the per-line overdue figures are kept as of (their columns go with their table)
SINCE_0008 = ("DROP TABLE line_balances_day", *SINCE_0008)
# exchange state log (issue 12, 0016): its triggers first (they write into the table)
SINCE_0008 = (*(f"DROP TRIGGER IF EXISTS {t}_noted_{v}" for t in ("sites", "branches", "users", "business_lines", "settings",
                                                          "customers", "credit_applications", "agreements",
                                                          "customer_balances") for v in ("insert", "update")),
              "DROP TABLE state_changes", *SINCE_0008)
# queue (issue 14, 0019): the collection state kept per customer
SINCE_0008 = ("DROP TABLE customer_collection_state", *SINCE_0008)
# queue (issue 15, 0021): the per-customer overdue sums kept beside the per-line figures
SINCE_0008 = ("DROP TABLE customer_overdue", *SINCE_0008)
# snapshot sums (issue 14, 0022): a month-end snapshot's open amounts added up per customer, due date and key
SINCE_0008 = ("DROP TABLE month_snapshot_sums", *SINCE_0008)
# kept chain heads (issue 12, 0024): each chain's last link, for an exchange's integrity root
SINCE_0008 = ("DROP TABLE ledger_chain_heads", *SINCE_0008)


def on_the_backend(statements, server: bool) -> list[str]:
    """``SINCE_0008``-style statements as the backend takes them: a server names a trigger with its table (the
    state-change triggers are ``{table}_noted_{insert,update}``)."""
    if not server:
        return list(statements)
    return [sql + " ON " + sql.split()[-1].rsplit("_noted_", 1)[0] if sql.startswith("DROP TRIGGER") else sql
            for sql in statements]


# A server's write_offs as revision 0008 left it: one write-off per item (0009 dropped the constraint; SQLite's
# fakes rebuild the table instead, which a server cannot do in place)
WRITE_OFFS_AS_0008_ON_A_SERVER = (
    "DROP INDEX ix_write_offs_arrears_item_id",
    "ALTER TABLE write_offs ADD CONSTRAINT uq_write_offs_arrears_item_id UNIQUE (arrears_item_id)",
)


@dataclass
class ClockAt:
    """A workstation clock the test sets to the minute and moves (``clock.at += timedelta(...)``)."""
    at: datetime

    def today(self) -> date:
        return self.at.date()

    def now(self) -> datetime:
        return self.at


# -- server tests (issue 15, pga): what a change the database refuses raises, from plain sqlite3 or psycopg
try:
    import psycopg as _psycopg
    REFUSED = (sqlite3.DatabaseError, _psycopg.Error)
except ImportError:  # pragma: no cover - the server driver is not installed
    REFUSED = (sqlite3.DatabaseError,)


def trigger_names(desk: Desk) -> set[str]:
    """The triggers of the desk's database (SQLite's schema table, or the server's catalogue)."""
    if desk.server is not None:
        return {name for (name,) in rows(desk, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    return {name for (name,) in rows(desk, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def iso_rows(desk: Desk, sql: str, *args) -> list[tuple]:
    """``rows`` with dates and times as the ISO text plain sqlite3 gives (the server gives date/datetime)."""
    return [tuple(v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat() if isinstance(v, date) else v
                  for v in row) for row in rows(desk, sql, *args)]
