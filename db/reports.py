"""Reads for the reports and the dashboard (SQLAlchemy Core): aging, its items, the movement of arrears
and its causes, the daily business, the revenue ratio, handler assessment, the long-overdue list, the
reconciliation with finance and the month-end figures.

"Not reversed" and "open as of a day" come from ``db.standing``; so does the choice between the
maintained balances and a replay of the entries. Aging buckets arrive as edges on the stored column
(``app.domain.aging.bucket_edges``): the SQL compares stored values and does no date arithmetic.
Rows come back as plain tuples; names and codes as stored; the words around them are the app's.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from contextlib import contextmanager
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement, FromClause, Select, and_, case, func, literal_column, null, or_, select, union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from db.figures import latest_revenue_rows
from db.models import (
    Allocation, ArrearsItem, Branch, BusinessLine, Customer, ExchangePackage, ExternalTotal, Investigation,
    ItemBalance, Recovery, Repayment, User, WriteOff,
)
from db.chain import RECORDED_AT
from db.engine import STREAMING_CACHE_MIB, set_cache_size, set_temp_store
from db.clearance import responsible_now
from db.standing import (
    HeldSnapshot, item_reversals, item_stands, offset_stands, open_amounts_as_of, open_amounts_replayed,
    open_items_as_of, open_items_replayed,
    repayment_reversals, replayed_open_items,
)

items = ArrearsItem.__table__
allocations = Allocation.__table__
write_offs = WriteOff.__table__
customers = Customer.__table__
lines = BusinessLine.__table__
users = User.__table__
branches = Branch.__table__
repayments = Repayment.__table__
investigations = Investigation.__table__
external_totals = ExternalTotal.__table__
item_balances = ItemBalance.__table__
packages = ExchangePackage.__table__

# An aging grouping (the app's AgingGrouping values) -> the open-items column it groups by.
GROUP_COLUMNS = {"customer": "customer_id", "business_line": "business_line_id", "handler": "handler_id",
                 "branch": "branch_id"}
# ... and where its name and code are.
_LABELS = {"customer": (customers, "name", "code"), "business_line": (lines, "name", "code"),
           "handler": (users, "display_name", "username"), "branch": (branches, "name", "code")}
# Constants written into the SQL, not bound: the planner and the per-row CASE see a literal (measurably faster).
ZERO = literal_column("0")
MOVEMENT_PARTS = ("opening", "incurred", "collected", "written_off", "reversed", "closing")


def band_conditions(column: ColumnElement, edges: Sequence) -> list[ColumnElement[bool]]:
    """One condition per aging bucket, from the buckets' edges (newest first)."""
    conditions = [column >= edges[0]]
    conditions += [and_(column < edges[k - 1], column >= edges[k]) for k in range(1, len(edges))]
    conditions.append(column < edges[-1])
    return conditions


def band_number(column: ColumnElement, edges: Sequence) -> ColumnElement[int]:
    """The aging bucket (0 = newest) of each row: the same buckets as ``band_conditions``."""
    return case(*[(column >= edge, k) for k, edge in enumerate(edges)], else_=len(edges))


def aging_figures(source: FromClause, grouping: str, column: str, edges: Sequence, per_item: bool = True) -> Select:
    """(key, total, one sum per bucket …) per group of the open items in ``source``: one pass over the
    open rows, one SUM per bucket. Rows that are not one per item (``OpenAmounts.per_item``) are only added
    up: a group whose rows come to nothing open is left out after the sum, not row by row."""
    amount = source.c.open_amount
    sums = [func.sum(case((c, amount), else_=ZERO)).label(f"b{k}")
            for k, c in enumerate(band_conditions(source.c[column], edges))]
    if grouping == "customer_group":
        key = customers.c.customer_group
        statement = (select(key.label("g"), func.sum(amount).label("total"), *sums)
                     .select_from(source.join(customers, customers.c.id == source.c.customer_id)).group_by(key))
    else:
        key = source.c[GROUP_COLUMNS[grouping]]
        statement = select(key.label("g"), func.sum(amount).label("total"), *sums).group_by(key)
    return only_open(statement, source, per_item)


def only_open(summed: Select, source: FromClause, per_item: bool) -> Select:
    """``summed`` (sums of ``source.open_amount`` by item columns) kept to what is open: row by row where each row
    is an item (an index of the open items serves it), else group by group, after the sum."""
    amount = source.c.open_amount
    return summed.where(amount > ZERO) if per_item else summed.having(func.sum(amount) > ZERO)


def aging_statement(source: FromClause, grouping: str, column: str, edges: Sequence, per_item: bool = True) -> Select:
    """``aging_figures`` with each group's name and code, biggest first."""
    figures = aging_figures(source, grouping, column, edges, per_item).subquery("figures")
    if grouping == "customer_group":
        return select(*figures.c, null().label("name"), null().label("code")).order_by(figures.c.total.desc())
    table, name, code = _LABELS[grouping]
    return (select(*figures.c, table.c[name].label("name"), table.c[code].label("code"))
            .select_from(figures.outerjoin(table, table.c.id == figures.c.g))
            .order_by(figures.c.total.desc(), table.c[name]))


def plain_rows(connection: Connection, statement: Select) -> list[tuple]:
    """Every row of ``statement`` as a plain tuple, typed as SQLAlchemy types it (dates as dates), without
    a Row object per row: the way for tens of thousands of rows. Only the columns whose type converts
    results (on SQLite: dates) are touched."""
    dialect = connection.dialect
    convert = [(i, processor) for i, column in enumerate(statement.selected_columns)
               if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None]
    result = connection.execute(statement)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    if not convert:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for i, processor in convert:
            row[i] = processor(row[i])
        out.append(tuple(row))
    return out


def streamed_rows(connection: Connection, statement: Select, batch: int = 5_000) -> Iterator[tuple]:
    """``plain_rows`` as a stream: SQLite steps through the result as it is read, ``batch`` rows at a time,
    so a million rows are never in memory at once. Consume it inside the transaction that made it."""
    dialect = connection.dialect
    convert = [(i, processor) for i, column in enumerate(statement.selected_columns)
               if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None]
    result = connection.execute(statement)
    cursor = result.cursor
    try:
        while rows := cursor.fetchmany(batch):
            if not convert:
                yield from rows
                continue
            for row in rows:
                row = list(row)
                for i, processor in convert:
                    row[i] = processor(row[i])
                yield tuple(row)
    finally:
        result.close()


class DailyLine(NamedTuple):
    """One line of the 营业日报单: on ``day`` (posting day), ``count`` entries of ``kind`` came to ``amount``
    fen (negative for what undoes an earlier entry: a reversal, a bounce); business line, person (the
    item's handler, the money's receiver) and payment method as far as the kind has them."""
    day: date
    kind: str
    business_line: str | None
    person: str | None
    method: str | None
    count: int
    amount: int


def _posted(table, since: datetime, until: datetime) -> tuple[ColumnElement, ColumnElement[bool]]:
    """A table's posting day (the date of its own recording time) and "posted in [since, until)"."""
    at = table.c[RECORDED_AT[table.name]]
    return func.date(at), and_(at >= since, at < until)


def _incurred(since: datetime, until: datetime) -> Select:
    day, posted = _posted(items, since, until)
    return (select(day, lines.c.name, users.c.display_name, null(), func.count(), func.sum(items.c.amount))
            .select_from(items.join(lines, lines.c.id == items.c.business_line_id)
                         .join(users, users.c.id == items.c.handler_id))
            .where(posted).group_by(day, lines.c.name, users.c.display_name))


def _item_reversed(since: datetime, until: datetime) -> Select:
    r = item_reversals().subquery()
    day, posted = func.date(r.c.posted_at), and_(r.c.posted_at >= since, r.c.posted_at < until)
    return (select(day, lines.c.name, users.c.display_name, null(), func.count(), -func.sum(items.c.amount))
            .select_from(r.join(items, items.c.id == r.c.item_id)
                         .join(lines, lines.c.id == items.c.business_line_id)
                         .join(users, users.c.id == items.c.handler_id))
            .where(posted).group_by(day, lines.c.name, users.c.display_name))


def _paid_in(since: datetime, until: datetime) -> Select:
    day, posted = _posted(repayments, since, until)
    return (select(day, null(), users.c.display_name, repayments.c.method, func.count(),
                   func.sum(repayments.c.amount))
            .select_from(repayments.join(users, users.c.id == repayments.c.received_by_id))
            .where(posted).group_by(day, users.c.display_name, repayments.c.method))


def _bounced(since: datetime, until: datetime) -> Select:
    r = repayment_reversals().subquery()
    day, posted = func.date(r.c.posted_at), and_(r.c.posted_at >= since, r.c.posted_at < until)
    return (select(day, null(), users.c.display_name, repayments.c.method, func.count(),
                   -func.sum(repayments.c.amount))
            .select_from(r.join(repayments, repayments.c.id == r.c.repayment_id)
                         .join(users, users.c.id == repayments.c.received_by_id))
            .where(posted).group_by(day, users.c.display_name, repayments.c.method))


def _recovered(since: datetime, until: datetime) -> Select:
    """收回已核销坏账: money on a written-off item (postal 18(三)), on the day it was booked."""
    recoveries = Recovery.__table__
    day, posted = _posted(recoveries, since, until)
    return (select(day, lines.c.name, users.c.display_name, recoveries.c.method, func.count(),
                   func.sum(recoveries.c.amount))
            .select_from(recoveries.join(items, items.c.id == recoveries.c.arrears_item_id)
                         .join(lines, lines.c.id == items.c.business_line_id)
                         .join(users, users.c.id == recoveries.c.received_by_id))
            .where(posted).group_by(day, lines.c.name, users.c.display_name, recoveries.c.method))


# The kinds of line on the daily report, in the report's order, each a statement of (posting day, business
# line, person, method, count, fen) for entries posted in [since, until). Another kind of entry (e.g. a
# recovery of written-off debt) is one more statement here and its words in ``app.reports.words``.
DAILY_LINES: dict[str, Callable[[datetime, datetime], Select]] = {
    "incurred": _incurred, "item_reversed": _item_reversed, "paid_in": _paid_in, "bounced": _bounced,
    "recovered": _recovered,
}


@lru_cache(maxsize=128)
def _movement_statements(start: date, end: date, by: str, held: tuple[HeldSnapshot, ...]) -> tuple[tuple[str, Select], ...]:
    """(part, statement) of ``Reports.movement``, each part from the entries by its own route: built once per
    period asked (a month's close, verify's check of every closed month, the city office's copy of the branch
    ask the same periods again; building them cost more than running them on a branch's file)."""
    before = start - timedelta(days=1)
    found: list[tuple[str, Select]] = []

    def add(part: str, statement: Select) -> None:
        found.append((part, statement))

    for part, day in (("opening", before), ("closing", end)):
        o = open_amounts_replayed(day, held, (by,)).subquery()
        add(part, select(o.c[by], func.sum(o.c.open_amount)).group_by(o.c[by]))
    add("incurred", select(items.c[by], func.sum(items.c.amount))
        .where(items.c.business_date.between(start, end)).group_by(items.c[by]))
    offsets = allocations.join(items, items.c.id == allocations.c.arrears_item_id)
    add("collected", select(items.c[by], func.sum(allocations.c.amount)).select_from(offsets)
        .where(allocations.c.effective_on.between(start, end), offset_stands(allocations, end))
        .group_by(items.c[by]))
    # A repayment that bounced in the period re-opens what it had closed before the period.
    bounced = repayment_reversals().subquery()
    add("collected", select(items.c[by], -func.sum(allocations.c.amount))
        .select_from(offsets.join(bounced, bounced.c.repayment_id == allocations.c.repayment_id))
        .where(allocations.c.effective_on < start, bounced.c.reversed_on.between(start, end),
               item_stands(allocations.c.arrears_item_id, end))
        .group_by(items.c[by]))
    add("written_off", select(items.c[by], func.sum(write_offs.c.amount))
        .select_from(write_offs.join(items, items.c.id == write_offs.c.arrears_item_id))
        .where(write_offs.c.written_off_on.between(start, end)).group_by(items.c[by]))
    # A reversed item leaves with what was open on it when the period began (or all of it, if new).
    reversed_ = item_reversals().subquery()
    opening = open_items_replayed(before, held).subquery()
    add("reversed", select(items.c[by], func.sum(case((items.c.business_date >= start, items.c.amount),
                                                      else_=func.coalesce(opening.c.open_amount, ZERO))))
        .select_from(reversed_.join(items, items.c.id == reversed_.c.item_id)
                     .outerjoin(opening, opening.c.item_id == items.c.id))
        .where(reversed_.c.reversed_on.between(start, end), items.c.business_date <= end)
        .group_by(items.c[by]))
    # 收回已核销坏账 (writeoff): money on written-off items, a line of its own outside the balance.
    recoveries = Recovery.__table__
    add("recovered", select(items.c[by], func.sum(recoveries.c.amount))
        .select_from(recoveries.join(items, items.c.id == recoveries.c.arrears_item_id))
        .where(recoveries.c.received_on.between(start, end)).group_by(items.c[by]))
    return tuple(found)


class Reports:
    def __init__(self, session: Session, held: Callable[[], Sequence[HeldSnapshot]] = tuple) -> None:
        self._session = session
        self._held = held  # the month-end snapshots a past day starts from (db.standing)

    def _rows(self, statement) -> list:
        # Core straight on the connection, no ORM on the way.
        return self._session.connection().execute(statement).all()

    # -- aging -----------------------------------------------------------------------------------------

    def aging(self, as_of: date, today: date, grouping: str, column: str, edges: Sequence) -> list:
        """See ``aging_statement``; ``column`` is ``due_date`` or ``billing_period``."""
        keys = (GROUP_COLUMNS.get(grouping, "customer_id"), column)  # a customer group: by customer, then joined
        source, per_item = open_amounts_as_of(as_of, today, self._held(), keys)
        return plain_rows(self._session.connection(), aging_statement(source, grouping, column, edges, per_item))

    def aging_cells(self, as_of: date, today: date, column: str, edges: Sequence) -> list[tuple]:
        """(customer id, business line id, handler id, branch id, one sum per bucket …) of the items open
        at ``as_of``: one pass over the open items, fine enough for every grouping but the customer group
        to be summed from it (the customer's group: ``customer_groups``)."""
        grouped = [GROUP_COLUMNS[g] for g in ("customer", "business_line", "handler", "branch")]
        o, per_item = open_amounts_as_of(as_of, today, self._held(), (*grouped, column))
        amount = o.c.open_amount
        keys = [o.c[name] for name in grouped]
        sums = [func.sum(case((c, amount), else_=ZERO)) for c in band_conditions(o.c[column], edges)]
        return plain_rows(self._session.connection(), only_open(select(*keys, *sums).group_by(*keys), o, per_item))

    def labels(self, grouping: str) -> dict[Any, tuple[str, str]]:
        """key -> (name, code) of an aging grouping's rows (customers, business lines, handlers, branches)."""
        table, name, code = _LABELS[grouping]
        return {key: (n, c) for key, n, c in plain_rows(self._session.connection(),
                                                        select(table.c.id, table.c[name], table.c[code]))}

    def customer_groups(self) -> dict[int, str]:
        """customer id -> customer group (客户群)."""
        return dict(plain_rows(self._session.connection(), select(customers.c.id, customers.c.customer_group)))

    def aging_details(self, as_of: date, today: date, column: str, edges: Sequence, *,
                      group: tuple[str, Any] | None = None, bucket: int | None = None) -> list:
        """Every item open at ``as_of``: (customer code, name, group, business line, handler, branch, voucher,
        business date, billing period, due date, open amount, item id, bucket), by customer code and date;
        only one group (``("handler", 7)``, ``("customer_group", "public")`` …) and bucket if given."""
        return plain_rows(self._session.connection(), self._aging_details(as_of, today, column, edges, group, bucket))

    def aging_details_streamed(self, as_of: date, today: date, column: str, edges: Sequence) -> tuple[int, int, Iterator]:
        """(how many, their open total, the rows of ``aging_details`` as a stream): for an export of every
        open item, read in chunks while it is written (consume the stream in this transaction, inside
        ``streaming()``, which keeps the sort of the rows on disk and the memory bounded)."""
        stmt = self._aging_details(as_of, today, column, edges, None, None)
        inner = stmt.subquery()
        count, total = self._session.connection().execute(
            select(func.count(), func.coalesce(func.sum(inner.c.open_amount), 0))).one()
        return count, total, streamed_rows(self._session.connection(), stmt)

    @contextmanager
    def streaming(self) -> Iterator[None]:
        """For an export that streams every open item (``aging_details_streamed``), the whole of it: SQLite sorts in
        temporary files rather than in memory (the app's setting: the sort of a million rows would grow with them),
        and its page cache, which also bounds the in-memory part of its sorts, is held to ``STREAMING_CACHE_MIB``;
        the export reads sequentially and costs its time in the workbook, not in the cache. Both are set back on
        the connection afterwards, however the export ends (cancelled included): the pool hands it to the screens
        next."""
        conn = self._session.connection()
        on_disk = set_temp_store(conn, "FILE")  # before the transaction's first sort opens temporary storage
        previous = set_cache_size(conn, -1024 * STREAMING_CACHE_MIB)
        try:
            yield
        finally:
            try:
                if previous is not None:
                    set_cache_size(conn, previous)
                back = not on_disk or set_temp_store(conn, "MEMORY")
            except Exception:  # noqa: BLE001 - the export's own outcome (or error) is what the caller gets
                logging.getLogger(__name__).warning("export settings not set back", exc_info=True)
                back = False
            if not back:  # not handed to a screen with the export's settings: the pool makes a new connection
                conn.invalidate()

    def _aging_details(self, as_of: date, today: date, column: str, edges: Sequence,
                       group: tuple[str, Any] | None, bucket: int | None) -> Select:
        o = open_items_as_of(as_of, today, self._held())
        band = band_number(o.c[column], edges)
        conditions = [o.c.open_amount > ZERO]
        if group is not None:
            by, key = group
            conditions.append((customers.c.customer_group if by == "customer_group" else o.c[GROUP_COLUMNS[by]]) == key)
        if bucket is not None:
            conditions.append(band == bucket)
        return (select(customers.c.code, customers.c.name, customers.c.customer_group, lines.c.name,
                       users.c.display_name, branches.c.name, items.c.voucher_no, o.c.business_date,
                       o.c.billing_period, o.c.due_date, o.c.open_amount, o.c.item_id, band)
                .select_from(o.join(items, items.c.id == o.c.item_id).join(customers, customers.c.id == o.c.customer_id)
                             .join(lines, lines.c.id == o.c.business_line_id).join(users, users.c.id == o.c.handler_id)
                             .join(branches, branches.c.id == o.c.branch_id))
                .where(*conditions).order_by(customers.c.code, o.c.business_date, o.c.item_id))

    def open_by_line(self, as_of: date, today: date) -> dict[int, int]:
        """Open arrears per business line at ``as_of``."""
        o, per_item = open_amounts_as_of(as_of, today, self._held(), ("business_line_id",))
        return dict(self._rows(only_open(select(o.c.business_line_id, func.sum(o.c.open_amount))
                                         .group_by(o.c.business_line_id), o, per_item)))

    # -- names -----------------------------------------------------------------------------------------

    def names(self, of: str) -> dict[int, str]:
        """id -> name of ``business_lines``, ``branches`` or ``users`` (their display names)."""
        table, column = {"business_lines": (lines, "name"), "branches": (branches, "name"),
                         "users": (users, "display_name")}[of]
        return dict(self._rows(select(table.c.id, table.c[column])))

    def business_lines(self) -> list[tuple[int, str]]:
        return [tuple(r) for r in self._rows(select(lines.c.id, lines.c.name).order_by(lines.c.id))]

    def customer_labels(self) -> dict[int, str]:
        """id -> "code name" of every customer."""
        return {cid: f"{code or ''} {name}" for cid, code, name in
                self._rows(select(customers.c.id, customers.c.code, customers.c.name))}

    # -- movement (欠费变动表) ----------------------------------------------------------------------------

    def movement(self, start: date, end: date, by: str) -> dict[str, dict[int, int]]:
        """part -> group -> fen for opening + incurred - collected - written off - reversed = closing, per
        ``by`` (``business_line_id`` or ``branch_id``), each part from the entries by its own route:
        opening and closing replay the ledger as of the day before ``start`` and as of ``end``."""
        out: dict[str, dict[int, int]] = {part: defaultdict(int) for part in MOVEMENT_PARTS}
        out["recovered"] = defaultdict(int)
        for part, statement in _movement_statements(start, end, by, tuple(self._held())):
            for key, amount in self._rows(statement):
                out[part][key] += amount or 0
        return {part: dict(figures) for part, figures in out.items()}

    def over_offset_items(self, as_of: date, limit: int = 20) -> list[tuple[int, str, int]]:
        """(item id, voucher, open amount) of items offset or written off beyond their amount at ``as_of``."""
        o = replayed_open_items(as_of).subquery()
        return [tuple(r) for r in self._rows(
            select(o.c.item_id, items.c.voucher_no, o.c.open_amount).join(items, items.c.id == o.c.item_id)
            .where(o.c.open_amount < ZERO).order_by(o.c.item_id).limit(limit))]

    def replayed_and_maintained_by_line(self, as_of: date) -> tuple[dict[int, int], dict[int, int]]:
        """Open arrears per business line from a replay of the entries up to ``as_of``, and from the
        maintained balances (equal unless the maintained figures are damaged)."""
        o = replayed_open_items(as_of).subquery()
        replayed = dict(self._rows(select(o.c.business_line_id, func.sum(o.c.open_amount))
                                   .group_by(o.c.business_line_id)))
        kept = dict(self._rows(select(item_balances.c.business_line_id, func.sum(item_balances.c.open_amount))
                               .group_by(item_balances.c.business_line_id)))
        return replayed, kept

    # -- daily business report (营业日报单) -------------------------------------------------------------

    def daily(self, start: date, end: date) -> list[DailyLine]:
        """Every line of the days ``start``..``end`` by posting day (入账日: the day the entry was recorded,
        its own recording time as ``db.chain.RECORDED_AT`` names it): one per (day, kind, business line,
        person, method), kinds as ``DAILY_LINES`` lists them, in that order."""
        since, until = datetime.combine(start, datetime.min.time()), datetime.combine(end + timedelta(days=1),
                                                                                        datetime.min.time())
        out = []
        for kind, statement in DAILY_LINES.items():
            for day, line, person, method, count, amount in self._rows(statement(since, until)):
                day = date.fromisoformat(day) if isinstance(day, str) else day  # SQLite's date() is text
                out.append(DailyLine(day, kind, line, person, method, count, amount))
        order = list(DAILY_LINES)
        out.sort(key=lambda r: (r.day, order.index(r.kind), r.business_line or "", r.person or "", r.method or ""))
        return out

    # -- arrears to revenue -----------------------------------------------------------------------------

    def business_revenue_by_line(self, first: int, last: int) -> dict[int, int]:
        """Business revenue (the entries that count) per business line for the periods first..last."""
        r = latest_revenue_rows().subquery()
        return dict(self._rows(select(r.c.business_line_id, func.sum(r.c.amount))
                               .where(r.c.category == "business", r.c.period.between(first, last))
                               .group_by(r.c.business_line_id)))

    # -- handler assessment -----------------------------------------------------------------------------

    def handler_standing(self, as_of: date, today: date, cutoff: date) -> list:
        """(the one responsible at ``as_of`` (现责任人), open, overdue, due before ``cutoff``, customers owing,
        of the open what was handed over to them) at ``as_of``."""
        o = open_items_as_of(as_of, today, self._held())
        amount = o.c.open_amount
        responsible = responsible_now(o.c.item_id, o.c.handler_id, as_of).label("responsible")
        standing = select(o.c.handler_id, o.c.customer_id, o.c.due_date, amount, responsible).where(amount > ZERO) \
            .subquery("standing")
        s = standing
        return self._rows(
            select(s.c.responsible, func.sum(s.c.open_amount),
                   func.sum(case((s.c.due_date < as_of, s.c.open_amount), else_=ZERO)),
                   func.sum(case((s.c.due_date < cutoff, s.c.open_amount), else_=ZERO)),
                   func.count(s.c.customer_id.distinct()),
                   func.sum(case((s.c.responsible != s.c.handler_id, s.c.open_amount), else_=ZERO)))
            .group_by(s.c.responsible))

    def handler_collected(self, start: date, end: date) -> list:
        """(the one responsible for the item on the day the money came, collected, collected except what
        was over six months overdue when collected) for the offsets effective in the period and standing at
        ``end``."""
        over_six_months = func.over_six_months(items.c.due_date, allocations.c.effective_on)
        responsible = responsible_now(items.c.id, items.c.handler_id, allocations.c.effective_on).label("responsible")
        return self._rows(
            select(responsible, func.sum(allocations.c.amount),
                   func.sum(case((over_six_months, ZERO), else_=allocations.c.amount)))
            .select_from(allocations.join(items, items.c.id == allocations.c.arrears_item_id))
            .where(allocations.c.effective_on.between(start, end), offset_stands(allocations, end))
            .group_by(responsible))

    # -- long overdue -----------------------------------------------------------------------------------

    def long_overdue(self, as_of: date, today: date, cutoff: date) -> list:
        """Items open at ``as_of`` and due before ``cutoff``: (customer code, name, voucher, business line,
        recorded handler, the one responsible at ``as_of``, business date, due date, open, latest
        investigation's cause, its day, customer id)."""
        o = open_items_as_of(as_of, today, self._held())
        now = users.alias("responsible")
        latest = investigations.alias("latest")
        newest = (select(investigations.c.id).where(investigations.c.customer_id == customers.c.id)
                  .order_by(investigations.c.noted_on.desc(), investigations.c.id.desc()).limit(1)
                  .correlate(customers).scalar_subquery())
        return self._rows(
            select(customers.c.code, customers.c.name, items.c.voucher_no, lines.c.name, users.c.display_name,
                   now.c.display_name, items.c.business_date, items.c.due_date, o.c.open_amount, latest.c.cause,
                   latest.c.noted_on, customers.c.id)
            .select_from(o.join(items, items.c.id == o.c.item_id).join(customers, customers.c.id == o.c.customer_id)
                         .join(lines, lines.c.id == items.c.business_line_id)
                         .join(users, users.c.id == items.c.handler_id)
                         .join(now, now.c.id == responsible_now(items.c.id, items.c.handler_id, as_of))
                         .outerjoin(latest, latest.c.id == newest))
            .where(o.c.open_amount > ZERO, o.c.due_date < cutoff)
            .order_by(customers.c.code, items.c.business_date))

    # -- reconciliation (业财对账) -----------------------------------------------------------------------

    def external_figures(self, source: str, period: int) -> tuple[int | None, list]:
        """The latest batch of ``source``'s totals for ``period`` and its rows (line, customer, incurred,
        collected); (None, []) if none was imported."""
        t = external_totals
        batch = self._session.connection().execute(
            select(func.max(t.c.batch_id)).where(t.c.source == source, t.c.period == period)).scalar()
        if batch is None:
            return None, []
        return batch, self._rows(select(t.c.business_line_id, t.c.customer_id, t.c.incurred, t.c.collected)
                                 .where(t.c.batch_id == batch, t.c.source == source, t.c.period == period))

    def ledger_figures(self, start: date, end: date) -> tuple[list, list]:
        """(line, customer, fen) incurred and collected in the period, by entries standing at ``end``."""
        incurred = self._rows(
            select(items.c.business_line_id, items.c.customer_id, func.sum(items.c.amount))
            .where(items.c.business_date.between(start, end), item_stands(items.c.id, end))
            .group_by(items.c.business_line_id, items.c.customer_id))
        collected = self._rows(
            select(items.c.business_line_id, items.c.customer_id, func.sum(allocations.c.amount))
            .select_from(allocations.join(items, items.c.id == allocations.c.arrears_item_id))
            .where(allocations.c.effective_on.between(start, end), offset_stands(allocations, end))
            .group_by(items.c.business_line_id, items.c.customer_id))
        return incurred, collected

    # -- dashboard --------------------------------------------------------------------------------------

    def daily_deltas(self) -> list:
        """(day, items, offsets, written off): what each day added to the open arrears, in one pass over
        each entry table. An item counts from its business date until it is reversed, an offset from its
        effective date until its item or its repayment is reversed, a write-off from its day. Summed up
        to a day, this is the replay of the ledger as of that day."""
        item_ended = item_reversals().subquery()
        repayment_ended = repayment_reversals().subquery()
        ended_on = case((item_ended.c.reversed_on.is_(None), repayment_ended.c.reversed_on),
                        (repayment_ended.c.reversed_on.is_(None), item_ended.c.reversed_on),
                        (item_ended.c.reversed_on < repayment_ended.c.reversed_on, item_ended.c.reversed_on),
                        else_=repayment_ended.c.reversed_on)
        return self._rows(union_all(
            select(items.c.business_date, func.sum(items.c.amount), ZERO, ZERO).group_by(items.c.business_date),
            select(item_ended.c.reversed_on, -func.sum(items.c.amount), ZERO, ZERO)
            .select_from(item_ended.join(items, items.c.id == item_ended.c.item_id))
            .group_by(item_ended.c.reversed_on),
            select(allocations.c.effective_on, ZERO, func.sum(allocations.c.amount), ZERO)
            .group_by(allocations.c.effective_on),
            select(ended_on, ZERO, -func.sum(allocations.c.amount), ZERO)
            .select_from(allocations.outerjoin(item_ended, item_ended.c.item_id == allocations.c.arrears_item_id)
                         .outerjoin(repayment_ended, repayment_ended.c.repayment_id == allocations.c.repayment_id))
            .where(or_(item_ended.c.item_id.is_not(None), repayment_ended.c.repayment_id.is_not(None)))
            .group_by(ended_on),
            select(write_offs.c.written_off_on, ZERO, ZERO, func.sum(write_offs.c.amount))
            .group_by(write_offs.c.written_off_on)))

    def incurred_and_collected_by_day(self, since: date, as_of: date) -> tuple[dict[date, int], dict[date, int]]:
        """Items incurred and offsets effective from ``since``, standing at ``as_of``, per day."""
        incurred = dict(self._rows(select(items.c.business_date, func.sum(items.c.amount))
                                   .where(items.c.business_date >= since, item_stands(items.c.id, as_of))
                                   .group_by(items.c.business_date)))
        collected = dict(self._rows(select(allocations.c.effective_on, func.sum(allocations.c.amount))
                                    .where(allocations.c.effective_on >= since, offset_stands(allocations, as_of))
                                    .group_by(allocations.c.effective_on)))
        return incurred, collected

    def top_overdue(self, as_of: date, today: date, limit: int = 10) -> list[tuple[str, int]]:
        """The customers with the most overdue at ``as_of``: (name, overdue fen), biggest first."""
        o, per_item = open_amounts_as_of(as_of, today, self._held(), ("customer_id", "due_date"))
        total = func.sum(o.c.open_amount)
        return [tuple(r) for r in self._rows(only_open(
            select(customers.c.name, total).select_from(o.join(customers, customers.c.id == o.c.customer_id))
            .where(o.c.due_date < as_of).group_by(o.c.customer_id, customers.c.name), o, per_item)
            .order_by(total.desc()).limit(limit))]

    # -- the city office's copy of a branch -------------------------------------------------------------

    def ledger_packages_applied(self, sender: str) -> list[tuple[int, datetime]]:
        """(number, when the branch made it) of every ledger package from ``sender`` applied here."""
        return [tuple(r) for r in self._rows(
            select(packages.c.seq, packages.c.made_at).where(*self._applied(sender)).order_by(packages.c.seq))]

    def applied_manifest(self, sender: str, seq: int) -> str | None:
        """The manifest (as signed) of ledger package ``seq`` from ``sender``, if it was applied here."""
        return self._session.connection().execute(
            select(packages.c.manifest).where(*self._applied(sender), packages.c.seq == seq).limit(1)).scalar()

    @staticmethod
    def _applied(sender: str) -> list[ColumnElement[bool]]:
        return [packages.c.direction == "in", packages.c.kind == "ledger", packages.c.site_code == sender,
                packages.c.state == "applied"]
