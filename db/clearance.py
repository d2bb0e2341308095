"""清欠 in SQL: who answers for an item now, what a user still answers for, and the hand-overs,
deadlines and certificates recorded for it (the rule itself: ``app.domain.clearance``)."""
from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session


from db.models import (
    ArrearsItem, ClearanceCertificate, ClearanceDeadline, Customer, Handover, User,
)
from db.numbering import next_in_series
from db.open_items import is_open
from db.standing import open_items_as_of

_items, _customers, _users = ArrearsItem.__table__, Customer.__table__, User.__table__
_handovers, _deadlines, _certificates = Handover.__table__, ClearanceDeadline.__table__, ClearanceCertificate.__table__


def responsible_now(item_id: ColumnElement, handler_id: ColumnElement, as_of: date) -> ColumnElement[int]:
    """现责任人 of an item on ``as_of``: the receiver of its latest hand-over effective by then, else the
    handler recorded on the item. The one place this is written in SQL."""
    h = _handovers.alias("latest_handover")
    latest = (select(h.c.to_user_id).where(h.c.arrears_item_id == item_id, h.c.effective_on <= as_of)
              .order_by(h.c.effective_on.desc(), h.c.id.desc()).limit(1).correlate_except(h).scalar_subquery())
    return func.coalesce(latest, handler_id)


class OpenItem(NamedTuple):
    item_id: int
    customer_id: int
    customer_code: str
    customer_name: str
    voucher_no: str
    business_date: date
    due_date: date
    open_amount: int
    handler: str           # recorded handler (原经办人)
    handler_id: int


class ManagedCustomer(NamedTuple):
    customer_id: int
    code: str
    name: str
    status: str


class Deadline(NamedTuple):
    deadline_id: int
    user_id: int
    username: str
    display_name: str
    set_on: date
    due_on: date
    reason: str
    set_by: str
    certificate: str | None    # the number of a certificate issued since, if any


class Certificate(NamedTuple):
    number: str
    user_id: int
    issued_on: date
    issued_by: str


class HandedOver(NamedTuple):
    effective_on: date
    what: str          # customer code and name, or voucher number
    to_name: str
    reason: str


class Clearance:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, stmt) -> list:
        return self._session.connection().execute(stmt).all()

    def open_items(self, user_id: int, today: date) -> list[OpenItem]:
        """The items still open today that ``user_id`` answers for now, oldest first."""
        b = open_items_as_of(today, today)
        i, c, u = _items, _customers, _users
        stmt = (select(b.c.item_id, b.c.customer_id, func.coalesce(c.c.code, ""), c.c.name, i.c.voucher_no,
                       b.c.business_date, b.c.due_date, b.c.open_amount, u.c.display_name, i.c.handler_id)
                .select_from(b.join(i, i.c.id == b.c.item_id).join(c, c.c.id == b.c.customer_id)
                             .join(u, u.c.id == i.c.handler_id))
                .where(is_open(b), responsible_now(i.c.id, i.c.handler_id, today) == user_id)
                .order_by(b.c.business_date, b.c.item_id))
        return [OpenItem(*row) for row in self._rows(stmt)]

    def managed_customers(self, user_id: int) -> list[ManagedCustomer]:
        c = _customers
        return [ManagedCustomer(*row) for row in self._rows(
            select(c.c.id, func.coalesce(c.c.code, ""), c.c.name, c.c.status)
            .where(c.c.account_manager_id == user_id).order_by(c.c.code, c.c.id))]

    def customer_items_answered_by(self, customer_id: int, user_id: int, today: date) -> list[int]:
        """The customer's items (open or not) that ``user_id`` answers for now: what a hand-over of the
        customer passes on."""
        i = _items
        return list(self._session.scalars(
            select(i.c.id).where(i.c.customer_id == customer_id,
                                 responsible_now(i.c.id, i.c.handler_id, today) == user_id).order_by(i.c.id)))

    def add_handover(self, *, site_id: int, from_user_id: int, to_user_id: int, effective_on: date, reason: str,
                     recorded_by_id: int, recorded_at: datetime, customer_id: int | None = None,
                     item_ids: list[int] = ()) -> int:
        """One row for the customer (if given), one per item; returns how many were written."""
        common = dict(site_id=site_id, from_user_id=from_user_id, to_user_id=to_user_id, effective_on=effective_on,
                      reason=reason, recorded_by_id=recorded_by_id, recorded_at=recorded_at)
        rows = [Handover(customer_id=customer_id, **common)] if customer_id else []
        rows += [Handover(arrears_item_id=item_id, **common) for item_id in item_ids]
        self._session.add_all(rows)
        self._session.flush()
        return len(rows)

    def open_deadline(self, user_id: int) -> Deadline | None:
        """The user's latest clearance deadline not yet answered by a certificate."""
        found = [d for d in self.deadlines(user_id=user_id) if d.certificate is None]
        return found[0] if found else None

    def deadlines(self, *, user_id: int | None = None) -> list[Deadline]:
        """Clearance deadlines, latest first, each with the first certificate issued for the user since."""
        d, u = _deadlines, _users
        setter = u.alias("setter")
        cert = (select(_certificates.c.number).where(_certificates.c.user_id == d.c.user_id,
                                                     _certificates.c.issued_at >= d.c.set_at)
                .order_by(_certificates.c.id).limit(1).correlate(d).scalar_subquery())
        stmt = (select(d.c.id, d.c.user_id, u.c.username, u.c.display_name, d.c.set_on, d.c.due_on, d.c.reason,
                       setter.c.display_name, cert)
                .select_from(d.join(u, u.c.id == d.c.user_id).join(setter, setter.c.id == d.c.set_by_id))
                .order_by(d.c.due_on.desc(), d.c.id.desc()))
        if user_id is not None:
            stmt = stmt.where(d.c.user_id == user_id)
        return [Deadline(*row) for row in self._rows(stmt)]

    def add_deadline(self, **values) -> int:
        row = ClearanceDeadline(**values)
        self._session.add(row)
        self._session.flush()
        return row.id

    def next_certificate_number(self, prefix: str) -> str:
        return next_in_series(self._session, _certificates.c.number, prefix)

    def add_certificate(self, **values) -> int:
        row = ClearanceCertificate(**values)
        self._session.add(row)
        self._session.flush()
        return row.id

    def handed_over(self, user_id: int) -> tuple[int, int]:
        """(items, customers) the user handed over, ever."""
        h = _handovers
        row = self._session.connection().execute(
            select(func.count(h.c.arrears_item_id), func.count(h.c.customer_id))
            .where(h.c.from_user_id == user_id)).one()
        return int(row[0]), int(row[1])

    def certificates(self, user_id: int) -> list[Certificate]:
        c, u = _certificates, _users
        return [Certificate(*row) for row in self._rows(
            select(c.c.number, c.c.user_id, c.c.issued_on, u.c.display_name)
            .join(u, u.c.id == c.c.issued_by_id).where(c.c.user_id == user_id).order_by(c.c.id))]


    def user_by_name(self, username: str) -> User | None:
        return self._session.scalar(select(User).where(User.username == username))

    def colleagues(self, roles: tuple[str, ...]) -> list[tuple[int, str, str]]:
        """(id, user name, full name) of the enabled users of ``roles``, by full name."""
        u = _users
        return [tuple(r) for r in self._rows(select(u.c.id, u.c.username, u.c.display_name)
                                             .where(u.c.is_active.is_(True), u.c.role.in_(roles))
                                             .order_by(u.c.display_name, u.c.id))]

    def handovers_of(self, user_id: int) -> list[HandedOver]:
        """What the user handed over: customers by name, items by voucher, in the order recorded."""
        h, c, i, u = _handovers, _customers, _items, _users
        what = func.coalesce(c.c.name, "凭证 " + i.c.voucher_no)
        return [HandedOver(*row) for row in self._rows(
            select(h.c.effective_on, what, u.c.display_name, h.c.reason)
            .select_from(h.outerjoin(c, c.c.id == h.c.customer_id).outerjoin(i, i.c.id == h.c.arrears_item_id)
                         .join(u, u.c.id == h.c.to_user_id))
            .where(h.c.from_user_id == user_id).order_by(h.c.id))]
