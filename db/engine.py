"""Engine and session factory for one SQLite file: foreign keys on, WAL with every commit synced to disk
(synchronous=FULL), and write transactions that take the write lock up front (BEGIN IMMEDIATE) so two
writers never deadlock on an upgrade. A read-only engine opens the file with ``mode=ro`` and changes
nothing in it, not even its journal mode."""
from __future__ import annotations

import functools
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, Integer, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.orm import Session, sessionmaker

from db.commit_order import writer_begins


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
    # The same rule as an SQL expression for PostgreSQL, its arguments as {0}, {1} …: a server cannot call
    # into the program, so each such function has this variant, and a test holds it equal to ``fn``.
    postgresql: str | None = None

    def sqlite_callable(self) -> Callable[..., object]:
        convert = [date.fromisoformat if t is date else None for t in self.arg_types]

        def call(*args):
            if any(a is None for a in args):
                return None
            values = [c(a[:10]) if c is not None else a for c, a in zip(convert, args)]
            result = self.fn(*values)
            return int(result) if isinstance(result, bool) else result
        return call


# A money ledger: a commit is on disk before the receipt prints, even if the power fails the next moment
# (in WAL mode, NORMAL may lose the last commits on a power cut; FULL syncs the log at every commit).
SYNCHRONOUS = "FULL"

# How long a writer waits for another program's write lock before giving up (and the clerk is told).
BUSY_TIMEOUT_SECONDS = 30.0


def connection_pragmas(*, read_only: bool = False) -> list[str]:
    """What every connection of the program sets (the benchmark's plain-sqlite3 baseline sets the same)."""
    pragmas = ["PRAGMA foreign_keys = ON"]
    if not read_only:
        pragmas += ["PRAGMA journal_mode = WAL", f"PRAGMA synchronous = {SYNCHRONOUS}"]
    return pragmas + [f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}",
                      "PRAGMA cache_size = -65536",  # 64 MiB page cache
                      "PRAGMA temp_store = MEMORY"]


# The page cache of a connection that streams every open item into a workbook (an export of a branch's whole aging):
# SQLite also sizes the in-memory part of its sorts by it, so at 64 MiB the export of 767,663 rows (40,000 customers)
# peaked at 388 MB, at 8 MiB at 269 MB in the same time (241 s against 238 s, the two side by side; alone, idle, the
# command before and after this setting: 395 MB in 4 min 16 s, 271 MB in 4 min 3 s).
STREAMING_CACHE_MIB = 8


def set_cache_size(conn: Connection, kib: int) -> int | None:
    """``PRAGMA cache_size`` (negative: KiB) for this connection; returns the one it had, to be set back (None on a
    server, which has no such setting per connection)."""
    if conn.dialect.name != "sqlite":
        return None
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = {int(kib)}")
    return previous


def set_temp_store(conn: Connection, where: str) -> bool:
    """``PRAGMA temp_store = FILE|MEMORY`` inside a transaction: big sorts and temporary tables in a file
    (memory bounded) or in RAM (the program's setting). SQLite refuses to move temporary storage this
    connection has already opened while a transaction is open; then it stays where it is (the work still
    runs, in memory) and the refusal goes to the log. On a server there is no such setting (it spills
    big sorts to its own temporary files by ``work_mem``): nothing moves."""
    if conn.dialect.name != "sqlite":
        return False
    try:
        conn.exec_driver_sql(f"PRAGMA temp_store = {where}")
        return True
    except OperationalError as error:
        logging.getLogger(__name__).info("temp_store stays as it was (%s): %s", where, error.orig)
        return False


def make_engine(path: Path | str, *, functions: Sequence[SqlFunction] = (), echo: bool = False,
                read_only: bool = False) -> Engine:
    """The engine for a database file at ``path``, or for a PostgreSQL server given its URL (server mode)."""
    server = server_url(path)
    if server is not None:
        return _server_engine(server, functions=functions, echo=echo, read_only=read_only)
    url = "sqlite+pysqlite:///" + str(Path(path))
    if read_only:
        uri = _read_only_uri(Path(path))
        engine = create_engine(url, echo=echo, creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False))
    else:
        engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - trivial wiring
        # Let SQLAlchemy, not the driver, decide when a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in connection_pragmas(read_only=read_only):
            cur.execute(pragma)
        cur.close()
        for function in functions:
            dbapi_conn.create_function(function.name, len(function.arg_types), function.sqlite_callable(),
                                       deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - trivial wiring
        readonly = read_only or conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def filling_pragmas(cache_mib: int = 256) -> list[str]:
    """What ``filling`` sets (the benchmark's plain-sqlite3 baseline for generation sets the same)."""
    return ["PRAGMA journal_mode = MEMORY", "PRAGMA synchronous = OFF", f"PRAGMA cache_size = {-1024 * cache_mib}"]


@contextmanager
def filling(engine: Engine, cache_mib: int = 256, keep: tuple[str, ...] = ()) -> Iterator[None]:
    """While a new file is filled in one go (the demo, built in a temporary file that is thrown away if
    anything fails): a rollback journal in memory instead of the log, no syncs, a large page cache, and
    the indexes (but those named in ``keep``, which the filling reads) dropped and built again at the end,
    one sort each instead of millions of scattered inserts. The engine's one pooled connection carries
    these settings; afterwards it is closed, and the next connection is the usual one (WAL, synchronous
    as above). On a server (issue 15) nothing of this applies: the filling runs as it is."""
    if engine.dialect.name != "sqlite":
        yield
        return
    engine.dispose()
    raw = engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor()
        for pragma in filling_pragmas(cache_mib):
            cur.execute(pragma)
        # issue 14 (start): the foreign keys checked once over every row at the end (PRAGMA foreign_key_check,
        # ``FillingBroken`` on any dangling one), not one lookup per column per row as each row goes in
        cur.execute("PRAGMA foreign_keys = OFF")
        indexes = cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                              " AND name NOT IN (%s)" % ",".join("?" * len(keep)), keep).fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.close()
    finally:
        raw.close()  # back to the pool: the session checks out this very connection
    filled = False
    try:
        yield
        filled = True
    finally:
        raw = engine.raw_connection()
        try:
            cur = raw.driver_connection.cursor()
            for _, sql in indexes:
                cur.execute(sql)
            dangling = cur.execute("PRAGMA foreign_key_check").fetchmany(5) if filled else []
            cur.close()
        finally:
            raw.close()
        engine.dispose()
    if dangling:
        raise FillingBroken(dangling)


class FillingBroken(Exception):
    """Rows written while ``filling`` that point at no row (table, rowid, parent table, constraint number)."""

    def __init__(self, dangling: list[tuple]) -> None:
        super().__init__("FOREIGN KEY constraint failed: " + "; ".join(
            f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in dangling))
        self.dangling = dangling


def _read_only_uri(path: Path) -> str:
    """``mode=ro``. A WAL database in a folder this user may not write to (a CD, a read-only share) is
    read as ``immutable``: SQLite could not create the log's index there, and no writer can be at work
    there either (it would need that index)."""
    uri = path.absolute().as_uri() + "?mode=ro"
    if not Path(f"{path}-shm").exists() and not os.access(path.absolute().parent, os.W_OK):
        with path.open("rb") as fh:
            header = fh.read(20)
        if header[18:20] == b"\x02\x02":  # file format versions 2: WAL
            uri += "&immutable=1"
    return uri


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


def analyze(engine: Engine) -> None:
    """Refresh a server's query planner statistics after a bulk load (copy-db, the demo). Without them PostgreSQL
    guesses 200 groups for every GROUP BY and chose nested loops that kept verify on a copied 2,000-customer
    branch busy for minutes; autovacuum gathers them only later. Committed: ANALYZE in a transaction that is
    rolled back keeps nothing (it did until now). A file is left without statistics (no ``sqlite_stat1``), as
    every SQLite statement was tuned and measured."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


# -- server mode (issue 15): PostgreSQL through psycopg 3 ------------------------------------------------------

SERVER_DRIVERS = {"postgresql": "postgresql+psycopg", "postgresql+psycopg": "postgresql+psycopg",
                  "postgres": "postgresql+psycopg"}


class PasswordInUrl(ValueError):
    """A server URL that carries a password: it would end up in shell history, process lists and logs."""


def server_url(target: Path | str | URL) -> URL | None:
    """The PostgreSQL URL ``target`` names (driver made psycopg 3), or None for a database file."""
    if isinstance(target, URL):
        url = target
    elif isinstance(target, Path) or "://" not in str(target):
        return None
    else:
        try:
            url = make_url(str(target))
        except ArgumentError:
            return None
    driver = SERVER_DRIVERS.get(url.drivername)
    if driver is None:
        return None
    if url.password is not None:
        raise PasswordInUrl(url.render_as_string(hide_password=True))
    return url.set(drivername=driver)


def is_server(target: Path | str | URL) -> bool:
    return server_url(target) is not None


def server_address(host: str, port: int, database: str, user: str) -> str:
    """The URL of ``database`` on a PostgreSQL server, as the first-start dialog's fields give it (never a
    password: libpq finds it, or the program asks)."""
    return URL.create("postgresql+psycopg", username=user, host=host, port=port,
                      database=database).render_as_string(hide_password=False)


def shown_url(url: URL) -> str:
    """A server URL as it may be shown and logged (never a password)."""
    return url.render_as_string(hide_password=True)


_SERVER_FUNCTIONS: dict[str, str] = {}


def _server_function(function: SqlFunction) -> None:
    """``func.<name>(...)`` renders as the function's PostgreSQL expression on a server (once per name)."""
    if function.postgresql is None or _SERVER_FUNCTIONS.get(function.name) == function.postgresql:
        return
    template = _SERVER_FUNCTIONS[function.name] = function.postgresql
    kind = type(function.name, (GenericFunction,), {"name": function.name, "inherit_cache": True})

    @compiles(kind, "postgresql")
    def _expression(element, compiler, **kw):  # pragma: no cover - trivial wiring
        args = [compiler.process(arg, **kw) for arg in element.clauses]
        return "(" + template.format(*args) + ")"


def _server_engine(url: URL, *, functions: Sequence[SqlFunction], echo: bool, read_only: bool) -> Engine:
    for function in functions:
        _server_function(function)
    # pre-ping: a workstation left idle over lunch finds its pooled connection dropped by the server or the
    # network; checking it out again reconnects instead of failing the clerk's next action.
    engine = create_engine(url, echo=echo, pool_pre_ping=True,
                           connect_args={"application_name": "ArrearsDesk", "connect_timeout": 10,
                                         "options": without_jit(url), **_typed_password(url)})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - trivial wiring
        dbapi_conn.adapters.register_loader("numeric", _whole_numbers_loader())
    # An INTEGER parameter is sent without a cast: psycopg types a Python int by its size, so fen beyond 2^31 reach
    # the BIGINT columns intact (a ``::INTEGER`` cast would refuse them), and the catalogue's own int4 arguments
    # still accept small ones.
    engine.dialect.colspecs = {**engine.dialect.colspecs, Integer: _UncastInteger}
    if read_only:
        engine = engine.execution_options(postgresql_readonly=True)
    else:
        # the exchange's commit order (issue 12/15): every write transaction holds the shared lock (db/commit_order)
        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # pragma: no cover - trivial wiring
            if not conn.get_execution_options().get("readonly", False):
                writer_begins(conn)
    return engine


def without_jit(url: URL) -> str:
    """The connection's server options (``options`` in the URL, e.g. a replica's search path) with JIT compilation
    off. PostgreSQL compiles a statement whose estimated cost passes ``jit_above_cost`` (100,000 by default) to
    machine code before running it: the overdue queue's statement, a dozen correlated parts, is estimated above
    that on fresh or large tables and spent some 150 ms compiling for a few ms of work at every refresh. The
    program's statements are a counter's and a report's, short or bound by reading rows, which JIT does not make
    faster on the copies measured (2,000 customers: the queue and aging took the same either way). Ours goes first,
    so that the URL's own ``options`` (a replica's search path, or ``-c jit=on`` for a server that gains by it)
    win; without any, the ``PGOPTIONS`` of the environment, which libpq would otherwise read itself. (A
    pg_service.conf's ``options`` are replaced; a replica's URL has only its search path, db/replicas.py.)"""
    given = url.query.get("options") or os.environ.get("PGOPTIONS", "")
    given = " ".join(given) if isinstance(given, tuple) else given
    return f"-c jit=off {given}".strip()


class Unindexed(ColumnElement):
    """``column`` as a value SQLite will not read from an index on it: ``+column`` there (a no-op on any value),
    the column itself on a server. SQLite answers ``min(column)`` by walking an index on the column from its first
    entry whatever else the query asks, which reads most of the index when the rows wanted are the last few by id
    (the entries since a verified point: 0.45 s at 40,000 customers, against a few milliseconds by id). A server
    plans from its statistics (EXPLAIN on the 2,000-customer benchmark: by the primary key)."""
    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement) -> None:
        self.column = column
        self.type = column.type

    @property
    def _from_objects(self):  # the column's table stays in the statement's FROM
        return self.column._from_objects


@compiles(Unindexed)
def _unindexed(element, compiler, **kw):  # pragma: no cover - trivial wiring
    return compiler.process(element.column, **kw)


@compiles(Unindexed, "sqlite")
def _unindexed_in_sqlite(element, compiler, **kw):  # pragma: no cover - trivial wiring
    return "+" + compiler.process(element.column, **kw)


class _UncastInteger(Integer):
    render_bind_cast = False


@compiles(Integer, "postgresql")
def _integer_is_bigint(type_, compiler, **kw):  # pragma: no cover - trivial wiring
    """Money is integer fen: SQLite's INTEGER holds 64 bits, PostgreSQL's only 32 (21,474,836.47 yuan, less than
    one large customer's arrears), so on the server every integer column is BIGINT. Ids stay SERIAL (SQLAlchemy
    makes an autoincrementing key SERIAL by the column's type, not by this rendering); BIGINT refers to them.
    Only a column's definition (``type_expression``) changes; a CAST in a query stays INTEGER."""
    return "BIGINT" if kw.get("type_expression") is not None else compiler.visit_integer(type_, **kw)


@functools.cache
def _whole_numbers_loader():
    """PostgreSQL sums BIGINT fen into NUMERIC (it cannot overflow); the program counts money in int, never
    Decimal, so a NUMERIC without a fraction (every sum and count of fen) comes back as int, as on SQLite.
    The schema has no NUMERIC column; a fraction, should one appear, stays a Decimal."""
    from decimal import Decimal

    from psycopg.adapt import Loader

    class WholeNumbers(Loader):
        def load(self, data):
            text = bytes(data)
            return Decimal(text.decode()) if b"." in text or b"N" in text else int(text)
    return WholeNumbers


# -- a password typed by the user (issue 15: pgui) -----------------------------------------------------------
# A password libpq did not find (PGPASSWORD, ~/.pgpass) is asked for (a dialog, getpass) and kept here, in
# this process's memory only: handed to the driver as a connection argument, never put into the URL (whose
# string form is shown and logged) nor into the environment (which child processes inherit).
_typed_passwords: dict[str, str] = {}


def use_password(target: Path | str | URL, password: str) -> None:
    """Connections to the server ``target`` names use ``password`` from now on (this process only)."""
    url = server_url(target)
    if url is not None:
        _typed_passwords[shown_url(url)] = password


def _typed_password(url: URL) -> dict[str, str]:
    password = _typed_passwords.get(shown_url(url))
    if password is None and url.query:  # issue 15 (pgcity): a city's replica schema, by the city's own URL
        password = _typed_passwords.get(shown_url(url.set(query={})))
    return {"password": password} if password is not None else {}


def server_connect_failure(error: BaseException) -> str | None:
    """Why a connection to the server could not be made, told from libpq's text (it gives no SQLSTATE
    before the server answers): "password_needed" (none given, none in PGPASSWORD or ~/.pgpass),
    "bad_password", "unknown_host", "refused" (nothing listens there), "timeout", "no_database"; None for
    anything else."""
    for cause in (error, getattr(error, "orig", None), error.__cause__):
        if cause is None or not type(cause).__module__.startswith("psycopg"):
            continue
        text = str(cause)
        for marker, kind in _CONNECT_FAILURES:
            if marker in text:
                return kind
    return None


_CONNECT_FAILURES = (("no password supplied", "password_needed"),
                     ("password authentication failed", "bad_password"),
                     ("failed to resolve host", "unknown_host"),
                     ("could not translate host name", "unknown_host"),
                     ("Connection refused", "refused"),
                     ("timeout expired", "timeout"),
                     ('database "', "no_database"),  # FATAL: database "x" does not exist
                     ('role "', "bad_password"))     # FATAL: role "x" does not exist: the same advice


def password_needed(target: Path | str | URL) -> bool:
    """True when the server ``target`` names asks for a password that libpq finds nowhere (nor typed)."""
    url = server_url(target)
    if url is None:
        return False
    engine = _server_engine(url, functions=(), echo=False, read_only=False)
    try:
        with engine.connect():
            return False
    except OperationalError as error:
        return server_connect_failure(error) == "password_needed"
    finally:
        engine.dispose()
