"""Reads behind the printed documents: 催缴通知书 (a customer's overdue items on a day), 对账单 (every
event that changed what the customer owes), 收款收据 (a repayment and what it did), and their numbers."""
from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from db.collection import overdue_undisputed
from db.models import (
    Agreement, Allocation, ArrearsItem, AuditRecord, BusinessLine, Customer, Notice, Repayment, Reversal, Site, User,
    WriteOff,
)
from db.numbering import next_in_series
from db.open_items import OpenItemsAsOf, is_open
from db.standing import open_items_as_of, repayment_reversed

_items, _lines, _notices = ArrearsItem.__table__, BusinessLine.__table__, Notice.__table__
_repayments, _reversals, _write_offs = Repayment.__table__, Reversal.__table__, WriteOff.__table__
_allocations, _customers, _users = Allocation.__table__, Customer.__table__, User.__table__


class LocalSite(NamedTuple):
    name: str
    code: str


class AgreementTerms(NamedTuple):
    number: str
    settlement_cycle_months: int
    credit_period_days: int
    late_fee_enabled: bool


class OverdueLine(NamedTuple):
    business_date: date
    business_line: str
    voucher_no: str
    amount: int
    open_amount: int
    due_date: date


class StatementEvent(NamedTuple):
    """Something that changed what the customer owes, on the day it took effect; ``delta`` + owes more."""
    day: date
    kind: str          # charge | charge_reversal | payment | payment_reversal | write_off
    reference: str     # voucher or receipt number
    description: str   # business line, payment method key, or the reason given
    delta: int


class IssuedNotice(NamedTuple):
    notice_id: int
    customer_id: int
    issued_at: datetime


class ReceiptFacts(NamedTuple):
    repayment_id: int
    receipt_no: str
    customer_id: int
    customer_name: str
    customer_code: str
    amount: int
    paid_on: date
    method: str
    mode: str
    note: str
    received_by: str    # the clerk who took the money
    recorded_at: datetime
    reversed: bool


class ReceiptOffset(NamedTuple):
    item_id: int
    voucher_no: str
    business_date: date
    business_line: str
    amount: int
    effective_on: date


class Documents:
    def __init__(self, session: Session, open_items: OpenItemsAsOf) -> None:
        self._session = session
        self._open_items = open_items

    def _rows(self, stmt) -> list:
        return self._session.connection().execute(stmt).all()

    def local_site(self) -> LocalSite | None:
        s = Site.__table__
        row = self._session.connection().execute(select(s.c.name, s.c.code).where(s.c.is_local.is_(True))).first()
        return None if row is None else LocalSite(*row)

    def next_number(self, prefix: str) -> str:
        """The next number in a series (``prefix`` + six digits), after the highest issued."""
        return next_in_series(self._session, _notices.c.number, prefix)

    def latest_agreement(self, customer_id: int) -> AgreementTerms | None:
        """The customer's most recent agreement, current or ended (a notice still cites it)."""
        a = Agreement.__table__
        row = self._session.connection().execute(
            select(a.c.number, a.c.settlement_cycle_months, a.c.credit_period_days, a.c.late_fee_enabled)
            .where(a.c.customer_id == customer_id).order_by(a.c.id.desc()).limit(1)).first()
        return None if row is None else AgreementTerms(*row)

    def notice(self, number: str) -> IssuedNotice | None:
        n = _notices
        row = self._session.connection().execute(
            select(n.c.id, n.c.customer_id, n.c.issued_at).where(n.c.number == number)).first()
        return None if row is None else IssuedNotice(*row)

    # -- 催缴通知书 ------------------------------------------------------------------------------------
    def overdue_lines(self, customer_id: int, as_of: date) -> list[OverdueLine]:
        """The customer's undisputed items overdue on ``as_of`` with what was open on them that day."""
        b = self._open_items(as_of)
        i = _items
        stmt = (select(i.c.business_date, _lines.c.name, i.c.voucher_no, i.c.amount, b.c.open_amount, i.c.due_date)
                .select_from(b.join(i, i.c.id == b.c.item_id).join(_lines, _lines.c.id == i.c.business_line_id))
                .where(b.c.customer_id == customer_id, overdue_undisputed(b, as_of))
                .order_by(i.c.business_date, i.c.id))
        return [OverdueLine(*row) for row in self._rows(stmt)]

    def overdue_lines_of(self, customer_ids: list[int], as_of: date) -> dict[int, list[OverdueLine]]:
        """``overdue_lines`` of many customers in one query per 500 (a batch of notices)."""
        b = self._open_items(as_of)
        i = _items
        found: dict[int, list[OverdueLine]] = {cid: [] for cid in customer_ids}
        for start in range(0, len(customer_ids), 500):
            stmt = (select(b.c.customer_id, i.c.business_date, _lines.c.name, i.c.voucher_no, i.c.amount,
                           b.c.open_amount, i.c.due_date)
                    .select_from(b.join(i, i.c.id == b.c.item_id).join(_lines, _lines.c.id == i.c.business_line_id))
                    .where(b.c.customer_id.in_(customer_ids[start:start + 500]), overdue_undisputed(b, as_of))
                    .order_by(b.c.customer_id, i.c.business_date, i.c.id))
            for row in self._rows(stmt):
                found[row[0]].append(OverdueLine(*row[1:]))
        return found

    # -- 对账单 ----------------------------------------------------------------------------------------
    def statement_events(self, customer_id: int) -> list[StatementEvent]:
        """Every event of the customer, in the order it took effect (day, then kind, then entry)."""
        i, r, p, w = _items, _reversals, _repayments, _write_offs
        parts = [
            select(i.c.business_date.label("day"), literal(1).label("ord"), i.c.id.label("entry"),
                   literal("charge").label("kind"), i.c.voucher_no.label("reference"),
                   _lines.c.name.label("description"), i.c.amount.label("delta"))
            .join(_lines, _lines.c.id == i.c.business_line_id).where(i.c.customer_id == customer_id),
            select(r.c.reversed_on, literal(2), r.c.id, literal("charge_reversal"), i.c.voucher_no, r.c.reason,
                   -i.c.amount).join(i, i.c.id == r.c.arrears_item_id).where(r.c.customer_id == customer_id),
            select(p.c.paid_on, literal(3), p.c.id, literal("payment"), p.c.receipt_no, p.c.method, -p.c.amount)
            .where(p.c.customer_id == customer_id),
            select(r.c.reversed_on, literal(4), r.c.id, literal("payment_reversal"), p.c.receipt_no, r.c.reason,
                   p.c.amount).join(p, p.c.id == r.c.repayment_id).where(r.c.customer_id == customer_id),
            select(w.c.written_off_on, literal(5), w.c.id, literal("write_off"), i.c.voucher_no, w.c.reason,
                   -w.c.amount).join(i, i.c.id == w.c.arrears_item_id).where(w.c.customer_id == customer_id),
        ]
        events = union_all(*parts).subquery("events")
        stmt = (select(events.c.day, events.c.kind, events.c.reference, events.c.description, events.c.delta)
                .order_by(events.c.day, events.c.ord, events.c.entry))
        return [StatementEvent(*row) for row in self._rows(stmt)]

    def open_total(self, customer_id: int, as_of: date, today: date) -> int:
        """What was open on the customer's items on ``as_of`` (money held not deducted)."""
        b = open_items_as_of(as_of, today, self._open_items.held())
        return self._session.connection().execute(
            select(func.coalesce(func.sum(b.c.open_amount), 0))
            .where(b.c.customer_id == customer_id, is_open(b))).scalar_one()

    # -- 收款收据 --------------------------------------------------------------------------------------
    def receipt(self, repayment_id: int) -> ReceiptFacts | None:
        p, c, u = _repayments, _customers, _users
        row = self._session.connection().execute(
            select(p.c.id, p.c.receipt_no, p.c.customer_id, c.c.name, func.coalesce(c.c.code, ""), p.c.amount,
                   p.c.paid_on, p.c.method, p.c.mode, p.c.note, u.c.display_name, p.c.recorded_at,
                   repayment_reversed(p.c.id))
            .select_from(p.join(c, c.c.id == p.c.customer_id).join(u, u.c.id == p.c.received_by_id))
            .where(p.c.id == repayment_id)).first()
        return None if row is None else ReceiptFacts(*row)

    def receipt_offsets(self, repayment_id: int) -> list[ReceiptOffset]:
        """The items the repayment closed when it was posted (not later uses of the money it left held),
        in the order they were offset."""
        a, i = _allocations, _items
        stmt = (select(i.c.id, i.c.voucher_no, i.c.business_date, _lines.c.name, a.c.amount, a.c.effective_on)
                .select_from(a.join(i, i.c.id == a.c.arrears_item_id).join(_lines, _lines.c.id == i.c.business_line_id))
                .where(a.c.repayment_id == repayment_id, a.c.source == "payment").order_by(a.c.id))
        return [ReceiptOffset(*row) for row in self._rows(stmt)]

    def times_printed(self, repayment_id: int, action: str) -> int:
        """How often the receipt of a repayment was printed (each print is audited as ``action``)."""
        log = AuditRecord.__table__
        return self._session.connection().execute(
            select(func.count()).select_from(log)
            .where(and_(log.c.action == action, log.c.entity == "repayment", log.c.entity_id == repayment_id))
        ).scalar_one()
