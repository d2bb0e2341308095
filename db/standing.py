"""The ledger's rules of time, written once in SQL (SQLAlchemy Core, so every backend gets the same text).

- An arrears item counts from its business date until the day it is reversed (冲正).
- A repayment counts from its payment date until the day it is reversed (a bounced transfer).
- An offset (核销) counts from its effective date while both its repayment and its item stand.
- A write-off (坏账核销) counts from the day it is written off.

``as_of=None`` asks about now: a reversal made on any day counts. Every query that needs "not reversed"
or "open as of a date" builds it from the functions here; a test keeps it that way.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import ColumnElement, FromClause, Select, and_, case, exists, func, select, union_all

from db.models import (
    Allocation, ArrearsItem, ItemBalance, MonthSnapshotItem, MonthSnapshotSum, Repayment, Reversal, WriteOff,
)

items = ArrearsItem.__table__
repayments = Repayment.__table__
allocations = Allocation.__table__
reversals = Reversal.__table__
write_offs = WriteOff.__table__
item_balances = ItemBalance.__table__
snapshot_items = MonthSnapshotItem.__table__
snapshot_sums = MonthSnapshotSum.__table__


# The reversals a "was it reversed?" subquery reads, aliased once: every report, check and balance asks it
# (several times a statement), and a fresh alias sets up all its columns again (most of building such a
# statement). One alias in several subqueries is still each subquery's own ``FROM reversals AS …``.
_reversals_asked = reversals.alias()


def _reversed(column, target: ColumnElement, as_of: date | None) -> ColumnElement[bool]:
    r = _reversals_asked
    conditions = [column(r) == target]
    if as_of is not None:
        conditions.append(r.c.reversed_on <= as_of)
    return exists().where(*conditions).correlate_except(r)


def item_reversed(item_id: ColumnElement, as_of: date | None = None) -> ColumnElement[bool]:
    """The item was reversed (by ``as_of``, or ever)."""
    return _reversed(lambda r: r.c.arrears_item_id, item_id, as_of)


def repayment_reversed(repayment_id: ColumnElement, as_of: date | None = None) -> ColumnElement[bool]:
    """The repayment was reversed (by ``as_of``, or ever)."""
    return _reversed(lambda r: r.c.repayment_id, repayment_id, as_of)


def item_stands(item_id: ColumnElement, as_of: date | None = None) -> ColumnElement[bool]:
    return ~item_reversed(item_id, as_of)


def repayment_stands(repayment_id: ColumnElement, as_of: date | None = None) -> ColumnElement[bool]:
    return ~repayment_reversed(repayment_id, as_of)


def offset_stands(allocation: FromClause = allocations, as_of: date | None = None) -> ColumnElement[bool]:
    """An offset counts while neither its repayment nor its item is reversed."""
    return and_(repayment_stands(allocation.c.repayment_id, as_of), item_stands(allocation.c.arrears_item_id, as_of))


# The columns every "open items" source has: the maintained item_balances, or a replay of the entries.
OPEN_ITEM_COLUMNS = ("item_id", "customer_id", "business_date", "billing_period", "due_date", "business_line_id",
                     "handler_id", "branch_id", "open_amount")


def _item_columns():
    return [items.c.id.label("item_id"), items.c.customer_id, items.c.business_date, items.c.billing_period,
            items.c.due_date, items.c.business_line_id, items.c.handler_id, items.c.branch_id]


# The replays below are built once per day asked (and held snapshots): a report, verify's month checks and the
# city office's copy of a branch ask the same days again and again, and building one (a few subqueries over
# the ledger) cost more than running it on a branch's file. Statements are immutable: sharing them is safe.
_REPLAYS_KEPT = 256


@lru_cache(maxsize=_REPLAYS_KEPT)
def replayed_open_items(as_of: date) -> Select:
    """Every item that stood at ``as_of`` with what was open on it that day, from the entries alone."""
    offset = (select(allocations.c.arrears_item_id.label("item_id"), func.sum(allocations.c.amount).label("amount"))
              .where(allocations.c.effective_on <= as_of, repayment_stands(allocations.c.repayment_id, as_of))
              .group_by(allocations.c.arrears_item_id).cte("offset_as_of"))
    written = (select(write_offs.c.arrears_item_id.label("item_id"), func.sum(write_offs.c.amount).label("amount"))
               .where(write_offs.c.written_off_on <= as_of)
               .group_by(write_offs.c.arrears_item_id).cte("written_off_as_of"))
    open_amount = items.c.amount - func.coalesce(offset.c.amount, 0) - func.coalesce(written.c.amount, 0)
    return (select(*_item_columns(), open_amount.label("open_amount"))
            .select_from(items.outerjoin(offset, offset.c.item_id == items.c.id)
                         .outerjoin(written, written.c.item_id == items.c.id))
            .where(items.c.business_date <= as_of, item_stands(items.c.id, as_of)))


# -- month-end snapshots (月结, issue 14) -------------------------------------------------------------------

class HeldSnapshot(NamedTuple):
    """The snapshot of a close that holds now: what was open at ``as_of`` (its month's last day), rows
    ``first_row``..``last_row`` of ``month_snapshot_items`` (None: nothing was open), added up in rows
    ``first_sum``..``last_sum`` of ``month_snapshot_sums``. Which closes hold is
    ``app.domain.closing.holding_closes``; the unit of work passes their snapshots in."""
    id: int
    as_of: date
    first_row: int | None
    last_row: int | None
    first_sum: int | None = None
    last_sum: int | None = None


def nearest_snapshot(as_of: date, held: Sequence[HeldSnapshot]) -> HeldSnapshot | None:
    """The latest held snapshot at or before ``as_of`` (None: there is none, replay everything)."""
    found = [s for s in held if s.as_of <= as_of]
    return max(found, key=lambda s: s.as_of) if found else None


def closest_snapshot(as_of: date, held: Sequence[HeldSnapshot]) -> HeldSnapshot | None:
    """The held snapshot fewest days from ``as_of``, before or after it (the earlier on a tie; None: there is
    none). A snapshot after the day is as good a start: every month up to a held close is closed, so no entry
    dated between the day and the snapshot can still come (``app.domain.closing.ClosedBooks``)."""
    return min(held, key=lambda s: (abs((s.as_of - as_of).days), s.as_of), default=None)


def snapshot_open_items(snapshot: HeldSnapshot, as_of: date) -> Select:
    """What was open at ``as_of`` (on or after the snapshot's day): the snapshot's amounts moved by the entries
    dated after it, found by their dates: items incurred (+), offsets effective (-) while their repayment
    stands, offsets from before whose repayment bounced since (+), write-offs (-); then every item that
    stands. No entry can be dated on or before a held close's month end any more, so nothing else moved
    (``verify`` replays every held snapshot from all history)."""
    after = snapshot.as_of

    def dated(column: ColumnElement) -> ColumnElement[bool]:
        return and_(column > after, column <= as_of)
    bounced = reversals.alias("bounced")
    parts = [
        select(items.c.id.label("item_id"), items.c.amount.label("amount")).where(dated(items.c.business_date)),
        select(allocations.c.arrears_item_id, -allocations.c.amount)
        .where(dated(allocations.c.effective_on), repayment_stands(allocations.c.repayment_id, as_of)),
        # From the few repayments that bounced (by their key), not from every offset before the snapshot.
        select(allocations.c.arrears_item_id, allocations.c.amount)
        .where(allocations.c.repayment_id.in_(select(bounced.c.repayment_id).where(dated(bounced.c.reversed_on))),
               allocations.c.effective_on <= after),
        select(write_offs.c.arrears_item_id, -write_offs.c.amount).where(dated(write_offs.c.written_off_on)),
    ]
    if snapshot.first_row is not None:
        s = snapshot_items
        parts.insert(0, select(s.c.item_id, s.c.open_amount.label("amount"))
                     .where(s.c.id.between(snapshot.first_row, snapshot.last_row)))
    moves = union_all(*parts).subquery("moves")
    totals = (select(moves.c.item_id, func.sum(moves.c.amount).label("open_amount"))
              .group_by(moves.c.item_id).subquery("totals"))
    return (select(*_item_columns(), totals.c.open_amount)
            .select_from(totals.join(items, items.c.id == totals.c.item_id))
            .where(item_stands(items.c.id, as_of)))


# The columns of what was open that figures adding open amounts up read (``open_amounts_replayed``): the keys
# they group or bucket by, and the amount.
OPEN_AMOUNT_COLUMNS = ("customer_id", "business_line_id", "handler_id", "branch_id", "billing_period", "due_date",
                       "open_amount")


def _dated_between(column: ColumnElement, after: date, until: date) -> ColumnElement[bool]:
    """An entry's date after ``after``, up to ``until``: what a replay between a snapshot and a day moves."""
    return and_(column > after, column <= until)


def _signed_rows(keys: Sequence[str], source: FromClause, item_id: ColumnElement, amount: ColumnElement,
                 *where) -> Select:
    """One signed row per entry of ``source`` (an offset, a write-off) with its item's ``keys``."""
    return (select(*(items.c[name] for name in keys), amount.label("open_amount"))
            .select_from(source.join(items, items.c.id == item_id)).where(*where))


def snapshot_open_amounts(snapshot: HeldSnapshot, as_of: date,
                          keys: Sequence[str] = OPEN_AMOUNT_COLUMNS[:-1]) -> Select:
    """What was open at ``as_of`` (on or after the snapshot's day) as rows to be added up, not one row per
    item: the snapshot's sums (``month_snapshot_sums``) as they are, less what was open then on the items
    reversed since, and one signed row per entry dated after it (an item incurred +, an offset -, an offset from
    before whose repayment bounced since +, a write-off -), none of an item reversed by ``as_of``. Added up by
    any of ``keys`` (of ``OPEN_AMOUNT_COLUMNS``; each row carries only these, the fewer the cheaper), and bucketed
    by any, they give what ``snapshot_open_items`` gives, without
    grouping the snapshot's items and a month's entries by item and looking every open item up (aging at
    40,000 customers: about 665,000 items, 250,000 sums). Only the entries after the snapshot are joined to
    their items."""
    after = snapshot.as_of

    def dated(column: ColumnElement) -> ColumnElement[bool]:
        return _dated_between(column, after, as_of)

    def of_items(source: FromClause, item_id: ColumnElement, amount: ColumnElement, *where) -> Select:
        return _signed_rows(keys, source, item_id, amount, *where, item_stands(items.c.id, as_of))
    bounced = reversals.alias("bounced")
    parts = [
        select(*(items.c[name] for name in keys), items.c.amount.label("open_amount"))
        .where(dated(items.c.business_date), item_stands(items.c.id, as_of)),
        of_items(allocations, allocations.c.arrears_item_id, -allocations.c.amount,
                 dated(allocations.c.effective_on), repayment_stands(allocations.c.repayment_id, as_of)),
        of_items(allocations, allocations.c.arrears_item_id, allocations.c.amount,
                 allocations.c.repayment_id.in_(select(bounced.c.repayment_id).where(dated(bounced.c.reversed_on))),
                 allocations.c.effective_on <= after),
        of_items(write_offs, write_offs.c.arrears_item_id, -write_offs.c.amount, dated(write_offs.c.written_off_on)),
    ]
    if snapshot.first_row is not None:
        s, kept = snapshot_sums, snapshot_items
        gone = reversals.alias("gone")
        # An item in the snapshot stood at its day; what the ones reversed since had open then comes off (a few).
        parts[:0] = [
            select(*(s.c[name] for name in (*keys, "open_amount"))).where(s.c.id.between(snapshot.first_sum,
                                                                                      snapshot.last_sum)),
            select(*(items.c[name] for name in keys), (-kept.c.open_amount).label("open_amount"))
            .select_from(kept.join(items, items.c.id == kept.c.item_id))
            .where(kept.c.id.between(snapshot.first_row, snapshot.last_row),
                   kept.c.item_id.in_(select(gone.c.arrears_item_id).where(gone.c.arrears_item_id.is_not(None),
                                                                          dated(gone.c.reversed_on)))),
        ]
    return union_all(*parts)


def snapshot_open_amounts_before(snapshot: HeldSnapshot, as_of: date,
                                 keys: Sequence[str] = OPEN_AMOUNT_COLUMNS[:-1]) -> Select:
    """What was open at ``as_of``, a day before the snapshot's, as rows to be added up by ``keys``: the snapshot's
    sums taken back through the entries dated after ``as_of`` up to the snapshot (``snapshot_open_amounts`` the
    other way): an item incurred in between -, an offset made in between +, an offset from before whose
    repayment bounced in between -, a write-off in between +, each of an item that stood at the snapshot; and
    what the items reversed in between (not in the snapshot) had open at ``as_of``, from their entries."""
    until = snapshot.as_of

    def dated(column: ColumnElement) -> ColumnElement[bool]:
        return _dated_between(column, as_of, until)

    def of_items(source: FromClause, item_id: ColumnElement, amount: ColumnElement, *where) -> Select:
        return _signed_rows(keys, source, item_id, amount, *where)
    bounced, gone = reversals.alias("bounced"), reversals.alias("gone")
    # Stood at ``as_of``, reversed by the snapshot's day (an item is reversed once): the snapshot has none of them.
    reversed_between = select(gone.c.arrears_item_id).where(gone.c.arrears_item_id.is_not(None),
                                                            dated(gone.c.reversed_on))
    at_snapshot = item_stands(items.c.id, until)
    parts = [
        select(*(items.c[name] for name in keys), (-items.c.amount).label("open_amount"))
        .where(dated(items.c.business_date), at_snapshot),
        of_items(allocations, allocations.c.arrears_item_id, allocations.c.amount,
                 dated(allocations.c.effective_on), repayment_stands(allocations.c.repayment_id, until), at_snapshot),
        of_items(allocations, allocations.c.arrears_item_id, -allocations.c.amount,
                 allocations.c.repayment_id.in_(select(bounced.c.repayment_id).where(dated(bounced.c.reversed_on))),
                 allocations.c.effective_on <= as_of, at_snapshot),
        of_items(write_offs, write_offs.c.arrears_item_id, write_offs.c.amount, dated(write_offs.c.written_off_on),
                 at_snapshot),
        # the items reversed in between, as ``replayed_open_items`` finds them at ``as_of`` (no write-off: a
        # written-off item is never reversed, app.services.arrears refuses it)
        select(*(items.c[name] for name in keys), items.c.amount.label("open_amount"))
        .where(items.c.id.in_(reversed_between), items.c.business_date <= as_of),
        of_items(allocations, allocations.c.arrears_item_id, -allocations.c.amount,
                 allocations.c.arrears_item_id.in_(reversed_between), items.c.business_date <= as_of,
                 allocations.c.effective_on <= as_of, repayment_stands(allocations.c.repayment_id, as_of)),
    ]
    if snapshot.first_sum is not None:
        s = snapshot_sums
        parts.insert(0, select(*(s.c[name] for name in (*keys, "open_amount")))
                     .where(s.c.id.between(snapshot.first_sum, snapshot.last_sum)))
    return union_all(*parts)


def open_amounts_replayed(as_of: date, held: Sequence[HeldSnapshot] = (),
                          keys: Sequence[str] = OPEN_AMOUNT_COLUMNS[:-1]) -> Select:
    """What was open at ``as_of``, to be added up by ``keys`` (some of ``OPEN_AMOUNT_COLUMNS``; the fewer, the
    less each row carries): from the held snapshot closest to the day (``closest_snapshot``), forward
    (``snapshot_open_amounts``) or back (``snapshot_open_amounts_before``) through the entries in between, or,
    when there is none, ``replayed_open_items`` (one row per item, every column, which adds up the same way)."""
    return _open_amounts_replayed(as_of, tuple(held), tuple(dict.fromkeys(keys)))


@lru_cache(maxsize=_REPLAYS_KEPT)
def _open_amounts_replayed(as_of: date, held: tuple[HeldSnapshot, ...], keys: tuple[str, ...]) -> Select:
    snapshot = closest_snapshot(as_of, held)
    if snapshot is None:
        return replayed_open_items(as_of)
    if snapshot.as_of > as_of:
        return snapshot_open_amounts_before(snapshot, as_of, keys)
    return snapshot_open_amounts(snapshot, as_of, keys)


class OpenAmounts(NamedTuple):
    """Where a figure reads what was open on a day: ``source`` has the keys asked for (of ``OPEN_AMOUNT_COLUMNS``)
    and ``open_amount``; when ``per_item`` each row is one item and its open amount, else several rows (some
    negative) add up to it, so the rows may only be summed (never counted, nor filtered by their amount)."""
    source: FromClause
    per_item: bool


def open_amounts_as_of(as_of: date, today: date,
                       held: Sequence[HeldSnapshot] | Callable[[], Sequence[HeldSnapshot]] = (),
                       keys: Sequence[str] = OPEN_AMOUNT_COLUMNS[:-1]) -> OpenAmounts:
    """``open_items_as_of`` for figures that only add open amounts up by ``keys`` (aging by a grouping and a
    column, balances by line): today the maintained ``item_balances``, a past day ``open_amounts_replayed``."""
    if as_of >= today:
        return OpenAmounts(item_balances, True)
    return _open_amounts_subquery(as_of, tuple(held() if callable(held) else held), tuple(dict.fromkeys(keys)))


@lru_cache(maxsize=_REPLAYS_KEPT)
def _open_amounts_subquery(as_of: date, held: tuple[HeldSnapshot, ...], keys: tuple[str, ...]) -> OpenAmounts:
    return OpenAmounts(open_amounts_replayed(as_of, held, keys).subquery("open_amounts"), not held)


def open_items_replayed(as_of: date, held: Sequence[HeldSnapshot] = ()) -> Select:
    """What was open at ``as_of`` from the entries: the nearest held snapshot at or before that day and the
    entries after it, or all of history when there is none. The rows of ``replayed_open_items`` but for
    items at 0 that no entry moved since the snapshot (left out)."""
    return _open_items_replayed(as_of, tuple(held))


@lru_cache(maxsize=_REPLAYS_KEPT)
def _open_items_replayed(as_of: date, held: tuple[HeldSnapshot, ...]) -> Select:
    snapshot = nearest_snapshot(as_of, held)
    return replayed_open_items(as_of) if snapshot is None else snapshot_open_items(snapshot, as_of)


def open_items_as_of(as_of: date, today: date,
                     held: Sequence[HeldSnapshot] | Callable[[], Sequence[HeldSnapshot]] = ()) -> FromClause:
    """Where to read open amounts for a day: the maintained ``item_balances`` for today (and later), for a
    past day the nearest held month-end snapshot (``held``, or what it returns: read only for a past day) and
    the entries after it, or all the entries if there is none. The one place that makes this choice."""
    if as_of >= today:
        return item_balances
    return _open_items_subquery(as_of, tuple(held() if callable(held) else held))


@lru_cache(maxsize=_REPLAYS_KEPT)
def _open_items_subquery(as_of: date, held: tuple[HeldSnapshot, ...]) -> FromClause:
    return open_items_replayed(as_of, held).subquery("open_items")


def recomputed_item_balances(customers=None, only=None) -> Select:
    """What ``item_balances`` must hold now, from the entries alone: every item (of ``customers``, a
    subquery of customer ids, if given; only the items ``only``, a subquery of item ids, if given), 0 once
    reversed."""
    offset = (select(allocations.c.arrears_item_id.label("item_id"), func.sum(allocations.c.amount).label("amount"))
              .where(repayment_stands(allocations.c.repayment_id)))
    written = select(write_offs.c.arrears_item_id.label("item_id"), func.sum(write_offs.c.amount).label("amount"))
    if customers is not None:
        offset = offset.where(allocations.c.customer_id.in_(customers))
        written = written.where(write_offs.c.customer_id.in_(customers))
    if only is not None:
        offset = offset.where(allocations.c.arrears_item_id.in_(only))
        written = written.where(write_offs.c.arrears_item_id.in_(only))
    offset = offset.group_by(allocations.c.arrears_item_id).cte("offset_now")
    written = written.group_by(write_offs.c.arrears_item_id).cte("written_off_now")
    open_amount = case((item_reversed(items.c.id), 0),
                       else_=items.c.amount - func.coalesce(offset.c.amount, 0) - func.coalesce(written.c.amount, 0))
    query = (select(*_item_columns(), open_amount.label("open_amount"))
             .select_from(items.outerjoin(offset, offset.c.item_id == items.c.id)
                          .outerjoin(written, written.c.item_id == items.c.id)))
    if customers is not None:
        query = query.where(items.c.customer_id.in_(customers))
    return query if only is None else query.where(items.c.id.in_(only))


def items_whose_balance_moves(new) -> Select:
    """The items whose ``recomputed_item_balances`` row can differ once the entries ``new(table name)`` (a
    FromClause of that table's new rows) are added: the new items, the items they offset, write off or
    reverse, and the items offset by a repayment they reverse. Every input of the recomputation above is
    one of these (ledger rows are never changed), so any other item's balance stays what it was."""
    return union_all(
        select(new("arrears_items").c.id),
        select(new("allocations").c.arrears_item_id),
        select(new("write_offs").c.arrears_item_id),
        select(new("reversals").c.arrears_item_id).where(new("reversals").c.arrears_item_id.is_not(None)),
        select(allocations.c.arrears_item_id).where(allocations.c.repayment_id.in_(
            select(new("reversals").c.repayment_id).where(new("reversals").c.repayment_id.is_not(None)))))


def recomputed_repayment_balances(customers=None, only=None) -> Select:
    """What ``repayment_balances`` must hold now: money not offset (0 once reversed). An offset against a
    reversed item is cancelled, so that money is unapplied again. Only ``customers``' if given; only the
    repayments ``only`` (a subquery of repayment ids) if given."""
    offset = (select(allocations.c.repayment_id, func.sum(allocations.c.amount).label("amount"))
              .where(item_stands(allocations.c.arrears_item_id)))
    if customers is not None:
        offset = offset.where(allocations.c.customer_id.in_(customers))
    if only is not None:
        offset = offset.where(allocations.c.repayment_id.in_(only))
    offset = offset.group_by(allocations.c.repayment_id).cte("offset_by_repayment")
    unapplied = case((repayment_reversed(repayments.c.id), 0),
                     else_=repayments.c.amount - func.coalesce(offset.c.amount, 0))
    query = (select(repayments.c.id.label("repayment_id"), repayments.c.customer_id, unapplied.label("unapplied"))
             .select_from(repayments.outerjoin(offset, offset.c.repayment_id == repayments.c.id)))
    if customers is not None:
        query = query.where(repayments.c.customer_id.in_(customers))
    return query if only is None else query.where(repayments.c.id.in_(only))


def repayments_whose_balance_moves(new) -> Select:
    """The repayments whose ``recomputed_repayment_balances`` row can differ once the entries ``new(table
    name)`` are added: the new repayments, those offset or reversed by them, and those that offset an item
    they reverse (its offsets are cancelled)."""
    return union_all(
        select(new("repayments").c.id),
        select(new("allocations").c.repayment_id),
        select(new("reversals").c.repayment_id).where(new("reversals").c.repayment_id.is_not(None)),
        select(allocations.c.repayment_id).where(allocations.c.arrears_item_id.in_(
            select(new("reversals").c.arrears_item_id).where(new("reversals").c.arrears_item_id.is_not(None)))))


def item_reversals() -> Select:
    """(item_id, reversed_on, posted_at) of every reversed item: the day it stopped counting, and when the
    reversal was recorded (its posting day is the daily report's)."""
    return select(reversals.c.arrears_item_id.label("item_id"), reversals.c.reversed_on,
                  reversals.c.created_at.label("posted_at")).where(
        reversals.c.arrears_item_id.is_not(None))


def repayment_reversals() -> Select:
    """(repayment_id, reversed_on, posted_at) of every reversed repayment (退票): the day it and its offsets
    stopped counting, and when the reversal was recorded."""
    return select(reversals.c.repayment_id, reversals.c.reversed_on,
                  reversals.c.created_at.label("posted_at")).where(reversals.c.repayment_id.is_not(None))
