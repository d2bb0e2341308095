"""The checks behind ``arrears-desk verify``: every ledger invariant as a query returning one row per
violation (first column an id, the rest details), with the balances recomputed from the entries
(``db.standing``) rather than trusted.

The storage checks (integrity, foreign keys, triggers, integer money) ask SQLite itself, with PRAGMAs
and ``typeof``: they are about this file format and have no portable form.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column, Integer, MetaData, Select, Table, exists, func, insert, literal, null, or_, select, union_all,
)
from sqlalchemy.orm import Session

from db.chain import BrokenLink, Chains, broken_links, entries_without_audit, unlinked_rows
from db.models import (
    Agreement, Allocation, ArrearsItem, Base, CreditApplication, CustomerBalance, CustomerLineBalance, ItemBalance,
    Repayment,
    Recovery, RepaymentBalance, Reversal, User, WriteOff,
)
from db.standing import (
    OPEN_ITEM_COLUMNS, item_stands, recomputed_item_balances, recomputed_repayment_balances, repayment_stands,
)

_items, _repayments, _allocations = ArrearsItem.__table__, Repayment.__table__, Allocation.__table__
_reversals, _write_offs, _users = Reversal.__table__, WriteOff.__table__, User.__table__
_agreements, _applications = Agreement.__table__, CreditApplication.__table__
_item_balances, _repayment_balances = ItemBalance.__table__, RepaymentBalance.__table__
_customer_balances = CustomerBalance.__table__
_customers = Base.metadata.tables["customers"]

# Every row of these carries a global uid and its site (ready for exchange between sites).
UID_TABLES = ("arrears_items", "repayments", "allocations", "reversals", "write_offs", "recoveries", "customers", "agreements",
              "credit_applications", "users", "branches")


def _temporary(name: str, columns: list[tuple[str, Any]]) -> Table:
    return Table(name, MetaData(), *[Column(n, t) for n, t in columns], prefixes=["TEMPORARY"])


# What the maintained balances must hold, recomputed from the entries (filled by ``LedgerChecks.recompute``).
v_items = _temporary("v_items", [(n, _item_balances.c[n].type) for n in OPEN_ITEM_COLUMNS])
v_repayments = _temporary("v_repayments", [("repayment_id", Integer), ("customer_id", Integer),
                                           ("unapplied", Integer)])
v_customers = _temporary("v_customers", [("customer_id", Integer), ("open_total", Integer),
                                         ("unapplied_credit", Integer)])


def _differs(a: Table, b: Table, columns: tuple[str, ...]):
    return or_(*[b.c[n].is_distinct_from(a.c[n]) for n in columns])


def _item_balances_agree() -> Select:
    v, b, i = v_items, _item_balances, _items
    return union_all(
        select(v.c.item_id, v.c.open_amount, b.c.open_amount).select_from(v.outerjoin(b, b.c.item_id == v.c.item_id))
        .where(_differs(v, b, OPEN_ITEM_COLUMNS[1:])),
        select(b.c.item_id, null(), b.c.open_amount).where(~exists().where(i.c.id == b.c.item_id)))


def _repayment_balances_agree() -> Select:
    v, b, p = v_repayments, _repayment_balances, _repayments
    return union_all(
        select(v.c.repayment_id, v.c.unapplied, b.c.unapplied)
        .select_from(v.outerjoin(b, b.c.repayment_id == v.c.repayment_id))
        .where(_differs(v, b, ("unapplied", "customer_id"))),
        select(b.c.repayment_id, null(), b.c.unapplied).where(~exists().where(p.c.id == b.c.repayment_id)))


def _customer_balances_agree() -> Select:
    v, b = v_customers, _customer_balances
    return (select(v.c.customer_id, v.c.open_total, b.c.open_total, v.c.unapplied_credit, b.c.unapplied_credit)
            .select_from(v.outerjoin(b, b.c.customer_id == v.c.customer_id))
            .where(_differs(v, b, ("open_total", "unapplied_credit"))))


def _balance_identity() -> Select:
    """客户余额 = 欠费 - 收款 + 预存款 - 坏账核销, each counted while it stands."""
    cu, i, p, w = _customers, _items, _repayments, _write_offs
    items = (select(func.coalesce(func.sum(i.c.amount), 0))
             .where(i.c.customer_id == cu.c.id, item_stands(i.c.id)).scalar_subquery())
    paid = (select(func.coalesce(func.sum(p.c.amount), 0))
            .where(p.c.customer_id == cu.c.id, repayment_stands(p.c.id)).scalar_subquery())
    written = (select(func.coalesce(func.sum(w.c.amount), 0))
               .where(w.c.customer_id == cu.c.id, item_stands(w.c.arrears_item_id)).scalar_subquery())
    t = select(cu.c.id.label("cid"), items.label("charged"), paid.label("paid"), written.label("written")).subquery("t")
    c = _customer_balances
    expected = t.c.charged - t.c.paid + c.c.unapplied_credit - t.c.written
    return (select(c.c.customer_id, c.c.open_total, expected).join(t, t.c.cid == c.c.customer_id)
            .where(c.c.open_total != expected))


def _offsets_of_one_customer() -> Select:
    a, i, p = _allocations, _items, _repayments
    return (select(a.c.id, a.c.customer_id, i.c.customer_id, p.c.customer_id)
            .select_from(a.join(i, i.c.id == a.c.arrears_item_id).join(p, p.c.id == a.c.repayment_id))
            .where(or_(a.c.customer_id != i.c.customer_id, a.c.customer_id != p.c.customer_id)))


def _offsets_not_before_items() -> Select:
    a, i = _allocations, _items
    return (select(a.c.id, a.c.effective_on, i.c.business_date).join(i, i.c.id == a.c.arrears_item_id)
            .where(a.c.effective_on < i.c.business_date))


def _corrections_of_one_customer() -> Select:
    r, i, p, w = _reversals, _items, _repayments, _write_offs
    i2 = _items.alias("i2")
    return union_all(
        select(r.c.id, r.c.customer_id)
        .select_from(r.outerjoin(i, i.c.id == r.c.arrears_item_id).outerjoin(p, p.c.id == r.c.repayment_id))
        .where(r.c.customer_id != func.coalesce(i.c.customer_id, p.c.customer_id)),
        select(w.c.id, w.c.customer_id).join(i2, i2.c.id == w.c.arrears_item_id)
        .where(w.c.customer_id != i2.c.customer_id))


def _items_within_agreement() -> Select:
    i, g = _items, _agreements
    return (select(i.c.id, i.c.business_date, g.c.valid_from, g.c.valid_to).join(g, g.c.id == i.c.agreement_id)
            .where(or_(g.c.customer_id != i.c.customer_id, i.c.business_date < g.c.valid_from,
                       i.c.business_date > g.c.valid_to)))


def _due_not_before_business() -> Select:
    i = _items
    return select(i.c.id, i.c.business_date, i.c.due_date).where(i.c.due_date < i.c.business_date)


def _standing_vouchers_unique() -> Select:
    i = _items
    return (select(i.c.voucher_no, func.count()).where(item_stands(i.c.id))
            .group_by(i.c.voucher_no).having(func.count() > 1))


def _cycle_within_rules() -> Select:
    g = _agreements
    return select(g.c.id, g.c.settlement_cycle_months).where(~g.c.settlement_cycle_months.between(1, 3))


def _credit_approver_not_applicant() -> Select:
    a, g = _applications, _agreements
    ca = _applications.alias("ca")
    return union_all(
        select(a.c.id, a.c.applied_by_id, a.c.decided_by_id).where(a.c.decided_by_id == a.c.applied_by_id),
        select(g.c.id, ca.c.applied_by_id, g.c.approved_by_id).join(ca, ca.c.id == g.c.application_id)
        .where(g.c.approved_by_id == ca.c.applied_by_id))


def _write_off_approver_not_applicant() -> Select:
    w = _write_offs
    return select(w.c.id, w.c.applied_by_id, w.c.approved_by_id).where(w.c.applied_by_id == w.c.approved_by_id)


def _recovered_within_written_off() -> Select:
    """收回已核销坏账 never more than was written off on the item, and each on the same customer (writeoff)."""
    r, w, i = Recovery.__table__, _write_offs, _items
    written = (select(func.coalesce(func.sum(w.c.amount), 0)).where(w.c.arrears_item_id == r.c.arrears_item_id)
               .scalar_subquery())
    recovered = select(r.c.arrears_item_id, func.sum(r.c.amount).label("amount"), written.label("written")) \
        .group_by(r.c.arrears_item_id).subquery()
    return union_all(
        select(recovered.c.arrears_item_id, recovered.c.amount).where(recovered.c.amount > recovered.c.written),
        select(r.c.id, r.c.customer_id).join(i, i.c.id == r.c.arrears_item_id).where(r.c.customer_id != i.c.customer_id))


def _overrides_authorised(override_roles: Collection[str]) -> Select:
    i, u = _items, _users
    return (select(i.c.id, i.c.override_by_id).select_from(i.outerjoin(u, u.c.id == i.c.override_by_id))
            .where(i.c.override_by_id.is_not(None),
                   or_(u.c.role.not_in(list(override_roles)), func.length(func.trim(i.c.override_reason)) == 0)))


def _uids_and_sites() -> Select:
    tables = [Base.metadata.tables[name] for name in UID_TABLES]
    return union_all(*[select(t.c.id, literal(t.name)).where(or_(func.length(t.c.uid) != 16, t.c.site_id.is_(None)))
                       for t in tables])


def _line_balances_agree() -> Select:
    """customer_line_balances against the open items recomputed from the entries (``v_items``)."""
    v, lb = v_items, CustomerLineBalance.__table__
    r = (select(v.c.customer_id, v.c.business_line_id, func.sum(v.c.open_amount).label("open_total"),
                func.count().label("open_items"), func.min(v.c.due_date).label("oldest_due"))
         .where(v.c.open_amount > 0).group_by(v.c.customer_id, v.c.business_line_id).subquery("recomputed"))
    same_key = (lb.c.customer_id == r.c.customer_id) & (lb.c.business_line_id == r.c.business_line_id)
    return union_all(
        select(r.c.customer_id, r.c.business_line_id, r.c.open_total, lb.c.open_total, r.c.open_items,
               lb.c.open_items, r.c.oldest_due, lb.c.oldest_due)
        .select_from(r.outerjoin(lb, same_key)).where(_differs(r, lb, ("open_total", "open_items", "oldest_due"))),
        select(lb.c.customer_id, lb.c.business_line_id, null(), lb.c.open_total, null(), lb.c.open_items, null(),
               lb.c.oldest_due).where(~exists().where(same_key)))


def _open_below_zero() -> Select:
    return select(v_items.c.item_id, v_items.c.open_amount).where(v_items.c.open_amount < 0)


def _unapplied_below_zero() -> Select:
    return select(v_repayments.c.repayment_id, v_repayments.c.unapplied).where(v_repayments.c.unapplied < 0)


# key -> the query of its violations; ``override_roles`` are the roles allowed to authorise over-limit arrears.
VIOLATIONS: dict[str, Callable[..., Select]] = {
    "item_balances": lambda **_: _item_balances_agree(),
    "repayment_balances": lambda **_: _repayment_balances_agree(),
    "customer_balances": lambda **_: _customer_balances_agree(),
    "offset_within_item": lambda **_: _open_below_zero(),
    "offset_within_repayment": lambda **_: _unapplied_below_zero(),
    "balance_identity": lambda **_: _balance_identity(),
    "offset_customer": lambda **_: _offsets_of_one_customer(),
    "offset_date": lambda **_: _offsets_not_before_items(),
    "correction_customer": lambda **_: _corrections_of_one_customer(),
    "item_agreement": lambda **_: _items_within_agreement(),
    "due_date": lambda **_: _due_not_before_business(),
    "voucher_unique": lambda **_: _standing_vouchers_unique(),
    "settlement_cycle": lambda **_: _cycle_within_rules(),
    "credit_approver": lambda **_: _credit_approver_not_applicant(),
    "write_off_approver": lambda **_: _write_off_approver_not_applicant(),
    "recovery_within_write_off": lambda **_: _recovered_within_written_off(),  # writeoff
    "override_authorised": lambda *, override_roles, **_: _overrides_authorised(override_roles),
    "uid_and_site": lambda **_: _uids_and_sites(),
    "customer_line_balances": lambda **_: _line_balances_agree(),  # issue 14: the overdue queue's figures
}


class LedgerChecks:
    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def _conn(self):
        return self._session.connection()

    # -- the file itself (SQLite) --------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` says is wrong (nothing when the file is sound)."""
        found = [row[0] for row in self._conn.exec_driver_sql("PRAGMA integrity_check").all()]
        return [] if found == ["ok"] else found

    def foreign_key_problems(self) -> list[tuple]:
        return [tuple(row) for row in self._conn.exec_driver_sql("PRAGMA foreign_key_check").all()]

    def triggers(self) -> set[str]:
        return {row[0] for row in self._conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}

    def not_integer(self, table: str, column: str) -> int:
        """Rows of ``table`` whose ``column`` is not stored as an integer (money is integer fen)."""
        t = Base.metadata.tables[table]
        return self._conn.execute(select(func.count()).select_from(t)
                                  .where(func.typeof(t.c[column]) != "integer")).scalar_one()

    # -- tamper evidence (db/chain.py) -----------------------------------------------------------------
    def broken_links(self) -> list[BrokenLink]:
        """The first broken link of every broken chain, in chain order."""
        return list(broken_links(self._conn))

    def unlinked_rows(self) -> list[tuple[str, int]]:
        return unlinked_rows(self._conn)

    def entries_without_audit(self) -> list[tuple[str, int]]:
        return entries_without_audit(self._conn)

    def root(self, before: datetime | None = None) -> str:
        return Chains(lambda: self._conn).root(before)

    # -- the ledger ----------------------------------------------------------------------------------
    def recompute(self) -> None:
        """Fill ``v_items``, ``v_repayments`` and ``v_customers`` from the entries alone."""
        conn = self._conn
        for table in (v_items, v_repayments, v_customers):
            table.drop(conn, checkfirst=True)
            table.create(conn)
        conn.execute(insert(v_items).from_select(list(OPEN_ITEM_COLUMNS), recomputed_item_balances()))
        conn.execute(insert(v_repayments).from_select(["repayment_id", "customer_id", "unapplied"],
                                                      recomputed_repayment_balances()))
        open_by = (select(v_items.c.customer_id, func.sum(v_items.c.open_amount).label("open_total"))
                   .group_by(v_items.c.customer_id).subquery("ib"))
        held_by = (select(v_repayments.c.customer_id, func.sum(v_repayments.c.unapplied).label("unapplied"))
                   .group_by(v_repayments.c.customer_id).subquery("rb"))
        cu = _customers
        conn.execute(insert(v_customers).from_select(
            ["customer_id", "open_total", "unapplied_credit"],
            select(cu.c.id, func.coalesce(open_by.c.open_total, 0), func.coalesce(held_by.c.unapplied, 0))
            .select_from(cu.outerjoin(open_by, open_by.c.customer_id == cu.c.id)
                         .outerjoin(held_by, held_by.c.customer_id == cu.c.id))))

    def violations(self, key: str, *, override_roles: Collection[str]) -> list[tuple]:
        """The rows breaking the invariant ``key`` of ``VIOLATIONS`` (after ``recompute``)."""
        stmt = VIOLATIONS[key](override_roles=override_roles)
        return [tuple(row) for row in self._conn.execute(stmt)]
