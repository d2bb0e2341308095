"""Engine and session factory for one SQLite file: foreign keys on, WAL, and write transactions that
take the write lock up front (BEGIN IMMEDIATE) so two writers never deadlock on an upgrade."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def _iso_datetime(value: datetime) -> str:
    return value.isoformat(" ")


# Values handed straight to the driver (bulk inserts) are stored as SQLAlchemy stores them: dates and times
# as ISO text, booleans as 0/1. Registered here because Python 3.12 deprecates sqlite3's own date adapters
# (and a bool with no adapter takes the driver's slowest path).
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, _iso_datetime)
sqlite3.register_adapter(bool, int)


@dataclass(frozen=True, slots=True)
class SqlFunction:
    """A rule of the business made callable from SQL (``over_six_months(i.due_date, a.effective_on)``).
    The caller supplies the rule; arguments typed ``date`` arrive as dates, a bool comes back as 0/1."""
    name: str
    fn: Callable[..., object]
    arg_types: tuple[type, ...]

    def sqlite_callable(self) -> Callable[..., object]:
        convert = [date.fromisoformat if t is date else None for t in self.arg_types]

        def call(*args):
            if any(a is None for a in args):
                return None
            values = [c(a[:10]) if c is not None else a for c, a in zip(convert, args)]
            result = self.fn(*values)
            return int(result) if isinstance(result, bool) else result
        return call


def make_engine(path: Path | str, *, functions: Sequence[SqlFunction] = (), echo: bool = False) -> Engine:
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
        for function in functions:
            dbapi_conn.create_function(function.name, len(function.arg_types), function.sqlite_callable(),
                                       deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - trivial wiring
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


def analyze(engine: Engine) -> None:
    """Refresh the query planner's statistics (after a bulk load)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
