"""What was open on a day, read many times within one transaction.

``db.standing.open_items_as_of`` decides where open amounts come from (the maintained ``item_balances``
for today, a replay of the entries for a past day). A replay is a heavy query; the overdue queue and a
batch of notices read it once per customer, so for a past day it is kept here, for the transaction,
in an indexed temporary table with the columns of ``item_balances``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import Column, ColumnElement, FromClause, Index, MetaData, Table, insert, literal_column, select
from sqlalchemy.orm import Session

from db.standing import OPEN_ITEM_COLUMNS, HeldSnapshot, item_balances, open_items_as_of


def is_open(source: FromClause) -> ColumnElement[bool]:
    """Something is still open on the item. Written with a literal 0, not a bound parameter: SQLite picks
    the partial index ``ix_item_balances_open`` (WHERE open_amount > 0) by matching this very term, and
    with a parameter it plans some of the queue's joins far worse."""
    return source.c.open_amount > literal_column("0")


def _temporary_table() -> Table:
    return Table("open_items_as_of", MetaData(),
                 *[Column(name, item_balances.c[name].type) for name in OPEN_ITEM_COLUMNS],
                 prefixes=["TEMPORARY"])


class OpenItemsAsOf:
    """``open_items(as_of)`` -> the table to read open amounts from on that day (columns as
    ``item_balances``). One per unit of work: a temporary table left on a pooled connection by an
    earlier transaction is never trusted, it is made afresh on first use."""

    def __init__(self, session: Session, today: Callable[[], date],
                 held: Callable[[], Sequence[HeldSnapshot]] = tuple) -> None:
        self._session = session
        self._today = today
        self.held = held  # the month-end snapshots a past day starts from
        self._table: Table | None = None
        self._as_of: date | None = None

    def __call__(self, as_of: date) -> FromClause:
        source = open_items_as_of(as_of, self._today(), self.held)  # the snapshots read for a past day only
        if source is item_balances:
            return source
        if self._table is None or self._as_of != as_of:
            self._table = self._materialize(source)
            self._as_of = as_of
        return self._table

    def _materialize(self, replay: FromClause) -> Table:
        conn = self._session.connection()
        table = _temporary_table()
        table.drop(conn, checkfirst=True)
        table.create(conn)
        conn.execute(insert(table).from_select(list(OPEN_ITEM_COLUMNS), select(*replay.c)))
        # Indexed once filled (cheaper than keeping an index up to date row by row), like item_balances.
        Index("ix_open_items_as_of_customer", table.c.customer_id, table.c.due_date).create(conn)
        return table
