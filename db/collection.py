"""Reads of the collection desk (催缴): the overdue work queue, overdue per business line, open
disputes, and a customer's collection file (催收档案)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import (
    BigInteger, ColumnElement, FromClause, Select, and_, case, cast, func, null, select, union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.orm import Session

from db.models import (
    ArrearsItem, BusinessLine, CollectionRecord, Customer, CustomerBalance, CustomerCollectionState,
    CustomerLineBalance, CustomerOverdue, Dispute,
    DisputeSettlement, Escalation,
    Investigation, Notice, NoticeReply, Repayment, User,
)
from db.collection_state import CONFIRMED_MARK, keep_collection_state  # issue 14, queue: the kept state
from db.ledger import falling_due, line_balances_day
from db.open_items import OpenItemsAsOf, is_open
from db.reports import plain_rows
from db.standing import item_balances, item_stands, repayment_stands

_disputes, _settlements = Dispute.__table__, DisputeSettlement.__table__
_records, _escalations = CollectionRecord.__table__, Escalation.__table__
_customers, _users, _lines = Customer.__table__, User.__table__, BusinessLine.__table__
_items_table = ArrearsItem.__table__


def _unsettled(dispute: FromClause) -> ColumnElement[bool]:
    s = _settlements.alias()
    return ~select(s.c.id).where(s.c.dispute_id == dispute.c.id).correlate_except(s).exists()


def disputed_items() -> Select:
    """有异议: ids of the items under a dispute not yet settled (they leave escalation and notices)."""
    d = _disputes.alias()
    return select(d.c.arrears_item_id).where(_unsettled(d))


def _whole(total: ColumnElement) -> ColumnElement:
    """A SUM of fen (or of counts) as a whole number: a server sums BIGINT into NUMERIC, which the driver then
    reads digit by digit for every row of the queue (tens of thousands); SQLite's sum is an integer already."""
    return cast(total, BigInteger)


def overdue_undisputed(b: FromClause, as_of: date) -> ColumnElement[bool]:
    """An open item of ``b`` (a source of open items) past its due date on ``as_of``, not disputed."""
    return and_(is_open(b), b.c.due_date < as_of, b.c.item_id.not_in(disputed_items()))


def overdue_lines(b: FromClause, as_of: date, customer_id: int | None = None, *,
                  kept_day: date | None = None, among: Select | None = None) -> FromClause:
    """(customer_id, business_line_id, overdue, item_count, oldest_due) of every customer and business line with
    undisputed items overdue on ``as_of``, from ``b`` (a source of open items). Today (``b`` is the maintained
    ``item_balances``) from the maintained per-line figures, kept overdue as of ``kept_day``
    (``line_balances_day``), with the items falling due between that day and ``as_of`` added or taken off (a
    range of the due-date index: none when the ledger posted today), the items of customers with an open
    dispute added up one by one; a past day from its open items. ``among``: only the customers it selects (of the
    maintained figures)."""
    if b is not item_balances:
        stmt = (select(b.c.customer_id, b.c.business_line_id, _whole(func.sum(b.c.open_amount)).label("overdue"),
                       func.count().label("item_count"), func.min(b.c.due_date).label("oldest_due"))
                .where(overdue_undisputed(b, as_of)).group_by(b.c.customer_id, b.c.business_line_id))
        if customer_id is not None:
            stmt = stmt.where(b.c.customer_id == customer_id)
        return stmt.cte("overdue_lines")
    lb, d = CustomerLineBalance.__table__, _disputes.alias("dc")
    disputing = select(d.c.customer_id).where(_unsettled(d))
    if kept_day == as_of:  # the ledger posted today: its figures are the day's
        overdue, items_overdue, source = lb.c.overdue_total, lb.c.overdue_items, lb
    else:  # the items falling due between the kept day and ``as_of`` (all before ``as_of`` if none kept)
        sign = 1 if kept_day is None or kept_day < as_of else -1
        moving = (falling_due(kept_day, as_of) if sign == 1 else falling_due(as_of, kept_day)).cte("falling_due")
        same = and_(moving.c.customer_id == lb.c.customer_id, moving.c.business_line_id == lb.c.business_line_id)
        overdue = lb.c.overdue_total + sign * _whole(func.coalesce(moving.c.amount, 0))
        items_overdue = lb.c.overdue_items + sign * _whole(func.coalesce(moving.c.item_count, 0))
        source = lb.outerjoin(moving, same)
    kept = (select(lb.c.customer_id, lb.c.business_line_id, overdue.label("overdue"),
                   items_overdue.label("item_count"), lb.c.oldest_due)
            .select_from(source)
            .where(items_overdue > 0, lb.c.customer_id.not_in(disputing)))
    counted = (select(b.c.customer_id, b.c.business_line_id, _whole(func.sum(b.c.open_amount)), func.count(),
                      func.min(b.c.due_date))
               .where(overdue_undisputed(b, as_of), b.c.customer_id.in_(disputing))
               .group_by(b.c.customer_id, b.c.business_line_id))
    if customer_id is not None:
        kept = kept.where(lb.c.customer_id == customer_id)
        counted = counted.where(b.c.customer_id == customer_id)
    if among is not None:
        kept = kept.where(lb.c.customer_id.in_(among))
    return union_all(kept, counted).cte("overdue_lines")


def customers_overdue(as_of: date, kept_day: date, customer_id: int | None = None) -> FromClause:
    """(customer_id, overdue, item_count, oldest_due, largest_line) of every customer with undisputed items overdue
    on ``as_of``, today: the kept per-customer sums (``customer_overdue``, as of ``kept_day``) as they are, but for
    the few customers they do not hold for on ``as_of``: those with an open dispute and those with items falling due
    between ``kept_day`` and ``as_of`` (a range of the due-date index), added up from their lines
    (``overdue_lines``). The same figures as adding up every customer's lines, from one row per overdue customer."""
    co, b, d = CustomerOverdue.__table__, item_balances, _disputes.alias("dm")
    moved = select(d.c.customer_id).where(_unsettled(d))
    if kept_day != as_of:
        lo, hi = min(kept_day, as_of), max(kept_day, as_of)
        moved = union_all(moved, select(b.c.customer_id).where(b.c.due_date >= lo, b.c.due_date < hi, is_open(b)))
    kept = select(co.c.customer_id, co.c.overdue_total.label("overdue"), co.c.overdue_items.label("item_count"),
                  co.c.oldest_due, co.c.largest_line).where(co.c.customer_id.not_in(moved))
    ol = overdue_lines(b, as_of, customer_id, kept_day=kept_day, among=moved)
    again = (select(ol.c.customer_id, _whole(func.sum(ol.c.overdue)), _whole(func.sum(ol.c.item_count)),
                    func.min(ol.c.oldest_due), func.max(ol.c.overdue))
             .group_by(ol.c.customer_id))
    if customer_id is not None:
        kept = kept.where(co.c.customer_id == customer_id)
    return union_all(kept, again).cte("od")


class QueueFigures(NamedTuple):
    """One customer with undisputed overdue items: what the queue sorts, flags and proposes by."""
    customer_id: int
    code: str
    name: str
    customer_group: str
    status: str
    phone: str
    manager_id: int
    manager: str
    overdue: int
    overdue_items: int
    oldest_due: date
    open_total: int
    last_contact: date | None
    last_channel: str | None
    promised_on: date | None
    next_follow_up: date | None
    promise_kept: bool
    decisions: str | None          # the actions decided since the oldest item fell due, comma-separated, each
                                   # confirmed one marked with a leading "+" (``CONFIRMED_MARK``)
    investigated_on: date | None   # the latest investigation note
    oldest_line: str | None        # business line code of the oldest overdue item
    disputed: int                  # open amount under dispute
    largest_line: int              # the largest undisputed overdue amount of one business line


class ContactRow(NamedTuple):
    record_id: int
    contacted_on: date
    channel: str
    handler: str
    result: str
    promised_on: date | None
    promised_amount: int | None
    next_follow_up: date | None
    notice_number: str | None
    corrects_id: int | None
    result_code: str | None = None  # the result the program wrote, as a note (app.domain.notes); None: typed


class EscalationRow(NamedTuple):
    decided_on: date
    step: int
    action: str
    decision: str
    days_overdue: int
    overdue_amount: int
    decided_by: str
    note: str


class NoticeRow(NamedTuple):
    number: str
    kind: str
    as_of: date
    total: int
    issued_by: str
    answer: str | None        # the latest reply slip's answer, if one came back
    received_on: date | None


class OpenItemRow(NamedTuple):
    item_id: int
    voucher_no: str
    business_line: str
    business_date: date
    due_date: date
    amount: int
    open_amount: int
    dispute_id: int | None
    dispute_reason: str | None


class NoticeCoverRow(NamedTuple):
    """The 催缴通知书 covering one of a customer's open overdue items whose pay-by date passes first."""
    customer_id: int
    overdue_items: int
    number: str | None
    pay_by: date | None


class DueSoonRow(NamedTuple):
    """到期提醒: a customer who asked for reminders, with what falls due in the window."""
    customer_id: int
    code: str
    name: str
    phone: str
    manager: str
    items: int
    amount: int
    first_due: date


class CreditRow(NamedTuple):
    """A customer holding 预存款, with what it ran up since ``since`` (items not reversed)."""
    customer_id: int
    code: str
    name: str
    phone: str
    manager: str
    credit: int
    recorded_since: int


def at_minimum(column, by, on_server: bool):
    """``column`` of the row holding MIN(``by``) of its group, beside that MIN(): SQLite takes a bare column from that
    row; PostgreSQL wants it said (the first ``column`` in ``by`` order)."""
    if not on_server:
        return column
    return func.array_agg(aggregate_order_by(column, by), type_=ARRAY(column.type))[1]


def queue_statement(b: FromClause, as_of: date, kept_day: date | None, manager_id: int | None,
                    customer_id: int | None, oldest_line: bool, on_server: bool) -> Select:
    """The statement of ``Collection.queue`` over ``b`` (a source of open items), the per-line figures being kept as
    of ``kept_day`` (None: not kept, or ``b`` is not the maintained balances)."""
    if kept_day is not None and not oldest_line:  # today, figures kept: one row per overdue customer
        od = customers_overdue(as_of, kept_day, customer_id)
    else:
        ol = overdue_lines(b, as_of, customer_id, kept_day=kept_day)
        # One MIN() and no other aggregate over a bare column: SQLite takes the bare business_line_id from
        # the row holding the minimum due date (the server: ``at_minimum``).
        line_id = at_minimum(ol.c.business_line_id, ol.c.oldest_due, on_server) if oldest_line else null()
        od = (select(ol.c.customer_id, _whole(func.sum(ol.c.overdue)).label("overdue"),
                     _whole(func.sum(ol.c.item_count)).label("item_count"),
                     func.min(ol.c.oldest_due).label("oldest_due"), line_id.label("oldest_line_id"),
                     func.max(ol.c.overdue).label("largest_line"))
              .group_by(ol.c.customer_id).cte("od"))
    # From the disputes (few), each item by its key: not a walk over every open item.
    disputed = (select(b.c.customer_id, _whole(func.sum(b.c.open_amount)).label("disputed"))
                .where(b.c.item_id.in_(disputed_items()), is_open(b)).group_by(b.c.customer_id)
                .cte("disputed_open"))
    # The collection history as kept per customer (``db.collection_state``): one row by key, no search.
    c, u, st = _customers.alias("c"), _users.alias("u"), CustomerCollectionState.__table__.alias("st")
    cb = CustomerBalance.__table__.alias("cb")
    p = Repayment.__table__.alias("p")
    # SELECT p.id, not *: the customer/date index then answers it alone.
    promise_kept = select(p.c.id).where(p.c.customer_id == c.c.id, p.c.paid_on >= st.c.last_contact,
                                        p.c.paid_on <= st.c.promised_on, repayment_stands(p.c.id, as_of)).exists()
    # The decisions since the oldest item fell due: all those kept when the first came after it, none when
    # the last came before it; only a customer with decisions on both sides has them picked out.
    e = _escalations.alias("e")
    marked = case((e.c.decision == "confirmed", CONFIRMED_MARK), else_="") + e.c.action
    picked = (select(func.aggregate_strings(marked, ","))
              .where(e.c.customer_id == c.c.id, e.c.decided_on > od.c.oldest_due).scalar_subquery())
    decisions = case((st.c.first_decided_on > od.c.oldest_due, st.c.decisions),
                     (st.c.last_decided_on > od.c.oldest_due, picked), else_=None)
    bl = _lines.alias("bl")
    line_code = select(bl.c.code).where(bl.c.id == od.c.oldest_line_id).scalar_subquery() if oldest_line else null()
    if b is item_balances:  # today: the maintained customer total
        open_total = cb.c.open_total
    else:
        x = b.alias("x")
        open_total = (select(_whole(func.sum(x.c.open_amount))).where(x.c.customer_id == c.c.id, is_open(x))
                      .scalar_subquery())
    stmt = (select(c.c.id, func.coalesce(c.c.code, ""), c.c.name, c.c.customer_group, c.c.status, c.c.phone,
                   c.c.account_manager_id, u.c.display_name, od.c.overdue, od.c.item_count, od.c.oldest_due,
                   open_total, st.c.last_contact, st.c.last_channel, st.c.promised_on, st.c.next_follow_up,
                   case((st.c.promised_on.is_(None), False), else_=promise_kept), decisions, st.c.investigated_on,
                   line_code, func.coalesce(disputed.c.disputed, 0), od.c.largest_line)
            .select_from(od.join(c, c.c.id == od.c.customer_id)
                         .join(cb, cb.c.customer_id == c.c.id)
                         .join(u, u.c.id == c.c.account_manager_id)
                         .outerjoin(disputed, disputed.c.customer_id == od.c.customer_id)
                         .outerjoin(st, st.c.customer_id == od.c.customer_id)))
    if manager_id is not None:
        stmt = stmt.where(c.c.account_manager_id == manager_id)
    return stmt


@lru_cache(maxsize=8)
def _todays_queue(as_of: date, kept_day: date | None, manager_id: int | None, customer_id: int | None,
                  oldest_line: bool, on_server: bool) -> Select:
    """``queue_statement`` of the maintained balances, built once for each shape and day: a refresh of the queue
    would build the same statement again (a tenth of a city branch's refresh; SQLAlchemy's cache spares compiling it,
    not building it)."""
    return queue_statement(item_balances, as_of, kept_day, manager_id, customer_id, oldest_line, on_server)


def covered(b: FromClause, as_of: date, customer_id: int | None, on_server: bool) -> FromClause:
    """(customer_id, pay_by, number): the notice (kind 'notice', issued by ``as_of``) covering one of the
    customer's undisputed items of ``b`` (a source of open items) overdue on ``as_of`` whose pay-by date is
    earliest. A notice covers the items it listed: those already recorded when it was issued and overdue on its
    date (``as_of`` of the notice); an item recorded or fallen due later is on the next notice, not this one."""
    i, n = _items_table, Notice.__table__
    conditions = [overdue_undisputed(b, as_of)]
    if customer_id is not None:
        conditions.append(b.c.customer_id == customer_id)
    # Only customers sent a notice can have one covering an item.
    conditions.append(b.c.customer_id.in_(select(n.c.customer_id).where(n.c.kind == "notice",
                                                                        n.c.as_of <= as_of)))
    # One MIN() and the bare notice number: SQLite takes it from the row holding the minimum; the
    # server wants it said: the first number in pay-by order.
    return (select(b.c.customer_id, func.min(n.c.pay_by).label("pay_by"),
                   at_minimum(n.c.number, n.c.pay_by, on_server).label("number"))
            .select_from(b.join(i, i.c.id == b.c.item_id)
                         .join(n, and_(n.c.customer_id == b.c.customer_id, n.c.kind == "notice",
                                       n.c.as_of <= as_of, b.c.due_date < n.c.as_of,
                                       i.c.recorded_at <= n.c.issued_at)))
            .where(*conditions).group_by(b.c.customer_id).cte("covered"))


def _covering(b: FromClause, as_of: date, customer_id: int | None, on_server: bool) -> Select:
    found = covered(b, as_of, customer_id, on_server)
    return select(found.c.customer_id, found.c.number, found.c.pay_by)


@lru_cache(maxsize=8)
def _todays_covering(as_of: date, customer_id: int | None, on_server: bool) -> Select:
    """``_covering`` of the maintained balances, built once for each day (as ``_todays_queue``)."""
    return _covering(item_balances, as_of, customer_id, on_server)


class Collection:
    def __init__(self, session: Session, open_items: OpenItemsAsOf) -> None:
        self._session = session
        self._open_items = open_items

    def _rows(self, stmt) -> list:
        return self._session.connection().execute(stmt).all()

    def _overdue_lines(self, b: FromClause, as_of: date, customer_id: int | None) -> FromClause:
        """``overdue_lines`` of ``b`` (today's: from the kept per-line figures, as of the day they are kept)."""
        kept_day = line_balances_day(self._session.connection()) if b is item_balances else None
        return overdue_lines(b, as_of, customer_id, kept_day=kept_day)

    def _at_minimum(self, column, by):
        return at_minimum(column, by, self._session.get_bind().dialect.name == "postgresql")

    def keep_state(self, *customer_ids: int) -> None:
        """After writing collection records, escalation decisions or investigation notes of these customers: their
        kept collection state follows, in this transaction (``db.collection_state``)."""
        keep_collection_state(self._session.connection(), list(customer_ids))

    # -- the work queue ------------------------------------------------------------------------------
    def queue(self, as_of: date, *, manager_id: int | None = None, customer_id: int | None = None,
              oldest_line: bool = True) -> list[QueueFigures]:
        """Every customer (of ``manager_id``, or just ``customer_id``) with undisputed items overdue on
        ``as_of``, with the open amounts of that day; ``oldest_line`` False: without the business line of the
        oldest overdue item (None: no ladder is chosen by line, and finding it is a sort per customer)."""
        b = self._open_items(as_of)
        kept_day = line_balances_day(self._session.connection()) if b is item_balances else None
        on_server = self._session.get_bind().dialect.name == "postgresql"
        shape = (as_of, kept_day, manager_id, customer_id, oldest_line, on_server)
        stmt = _todays_queue(*shape) if b is item_balances else queue_statement(b, *shape)
        # Tens of thousands of rows: plain tuples (only dates and flags converted), not a Row object each.
        return list(map(QueueFigures._make, plain_rows(self._session.connection(), stmt)))

    def overdue_by_line(self, as_of: date, *, customer_id: int | None = None,
                        above: int | None = None) -> list[tuple[int, str, int]]:
        """(customer id, business line code, undisputed overdue amount) on ``as_of``: what the
        人工干预限额 of each line is compared with; only amounts over ``above`` if given (the lowest limit)."""
        ol = self._overdue_lines(self._open_items(as_of), as_of, customer_id)
        stmt = (select(ol.c.customer_id, _lines.c.code, ol.c.overdue)
                .select_from(ol.join(_lines, _lines.c.id == ol.c.business_line_id)))
        if above is not None:
            stmt = stmt.where(ol.c.overdue > above)
        return plain_rows(self._session.connection(), stmt)

    # -- the ladder's order (postal 17) ------------------------------------------------------------
    def notice_covers(self, as_of: date, *, customer_id: int | None = None) -> dict[int, NoticeCoverRow]:
        """Per customer with undisputed items overdue on ``as_of``: how many, and the notice (kind 'notice',
        issued by ``as_of``) covering one of them whose pay-by date is earliest (``covering_notices``)."""
        ol = self._overdue_lines(self._open_items(as_of), as_of, customer_id)
        counts = (select(ol.c.customer_id, func.sum(ol.c.item_count).label("item_count"))
                  .group_by(ol.c.customer_id).cte("overdue_counts"))
        covered = self._covered(as_of, customer_id)
        stmt = (select(counts.c.customer_id, counts.c.item_count, covered.c.number, covered.c.pay_by)
                .select_from(counts.outerjoin(covered, covered.c.customer_id == counts.c.customer_id)))
        return {row[0]: NoticeCoverRow(*row) for row in self._rows(stmt)}

    def covering_notices(self, as_of: date, *, customer_id: int | None = None) -> dict[int, tuple[str, date]]:
        """customer id -> (number, pay-by date) of the notice covering one of the customer's undisputed items
        overdue on ``as_of`` whose pay-by date is earliest; only customers such a notice covers (the queue
        counts the overdue items itself)."""
        b, on_server = self._open_items(as_of), self._session.get_bind().dialect.name == "postgresql"
        stmt = (_todays_covering(as_of, customer_id, on_server) if b is item_balances
                else _covering(b, as_of, customer_id, on_server))
        return {cid: (number, pay_by) for cid, number, pay_by in self._rows(stmt)}

    def _covered(self, as_of: date, customer_id: int | None) -> FromClause:
        return covered(self._open_items(as_of), as_of, customer_id,
                       self._session.get_bind().dialect.name == "postgresql")

    # -- reminders and 预存款预警 ----------------------------------------------------------------------
    def due_soon(self, first: date, last: date, *, manager_id: int | None = None) -> list[DueSoonRow]:
        """Customers who asked for reminders, with their open items due from ``first`` to ``last`` (now)."""
        b, c, u = item_balances, _customers, _users
        stmt = (select(c.c.id, func.coalesce(c.c.code, ""), c.c.name, c.c.phone, u.c.display_name, func.count(),
                       func.sum(b.c.open_amount), func.min(b.c.due_date))
                .select_from(b.join(c, c.c.id == b.c.customer_id).join(u, u.c.id == c.c.account_manager_id))
                .where(c.c.wants_reminders.is_(True), is_open(b), b.c.due_date >= first, b.c.due_date <= last)
                .group_by(c.c.id, u.c.id).order_by(func.min(b.c.due_date), c.c.name))
        if manager_id is not None:
            stmt = stmt.where(c.c.account_manager_id == manager_id)
        return [DueSoonRow(*row) for row in self._rows(stmt)]

    def credit_holders(self, since: date, *, manager_id: int | None = None) -> list[CreditRow]:
        """Customers holding unapplied credit now, with the arrears they ran up from ``since`` (not reversed)."""
        c, u, cb, i = _customers, _users, CustomerBalance.__table__, _items_table
        recorded = (select(func.coalesce(func.sum(i.c.amount), 0))
                    .where(i.c.customer_id == c.c.id, i.c.business_date >= since, item_stands(i.c.id))
                    .scalar_subquery())
        stmt = (select(c.c.id, func.coalesce(c.c.code, ""), c.c.name, c.c.phone, u.c.display_name,
                       cb.c.unapplied_credit, recorded)
                .select_from(cb.join(c, c.c.id == cb.c.customer_id).join(u, u.c.id == c.c.account_manager_id))
                .where(cb.c.unapplied_credit > 0).order_by(c.c.name))
        if manager_id is not None:
            stmt = stmt.where(c.c.account_manager_id == manager_id)
        return [CreditRow(*row) for row in self._rows(stmt)]

    # -- disputes ------------------------------------------------------------------------------------
    def open_dispute_id(self, item_id: int) -> int | None:
        d = _disputes
        return self._session.scalar(select(d.c.id).where(d.c.arrears_item_id == item_id, _unsettled(d)))

    def dispute_settled(self, dispute_id: int) -> bool:
        s = _settlements
        return self._session.scalar(select(s.c.id).where(s.c.dispute_id == dispute_id)) is not None

    # -- the collection file -------------------------------------------------------------------------
    def open_items(self, customer_id: int) -> list[OpenItemRow]:
        """The customer's open items now, oldest first, each with its unsettled dispute if any."""
        b, i, d = item_balances, ArrearsItem.__table__, _disputes.alias("d")
        stmt = (select(i.c.id, i.c.voucher_no, _lines.c.name, i.c.business_date, i.c.due_date, i.c.amount,
                       b.c.open_amount, d.c.id, d.c.reason)
                .select_from(b.join(i, i.c.id == b.c.item_id).join(_lines, _lines.c.id == i.c.business_line_id)
                             .outerjoin(d, and_(d.c.arrears_item_id == i.c.id, _unsettled(d))))
                .where(b.c.customer_id == customer_id, is_open(b))
                .order_by(i.c.business_date, i.c.id))
        return [OpenItemRow(*row) for row in self._rows(stmt)]

    def contacts(self, customer_id: int) -> list[ContactRow]:
        r, u, n = _records, _users, Notice.__table__
        stmt = (select(r.c.id, r.c.contacted_on, r.c.channel, u.c.display_name, r.c.result, r.c.promised_on,
                       r.c.promised_amount, r.c.next_follow_up, n.c.number, r.c.corrects_id, r.c.result_code)
                .select_from(r.join(u, u.c.id == r.c.handler_id).outerjoin(n, n.c.id == r.c.notice_id))
                .where(r.c.customer_id == customer_id).order_by(r.c.contacted_on.desc(), r.c.id.desc()))
        return [ContactRow(*row) for row in self._rows(stmt)]

    def escalations(self, customer_id: int) -> list[EscalationRow]:
        e, u = _escalations, _users
        stmt = (select(e.c.decided_on, e.c.step, e.c.action, e.c.decision, e.c.days_overdue, e.c.overdue_amount,
                       u.c.display_name, e.c.note)
                .select_from(e.join(u, u.c.id == e.c.decided_by_id))
                .where(e.c.customer_id == customer_id).order_by(e.c.decided_on.desc(), e.c.id.desc()))
        return [EscalationRow(*row) for row in self._rows(stmt)]

    def notices(self, customer_id: int) -> list[NoticeRow]:
        n, u, reply = Notice.__table__, _users, NoticeReply.__table__
        latest_reply = select(func.max(reply.c.id)).where(reply.c.notice_id == n.c.id).scalar_subquery()
        rr = reply.alias("rr")
        stmt = (select(n.c.number, n.c.kind, n.c.as_of, n.c.total, u.c.display_name, rr.c.answer, rr.c.received_on)
                .select_from(n.join(u, u.c.id == n.c.issued_by_id).outerjoin(rr, rr.c.id == latest_reply))
                .where(n.c.customer_id == customer_id).order_by(n.c.issued_at.desc(), n.c.id.desc()))
        return [NoticeRow(*row) for row in self._rows(stmt)]

    def investigations(self, customer_id: int) -> list[tuple[date, str, str]]:
        """(noted on, cause, by), newest first."""
        v, u = Investigation.__table__, _users
        stmt = (select(v.c.noted_on, v.c.cause, u.c.display_name).join(u, u.c.id == v.c.noted_by_id)
                .where(v.c.customer_id == customer_id).order_by(v.c.noted_on.desc(), v.c.id.desc()))
        return [tuple(row) for row in self._rows(stmt)]
