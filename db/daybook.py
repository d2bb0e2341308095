"""The books of the day in SQL: the daily report as printed, a clerk's receipts of a day (standing or
bounced), voided receipts (作废收据) and the cash-ups (缴款) with their receipt by finance. The rules are
``app.domain.cashup``'s; every table here is append-only."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import Date, and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from db.chain import RECORDED_AT
from db.models import (
    CashUp, CashUpAmount, CashUpReceipt, Customer, DailyReportPrint, Recovery, Repayment, User, VoidedReceipt,
)
from db.standing import repayment_reversals

_repayments, _customers, _users = Repayment.__table__, Customer.__table__, User.__table__
_prints, _voided = DailyReportPrint.__table__, VoidedReceipt.__table__
_LAST_PRINTED_DAY = select(func.max(_prints.c.last_day))  # asked at every use case that posts: built once
_cash_ups, _amounts, _received = CashUp.__table__, CashUpAmount.__table__, CashUpReceipt.__table__
_recoveries = Recovery.__table__


def _money_taken():
    """Every receipt a clerk wrote out: a repayment, or money recovered on written-off debt (收回已核销坏账,
    its own entry but money in the till on a receipt of the same series all the same)."""
    r, v = _repayments, _recoveries
    return union_all(
        select(r.c.id.label("entry_id"), literal("repayment").label("kind"), r.c.receipt_no, r.c.customer_id,
               r.c.amount, r.c.method, r.c.paid_on.label("paid_on"),
               r.c[RECORDED_AT["repayments"]].label("posted_at"), r.c.received_by_id),
        select(v.c.id, literal("recovery"), v.c.receipt_no, v.c.customer_id, v.c.amount, v.c.method, v.c.received_on,
               v.c[RECORDED_AT["recoveries"]], v.c.received_by_id)).subquery("taken")


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    return datetime.combine(day, time.min), datetime.combine(day + timedelta(days=1), time.min)


class Printed(NamedTuple):
    print_id: int
    first_day: date
    last_day: date
    root: str
    figures: str
    digest: str
    printed_by: str
    printed_at: datetime


class Receipt(NamedTuple):
    """A clerk's receipt (a repayment they received), with the time its bounce was posted, if it bounced."""
    repayment_id: int
    receipt_no: str
    customer: str
    amount: int
    method: str
    paid_on: date
    recorded_at: datetime
    bounced_at: datetime | None
    kind: str = "repayment"  # or "recovery" (收回已核销坏账), which never bounces


class Voided(NamedTuple):
    receipt_no: str
    reason: str
    voided_by: str
    voided_at: datetime


class CashUpRow(NamedTuple):
    cash_up_id: int
    clerk_id: int
    clerk: str
    day: date
    receipts: int
    expected: int
    handed_in: int
    reason: str
    recorded_at: datetime
    received_by: str | None
    received: int | None
    received_reason: str | None
    received_at: datetime | None


class DayBook:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, statement) -> list:
        return self._session.connection().execute(statement).all()

    # -- the daily report as printed ------------------------------------------------------------------------

    def add_print(self, **values) -> int:
        row = DailyReportPrint(**values)
        self._session.add(row)
        self._session.flush()
        return row.id

    def first_print(self, first_day: date, last_day: date) -> Printed | None:
        """The first print of the report for exactly these days (what was on paper first)."""
        p, u = _prints, _users
        row = self._session.connection().execute(
            select(p.c.id, p.c.first_day, p.c.last_day, p.c.root, p.c.figures, p.c.digest, u.c.display_name,
                   p.c.printed_at).join(u, u.c.id == p.c.printed_by_id)
            .where(p.c.first_day == first_day, p.c.last_day == last_day).order_by(p.c.id).limit(1)).first()
        return None if row is None else Printed(*row)

    def prints(self) -> list[Printed]:
        """Every first print per span of days, oldest first."""
        p, u = _prints, _users
        first = select(func.min(p.c.id)).group_by(p.c.first_day, p.c.last_day)
        return [Printed(*r) for r in self._rows(
            select(p.c.id, p.c.first_day, p.c.last_day, p.c.root, p.c.figures, p.c.digest, u.c.display_name,
                   p.c.printed_at).join(u, u.c.id == p.c.printed_by_id).where(p.c.id.in_(first)).order_by(p.c.id))]

    def last_printed_day(self) -> date | None:
        return self._session.connection().execute(_LAST_PRINTED_DAY).scalar()

    # -- a clerk's receipts ---------------------------------------------------------------------------------

    def receipts_of(self, clerk_id: int, day: date) -> list[Receipt]:
        """The receipts the clerk posted on ``day`` (their recording day), in receipt order."""
        t, c = _money_taken(), _customers
        since, until = _day_bounds(day)
        bounced = repayment_reversals().subquery()
        return [Receipt(*row) for row in self._rows(
            select(t.c.entry_id, t.c.receipt_no, c.c.name, t.c.amount, t.c.method, t.c.paid_on, t.c.posted_at,
                   bounced.c.posted_at, t.c.kind)
            .select_from(t.join(c, c.c.id == t.c.customer_id)
                         .outerjoin(bounced, and_(t.c.kind == "repayment", bounced.c.repayment_id == t.c.entry_id)))
            .where(t.c.received_by_id == clerk_id, t.c.posted_at >= since, t.c.posted_at < until)
            .order_by(t.c.receipt_no, t.c.kind, t.c.entry_id))]

    def receipt_numbers_before(self, clerk_id: int, day: date) -> list[str]:
        """Every receipt number the clerk used before ``day``."""
        since, _ = _day_bounds(day)
        t = _money_taken()
        return [n for (n,) in self._rows(select(t.c.receipt_no)
                                         .where(t.c.received_by_id == clerk_id, t.c.posted_at < since))]

    def last_receipt_no(self, clerk_id: int) -> str | None:
        """The clerk's latest receipt number (by recording time), for the next one to follow it."""
        t = _money_taken()
        return self._session.connection().execute(
            select(t.c.receipt_no).where(t.c.received_by_id == clerk_id)
            .order_by(t.c.posted_at.desc(), t.c.entry_id.desc()).limit(1)).scalar()

    def receipt_taken(self, receipt_no: str) -> bool:
        """Used by any repayment (standing or bounced) or recovery, or already voided."""
        t = _money_taken()
        conn = self._session.connection()
        return (conn.execute(select(t.c.entry_id).where(t.c.receipt_no == receipt_no).limit(1))
                .first() is not None or self.receipt_voided(receipt_no))

    def receipt_voided(self, receipt_no: str) -> bool:
        return self._session.connection().execute(
            select(_voided.c.id).where(_voided.c.receipt_no == receipt_no)).first() is not None

    # -- voided receipts ------------------------------------------------------------------------------------

    def add_voided(self, receipt_numbers: list[str], **values) -> list[int]:
        rows = [VoidedReceipt(receipt_no=n, **values) for n in receipt_numbers]
        self._session.add_all(rows)
        self._session.flush()
        return [row.id for row in rows]

    def voided_numbers(self, clerk_id: int) -> list[str]:
        return [n for (n,) in self._rows(select(_voided.c.receipt_no).where(_voided.c.clerk_id == clerk_id))]

    def handed_in(self, clerk_id: int, day: date) -> bool:
        """Whether the clerk's ``day`` is handed in (asked before every payment taken: one lookup)."""
        return self._session.connection().execute(
            select(_cash_ups.c.id).where(_cash_ups.c.clerk_id == clerk_id, _cash_ups.c.day == day).limit(1)
        ).first() is not None

    def days_not_handed_in(self, clerk_id: int) -> list[date]:
        """The days the clerk took money and has not handed it in, counted from the branch's first cash-up
        (缴款 kept before that was kept on paper)."""
        first = self._session.connection().execute(select(func.min(_cash_ups.c.day))).scalar()
        if first is None:
            return []
        t = _money_taken()
        day = func.date(t.c.posted_at, type_=Date)  # typed: a date on either backend
        taken = {d for (d,) in self._rows(
            select(day).where(t.c.received_by_id == clerk_id, day >= first).distinct())}
        handed = {d for (d,) in self._rows(select(_cash_ups.c.day).where(_cash_ups.c.clerk_id == clerk_id))}
        return sorted(taken - handed)

    def numbers_of_others(self, clerk_id: int, day: date) -> list[str]:
        """Receipt numbers other clerks used or voided up to the end of ``day``: in a series the clerks
        share, those numbers are accounted for, not a gap in this clerk's day."""
        _, until = _day_bounds(day)
        t = _money_taken()
        return [n for (n,) in self._rows(select(t.c.receipt_no).where(t.c.received_by_id != clerk_id,
                                                                       t.c.posted_at < until))] + \
            [n for (n,) in self._rows(select(_voided.c.receipt_no).where(_voided.c.clerk_id != clerk_id))]

    def voided_on(self, clerk_id: int, day: date) -> list[Voided]:
        """The clerk's receipts voided on ``day``."""
        v, u = _voided, _users
        since, until = _day_bounds(day)
        return [Voided(*row) for row in self._rows(
            select(v.c.receipt_no, v.c.reason, u.c.display_name, v.c.voided_at).join(u, u.c.id == v.c.voided_by_id)
            .where(v.c.clerk_id == clerk_id, v.c.voided_at >= since, v.c.voided_at < until)
            .order_by(v.c.receipt_no))]

    # -- cash-ups -------------------------------------------------------------------------------------------

    def add_cash_up(self, amounts: list[tuple[str, int, int]], **values) -> int:
        """``amounts``: (method, expected, counted) as handed in."""
        row = CashUp(**values)
        self._session.add(row)
        self._session.flush()
        self._add_amounts(row.id, "handed", amounts)
        return row.id

    def add_cash_up_receipt(self, amounts: list[tuple[str, int, int]], **values) -> int:
        """``amounts``: (method, handed in, received) as received."""
        row = CashUpReceipt(**values)
        self._session.add(row)
        self._session.flush()
        self._add_amounts(values["cash_up_id"], "received", amounts)
        return row.id

    def _add_amounts(self, cash_up_id: int, stage: str, amounts: list[tuple[str, int, int]]) -> None:
        self._session.add_all([CashUpAmount(cash_up_id=cash_up_id, stage=stage, method=m, expected=e, amount=a)
                               for m, e, a in amounts])
        self._session.flush()

    def amounts(self, cash_up_id: int, stage: str = "handed") -> dict[str, tuple[int, int]]:
        """method -> (expected, amount) of a cash-up's stage."""
        a = _amounts
        return {m: (e, n) for m, e, n in self._rows(select(a.c.method, a.c.expected, a.c.amount)
                                                    .where(a.c.cash_up_id == cash_up_id, a.c.stage == stage))}

    def cash_ups(self, *, clerk_id: int | None = None, day: date | None = None, cash_up_id: int | None = None,
                 pending: bool = False) -> list[CashUpRow]:
        """Cash-ups with their receipt by finance (if received), newest day first."""
        c, u, rec = _cash_ups, _users, _received
        receiver = u.alias("receiver")
        conditions = []
        if clerk_id is not None:
            conditions.append(c.c.clerk_id == clerk_id)
        if day is not None:
            conditions.append(c.c.day == day)
        if cash_up_id is not None:
            conditions.append(c.c.id == cash_up_id)
        if pending:
            conditions.append(rec.c.id.is_(None))
        return [CashUpRow(*row) for row in self._rows(
            select(c.c.id, c.c.clerk_id, u.c.display_name, c.c.day, c.c.receipts, c.c.expected, c.c.handed_in,
                   c.c.reason, c.c.recorded_at, receiver.c.display_name, rec.c.received, rec.c.reason,
                   rec.c.received_at)
            .select_from(c.join(u, u.c.id == c.c.clerk_id).outerjoin(rec, rec.c.cash_up_id == c.c.id)
                         .outerjoin(receiver, receiver.c.id == rec.c.received_by_id))
            .where(and_(True, *conditions)).order_by(c.c.day.desc(), u.c.display_name))]

    def user_named(self, username: str) -> tuple[int, str, str] | None:
        """(id, display name, role) of a user by username."""
        row = self._session.connection().execute(
            select(_users.c.id, _users.c.display_name, _users.c.role).where(_users.c.username == username)).first()
        return None if row is None else tuple(row)
