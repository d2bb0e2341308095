"""Reads of the 今日 page: the entries posted today (收款 and 欠费, by the day they were keyed in, not
by the business or payment date they carry) and the customers still waiting for their credit approval.

``keyed_by`` narrows to what one person entered; ``manager_id`` to the customers one account manager
looks after; None means the whole branch."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from db.models import ArrearsItem, BusinessLine, CreditApplication, Customer, Recovery, Repayment, User
from db.standing import item_stands, repayment_stands

_items, _repayments, _lines = ArrearsItem.__table__, Repayment.__table__, BusinessLine.__table__
_recoveries = Recovery.__table__
_customers, _users, _applications = Customer.__table__, User.__table__, CreditApplication.__table__


class ReceiptRow(NamedTuple):
    """A receipt keyed in today: a repayment not reversed, or money recovered on written-off debt
    (收回已核销坏账, ``kind`` "recovery"): both are money in the till on a receipt."""
    entry_id: int
    customer_id: int
    code: str
    name: str
    receipt_no: str
    method: str
    amount: int
    paid_on: date
    recorded_at: datetime
    received_by: str
    kind: str = "repayment"


class ItemRow(NamedTuple):
    """An arrears item keyed in today and not reversed."""
    item_id: int
    customer_id: int
    code: str
    name: str
    voucher_no: str
    business_line: str
    amount: int
    business_date: date
    due_date: date
    recorded_at: datetime
    recorded_by: str


class MethodRow(NamedTuple):
    method: str
    count: int
    amount: int


class WaitingRow(NamedTuple):
    """A credit application waiting for marketing, or a customer still without its code (附码) and no
    application pending: never applied for (``application_id`` None) or the last one rejected."""
    customer_id: int
    code: str
    name: str
    manager: str
    application_id: int | None
    application_status: str | None   # pending | rejected | None
    since: datetime                  # applied, rejected, or registered
    applied_by: str
    decision_note: str


def _keyed_on(column, day: date) -> ColumnElement[bool]:
    start = datetime.combine(day, datetime.min.time())
    return and_(column >= start, column < start + timedelta(days=1))


class TodayBook:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, stmt) -> list:
        return self._session.connection().execute(stmt).all()

    # -- 今日收款 -------------------------------------------------------------------------------------
    def _taken(self, day: date, keyed_by: int | None):
        """Every receipt keyed in on ``day`` that still stands: repayments and recoveries alike."""
        p, v = _repayments, _recoveries
        repaid = [_keyed_on(p.c.recorded_at, day), repayment_stands(p.c.id)]
        recovered = [_keyed_on(v.c.recorded_at, day)]
        if keyed_by is not None:
            repaid.append(p.c.received_by_id == keyed_by)
            recovered.append(v.c.received_by_id == keyed_by)
        return union_all(
            select(p.c.id.label("entry_id"), literal("repayment").label("kind"), p.c.customer_id, p.c.receipt_no,
                   p.c.method, p.c.amount, p.c.paid_on.label("paid_on"), p.c.recorded_at, p.c.received_by_id)
            .where(*repaid),
            select(v.c.id, literal("recovery"), v.c.customer_id, v.c.receipt_no, v.c.method, v.c.amount,
                   v.c.received_on, v.c.recorded_at, v.c.received_by_id).where(*recovered)).subquery("taken")

    def receipts_by_method(self, day: date, *, keyed_by: int | None = None) -> list[MethodRow]:
        t = self._taken(day, keyed_by)
        return [MethodRow(*r) for r in self._rows(
            select(t.c.method, func.count(), func.sum(t.c.amount))
            .group_by(t.c.method).order_by(func.sum(t.c.amount).desc()))]

    def receipts(self, day: date, *, keyed_by: int | None = None, limit: int = 1000) -> list[ReceiptRow]:
        """Newest first."""
        t, c, u = self._taken(day, keyed_by), _customers, _users
        return [ReceiptRow(*r) for r in self._rows(
            select(t.c.entry_id, t.c.customer_id, func.coalesce(c.c.code, ""), c.c.name, t.c.receipt_no,
                   t.c.method, t.c.amount, t.c.paid_on, t.c.recorded_at, u.c.display_name, t.c.kind)
            .select_from(t.join(c, c.c.id == t.c.customer_id).join(u, u.c.id == t.c.received_by_id))
            .order_by(t.c.recorded_at.desc(), t.c.entry_id.desc()).limit(limit))]

    # -- 今日欠费 -------------------------------------------------------------------------------------
    def _items_where(self, day: date, keyed_by: int | None) -> list[ColumnElement[bool]]:
        i = _items
        where = [_keyed_on(i.c.recorded_at, day), item_stands(i.c.id)]
        if keyed_by is not None:
            where.append(i.c.recorded_by_id == keyed_by)
        return where

    def items_total(self, day: date, *, keyed_by: int | None = None) -> tuple[int, int]:
        """(count, fen) of the items keyed in today."""
        i = _items
        count, amount = self._rows(select(func.count(), func.coalesce(func.sum(i.c.amount), 0))
                                   .where(*self._items_where(day, keyed_by)))[0]
        return count, amount

    def items(self, day: date, *, keyed_by: int | None = None, limit: int = 1000) -> list[ItemRow]:
        """Newest first (an import of thousands shows its latest ``limit``; the total counts them all)."""
        i, c, u, bl = _items, _customers, _users, _lines
        return [ItemRow(*r) for r in self._rows(
            select(i.c.id, i.c.customer_id, func.coalesce(c.c.code, ""), c.c.name, i.c.voucher_no, bl.c.name,
                   i.c.amount, i.c.business_date, i.c.due_date, i.c.recorded_at, u.c.display_name)
            .select_from(i.join(c, c.c.id == i.c.customer_id).join(u, u.c.id == i.c.recorded_by_id)
                         .join(bl, bl.c.id == i.c.business_line_id))
            .where(*self._items_where(day, keyed_by))
            .order_by(i.c.recorded_at.desc(), i.c.id.desc()).limit(limit))]

    # -- 待审批 ---------------------------------------------------------------------------------------
    def waiting_for_approval(self, *, manager_id: int | None = None) -> list[WaitingRow]:
        """Pending applications (any customer: a new one, or a renewal), then customers without a code and
        no pending application, with their latest application if any; oldest first."""
        c, u, a = _customers, _users, _applications
        by = _users.alias("applicant")
        scope = [] if manager_id is None else [c.c.account_manager_id == manager_id]
        pending = self._rows(
            select(c.c.id, func.coalesce(c.c.code, ""), c.c.name, u.c.display_name, a.c.id, a.c.status,
                   a.c.applied_at, by.c.display_name, a.c.decision_note)
            .select_from(a.join(c, c.c.id == a.c.customer_id).join(u, u.c.id == c.c.account_manager_id)
                         .join(by, by.c.id == a.c.applied_by_id))
            .where(a.c.status == "pending", *scope).order_by(a.c.applied_at, a.c.id))
        latest = (select(func.max(a.c.id)).where(a.c.customer_id == c.c.id).correlate(c).scalar_subquery())
        last = a.alias("last")
        waiting_pending = select(a.c.id).where(a.c.customer_id == c.c.id, a.c.status == "pending").exists()
        uncoded = self._rows(
            select(c.c.id, func.coalesce(c.c.code, ""), c.c.name, u.c.display_name, last.c.id, last.c.status,
                   func.coalesce(last.c.decided_at, c.c.created_at), func.coalesce(by.c.display_name, ""),
                   func.coalesce(last.c.decision_note, ""))
            .select_from(c.join(u, u.c.id == c.c.account_manager_id)
                         .outerjoin(last, last.c.id == latest)
                         .outerjoin(by, by.c.id == last.c.applied_by_id))
            .where(c.c.status == "pending", c.c.code.is_(None), ~waiting_pending, *scope)
            .order_by(c.c.created_at, c.c.id))
        return [WaitingRow(*r) for r in (*pending, *uncoded)]
