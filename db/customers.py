"""Reads about customers: the customer list with its figures, a customer's ledger (分户账: open items
and history), credit applications and agreements, and the numbers they are given."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from db.models import (
    Agreement, Allocation, ArrearsItem, Branch, BusinessLine, CreditApplication, Customer, CustomerBalance, CustomerTransfer,
    ItemBalance, Repayment, Reversal, Site, User, WriteOff,
)
from db.ledger import line_balances_day, with_overdue_on
from db.open_items import is_open

_customers, _balances, _users = Customer.__table__, CustomerBalance.__table__, User.__table__
_items, _item_balances, _lines = ArrearsItem.__table__, ItemBalance.__table__, BusinessLine.__table__
_repayments, _reversals, _write_offs = Repayment.__table__, Reversal.__table__, WriteOff.__table__
_allocations, _agreements, _applications = Allocation.__table__, Agreement.__table__, CreditApplication.__table__


class CustomerListRow(NamedTuple):
    customer_id: int
    code: str
    name: str
    customer_group: str
    phone: str
    status: str
    account_manager: str
    open_total: int
    overdue_total: int
    unapplied_credit: int


class LedgerItemRow(NamedTuple):
    item_id: int
    voucher_no: str
    business_line: str
    business_date: date
    billing_period: int
    due_date: date
    amount: int
    open_amount: int
    handler: str
    signature_confirmed: bool


class ItemEntry(NamedTuple):
    item_id: int
    business_date: date
    voucher_no: str
    business_line: str
    amount: int


class RepaymentEntry(NamedTuple):
    repayment_id: int
    paid_on: date
    receipt_no: str
    method: str
    amount: int


class ReversalEntry(NamedTuple):
    reversal_id: int
    reversed_on: date
    reason: str
    item_id: int | None          # the item reversed, or
    repayment_id: int | None     # the repayment reversed
    reference: str               # its voucher or receipt number
    amount: int                  # its amount


class WriteOffEntry(NamedTuple):
    write_off_id: int
    written_off_on: date
    voucher_no: str
    reason: str
    amount: int


class CreditUse(NamedTuple):
    """预存款核销: money held moved onto items in one go."""
    first_id: int
    effective_on: date
    amount: int


# What every registration, application and approval at the counter asks (several times each): built once.
_NAME_AND_STATUS = select(_customers.c.name, _customers.c.status).where(_customers.c.id == bindparam("b_customer"))
_USER_NAME = select(_users.c.display_name).where(_users.c.id == bindparam("b_user"))
_OWN_BRANCH = (select(Branch.__table__.c.id).join(Site.__table__, Site.__table__.c.id == Branch.__table__.c.site_id)
               .where(Site.__table__.c.is_local.is_(True), Branch.__table__.c.code == Site.__table__.c.code))
_SITE_CODE = select(Site.__table__.c.code).where(Site.__table__.c.id == bindparam("b_site"))
_CODED_CUSTOMERS = select(func.count()).select_from(_customers).where(_customers.c.code.is_not(None))
_CODE_TAKEN = select(_customers.c.id).where(_customers.c.code == bindparam("b_code"))
_AGREEMENTS_NUMBERED = select(func.count()).select_from(_agreements).where(_agreements.c.number.like(bindparam("b_pattern")))
_NUMBER_TAKEN = select(_agreements.c.id).where(_agreements.c.number == bindparam("b_number"))
_PENDING_OF = select(_applications.c.id).where(_applications.c.customer_id == bindparam("b_customer"),
                                               _applications.c.status == "pending")
_TRANSFER = (select(CustomerTransfer).where(CustomerTransfer.customer_id == bindparam("b_customer"),
                                            CustomerTransfer.direction == bindparam("b_direction"))
             .order_by(CustomerTransfer.id.desc()).limit(1))
_RUNNING = select(Agreement).where(Agreement.customer_id == bindparam("b_customer"), Agreement.terminated_on.is_(None))


class Customers:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, stmt) -> Sequence:
        return self._session.connection().execute(stmt).all()

    # -- the customer list ---------------------------------------------------------------------------
    def list_rows(self, today: date, *, text: str = "", status: str | None = None, group: str | None = None,
                  manager_id: int | None = None, overdue_only: bool = False, limit: int = 50_000,
                  by_phone: bool = True) -> list[CustomerListRow]:
        """Customers by name, code or (``by_phone``) phone (``text`` anywhere in them), with their open, overdue (due
        before ``today``) and unapplied figures from the maintained balances, by customer code, those still waiting for
        their code (pending approval) last."""
        c, b, u, i = _customers, _balances, _users, _item_balances
        source = c.join(b, b.c.customer_id == c.c.id).join(u, u.c.id == c.c.account_manager_id)
        if line_balances_day(self._session.connection()) is not None:  # the ledger keeps the overdue figures
            source, overdue = with_overdue_on(source, c.c.id, today)
            overdue = overdue.label("overdue")
        else:  # a file not posted to since before they were kept
            overdue = (select(func.coalesce(func.sum(i.c.open_amount), 0))
                       .where(i.c.customer_id == c.c.id, is_open(i), i.c.due_date < today)
                       .scalar_subquery().label("overdue"))
        stmt = (select(c.c.id, func.coalesce(c.c.code, "").label("code"), c.c.name, c.c.customer_group, c.c.phone,
                       c.c.status, u.c.display_name, b.c.open_total, overdue, b.c.unapplied_credit)
                .select_from(source))
        if text:
            # autoescape: a % or _ typed is looked for as itself, not as a wildcard
            found = c.c.name.contains(text, autoescape=True) | c.c.code.contains(text, autoescape=True)
            if by_phone:
                found = found | c.c.phone.contains(text, autoescape=True)
            stmt = stmt.where(found)
        for column, value in ((c.c.status, status), (c.c.customer_group, group), (c.c.account_manager_id, manager_id)):
            if value is not None:
                stmt = stmt.where(column == value)
        # Sorted outside a capped subquery: flattened into one query, SQLite would walk the customers through an
        # index for the sort and look each one up, a quarter slower than reading them in order and sorting once.
        listed = stmt.limit(limit).subquery("listed")
        stmt = select(*listed.c).order_by(listed.c.code == "", listed.c.code, listed.c.id)
        if overdue_only:
            stmt = stmt.where(listed.c.overdue > 0)
        # Plain tuples straight from the cursor: the list has tens of thousands of rows per keystroke.
        return [CustomerListRow._make(row) for row in self._session.connection().execute(stmt)]

    def account_managers(self) -> list[tuple[int, str]]:
        """(user id, name) of everyone who manages a customer, by name."""
        u, c = _users, _customers
        return [tuple(r) for r in self._rows(select(u.c.id, u.c.display_name)
                                             .where(u.c.id.in_(select(c.c.account_manager_id).distinct()))
                                             .order_by(u.c.display_name))]

    def by_code(self, code: str) -> Customer | None:
        return self._session.scalar(select(Customer).where(Customer.code == code))

    def name_and_status(self, customer_id: int) -> tuple[str, str]:
        return tuple(self._session.connection().execute(_NAME_AND_STATUS, {"b_customer": customer_id}).one())

    def user_name(self, user_id: int) -> str:
        return self._session.scalar(_USER_NAME, {"b_user": user_id}) or ""

    # -- numbering -----------------------------------------------------------------------------------
    def own_branch_id(self) -> int | None:
        """The branch that is the local site itself (same code)."""
        return self._session.scalar(_OWN_BRANCH)

    def site_code(self, site_id: int) -> str:
        return self._session.scalar(_SITE_CODE, {"b_site": site_id})

    def coded_customers(self) -> int:
        return self._session.scalar(_CODED_CUSTOMERS)

    def code_taken(self, code: str) -> bool:
        return self._session.scalar(_CODE_TAKEN, {"b_code": code}) is not None

    def agreements_numbered(self, prefix: str) -> int:
        return self._session.scalar(_AGREEMENTS_NUMBERED, {"b_pattern": prefix + "%"})

    def agreement_number_taken(self, number: str) -> bool:
        return self._session.scalar(_NUMBER_TAKEN, {"b_number": number}) is not None

    # -- credit --------------------------------------------------------------------------------------
    def has_pending_application(self, customer_id: int) -> bool:
        return self._session.scalar(_PENDING_OF, {"b_customer": customer_id}) is not None

    def pending_applications(self) -> list[CreditApplication]:
        return list(self._session.scalars(select(CreditApplication).where(CreditApplication.status == "pending")
                                          .order_by(CreditApplication.id)))

    def transfer(self, customer_id: int, direction: str) -> CustomerTransfer | None:
        """The customer's move to (``out``) or from (``in``) another branch, if any."""
        return self._session.scalar(_TRANSFER, {"b_customer": customer_id, "b_direction": direction})

    def by_uid(self, uid: bytes) -> Customer | None:
        return self._session.scalar(select(Customer).where(Customer.uid == uid))

    def running_agreements(self, customer_id: int) -> list[Agreement]:
        """The customer's agreements not yet ended (to end them: a new one, termination, blacklisting)."""
        return list(self._session.scalars(_RUNNING, {"b_customer": customer_id}))

    # -- the customer's ledger (分户账) ----------------------------------------------------------------
    def ledger_items(self, customer_id: int) -> list[LedgerItemRow]:
        """Open items now, oldest first (plain rows: a big customer has ten thousand)."""
        b, i, u = _item_balances, _items, _users
        stmt = (select(i.c.id, i.c.voucher_no, _lines.c.name, i.c.business_date, i.c.billing_period, i.c.due_date,
                       i.c.amount, b.c.open_amount, u.c.display_name, i.c.signature_confirmed)
                .select_from(b.join(i, i.c.id == b.c.item_id).join(_lines, _lines.c.id == i.c.business_line_id)
                             .join(u, u.c.id == i.c.handler_id))
                .where(b.c.customer_id == customer_id, is_open(b))
                .order_by(b.c.business_date, b.c.item_id))
        return [LedgerItemRow._make(row) for row in self._session.connection().execute(stmt)]

    def latest_items(self, customer_id: int, limit: int) -> list[ItemEntry]:
        i = _items
        stmt = (select(i.c.id, i.c.business_date, i.c.voucher_no, _lines.c.name, i.c.amount)
                .join(_lines, _lines.c.id == i.c.business_line_id).where(i.c.customer_id == customer_id)
                .order_by(i.c.business_date.desc(), i.c.id.desc()).limit(limit))
        return [ItemEntry(*row) for row in self._rows(stmt)]

    def latest_repayments(self, customer_id: int, limit: int) -> list[RepaymentEntry]:
        p = _repayments
        stmt = (select(p.c.id, p.c.paid_on, p.c.receipt_no, p.c.method, p.c.amount)
                .where(p.c.customer_id == customer_id).order_by(p.c.paid_on.desc(), p.c.id.desc()).limit(limit))
        return [RepaymentEntry(*row) for row in self._rows(stmt)]

    def latest_reversals(self, customer_id: int, limit: int) -> list[ReversalEntry]:
        r, i, p = _reversals, _items, _repayments
        stmt = (select(r.c.id, r.c.reversed_on, r.c.reason, r.c.arrears_item_id, r.c.repayment_id,
                       func.coalesce(i.c.voucher_no, p.c.receipt_no), func.coalesce(i.c.amount, p.c.amount))
                .select_from(r.outerjoin(i, i.c.id == r.c.arrears_item_id)
                             .outerjoin(p, p.c.id == r.c.repayment_id))
                .where(r.c.customer_id == customer_id).order_by(r.c.reversed_on.desc(), r.c.id.desc()).limit(limit))
        return [ReversalEntry(*row) for row in self._rows(stmt)]

    def latest_write_offs(self, customer_id: int, limit: int) -> list[WriteOffEntry]:
        w, i = _write_offs, _items
        stmt = (select(w.c.id, w.c.written_off_on, i.c.voucher_no, w.c.reason, w.c.amount)
                .join(i, i.c.id == w.c.arrears_item_id).where(w.c.customer_id == customer_id)
                .order_by(w.c.written_off_on.desc()).limit(limit))
        return [WriteOffEntry(*row) for row in self._rows(stmt)]

    def latest_credit_uses(self, customer_id: int, limit: int) -> list[CreditUse]:
        a = _allocations
        stmt = (select(func.min(a.c.id), a.c.effective_on, func.sum(a.c.amount))
                .where(a.c.customer_id == customer_id, a.c.source == "credit")
                .group_by(a.c.created_at, a.c.effective_on).order_by(a.c.effective_on.desc()).limit(limit))
        return [CreditUse(*row) for row in self._rows(stmt)]
