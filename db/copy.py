"""Copying a whole ArrearsDesk database into a new, empty one of the same schema (issue 15: a branch's
SQLite file moved onto a database server): every row of every table, ids included, table by table in the
order their foreign keys need, in the target's one transaction. Rows are read as values (dates, times,
integer fen, bytes) and written the way the ledger writes its entries (``db.bulk.insert_rows``), so the
target's driver stores them in its own types; the append-only triggers refuse UPDATE and DELETE, never
INSERT. A server numbers new rows from sequences, which a copy with ids leaves behind: they are moved
past the largest id afterwards."""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import Table, delete, func, literal, select
from sqlalchemy.orm import Session

from db.bulk import insert_rows, sequence_past_ids
from db.models import Base

# Rows per read and per insert: memory stays bounded whatever the size of the ledger.
BATCH = 20_000

Progress = Callable[[str, int], None]  # (table, rows copied so far)


class TableCount(NamedTuple):
    table: str
    rows: int


# Rows the schema keeps by itself: the day the per-line overdue figures are kept as of (the migration writes
# it) and the exchange's note of changed state rows (triggers write it while the copy inserts). The target's
# are replaced by the source's, the notes last, after every insert that noted something.
KEPT_BY_THE_SCHEMA = ("line_balances_day", "state_changes")


def tables() -> list[Table]:
    """Every table of the schema, each after the tables it refers to (the state-change notes last)."""
    ordered = list(Base.metadata.sorted_tables)
    return [t for t in ordered if t.name != "state_changes"] + [t for t in ordered if t.name == "state_changes"]


def row_counts(session: Session) -> list[TableCount]:
    return [TableCount(table.name, session.scalar(select(func.count()).select_from(table))) for table in tables()]


def first_filled(session: Session) -> TableCount | None:
    """The first table with any row (None: an empty database, as migrating leaves it)."""
    for table in tables():
        if table.name in KEPT_BY_THE_SCHEMA:
            continue
        if session.execute(select(literal(1)).select_from(table).limit(1)).first() is not None:
            return TableCount(table.name, session.scalar(select(func.count()).select_from(table)))
    return None


def copy_rows(source: Session, target: Session, progress: Progress | None = None) -> list[TableCount]:
    """Every row of ``source`` into ``target`` (in its open transaction; the caller commits), in primary-key
    order so rows referring to earlier rows of their own table (a correction's ``corrects_id``) follow them."""
    copied = []
    into = target.connection()
    for table in tables():
        columns = tuple(table.c.keys())
        done = 0
        if table.name in KEPT_BY_THE_SCHEMA:
            into.execute(delete(table))
        query = select(table).order_by(*table.primary_key.columns)
        for page in source.connection().execution_options(yield_per=BATCH).execute(query).partitions():
            insert_rows(into, table, columns, [tuple(row) for row in page])
            done += len(page)
            if progress is not None:
                progress(table.name, done)
        copied.append(TableCount(table.name, done))
    _sequences_past_copied_ids(target)
    return copied


def _sequences_past_copied_ids(target: Session) -> None:
    """On a server, each table's id sequence starts after the largest id copied."""
    conn = target.connection()
    for table in tables():
        sequence_past_ids(conn, table)
