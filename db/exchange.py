"""数据交换: the rows a package carries, written into and read from its payload (an SQLite file).

A branch's package carries, from the branch's own database:
- every row appended to a log table (ledger, collection file, reporting figures, hash chain) since the
  previous package, by id range: those tables are append-only, and SQLite hands out ids in commit order,
  so ``(previous mark, this mark]`` is exactly what is new;
- the rows of the state tables (sites, users, customers, agreements …), which change in place, that were
  inserted or changed since the previous package: triggers note each in ``state_changes`` (an id-range
  log like the others); the whole tables when the previous package's mark is unknown (the first package,
  the first after the upgrade that brought the log, a database rebuilt from the city office's copy) or
  a trigger is missing (a later migration that rebuilds a table drops its triggers);
- the maintained balances of the customers the new rows touched.

The city office keeps each branch's rows in a replica of the branch's database (same ids, so the hash
chains and their root are the branch's own, byte for byte) and applies a payload into it with plain
``INSERT … SELECT`` between attached files, the fastest copy SQLite has.
"""
from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import (
    Column, Connection, Engine, Integer, LargeBinary, MetaData, Table, bindparam, create_engine, delete, func, insert,
    literal, literal_column, or_, select, text, true, union_all, update,
)
from sqlalchemy.orm import Session, defer
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect, insert as upsert
from sqlalchemy.dialects.postgresql import insert as server_upsert  # issue 15 (pgcity): replicas on a server

from db.chain import Chains, broken_links, keep_heads_of, kept_heads_wrong, links
from db.commit_order import PostingsInFlight, writers_stopped
from db.standing import (
    items_whose_balance_moves, recomputed_item_balances, recomputed_repayment_balances, repayments_whose_balance_moves,
)
from db.models import (
    APPEND_ONLY_TABLES, Base, BusinessLine, CityBlacklistEntry, Customer, CustomerTransfer, ExchangePackage, Site,
    StateChange,
)
from db.ledger import refresh_line_balances  # issue 14: snapshots, the queue's figures
from db.collection_state import STATE_SOURCES, keep_collection_state  # issue 14, queue: recomputed from the package
from db.models import SNAPSHOT_TABLES
from db.replicas import PREFIX as REPLICA_PREFIX, replica_exists, replica_schemas  # issue 15 (pgcity)

# Written over (they change in place), in the order their foreign keys need: the rows noted in the state log
# since the previous package, or whole.
STATE_TABLES = ("sites", "branches", "users", "business_lines", "settings", "customers", "credit_applications",
                "agreements", "customer_balances")
STATE_LOG = StateChange.__tablename__
EVERYTHING = "*"  # a note in the state log that asks for every state row
# The triggers that note the changes (migration 0016); a table without both is shipped whole.
STATE_TRIGGERS = tuple(f"{table}_noted_{verb}" for table in STATE_TABLES for verb in ("insert", "update"))
# Shipped by id range, in the order their foreign keys need.
LOG_TABLES = tuple(t.name for t in Base.metadata.sorted_tables if t.name in APPEND_ONLY_TABLES
                   and t.name not in SNAPSHOT_TABLES)  # month-end snapshots stay home: a copy without them replays
# Maintained figures: a package carries the rows its new entries move (format 2; format 1 carried every row of
# each customer it touched).
BALANCES_BY_CUSTOMER = ("item_balances", "repayment_balances")
HEADS = "chain_heads"  # the payload's list of (chain, head digest) for the chains it touched

_tables = Base.metadata.tables
PACKAGE_ALIAS = "pkg"
BLOCK = 1 << 20


@cache
def _in_package(name: str) -> Table:
    """The payload's copy of a table, addressed in the attached file."""
    source = _tables[name]
    return Table(name, MetaData(schema=PACKAGE_ALIAS), *[Column(c.name, c.type) for c in source.columns])


# The payload's list of heads, addressed in the attached file (the payload's own table: ``_HEADS_TABLE``)
_PACKAGE_HEADS = Table(HEADS, MetaData(schema=PACKAGE_ALIAS), Column("chain", Integer), Column("digest", LargeBinary))
_HEADS_TABLE = text(f"CREATE TABLE {PACKAGE_ALIAS}.{HEADS} (chain INTEGER PRIMARY KEY, digest BLOB NOT NULL)")


@contextmanager
def attached(engine: Engine, payload: Path, *, write: bool) -> Iterator[Connection]:
    """A connection to ``engine``'s database with the payload file attached as ``pkg``, in one transaction
    (a write transaction on the main file when ``write``), committed when the block ends without error.
    SQLite attaches only outside a transaction, so it is done on the driver's connection first.
    On a PostgreSQL server (a city office's replica schema, issue 15) the payload's rows are loaded into temporary
    tables of the transaction instead, which the same statements address (``pkg`` is translated to ``pg_temp``)."""
    if engine.dialect.name != "sqlite":
        with _loaded_on_server(engine, payload, write=write) as conn:
            yield conn
        return
    conn = engine.connect()
    raw = conn.connection.driver_connection
    try:
        raw.execute("PRAGMA trusted_schema = OFF")  # a payload's schema is data, never code
        raw.execute(f"ATTACH DATABASE ? AS {PACKAGE_ALIAS}", (str(payload),))
        # A payload is a scratch file (written whole or thrown away, and hashed before it is trusted):
        # no rollback journal, no waiting for the disk.
        raw.execute(f"PRAGMA {PACKAGE_ALIAS}.journal_mode = OFF")
        raw.execute(f"PRAGMA {PACKAGE_ALIAS}.synchronous = OFF")
        try:
            with conn.execution_options(readonly=not write).begin():
                yield conn
        finally:
            if conn.in_transaction():
                conn.rollback()
            raw.execute(f"DETACH DATABASE {PACKAGE_ALIAS}")
    finally:
        conn.close()


# -- a payload applied on a server (issue 15: the city office's replica schemas) ---------------------------------
@contextmanager
def _loaded_on_server(engine: Engine, payload: Path, *, write: bool) -> Iterator[Connection]:
    """A transaction on ``engine``'s server with the payload file's tables as temporary tables (dropped when it
    ends), read from the file with the program's column types (dates, booleans, times as the file stores them)."""
    with engine.connect() as conn:
        conn = conn.execution_options(schema_translate_map={PACKAGE_ALIAS: "pg_temp"}, readonly=not write)
        with conn.begin():
            _load_payload(conn, payload)
            yield conn


def _load_payload(conn: Connection, payload: Path) -> None:
    metadata = MetaData()
    file = create_engine("sqlite+pysqlite://", creator=lambda: sqlite3.connect(
        payload.absolute().as_uri() + "?mode=ro", uri=True, check_same_thread=False))
    try:
        with file.connect() as source:
            present = set(source.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
            for name in (*PAYLOAD_TABLES, HEADS):
                if name not in present:
                    continue
                like = f"LIKE {name}" if name != HEADS else "chain BIGINT PRIMARY KEY, digest BYTEA NOT NULL"
                conn.execute(text(f"CREATE TEMPORARY TABLE {name} ({like}) ON COMMIT DROP"))
                target = _in_package(name) if name != HEADS else Table(
                    HEADS, MetaData(schema=PACKAGE_ALIAS), Column("chain", Integer), Column("digest", LargeBinary))
                columns = [Column(c.name, c.type) for c in target.columns]
                rows = source.execution_options(yield_per=_COPY_BATCH).execute(
                    select(*Table(name, metadata, *columns).columns))
                for batch in rows.mappings().partitions():
                    conn.execute(insert(target), [dict(row) for row in batch])
            conn.execute(text("ANALYZE " + ", ".join(f"pg_temp.{n}" for n in (*PAYLOAD_TABLES, HEADS) if n in present)))
    finally:
        file.dispose()


# The statements below are built once (per table) and run with the marks as parameters: building them
# anew for every package was most of a small package's export and import.
@cache
def _high_water_marks_query():
    return select(*[select(func.coalesce(func.max(_tables[name].c.id), 0)).scalar_subquery().label(name)
                    for name in (*LOG_TABLES, STATE_LOG)])


def high_water_marks(conn: Connection) -> dict[str, int]:
    """The last id of every log table now (the state log's too)."""
    return dict(conn.execute(_high_water_marks_query()).one()._mapping)


_state_log = StateChange.__table__
_triggers = Table("sqlite_master", MetaData(), Column("type"), Column("name"))
# on a server (issue 15, migration 0020): the triggers on the tables of this schema (a replica's is its own)
_server_triggers = Table("pg_trigger", MetaData(schema="pg_catalog"), Column("tgname"), Column("tgrelid"))
_server_tables = Table("pg_class", MetaData(schema="pg_catalog"), Column("oid"), Column("relnamespace"))


@cache
def _state_whole_query(dialect: str = "sqlite"):
    everything = (select(_state_log.c.id).where(_state_log.c.id > _FROM, _state_log.c.id <= _TO,
                                                _state_log.c.table_name == EVERYTHING).exists())
    if dialect == "sqlite":
        triggers = select(func.count()).where(_triggers.c.type == "trigger", _triggers.c.name.in_(STATE_TRIGGERS))
    else:
        triggers = (select(func.count()).select_from(_server_triggers.join(
            _server_tables, _server_tables.c.oid == _server_triggers.c.tgrelid))
            .where(_server_tables.c.relnamespace == literal_column("current_schema()::regnamespace"),
                   _server_triggers.c.tgname.in_(STATE_TRIGGERS)))
    return select(everything | (triggers.scalar_subquery() < len(STATE_TRIGGERS)))


def state_shipped_whole(conn: Connection, marks_from: Mapping[str, int], marks_to: Mapping[str, int]) -> bool:
    """Whether a package must carry the state tables whole rather than the rows noted since ``marks_from``."""
    if STATE_LOG not in marks_from:
        return True
    return bool(conn.execute(_state_whole_query(conn.dialect.name), {"mark_from": marks_from[STATE_LOG],
                                                                     "mark_to": marks_to[STATE_LOG]}).scalar_one())


_FROM, _TO = bindparam("mark_from", type_=Integer), bindparam("mark_to", type_=Integer)
_CHAIN_FROM, _CHAIN_TO = bindparam("chain_from", type_=Integer), bindparam("chain_to", type_=Integer)


# The entries a package carries, by table: the ids after the last package's mark, up to this one's
def _new_rows(name: str):
    table = _tables[name]
    return (select(table).where(table.c.id > bindparam(f"from_{name}", type_=Integer),
                                table.c.id <= bindparam(f"to_{name}", type_=Integer)).subquery())


# The entries whose new rows can move a balance (db/standing: what each balance is recomputed from)
_MOVING = ("arrears_items", "allocations", "write_offs", "reversals", "repayments")


@cache
def _balances_moved_by_package():
    """(items, repayments) whose balance the entries a package carries can move, at the sending branch."""
    return (_ids(items_whose_balance_moves(_new_rows)), _ids(repayments_whose_balance_moves(_new_rows)))


# A balance table is indexed by customer for its open rows only: all of a customer's rows are found through
# the customer's entries (indexed by customer), then by primary key, not by scanning the whole table.
_BALANCED_ENTRIES = {"item_balances": "arrears_items", "repayment_balances": "repayments"}


def _balances_of(name: str, customers):
    table, entries = _tables[name], _tables[_BALANCED_ENTRIES[name]]
    [key] = table.primary_key.columns
    return key.in_(select(entries.c.id).where(entries.c.customer_id.in_(customers)))


@cache
def _payload_create(name: str):
    return text(f"CREATE TABLE {PACKAGE_ALIAS}.{name} AS SELECT * FROM main.{name} WHERE 0")


def _noted_key(table: Table, dialect: str):
    """What a state-change note's ``row_key`` holds for a row of ``table``: SQLite's rowid; on a server
    (migration 0020) the integer key, or the ``hashtext`` of a text key."""
    if dialect == "sqlite":
        return literal_column(f"{table.name}.rowid")
    [key] = table.primary_key.columns
    return key if isinstance(key.type, Integer) else func.hashtext(key)


@cache
def _payload_rows(name: str, whole: bool = True, dialect: str = "sqlite"):
    """``name``'s rows for the payload: a state table whole, or (``whole`` False) its rows noted in the state
    log's id range (mark_from, mark_to]; a log table's id range (mark_from, mark_to]; a balance table's rows
    that the log tables' new rows move (``from_<table>``, ``to_<table>``)."""
    table = _tables[name]
    query = select(*table.columns)
    if name in LOG_TABLES:
        query = query.where(table.c.id > _FROM, table.c.id <= _TO)
    elif name in BALANCES_BY_CUSTOMER:  # the balances the package's entries move (format 2)
        [key] = table.primary_key.columns
        query = query.where(key.in_(_balances_moved_by_package()[BALANCES_BY_CUSTOMER.index(name)]))
    elif not whole:
        noted = select(_state_log.c.row_key).where(_state_log.c.id > _FROM, _state_log.c.id <= _TO,
                                                   _state_log.c.table_name == name)
        query = query.where(_noted_key(table, dialect).in_(noted))
    return query


@cache
def _payload_fill(name: str, whole: bool = True):
    target = _in_package(name)
    return insert(target).from_select([c.name for c in target.columns], _payload_rows(name, whole))


@cache
def _heads_rows():
    last = (select(func.max(links.c.id)).where(links.c.id <= _CHAIN_TO, links.c.chain.in_(
        select(links.c.chain).where(links.c.id > _CHAIN_FROM, links.c.id <= _CHAIN_TO).distinct()))
            .group_by(links.c.chain))
    return select(links.c.chain, links.c.digest).where(links.c.id.in_(last))


@cache
def _payload_heads():
    return insert(_PACKAGE_HEADS).from_select(["chain", "digest"], _heads_rows())


def _fill_params(name: str, marks_from: Mapping[str, int], marks_to: Mapping[str, int]) -> dict[str, int]:
    if name in LOG_TABLES:
        return {"mark_from": marks_from.get(name, 0), "mark_to": marks_to[name]}
    if name in BALANCES_BY_CUSTOMER:
        return {f"{end}_{t}": marks.get(t, 0) for t in _MOVING for end, marks in (("from", marks_from), ("to", marks_to))}
    return {}


def _chain_params(marks_from: Mapping[str, int], marks_to: Mapping[str, int]) -> dict[str, int]:
    return {"chain_from": marks_from.get("ledger_chain", 0), "chain_to": marks_to["ledger_chain"]}


PAYLOAD_TABLES = STATE_TABLES + LOG_TABLES + BALANCES_BY_CUSTOMER


def write_payload(conn: Connection, marks_from: Mapping[str, int], marks_to: Mapping[str, int]) -> dict[str, int]:
    """Fill the attached payload (``empty_payload``'s tables) with what is new after ``marks_from`` up to
    ``marks_to``; returns the row count of each table.

    Forty-odd statements a package, most of them copying nothing (a small package has new rows in a few of
    the log tables): they go straight to the driver, compiled once, and a log table whose id range is empty
    is not asked at all (its table in the payload stays empty, as the copy would have left it)."""
    raw = conn.connection.driver_connection  # SQLite: a server's payload is written by ``_copy_into_file``
    whole = state_shipped_whole(conn, marks_from, marks_to)
    state = {} if whole else {"mark_from": marks_from[STATE_LOG], "mark_to": marks_to[STATE_LOG]}
    counts: dict[str, int] = {}
    for name in PAYLOAD_TABLES:
        params = _fill_params(name, marks_from, marks_to) if name in LOG_TABLES + BALANCES_BY_CUSTOMER else state
        if name in LOG_TABLES and params["mark_from"] >= params["mark_to"]:
            counts[name] = 0
            continue
        counts[name] = _run_on_driver(raw, _payload_fill(name, whole), params)
    _run_on_driver(raw, _payload_heads(), _chain_params(marks_from, marks_to))
    return counts


# A payload's tables, empty, as a file's bytes, by the shape of the database's tables they were made from: made
# once a process, not at every export (creating the forty-odd tables one after another, each CREATE made SQLite
# read the payload's growing schema again: an export's payload took about 6.5 ms, now about 3.8 ms).
_EMPTY_PAYLOADS: dict[tuple, bytes] = {}
_TABLES_SHAPE = "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' ORDER BY name"


def empty_payload(engine: Engine) -> bytes:
    """A payload file with its tables and nothing in them, for ``engine``'s SQLite database: each table as the
    database's own (its columns and their types), and the chain heads' table."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        shape = tuple(raw.execute(_TABLES_SHAPE).fetchall())
        made = _EMPTY_PAYLOADS.get(shape)
        if made is None:  # in a file of its own, read back whole (SQLite's serialize is not in every build)
            with tempfile.TemporaryDirectory(prefix="adx-") as folder:
                empty = Path(folder) / "empty.sqlite3"
                raw.execute(f"ATTACH DATABASE ? AS {PACKAGE_ALIAS}", (str(empty),))
                try:
                    raw.execute(f"PRAGMA {PACKAGE_ALIAS}.journal_mode = OFF")
                    raw.execute(f"PRAGMA {PACKAGE_ALIAS}.synchronous = OFF")
                    raw.execute("BEGIN")  # the tables in one write, not one commit each
                    try:
                        for name in PAYLOAD_TABLES:
                            raw.execute(_payload_create(name).text)
                        raw.execute(_HEADS_TABLE.text)
                        raw.execute("COMMIT")
                    except BaseException:
                        raw.execute("ROLLBACK")
                        raise
                finally:
                    raw.execute(f"DETACH DATABASE {PACKAGE_ALIAS}")
                made = _EMPTY_PAYLOADS[shape] = empty.read_bytes()
    return made


_SQLITE = sqlite_dialect()


@cache
def _driver_sql(statement) -> tuple[str, tuple[str, ...], dict]:
    """A statement built once (the cached ones above) as SQLite's text, the order of its parameters and the
    values it carries itself (a table's name, a constant)."""
    compiled = statement.compile(dialect=_SQLITE)
    return str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params)


def _run_on_driver(raw: sqlite3.Connection, statement, params: Mapping[str, int]) -> int:
    sql, order, own = _driver_sql(statement)
    values = {**own, **params}
    return raw.execute(sql, [values[name] for name in order]).rowcount


EXPORT_WAIT_SECONDS = 60  # for the postings in flight on a server (each is one short transaction)
_COPY_BATCH = 5000


def export_payload(engine: Engine, payload: Path, marks_from: Mapping[str, int]
                   ) -> tuple[dict[str, int], dict[str, int], str]:
    """Write the package's payload file from ``engine``'s database: what is new after ``marks_from``.
    Returns (the marks now, the row count of each table, the integrity root).

    A file: the payload is attached and filled with ``INSERT … SELECT`` in one read transaction. A server
    (issue 15): the marks are fixed in commit order (db/commit_order), the rows are read with Core in one
    snapshot taken at that instant and written into the payload through a separate SQLite connection."""
    if engine.dialect.name == "sqlite":
        payload.write_bytes(empty_payload(engine))
        with attached(engine, payload, write=False) as conn:
            marks_to = high_water_marks(conn)
            return marks_to, write_payload(conn, marks_from, marks_to), integrity_root(conn)
    with engine.connect() as gate, engine.connect() as reader:
        gate = gate.execution_options(readonly=True)
        reader = reader.execution_options(readonly=True, isolation_level="REPEATABLE READ",
                                          postgresql_readonly=True)
        with gate.begin():
            if not writers_stopped(gate, EXPORT_WAIT_SECONDS):
                raise PostingsInFlight(EXPORT_WAIT_SECONDS)
            reader.begin()
            marks_to = high_water_marks(reader)  # the snapshot: taken while no write transaction is open
        try:
            counts = _copy_into_file(reader, payload, marks_from, marks_to)
            root = integrity_root(reader)
        finally:
            reader.rollback()
    return marks_to, counts, root


def _copy_into_file(conn: Connection, payload: Path, marks_from: Mapping[str, int],
                    marks_to: Mapping[str, int]) -> dict[str, int]:
    """The payload's tables, with the column types of the program's own (so dates, booleans and times are stored
    as a branch's SQLite file stores them), filled from ``conn``'s rows."""
    metadata = MetaData()
    targets = {name: Table(name, metadata, *[Column(c.name, c.type) for c in _tables[name].columns])
               for name in PAYLOAD_TABLES}
    heads = Table(HEADS, metadata, Column("chain", Integer, primary_key=True), Column("digest", LargeBinary,
                                                                                     nullable=False))
    file = create_engine("sqlite+pysqlite:///" + str(payload))
    counts: dict[str, int] = {}
    whole = state_shipped_whole(conn, marks_from, marks_to)
    state = {} if whole else {"mark_from": marks_from[STATE_LOG], "mark_to": marks_to[STATE_LOG]}
    try:
        with file.begin() as out:
            metadata.create_all(out)
            for name in PAYLOAD_TABLES:
                params = _fill_params(name, marks_from, marks_to) if name in LOG_TABLES + BALANCES_BY_CUSTOMER \
                    else state
                counts[name] = _copy_rows(conn, out, _payload_rows(name, whole, conn.dialect.name), targets[name],
                                          params)
            _copy_rows(conn, out, _heads_rows(), heads, _chain_params(marks_from, marks_to))
    finally:
        file.dispose()
    return counts


def _copy_rows(conn: Connection, out: Connection, query, target: Table, params: Mapping[str, int]) -> int:
    result = conn.execution_options(yield_per=_COPY_BATCH).execute(query, params)
    count = 0
    for batch in result.mappings().partitions():
        out.execute(insert(target), [dict(row) for row in batch])
        count += len(batch)
    return count


@cache
def _foreign_rows_query():
    """Up to 20 ids per log table of rows whose site is not ``site_id``, in table order then id."""
    parts = []
    for n, name in enumerate(LOG_TABLES):
        table = _in_package(name)
        if "site_id" not in table.c:
            continue
        parts.append(select(literal(n).label("n"), literal(name).label("name"), table.c.id)
                     .where(table.c.site_id != bindparam("site_id")).order_by(table.c.id).limit(20).subquery())
    found = union_all(*[select(part) for part in parts]).subquery()
    return select(found.c.name, found.c.id).order_by(found.c.n, found.c.id)


def payload_rows_from_other_sites(conn: Connection, site_id: int) -> list[tuple[str, int]]:
    """Ledger rows in the payload that the sending site did not write itself (it owns none of them)."""
    return [(name, row_id) for name, row_id in conn.execute(_foreign_rows_query(), {"site_id": site_id})]


@cache
def _append_log(name: str):
    table, source = _tables[name], _in_package(name)
    return insert(table).from_select([c.name for c in table.columns], select(*source.columns))


@cache
def _payload_touched():
    return select(_PACKAGE_HEADS.c.chain).where(_PACKAGE_HEADS.c.chain > 0)


@cache
def _payload_filled():
    """The state and log tables of which the attached payload has rows (one statement for all of them)."""
    return union_all(*[select(literal(name).label("name")).where(select(literal(1)).select_from(_in_package(name))
                                                                 .exists())
                       for name in STATE_TABLES + LOG_TABLES])


def apply_payload(conn: Connection, *, moved_only: bool = True) -> set[int]:
    """Write the attached payload into the main database: state tables over what is there, log rows
    appended with their own ids, the balances it carries written over (``moved_only`` False, format 1: the
    touched customers' balances replaced, those it does not carry removed). Returns the customers touched.
    A table of which the payload has no rows is passed over (most of them, in a day's package: writing
    nothing from each cost a statement each, forty-odd a package)."""
    filled = set(conn.execute(_payload_filled()).scalars())
    for name in STATE_TABLES:
        if name in filled:
            _write_over(conn, name)
    for name in LOG_TABLES:
        if name in filled:
            conn.execute(_append_log(name))
    if links.name in filled:  # the kept heads of its chains: the package's heads (checked after, heads_differing)
        keep_heads_of(conn, _PACKAGE_HEADS)
    touched = _payload_touched()
    for name in BALANCES_BY_CUSTOMER:
        if not moved_only:
            conn.execute(_balances_gone(name))
        _write_over(conn, name)
    refresh_line_balances(conn, touched)  # the overdue queue's per-line figures follow the items' (issue 14)
    # the customers of the package's collection rows: their kept collection state made again here (issue 14, queue)
    keep_collection_state(conn, _package_state_customers())
    conn.execute(delete(_state_log))  # the copy's own notes of the rows just written: it sends no packages
    return {c for (c,) in conn.execute(touched)}


@cache
def _package_state_customers():
    """The customers of the package's collection records, escalation decisions and investigation notes."""
    return union_all(*[select(_in_package(name).c.customer_id) for name in STATE_SOURCES])


@cache
def _balances_gone(name: str):
    """The touched customers' rows of a balance table that the payload no longer has."""
    table, source = _tables[name], _in_package(name)
    [key] = table.primary_key.columns
    return delete(table).where(_balances_of(name, _payload_touched()), key.not_in(select(source.c[key.name])))


def _state_marks(conn: Connection) -> list[int]:
    """The state log's mark in every ledger package this database sent (or, at the city, applied)."""
    table = ExchangePackage.__table__
    found = []
    for (manifest,) in conn.execute(select(table.c.manifest).where(table.c.kind == "ledger")):
        try:
            found.append(int(json.loads(manifest)["marks_to"][STATE_LOG]))
        except (ValueError, KeyError, TypeError):
            continue
    return found


def ship_whole_state_next(conn: Connection) -> None:
    """The next package carries every state row (a database rebuilt from the city office's copy: its state
    log is the copy's, not the one the marks of the packages it holds were taken from). The note goes
    above every mark those packages hold, so the next package's range contains it."""
    last = conn.execute(select(func.coalesce(func.max(_state_log.c.id), 0))).scalar_one()
    conn.execute(insert(_state_log).values(id=max([last, *_state_marks(conn)]) + 1, table_name=EVERYTHING, row_key=0))


def forget_state_changes(conn: Connection, seq: int) -> None:
    """The notes up to the mark of ledger package ``seq`` (acknowledged: no package will be made from them)."""
    table = ExchangePackage.__table__
    manifest = conn.execute(select(table.c.manifest).where(table.c.direction == "out", table.c.kind == "ledger",
                                                           table.c.seq == seq).limit(1)).scalar()
    try:
        mark = int(json.loads(manifest)["marks_to"][STATE_LOG])
    except (ValueError, KeyError, TypeError):
        return
    conn.execute(delete(_state_log).where(_state_log.c.id <= mark))


@cache
def _balances_wrong_queries(only_moved: bool = False):
    touched = _payload_touched()
    moved = _moved_balances() if only_moved else (None, None)
    items = recomputed_item_balances(touched, moved[0]).subquery()
    repayments = recomputed_repayment_balances(touched, moved[1]).subquery()
    ib, rb = _tables["item_balances"], _tables["repayment_balances"]
    return (select(items.c.item_id).select_from(items.outerjoin(ib, ib.c.item_id == items.c.item_id))
            .where(ib.c.open_amount.is_distinct_from(items.c.open_amount)).limit(5),
            select(repayments.c.repayment_id).select_from(
                repayments.outerjoin(rb, rb.c.repayment_id == repayments.c.repayment_id))
            .where(rb.c.unapplied.is_distinct_from(repayments.c.unapplied)).limit(5))


def _ids(compound):
    """The ids of a union, without NULLs (``NOT IN`` a list with a NULL holds for nothing)."""
    part = compound.subquery()
    [column] = part.c
    return select(column).where(column.is_not(None))


@cache
def _moved_balances():
    """(items, repayments) whose balance the payload's new entries can move (db/standing)."""
    return (_ids(items_whose_balance_moves(_in_package)), _ids(repayments_whose_balance_moves(_in_package)))


@cache
def _unexplained_balances_query(moved_only: bool):
    """One balance row the payload would write or remove although none of its entries can move it."""
    touched = _payload_touched()
    parts = []
    for name, moved in zip(BALANCES_BY_CUSTOMER, _moved_balances()):
        table, source = _tables[name], _in_package(name)
        [key] = [c.name for c in table.primary_key.columns]
        others = [c.name for c in table.columns if c.name != key]
        here = table.alias("here")  # both are named like the table: the main database's under another name
        parts.append(select(source.c[key].label("id")).select_from(
            source.outerjoin(here, here.c[key] == source.c[key])).where(
            source.c[key].not_in(moved),
            or_(here.c[key].is_(None), *[here.c[n].is_distinct_from(source.c[n]) for n in others])).limit(1))
        if not moved_only:  # a row it does not carry is one it removes
            parts.append(select(table.c[key].label("id")).where(
                _balances_of(name, touched), table.c[key].not_in(select(source.c[key])),
                table.c[key].not_in(moved)).limit(1))
    return union_all(*[select(part.subquery()) for part in parts]).limit(1)


def balances_moved_unexplained(conn: Connection, *, moved_only: bool = True) -> bool:
    """Before the payload is applied: whether it writes (or, ``moved_only`` False, removes) a balance row that
    none of its entries can move. A package of format 2 carries only the balances its entries move; one of
    format 1 carried every balance of the customers it touched (nearly all as they were), and the touched
    customers' rows it did not carry were removed."""
    return conn.execute(_unexplained_balances_query(moved_only)).first() is not None


def touched_balances_wrong(conn: Connection, *, only_moved: bool = False) -> list[tuple[str, int]]:
    """Balances of the customers the attached payload touched that the entries do not give (after the
    payload is applied): each ``(table, row id)``, at most a few. ``only_moved``: only the balances the
    payload's entries can move are recomputed; the others are as they were before it (checked when they last
    moved), which ``balances_moved_unexplained`` must have found before the payload was applied."""
    items, repayments = _balances_wrong_queries(only_moved)
    wrong = [("item_balances", r) for (r,) in conn.execute(items)]
    wrong += [("repayment_balances", r) for (r,) in conn.execute(repayments)]
    return wrong


@cache
def _write_over_statement(name: str, dialect: str = "sqlite"):
    table, source = _tables[name], _in_package(name)
    names = [c.name for c in table.columns]
    keys = [c.name for c in table.primary_key.columns]
    others = [n for n in names if n not in keys]
    statement = (upsert if dialect == "sqlite" else server_upsert)(table).from_select(
        names, select(*source.columns).where(true()))
    return statement.on_conflict_do_update(
        index_elements=keys, set_={n: statement.excluded[n] for n in others},
        where=or_(*[table.c[n].is_distinct_from(statement.excluded[n]) for n in others]))


def _write_over(conn: Connection, name: str) -> None:
    """The payload's rows of ``name`` over the main database's: new rows inserted, changed rows updated,
    and the rows that are the same left alone (most of them: a package carries whole tables and every
    balance of the customers it touched, and rewriting them all was most of a busy day's import)."""
    conn.execute(_write_over_statement(name, conn.dialect.name))


@cache
def _heads_differing_query():
    heads = _PACKAGE_HEADS
    here = (select(links.c.digest).where(links.c.chain == heads.c.chain).order_by(links.c.id.desc()).limit(1)
            .scalar_subquery())
    return (select(heads.c.chain).where(heads.c.digest.is_distinct_from(here)).order_by(heads.c.chain)
            .limit(bindparam("limit")))


def heads_differing(conn: Connection, limit: int = 20) -> list[int]:
    """The chains whose last link here is not the head the payload carries (one index seek per chain)."""
    return list(conn.execute(_heads_differing_query(), {"limit": limit}).scalars())


_LAST_LINK = select(func.coalesce(func.max(links.c.id), 0))


def last_link(conn: Connection) -> int:
    """The id of the last hash-chain link so far (0 if none)."""
    return conn.execute(_LAST_LINK).scalar_one()


def first_broken_link(conn: Connection, after: int = 0):
    """The first broken link among the links after id ``after`` (all if 0), or None."""
    return next(iter(broken_links(conn, after=after)), None)


def integrity_root(conn: Connection) -> str:
    """The root of the ledger as it stands, from the kept chain heads (what a package carries and is checked
    against)."""
    return Chains(lambda: conn).kept_root()


def sought_root(conn: Connection) -> str:
    """The root of the ledger as it stands, sought from the chains themselves (a seek to each chain's end): for
    the city office's copy of a branch, made and checked against the chains, not against the kept heads the
    copy carries with them."""
    return Chains(lambda: conn).root()


def kept_heads_differing(conn: Connection, after: int) -> list[int]:
    """The chains linked after link ``after`` whose kept head is not their last link (after a package applied:
    its own list of heads, written as the kept ones, left none out). After none (a branch's first package, its
    whole history): every chain, one seek each, rather than gathering the chains of all its links."""
    return kept_heads_wrong(conn, after or None)


# -- the city-wide blacklist ---------------------------------------------------------------------------
# Read from every copy at each of the city office's exports: built once.
_customers, _transfers = Customer.__table__, CustomerTransfer.__table__
_BLACKLISTED = (select(_customers.c.uid, _customers.c.name, _customers.c.id_number)
                .where(_customers.c.status == "blacklisted").order_by(_customers.c.id))
_MOVED_AWAY = (select(_transfers.c.other_site, _customers.c.uid, _customers.c.name, _customers.c.customer_group,
                      _customers.c.contact_person, _customers.c.phone, _customers.c.address, _customers.c.id_number,
                      _transfers.c.transferred_on, _transfers.c.reason)
               .select_from(_transfers.join(_customers, _customers.c.id == _transfers.c.customer_id))
               .where(_transfers.c.direction == "out").order_by(_transfers.c.id))


def blacklisted_customers(conn: Connection) -> list[tuple[bytes, str, str]]:
    """(uid, name, id number) of this database's blacklisted customers."""
    return [tuple(r) for r in conn.execute(_BLACKLISTED)]


def customers_moved_away(conn: Connection) -> dict[str, list[list]]:
    """Customers this database's branch gave up, by the branch each went to: what that branch needs to take
    them on."""
    found: dict[str, list[list]] = {}
    for r in conn.execute(_MOVED_AWAY):
        found.setdefault(r.other_site, []).append([r.uid.hex(), r.name, r.customer_group, r.contact_person, r.phone,
                                                   r.address, r.id_number, r.transferred_on.isoformat(), r.reason])
    return found


def replace_city_blacklist(conn: Connection, rows: Sequence[tuple[str, bytes, str, str]]) -> None:
    table = CityBlacklistEntry.__table__
    conn.execute(delete(table))
    if rows:
        conn.execute(insert(table), [dict(site_code=s, customer_uid=u, name=n, id_number=i) for s, u, n, i in rows])


# -- the record of packages and sites --------------------------------------------------------------------
# What every import and export asks of the record (several times a package), built once.
_LOCAL_SITE = select(Site).where(Site.is_local.is_(True))
_LOCAL_SITE_ROW = select(*Site.__table__.c).where(Site.__table__.c.is_local.is_(True))
_PEER = select(Site).where(Site.code == bindparam("code"), Site.is_local.is_(False))
_PEER_ROW = select(*Site.__table__.c).where(Site.__table__.c.code == bindparam("code"),
                                            Site.__table__.c.is_local.is_(False))
# Without the package's file kept for sending again (a branch's is the whole package): its number, digest and
# manifest are what is asked for at every export.
_LAST_OUT = (select(ExchangePackage).where(ExchangePackage.direction == "out", ExchangePackage.kind == bindparam("kind"))
             .order_by(ExchangePackage.seq.desc()).limit(1).options(defer(ExchangePackage.content, raiseload=True)))
_LAST_OUT_TO = (select(ExchangePackage).where(ExchangePackage.direction == "out",
                                              ExchangePackage.kind == bindparam("kind"),
                                              ExchangePackage.site_code == bindparam("addressee"))
                .order_by(ExchangePackage.seq.desc()).limit(1).options(defer(ExchangePackage.content, raiseload=True)))
_packages = ExchangePackage.__table__  # a few columns are read on the table itself: no ORM entities to load
_RECEIVED = select(_packages.c.seq, _packages.c.sha256, _packages.c.state).where(
    _packages.c.direction == "in", _packages.c.kind == bindparam("kind"),
    _packages.c.site_code == bindparam("sender"), _packages.c.state.in_(["applied", "held"]))
_HELD = (select(ExchangePackage).where(ExchangePackage.direction == "in", ExchangePackage.site_code == bindparam("sender"),
                                       ExchangePackage.seq == bindparam("seq"), ExchangePackage.state == "held")
         .order_by(ExchangePackage.id).limit(1))
_CITY = select(Site).where(Site.kind == "city", Site.is_local.is_(False))
_SENT_SHA256 = (select(_packages.c.sha256).where(_packages.c.direction == "out", _packages.c.kind == bindparam("kind"),
                                                 _packages.c.seq == bindparam("seq"))
                .order_by(_packages.c.id.desc()).limit(1))
_UNACKNOWLEDGED = (select(ExchangePackage).where(ExchangePackage.direction == "out",
                                                 ExchangePackage.kind == bindparam("kind"),
                                                 ExchangePackage.state == "sent")
                   .order_by(ExchangePackage.seq).options(defer(ExchangePackage.content, raiseload=True)))
_NO_CONTENT = select(_packages.c.content.is_(None)).where(_packages.c.id == bindparam("package"))
_ACKNOWLEDGED = update(_packages).where(
    _packages.c.direction == "out", _packages.c.kind == bindparam("b_kind"), _packages.c.state == "sent",
    _packages.c.seq <= bindparam("b_seq")).values(state="acknowledged", content=None)
_BLACKLISTED_BY_NUMBER = select(CityBlacklistEntry).where(CityBlacklistEntry.id_number == bindparam("number")).limit(1)
_BLACKLISTED_BY_NAME = select(CityBlacklistEntry).where(CityBlacklistEntry.name == bindparam("name")).limit(1)
# The package just applied: its held copy done with, or its record added (every package applied at the city office).
_HELD_NOW_APPLIED = update(_packages).where(
    _packages.c.direction == "in", _packages.c.site_code == bindparam("b_site"), _packages.c.seq == bindparam("b_seq"),
    _packages.c.state == "held").values(state="applied", content=None, reason=None,
                                        handled_at=bindparam("b_handled_at", type_=_packages.c.handled_at.type))


class ExchangeBook:
    """交换登记簿: the sites this one exchanges with and the packages it made and received."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def local_site(self) -> Site | None:
        return self.session.scalar(_LOCAL_SITE)

    def local_site_row(self):
        """The local site's columns, read only (a row, not an entity: every export and import begins with it)."""
        return self.session.execute(_LOCAL_SITE_ROW).first()

    def peer(self, code: str) -> Site | None:
        return self.session.scalar(_PEER, {"code": code})

    def peer_row(self, code: str):
        """``peer`` for reading only: its columns, no entity (every file imported is checked against it)."""
        return self.session.execute(_PEER_ROW, {"code": code}).first()

    def city(self) -> Site | None:
        return self.session.scalar(_CITY)

    def peers(self, *, kind: str | None = None, active: bool = False) -> list[Site]:
        query = select(Site).where(Site.is_local.is_(False))
        if kind is not None:
            query = query.where(Site.kind == kind)
        if active:
            query = query.where(Site.revoked_at.is_(None))
        return list(self.session.scalars(query.order_by(Site.code)))

    # issue 15 (pgcity): a city office on a server keeps each branch's replica as a schema of its database
    def replica_exists(self, code: str) -> bool:
        return replica_exists(self.session.connection(), code)

    def replica_codes(self) -> list[str]:
        return [name[len(REPLICA_PREFIX):].upper() for name in replica_schemas(self.session.connection())]

    def last_out(self, kind: str, addressee: str | None = None) -> ExchangePackage | None:
        if addressee is None:
            return self.session.scalar(_LAST_OUT, {"kind": kind})
        return self.session.scalar(_LAST_OUT_TO, {"kind": kind, "addressee": addressee})

    def sent_sha256(self, kind: str, seq: int) -> str | None:
        """The manifest digest of the package ``seq`` this site sent (None if it sent none)."""
        return self.session.scalar(_SENT_SHA256, {"kind": kind, "seq": seq})

    def unacknowledged(self, kind: str) -> list[ExchangePackage]:
        """Without their content (see ``content_blocks``)."""
        return list(self.session.scalars(_UNACKNOWLEDGED, {"kind": kind}))

    # A package file of a whole history is hundreds of MB: it goes in and out in blocks, never whole.
    def keep_file(self, package_id: int, path: Path) -> None:
        """The file's bytes as the content of package ``package_id`` (incremental blob I/O)."""
        table = ExchangePackage.__table__
        conn = self.session.connection()
        if conn.dialect.name != "sqlite":  # a server (issue 15): one bytea value, sent whole
            conn.execute(update(table).where(table.c.id == package_id).values(content=path.read_bytes()))
            return
        conn.execute(update(table).where(table.c.id == package_id).values(content=func.zeroblob(path.stat().st_size)))
        with conn.connection.driver_connection.blobopen(table.name, "content", package_id) as blob, \
                path.open("rb") as fh:
            for block in iter(lambda: fh.read(BLOCK), b""):
                blob.write(block)

    def content_blocks(self, package_id: int) -> Iterator[bytes]:
        table = ExchangePackage.__table__
        conn = self.session.connection()
        if conn.execute(_NO_CONTENT, {"package": package_id}).scalar_one():
            return
        if conn.dialect.name != "sqlite":  # a server (issue 15): the value in slices
            size = conn.execute(select(func.length(table.c.content)).where(table.c.id == package_id)).scalar_one()
            for start in range(0, size, BLOCK):
                yield conn.execute(select(func.substring(table.c.content, start + 1, BLOCK))
                                   .where(table.c.id == package_id)).scalar_one()
            return
        with conn.connection.driver_connection.blobopen(table.name, "content", package_id, readonly=True) as blob:
            yield from iter(lambda: blob.read(BLOCK), b"")

    def acknowledge_up_to(self, kind: str, seq: int) -> None:
        # on the table: the use case reads no package of the session again after this (none to bring up to date)
        self.session.connection().execute(_ACKNOWLEDGED, {"b_kind": kind, "b_seq": seq})
        if kind == "ledger" and seq:
            forget_state_changes(self.session.connection(), seq)

    def received(self, sender: str, kind: str) -> list[tuple[int, str, str]]:
        """(seq, digest, state) of what came from ``sender`` and was applied or is held."""
        return [tuple(r) for r in self.session.execute(_RECEIVED, {"kind": kind, "sender": sender})]

    def held(self, sender: str, seq: int) -> ExchangePackage | None:
        return self.session.scalar(_HELD, {"sender": sender, "seq": seq})

    def packages(self) -> list[ExchangePackage]:
        return list(self.session.scalars(select(ExchangePackage).order_by(ExchangePackage.handled_at.desc(),
                                                                           ExchangePackage.id.desc())))

    def business_lines(self) -> list[list[str]]:
        return [[b.code, b.name, b.sector] for b in self.session.scalars(select(BusinessLine).order_by(BusinessLine.id))]

    def take_business_lines(self, site_id: int, lines: Sequence[Sequence[str]]) -> list[str]:
        """The business lines as the city office has them ((code, name, sector): added, or renamed), read in one
        query (every city package carries them all); returns the codes of those that changed."""
        here = {line.code: line for line in self.session.scalars(select(BusinessLine))}
        changed = []
        for code, name, sector in lines:
            line = here.get(code)
            if line is None:
                here[code] = line = BusinessLine(site_id=site_id, code=code, name=name, sector=sector)
                self.session.add(line)
                changed.append(code)
            elif (line.name, line.sector) != (name, sector):
                line.name, line.sector = name, sector
                changed.append(code)
        return changed

    def blacklist_entry(self, name: str, id_number: str) -> CityBlacklistEntry | None:
        if id_number:
            return self.session.scalar(_BLACKLISTED_BY_NUMBER, {"number": id_number})
        return self.session.scalar(_BLACKLISTED_BY_NAME, {"name": name})

    @staticmethod
    def payload_sender_site(conn: Connection) -> int | None:
        sites = _in_package("sites")
        return conn.execute(select(sites.c.id).where(sites.c.is_local.is_(True))).scalar()


def record_applied(conn: Connection, **values) -> None:
    """The package just applied, in the same transaction as its rows; a held copy of it is done with."""
    done = conn.execute(_HELD_NOW_APPLIED, {"b_site": values["site_code"], "b_seq": values["seq"],
                                            "b_handled_at": values["handled_at"]})
    if done.rowcount == 0:
        conn.execute(insert(_packages), dict(state="applied", direction="in", reason=None, content=None, **values))


def become_branch_copy(conn: Connection, city_code: str) -> int:
    """A city office's copy turned back into the branch's own database: the packages the city applied
    become this branch's packages sent and acknowledged; nothing else the city noted about them stays.
    Returns the last package number."""
    table = ExchangePackage.__table__
    conn.execute(delete(table).where(table.c.state != "applied"))
    conn.execute(update(table).values(direction="out", site_code=city_code, state="acknowledged", reason=None,
                                      content=None))
    return conn.execute(select(func.coalesce(func.max(table.c.seq), 0))).scalar_one()


def mark_resent(conn: Connection, seq: int, city_code: str, content: bytes) -> None:
    """An own package applied again while rebuilding: it is this branch's, sent and not yet acknowledged."""
    table = ExchangePackage.__table__
    conn.execute(update(table).where(table.c.direction == "in", table.c.seq == seq).values(
        direction="out", site_code=city_code, state="sent", content=content))
