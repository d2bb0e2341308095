"""Engine and session factory for one SQLite file: foreign keys on, WAL, and write transactions that
take the write lock up front (BEGIN IMMEDIATE) so two writers never deadlock on an upgrade."""
from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(path: Path | str, *, echo: bool = False) -> Engine:
    url = "sqlite+pysqlite:///" + str(Path(path))
    engine = create_engine(url, echo=echo, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - trivial wiring
        # Let SQLAlchemy, not the driver, decide when a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.execute("PRAGMA cache_size = -65536")  # 64 MiB page cache
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.close()
        dbapi_conn.create_function("add_months", 2, add_months_iso, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - trivial wiring
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def add_months_iso(day: str | None, months: int | None) -> str | None:
    """SQL ``add_months('2026-08-31', -6)`` = '2026-02-28': calendar months, the day clamped to the
    month's end (SQLite's own ``date(x, '-6 months')`` would roll over into March)."""
    if day is None or months is None:
        return None
    d = date.fromisoformat(day[:10])
    index = d.year * 12 + d.month - 1 + int(months)
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1])).isoformat()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)
