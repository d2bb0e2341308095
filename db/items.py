"""Reads that recording and offsetting need: open items, vouchers and receipts in use, who a customer
is with its current agreement, business lines."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple

from sqlalchemy import bindparam, func, literal, select
from sqlalchemy.orm import Session

from db.models import (
    Agreement, Allocation, ArrearsItem, BusinessLine, Customer, ItemBalance, Recovery, Repayment, User, WriteOff,
)
from db.standing import (
    item_reversals, item_reversed, item_stands, repayment_reversals, repayment_reversed, repayment_stands,
)

_CHUNK = 900  # SQLite's bound-parameter budget, with room to spare


def chunked(values: Iterable, size: int = _CHUNK) -> Iterator[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# Asked at every item or repayment recorded at the counter: built once, with bind parameters.
_VOUCHER_HOLDER = (select(Customer.name, ArrearsItem.business_date).join(Customer, Customer.id == ArrearsItem.customer_id)
                   .where(ArrearsItem.voucher_no == bindparam("b_voucher"), item_stands(ArrearsItem.id)))
_RECEIPT_PAID = select(Repayment.id).where(Repayment.receipt_no == bindparam("b_receipt"),
                                           repayment_stands(Repayment.id)).limit(1)
_RECEIPT_RECOVERED = select(Recovery.id).where(Recovery.receipt_no == bindparam("b_receipt")).limit(1)
_CURRENT_AGREEMENT = select(Agreement).where(Agreement.customer_id == bindparam("b_customer"),
                                             Agreement.terminated_on.is_(None)).order_by(Agreement.id.desc())
_BUSINESS_LINES = select(BusinessLine.id, BusinessLine.code, BusinessLine.name)


class OpenItemRow(NamedTuple):
    item_id: int
    business_date: date
    open_amount: int
    voucher_no: str


class Items:
    def __init__(self, session: Session) -> None:
        self._session = session

    def open_for(self, customer_id: int) -> list[OpenItemRow]:
        """A customer's open items, oldest business date first (ties by entry order)."""
        b = ItemBalance.__table__
        rows = self._session.execute(
            select(b.c.item_id, b.c.business_date, b.c.open_amount, ArrearsItem.voucher_no)
            .join(ArrearsItem, ArrearsItem.id == b.c.item_id)
            .where(b.c.customer_id == customer_id, b.c.open_amount > 0)
            .order_by(b.c.business_date, b.c.item_id))
        return [OpenItemRow(*row) for row in rows]

    def has_overdue(self, customer_id: int, today: date) -> bool:
        b = ItemBalance.__table__
        return self._session.execute(select(b.c.item_id).where(
            b.c.customer_id == customer_id, b.c.open_amount > 0, b.c.due_date < today).limit(1)).first() is not None

    def voucher_holder(self, voucher: str) -> tuple[str, date] | None:
        """(customer name, business date) of the standing item that holds this voucher, if any."""
        row = self._session.execute(_VOUCHER_HOLDER, {"b_voucher": voucher}).first()
        return None if row is None else (row.name, row.business_date)

    def vouchers_in_use(self, vouchers: Iterable[str]) -> dict[str, tuple[int, int, date]]:
        """voucher -> (customer id, amount, business date) of the standing items holding them."""
        found: dict[str, tuple[int, int, date]] = {}
        for chunk in chunked(sorted(set(vouchers))):
            for voucher, customer_id, amount, day in self._session.execute(
                    select(ArrearsItem.voucher_no, ArrearsItem.customer_id, ArrearsItem.amount,
                           ArrearsItem.business_date)
                    .where(ArrearsItem.voucher_no.in_(chunk), item_stands(ArrearsItem.id))):
                found[voucher] = (customer_id, amount, day)
        return found

    def customer_name(self, customer_id: int) -> str:
        return self._session.scalar(select(Customer.name).where(Customer.id == customer_id)) or ""

    def receipt_in_use(self, receipt: str) -> bool:
        """A receipt number may be used again only after its repayment was reversed; one that recorded a
        recovery of written-off debt (收回已核销坏账) stays used."""
        return self._session.execute(_RECEIPT_PAID, {"b_receipt": receipt}).first() is not None \
            or self._session.execute(_RECEIPT_RECOVERED, {"b_receipt": receipt}).first() is not None

    def money_held_since(self, repayment_ids: Iterable[int]) -> dict[int, date]:
        """预存款: since when each repayment's unapplied money has been there to spend: the day it was paid,
        or a later day on which an item it had been offset against was reversed (冲正) and gave it back."""
        ids = list(repayment_ids)
        if not ids:
            return {}
        p, a = Repayment.__table__, Allocation.__table__
        back = item_reversals().subquery("given_back")
        stmt = (select(p.c.id, p.c.paid_on, func.max(back.c.reversed_on))
                .select_from(p.outerjoin(a, a.c.repayment_id == p.c.id)
                             .outerjoin(back, back.c.item_id == a.c.arrears_item_id))
                .where(p.c.id.in_(ids)).group_by(p.c.id))
        return {rid: max(paid, returned or paid) for rid, paid, returned in self._session.execute(stmt)}

    def reopened_on(self, item_ids: Iterable[int]) -> dict[int, date]:
        """The last day each item was opened again by a reversed (bounced) repayment that had been offset
        against it (items never reopened are left out): an offset that stood until then overlaps any new
        offset dated earlier."""
        ids = list(item_ids)
        if not ids:
            return {}
        a = Allocation.__table__
        bounced = repayment_reversals().subquery("bounced")
        found: dict[int, date] = {}
        for batch in chunked(ids):
            found.update(self._session.execute(
                select(a.c.arrears_item_id, func.max(bounced.c.reversed_on))
                .join(bounced, bounced.c.repayment_id == a.c.repayment_id)
                .where(a.c.arrears_item_id.in_(batch)).group_by(a.c.arrears_item_id)).all())
        return found

    def item_reversed(self, item_id: int) -> bool:
        return bool(self._session.scalar(select(item_reversed(literal(item_id)))))

    def repayment_reversed(self, repayment_id: int) -> bool:
        return bool(self._session.scalar(select(repayment_reversed(literal(repayment_id)))))

    def written_off(self, item_id: int) -> bool:
        return self._session.scalar(select(WriteOff.id).where(WriteOff.arrears_item_id == item_id)) is not None

    def current_agreement(self, customer_id: int) -> Agreement | None:
        return self._session.scalar(_CURRENT_AGREEMENT, {"b_customer": customer_id})

    def customers_by_code(self, codes: Iterable[str]) -> dict[str, tuple[Customer, Agreement | None]]:
        """code -> (customer, its current agreement) for the codes that exist."""
        customers: dict[str, Customer] = {}
        for chunk in chunked(sorted(set(codes))):
            customers.update({c.code: c for c in self._session.scalars(select(Customer).where(Customer.code.in_(chunk)))})
        agreements: dict[int, Agreement] = {}
        for chunk in chunked([c.id for c in customers.values()]):
            for a in self._session.scalars(select(Agreement).where(
                    Agreement.customer_id.in_(chunk), Agreement.terminated_on.is_(None)).order_by(Agreement.id)):
                agreements[a.customer_id] = a
        return {code: (c, agreements.get(c.id)) for code, c in customers.items()}

    def customer_names_and_ids(self) -> set[tuple[str, str]]:
        """(name, ID number) of every customer: how an imported customer is known to be there already."""
        return set(self._session.execute(select(Customer.name, Customer.id_number)).all())

    def handlers_by_name(self, *, usernames_only: bool = False) -> dict[str, int]:
        """Active users by user name, and by display name unless ``usernames_only`` (a display name shared
        by two people means the first; the user name is unambiguous)."""
        found: dict[str, int] = {}
        rows = self._session.execute(select(User.id, User.username, User.display_name)
                                     .where(User.is_active.is_(True)).order_by(User.id)).all()
        for user_id, username, _name in rows:
            found[username] = user_id
        if not usernames_only:
            for user_id, _username, name in rows:
                found.setdefault(name, user_id)
        return found

    def business_lines(self) -> dict[str, int]:
        """Business line id by code (upper case) and by name: what a clerk or a file may write."""
        lines: dict[str, int] = {}
        for line_id, code, name in self._session.execute(_BUSINESS_LINES):
            lines[code.upper()] = lines[name] = line_id
        return lines
