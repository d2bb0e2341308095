"""The checks behind ``arrears-desk verify``: every ledger invariant as a query returning one row per
violation (first column an id, the rest details), with the balances recomputed from the entries
(``db.standing``) rather than trusted.

The storage checks (integrity, foreign keys, triggers, integer money) ask SQLite itself, with PRAGMAs
and ``typeof``: they are about this file format and have no portable form. On a PostgreSQL server each has a
variant that asks the server's catalogue (see each method); ``typeof`` is a server function (migrations).
"""
from __future__ import annotations

import json
from functools import cache
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Column, Integer, MetaData, Select, Table, bindparam, case, exists, func, insert, literal, literal_column, null, or_,
    select, true, union_all,
)
from sqlalchemy.orm import Session

from db.engine import Unindexed, set_temp_store
from db.collection_state import collection_state_differences  # issue 14, queue
from db.models import CustomerOverdue  # issue 15, queue
from db.chain import (
    CHAINED, BrokenLink, Chains, broken_links, chains_linked_since, entries_without_audit, kept_heads_now,
    kept_heads_wrong, linked_since, merkle_root, unlinked_rows,
)
from db import commit_order
from db.commit_order import snapshot_in_commit_order
from db.models import (
    Agreement, Allocation, ArrearsItem, Base, CreditApplication, CustomerBalance, CustomerLineBalance, ItemBalance,
    LineBalancesDay,
    Repayment, Recovery, RepaymentBalance, Reversal, Setting, User, WriteOff,
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
# An incremental verify's scope: the customers with entries after the last verified point (``scope_since``).
v_scope = Table("v_scope", MetaData(), Column("customer_id", Integer, primary_key=True), prefixes=["TEMPORARY"])
_SCOPE = select(v_scope.c.customer_id)  # the customers in scope (one statement object: its statements are built once)


def _within(column, customers: Select | None):
    """Every row (a full verify), or only the rows of the customers in scope (an incremental one)."""
    return true() if customers is None else column.in_(customers)


def _differs(a: Table, b: Table, columns: tuple[str, ...]):
    return or_(*[b.c[n].is_distinct_from(a.c[n]) for n in columns])


def _item_balances_agree(customers: Select | None = None) -> Select:
    v, b, i = v_items, _item_balances, _items
    return union_all(
        select(v.c.item_id, v.c.open_amount, b.c.open_amount).select_from(v.outerjoin(b, b.c.item_id == v.c.item_id))
        .where(_differs(v, b, OPEN_ITEM_COLUMNS[1:])),
        _without_entry(b, b.c.item_id, b.c.open_amount, i, customers))


def _repayment_balances_agree(customers: Select | None = None) -> Select:
    v, b, p = v_repayments, _repayment_balances, _repayments
    return union_all(
        select(v.c.repayment_id, v.c.unapplied, b.c.unapplied)
        .select_from(v.outerjoin(b, b.c.repayment_id == v.c.repayment_id))
        .where(_differs(v, b, ("unapplied", "customer_id"))),
        _without_entry(b, b.c.repayment_id, b.c.unapplied, p, customers))


def _without_entry(balances: Table, key, amount, entries: Table, customers: Select | None) -> Select:
    """Balance rows whose entry is missing: sought in every row by a full verify; by an incremental one
    (``customers`` given) only when the two tables' row counts differ, and then whoever's rows they are. A sound
    file has exactly one balance row per entry (written in the entry's transaction), so a row with no entry is
    either one too many (found here at once, even under a customer of no scope) or stands in for an entry's own
    balance row, gone (the first part names that entry when its customer's turn comes). Counting both tables
    costs a fraction of reading every balance row for its customer (4.1M items: 0.08 s against 1 s)."""
    query = select(key, null(), amount).where(~exists().where(entries.c.id == key))
    if customers is None:
        return query
    count = lambda t: select(func.count()).select_from(t).scalar_subquery()  # noqa: E731
    # a one-row gate joined first: SQLite tests a WHERE term of no table's on every row it scans, not once
    counts_differ = select(literal_column("1").label("differ")).where(count(balances) != count(entries)).subquery("gate")
    return query.select_from(counts_differ.join(balances, true()))


def _customer_balances_agree() -> Select:
    v, b = v_customers, _customer_balances
    return (select(v.c.customer_id, v.c.open_total, b.c.open_total, v.c.unapplied_credit, b.c.unapplied_credit)
            .select_from(v.outerjoin(b, b.c.customer_id == v.c.customer_id))
            .where(_differs(v, b, ("open_total", "unapplied_credit"))))


def _balance_identity(customers: Select | None = None) -> Select:
    """客户余额 = 欠费 - 收款 + 预存款 - 坏账核销, each counted while it stands."""
    cu, i, p, w = _customers, _items, _repayments, _write_offs
    items = (select(func.coalesce(func.sum(i.c.amount), 0))
             .where(i.c.customer_id == cu.c.id, item_stands(i.c.id)).scalar_subquery())
    paid = (select(func.coalesce(func.sum(p.c.amount), 0))
            .where(p.c.customer_id == cu.c.id, repayment_stands(p.c.id)).scalar_subquery())
    written = (select(func.coalesce(func.sum(w.c.amount), 0))
               .where(w.c.customer_id == cu.c.id, item_stands(w.c.arrears_item_id)).scalar_subquery())
    t = (select(cu.c.id.label("cid"), items.label("charged"), paid.label("paid"), written.label("written"))
         .where(_within(cu.c.id, customers)).subquery("t"))
    c = _customer_balances
    expected = t.c.charged - t.c.paid + c.c.unapplied_credit - t.c.written
    return (select(c.c.customer_id, c.c.open_total, expected).join(t, t.c.cid == c.c.customer_id)
            .where(c.c.open_total != expected))


def _offsets_of_one_customer(customers: Select | None = None) -> Select:
    a, i, p = _allocations, _items, _repayments
    return (select(a.c.id, a.c.customer_id, i.c.customer_id, p.c.customer_id)
            .select_from(a.join(i, i.c.id == a.c.arrears_item_id).join(p, p.c.id == a.c.repayment_id))
            .where(or_(a.c.customer_id != i.c.customer_id, a.c.customer_id != p.c.customer_id),
                   _within(a.c.customer_id, customers)))


def _offsets_not_before_items(customers: Select | None = None) -> Select:
    a, i = _allocations, _items
    return (select(a.c.id, a.c.effective_on, i.c.business_date).join(i, i.c.id == a.c.arrears_item_id)
            .where(a.c.effective_on < i.c.business_date, _within(a.c.customer_id, customers)))


def _corrections_of_one_customer(customers: Select | None = None) -> Select:
    r, i, p, w = _reversals, _items, _repayments, _write_offs
    i2 = _items.alias("i2")
    return union_all(
        select(r.c.id, r.c.customer_id)
        .select_from(r.outerjoin(i, i.c.id == r.c.arrears_item_id).outerjoin(p, p.c.id == r.c.repayment_id))
        .where(r.c.customer_id != func.coalesce(i.c.customer_id, p.c.customer_id), _within(r.c.customer_id, customers)),
        select(w.c.id, w.c.customer_id).join(i2, i2.c.id == w.c.arrears_item_id)
        .where(w.c.customer_id != i2.c.customer_id, _within(w.c.customer_id, customers)))


def _items_within_agreement(customers: Select | None = None) -> Select:
    i, g = _items, _agreements
    return (select(i.c.id, i.c.business_date, g.c.valid_from, g.c.valid_to).join(g, g.c.id == i.c.agreement_id)
            .where(or_(g.c.customer_id != i.c.customer_id, i.c.business_date < g.c.valid_from,
                       i.c.business_date > g.c.valid_to), _within(i.c.customer_id, customers)))


def _due_not_before_business(customers: Select | None = None) -> Select:
    i = _items
    return (select(i.c.id, i.c.business_date, i.c.due_date)
            .where(i.c.due_date < i.c.business_date, _within(i.c.customer_id, customers)))


def _standing_vouchers_unique(customers: Select | None = None) -> Select:
    """Across all customers; in an incremental verify (``customers`` given), for the voucher numbers of the items
    recorded since the verified point (id above ``b_items_after``), against every standing item. Only a new item
    can make a duplicate: ledger rows are never changed, and a reversal only ever takes an item out of the
    standing ones (an older item changed or a reversal removed breaks its chain link: the point's re-hashed
    slices and --full find it). The customers in scope would add every older item of the rotating slice, most
    of this check's time (1.9 s of a busy day's verify at 40,000 customers)."""
    i = _items
    mine = None if customers is None else select(i.c.voucher_no).where(i.c.id > bindparam("b_items_after"))
    return (select(i.c.voucher_no, func.count()).where(item_stands(i.c.id), _within(i.c.voucher_no, mine))
            .group_by(i.c.voucher_no).having(func.count() > 1))


def _cycle_within_rules(customers: Select | None = None) -> Select:
    g = _agreements
    return (select(g.c.id, g.c.settlement_cycle_months)
            .where(~g.c.settlement_cycle_months.between(1, 3), _within(g.c.customer_id, customers)))


def _credit_approver_not_applicant(customers: Select | None = None) -> Select:
    a, g = _applications, _agreements
    ca = _applications.alias("ca")
    return union_all(
        select(a.c.id, a.c.applied_by_id, a.c.decided_by_id)
        .where(a.c.decided_by_id == a.c.applied_by_id, _within(a.c.customer_id, customers)),
        select(g.c.id, ca.c.applied_by_id, g.c.approved_by_id).join(ca, ca.c.id == g.c.application_id)
        .where(g.c.approved_by_id == ca.c.applied_by_id, _within(g.c.customer_id, customers)))


def _write_off_approver_not_applicant(customers: Select | None = None) -> Select:
    w = _write_offs
    return (select(w.c.id, w.c.applied_by_id, w.c.approved_by_id)
            .where(w.c.applied_by_id == w.c.approved_by_id, _within(w.c.customer_id, customers)))


def _recovered_within_written_off(customers: Select | None = None) -> Select:
    """收回已核销坏账 never more than was written off on the item, and each on the same customer (writeoff)."""
    r, w, i = Recovery.__table__, _write_offs, _items
    written = (select(func.coalesce(func.sum(w.c.amount), 0)).where(w.c.arrears_item_id == r.c.arrears_item_id)
               .scalar_subquery())
    recovered = select(r.c.arrears_item_id, func.sum(r.c.amount).label("amount"), written.label("written")) \
        .where(_within(r.c.customer_id, customers)).group_by(r.c.arrears_item_id).subquery()
    return union_all(
        select(recovered.c.arrears_item_id, recovered.c.amount).where(recovered.c.amount > recovered.c.written),
        select(r.c.id, r.c.customer_id).join(i, i.c.id == r.c.arrears_item_id)
        .where(r.c.customer_id != i.c.customer_id, _within(r.c.customer_id, customers)))


def _overrides_authorised(override_roles: Collection[str], customers: Select | None = None) -> Select:
    i, u = _items, _users
    return (select(i.c.id, i.c.override_by_id).select_from(i.outerjoin(u, u.c.id == i.c.override_by_id))
            .where(i.c.override_by_id.is_not(None),
                   or_(u.c.role.not_in(list(override_roles)), func.length(func.trim(i.c.override_reason)) == 0),
                   _within(i.c.customer_id, customers)))


def _customer_of(table: Table):
    """The column naming whose a row is (the id itself for customers), or None for rows of no customer."""
    return table.c.id if table.name == "customers" else table.c.get("customer_id")


def _uids_and_sites(customers: Select | None = None) -> Select:
    tables = [Base.metadata.tables[name] for name in UID_TABLES]
    return union_all(*[select(t.c.id, literal(t.name)).where(
        or_(func.length(t.c.uid) != 16, t.c.site_id.is_(None)),
        true() if _customer_of(t) is None else _within(_customer_of(t), customers)) for t in tables])


def _line_balances_agree(customers: Select | None = None) -> Select:
    """customer_line_balances against the open items recomputed from the entries (``v_items``, of the
    customers in scope)."""
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
               lb.c.oldest_due).where(~exists().where(same_key), _within(lb.c.customer_id, customers)))


def _line_overdue_agrees() -> Select:
    """The overdue part of customer_line_balances (items due before ``line_balances_day``) against the open items
    recomputed from the entries (``v_items``, of the customers in scope); a missing row is the check above's."""
    v, lb = v_items, CustomerLineBalance.__table__
    due = v.c.due_date < select(LineBalancesDay.__table__.c.overdue_before).scalar_subquery()
    r = (select(v.c.customer_id, v.c.business_line_id,
                func.sum(case((due, v.c.open_amount), else_=0)).label("overdue_total"),
                func.sum(case((due, 1), else_=0)).label("overdue_items"))
         .where(v.c.open_amount > 0).group_by(v.c.customer_id, v.c.business_line_id).subquery("recomputed"))
    same_key = (lb.c.customer_id == r.c.customer_id) & (lb.c.business_line_id == r.c.business_line_id)
    return (select(r.c.customer_id, r.c.business_line_id, r.c.overdue_total, lb.c.overdue_total, r.c.overdue_items,
                   lb.c.overdue_items)
            .select_from(r.join(lb, same_key)).where(_differs(r, lb, ("overdue_total", "overdue_items"))))


def _customer_overdue_agrees(customers: Select | None = None) -> Select:
    """queue (issue 15): customer_overdue against the open items recomputed from the entries (``v_items``, of the
    customers in scope), due before ``line_balances_day``: added up per business line, then per customer."""
    v, co = v_items, CustomerOverdue.__table__
    lines = (select(v.c.customer_id, func.sum(v.c.open_amount).label("line_total"), func.count().label("line_items"),
                    func.min(v.c.due_date).label("line_oldest"))
             .where(v.c.open_amount > 0,
                    v.c.due_date < select(LineBalancesDay.__table__.c.overdue_before).scalar_subquery())
             .group_by(v.c.customer_id, v.c.business_line_id).subquery("recomputed_lines"))
    r = (select(lines.c.customer_id, func.sum(lines.c.line_total).label("overdue_total"),
                func.sum(lines.c.line_items).label("overdue_items"), func.min(lines.c.line_oldest).label("oldest_due"),
                func.max(lines.c.line_total).label("largest_line"))
         .group_by(lines.c.customer_id).subquery("recomputed"))
    columns = ("overdue_total", "overdue_items", "oldest_due", "largest_line")
    return union_all(
        select(r.c.customer_id, *[x for n in columns for x in (r.c[n], co.c[n])])
        .select_from(r.outerjoin(co, co.c.customer_id == r.c.customer_id)).where(_differs(r, co, columns)),
        select(co.c.customer_id, *[x for n in columns for x in (null(), co.c[n])])
        .where(~exists().where(r.c.customer_id == co.c.customer_id), _within(co.c.customer_id, customers)))


def _open_below_zero() -> Select:
    return select(v_items.c.item_id, v_items.c.open_amount).where(v_items.c.open_amount < 0)


def _unapplied_below_zero() -> Select:
    return select(v_repayments.c.repayment_id, v_repayments.c.unapplied).where(v_repayments.c.unapplied < 0)


# key -> the query of its violations; ``override_roles`` are the roles allowed to authorise over-limit arrears,
# ``customers`` (a query of customer ids, or None for all) the scope of an incremental verify. The recomputed
# balances (``v_items`` …) are already of the customers in scope.
VIOLATIONS: dict[str, Callable[..., Select]] = {
    "item_balances": lambda *, customers=None, **_: _item_balances_agree(customers),
    "repayment_balances": lambda *, customers=None, **_: _repayment_balances_agree(customers),
    "customer_balances": lambda **_: _customer_balances_agree(),
    "offset_within_item": lambda **_: _open_below_zero(),
    "offset_within_repayment": lambda **_: _unapplied_below_zero(),
    "balance_identity": lambda *, customers=None, **_: _balance_identity(customers),
    "offset_customer": lambda *, customers=None, **_: _offsets_of_one_customer(customers),
    "offset_date": lambda *, customers=None, **_: _offsets_not_before_items(customers),
    "correction_customer": lambda *, customers=None, **_: _corrections_of_one_customer(customers),
    "item_agreement": lambda *, customers=None, **_: _items_within_agreement(customers),
    "due_date": lambda *, customers=None, **_: _due_not_before_business(customers),
    "voucher_unique": lambda *, customers=None, **_: _standing_vouchers_unique(customers),
    "settlement_cycle": lambda *, customers=None, **_: _cycle_within_rules(customers),
    "credit_approver": lambda *, customers=None, **_: _credit_approver_not_applicant(customers),
    "write_off_approver": lambda *, customers=None, **_: _write_off_approver_not_applicant(customers),
    "recovery_within_write_off": lambda *, customers=None, **_: _recovered_within_written_off(customers),  # writeoff
    "override_authorised": lambda *, override_roles, customers=None, **_: _overrides_authorised(override_roles,
                                                                                                 customers),
    "uid_and_site": lambda *, customers=None, **_: _uids_and_sites(customers),
    "customer_line_balances": lambda *, customers=None, **_: _line_balances_agree(customers),  # issue 14: queue
    "customer_line_overdue": lambda **_: _line_overdue_agrees(),  # issue 14, queue: what it reads kept overdue
    "customer_overdue": lambda *, customers=None, **_: _customer_overdue_agrees(customers),  # issue 15, queue
}
COLLECTION_STATE = "customer_collection_state"  # issue 14, queue: checked by ``collection_state_differences``
# The invariants an incremental verify checks for what was recorded since the point, not for the customers in scope.
SINCE_THE_POINT = frozenset({"voucher_unique"})


# verify runs every query above on every verify (and the exchange's checks after each import): each is built
# once per shape, its values (roles, money columns, the scope's table) being part of that shape.
@cache
def _violations_query(key: str, override_roles: frozenset[str], scoped: bool) -> Select:
    return VIOLATIONS[key](override_roles=sorted(override_roles),
                           customers=select(v_scope.c.customer_id) if scoped else None)


@cache
def _tops_query() -> Select:
    """The highest id of every chained table, by table name."""
    return select(*[select(func.max(table.c.id)).scalar_subquery().label(table.name) for table in CHAINED.values()])


@cache
def _not_integer_counts_query(columns: tuple[tuple[str, str], ...], scoped: bool) -> Select:
    return select(*[_not_integer_query(table, column, scoped).scalar_subquery() for table, column in columns])


@cache
def _not_integer_query(table: str, column: str, scoped: bool) -> Select:
    t = Base.metadata.tables[table]
    where = _of_customers(t, select(v_scope.c.customer_id)) if scoped else true()
    return select(func.count()).select_from(t).where(func.typeof(t.c[column]) != "integer", where)


@cache
def _recompute_statements(scoped: bool) -> tuple:
    """What ``recompute`` fills ``v_items``, ``v_repayments`` and ``v_customers`` with."""
    customers = select(v_scope.c.customer_id) if scoped else None
    open_by = (select(v_items.c.customer_id, func.sum(v_items.c.open_amount).label("open_total"))
               .group_by(v_items.c.customer_id).subquery("ib"))
    held_by = (select(v_repayments.c.customer_id, func.sum(v_repayments.c.unapplied).label("unapplied"))
               .group_by(v_repayments.c.customer_id).subquery("rb"))
    cu = _customers
    return (insert(v_items).from_select(list(OPEN_ITEM_COLUMNS), recomputed_item_balances(customers)),
            insert(v_repayments).from_select(["repayment_id", "customer_id", "unapplied"],
                                             recomputed_repayment_balances(customers)),
            insert(v_customers).from_select(
                ["customer_id", "open_total", "unapplied_credit"],
                select(cu.c.id, func.coalesce(open_by.c.open_total, 0), func.coalesce(held_by.c.unapplied, 0))
                .select_from(cu.outerjoin(open_by, open_by.c.customer_id == cu.c.id)
                             .outerjoin(held_by, held_by.c.customer_id == cu.c.id))
                .where(_within(cu.c.id, customers))))


POINT_KEY = "verify.point"  # in ``settings``: where the last passing verify stopped (not a business setting)


class VerifiedPoint(NamedTuple):
    """Where the last passing ``verify`` stopped: the newest chain link it covered, the integrity root
    through that link, and each chained table's highest id then. ``rehashed``: the older links are
    re-hashed a slice per incremental verify; this is the last link of the slice done (0: from the start)."""
    link: int
    root: str
    at: datetime
    tops: dict[str, int]
    rehashed: int = 0
    rechecked: int = 0  # likewise the customers whose balances are recomputed a slice per verify (last id done)

    def stored(self) -> str:
        return json.dumps({"link": self.link, "root": self.root, "at": self.at.isoformat(), "tops": self.tops,
                           "rehashed": self.rehashed, "rechecked": self.rechecked}, sort_keys=True)

    @staticmethod
    def parsed(text: str) -> VerifiedPoint | None:
        try:
            raw = json.loads(text)
            return VerifiedPoint(int(raw["link"]), str(raw["root"]), datetime.fromisoformat(raw["at"]),
                                 {str(k): int(v) for k, v in raw["tops"].items()},
                                 int(raw.get("rehashed", 0)), int(raw.get("rechecked", 0)))
        except (ValueError, KeyError, TypeError, IndexError):
            return None  # unreadable: the next verify is a full one


_settings = Setting.__table__


def _of_customers(t: Table, customers: Select):
    """Rows of ``t`` belonging to ``customers``, through an index: the balances of items and repayments by
    their entry's key (their own customer_id has no index of its own)."""
    if t.name == "item_balances":
        return t.c.item_id.in_(select(_items.c.id).where(_items.c.customer_id.in_(customers)))
    if t.name == "repayment_balances":
        return t.c.repayment_id.in_(select(_repayments.c.id).where(_repayments.c.customer_id.in_(customers)))
    return (t.c.id if t.name == "customers" else t.c.customer_id).in_(customers)


# The business day of each kind of ledger entry (a movement table reads them by these dates).
_ENTRY_DAYS = {"arrears_items": "business_date", "repayments": "paid_on", "allocations": "effective_on",
               "reversals": "reversed_on", "write_offs": "written_off_on", "recoveries": "received_on"}


class LedgerChecks:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._point_heads: tuple[int, list[tuple[int, bytes]]] | None = None  # (point's link, heads through it)

    @property
    def _conn(self):
        return self._session.connection()

    # -- the file itself (SQLite) --------------------------------------------------------------------
    def begin(self, wait_seconds: int | None = None) -> bool:
        """The checks' one transaction, never committed. A file: temporary tables in a temporary file, not in
        memory (a full verify recomputes every item's balance: millions of rows). A server: one snapshot for
        every check (REPEATABLE READ), allowed to create its temporary tables even on a read-only desk (nothing
        it writes can stay), taken at a mark in commit order (db/commit_order) so that no link below the newest
        it sees is still to commit: the point it verifies up to leaves nothing behind. False when the
        postings in flight did not end within ``wait_seconds``: the checks still read one snapshot, but its
        point is no mark to start the next verify from."""
        if self._session.get_bind().dialect.name == "sqlite":
            set_temp_store(self._conn, "FILE")
            return True
        conn = self._session.connection(execution_options={"isolation_level": "REPEATABLE READ", "readonly": True})
        conn.exec_driver_sql("SET TRANSACTION READ WRITE")
        return snapshot_in_commit_order(conn, commit_order.MARK_WAIT_SECONDS if wait_seconds is None else wait_seconds)

    @property
    def on_server(self) -> bool:
        return self._conn.dialect.name != "sqlite"

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` says is wrong (nothing when the file is sound). On a server the
        pages are the server's business (its checksums and WAL); what can go wrong in the schema is an index
        left unusable (a failed ``CREATE INDEX CONCURRENTLY``, ``indisvalid`` false): each one is named."""
        if self.on_server:
            return [f"index {row[0]} is not valid" for row in self._conn.exec_driver_sql(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_namespace s ON s.oid = c.relnamespace"
                " WHERE s.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready) ORDER BY 1")]
        found = [row[0] for row in self._conn.exec_driver_sql("PRAGMA integrity_check").all()]
        return [] if found == ["ok"] else found

    def foreign_key_problems(self) -> list[tuple]:
        """Rows whose reference is missing. The server enforces foreign keys on every change, so there it
        names instead a foreign key that does not hold for the rows already there (added ``NOT VALID`` and
        never validated) or whose enforcing trigger was disabled."""
        if self.on_server:
            return [tuple(row) for row in self._conn.exec_driver_sql(
                "SELECT k.conrelid::regclass::text, k.conname FROM pg_constraint k"
                " JOIN pg_namespace s ON s.oid = k.connamespace"
                " WHERE s.nspname = current_schema() AND k.contype = 'f' AND (NOT k.convalidated OR EXISTS"
                " (SELECT 1 FROM pg_trigger t WHERE t.tgconstraint = k.oid AND t.tgenabled = 'D')) ORDER BY 1, 2")]
        return [tuple(row) for row in self._conn.exec_driver_sql("PRAGMA foreign_key_check").all()]

    def triggers(self) -> set[str]:
        """The triggers in force (on the server: this schema's own, not disabled)."""
        if self.on_server:
            return {row[0] for row in self._conn.exec_driver_sql(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " JOIN pg_namespace s ON s.oid = c.relnamespace"
                " WHERE s.nspname = current_schema() AND NOT t.tgisinternal AND t.tgenabled <> 'D'")}
        return {row[0] for row in self._conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}

    def not_integer(self, table: str, column: str, *, scoped: bool = False) -> int:
        """Rows of ``table`` whose ``column`` is not stored as an integer (money is integer fen); ``scoped``:
        only rows of the customers in scope."""
        return self._conn.execute(_not_integer_query(table, column, scoped)).scalar_one()

    def not_integer_counts(self, columns: Sequence[tuple[str, str]], *, scoped: bool = False) -> list[int]:
        """``not_integer`` of every (table, column) in ``columns``, in one statement (verify asks it of every
        money column of every file it checks)."""
        return list(self._conn.execute(_not_integer_counts_query(tuple(columns), scoped)).one())

    # -- tamper evidence (db/chain.py) -----------------------------------------------------------------
    def broken_links(self, after: int = 0, through: int | None = None) -> list[BrokenLink]:
        """The first broken link of every broken chain, in chain order (of the links after link id
        ``after`` up to ``through``, if given)."""
        return list(broken_links(self._conn, after=after, through=through))

    def unlinked_rows(self, after: VerifiedPoint | None = None) -> list[tuple[str, int]]:
        """Rows with no link (only those written after the point ``after``, if given)."""
        if after is None:
            return unlinked_rows(self._conn)
        return unlinked_rows(self._conn, after.tops, after.link)

    def kept_heads_wrong(self, after: VerifiedPoint | None = None) -> list[int]:
        """The chains whose kept head (``ledger_chain_heads``) is not their last link. After the point ``after``
        (incremental), without seeking every chain's end again: the chains linked since it are each sought, every
        other chain's kept head must be its head at the point (sought once, for the point's root too), and any
        other kept head is extra (a chain with no link, or of no customer, user or site: none in a sound file)."""
        if after is None:
            return kept_heads_wrong(self._conn)
        wrong = set(kept_heads_wrong(self._conn, after.link))
        linked = chains_linked_since(self._conn, after.link)
        at_point = dict(self.point_heads(after))
        kept = dict(kept_heads_now(self._conn))
        wrong.update(chain for chain, digest in at_point.items() if chain not in linked and kept.get(chain) != digest)
        wrong.update(chain for chain in kept if chain not in at_point and chain not in linked)
        return sorted(wrong)

    def entries_without_audit(self, after: VerifiedPoint | None = None) -> list[tuple[str, int]]:
        return entries_without_audit(self._conn, None if after is None else after.tops)

    def root(self, before: datetime | None = None) -> str:
        return Chains(lambda: self._conn).root(before)

    # -- the last verified point (incremental verify) --------------------------------------------------
    def point(self) -> VerifiedPoint | None:
        text = self._conn.execute(select(_settings.c.value).where(_settings.c.key == POINT_KEY)).scalar()
        return None if text is None else VerifiedPoint.parsed(text)

    def record_point(self, point: VerifiedPoint) -> None:
        conn = self._conn
        if conn.execute(select(_settings.c.key).where(_settings.c.key == POINT_KEY)).first() is None:
            conn.execute(_settings.insert().values(key=POINT_KEY, value=point.stored(), updated_at=point.at))
        else:
            conn.execute(_settings.update().where(_settings.c.key == POINT_KEY)
                         .values(value=point.stored(), updated_at=point.at))

    def point_now(self, at: datetime, rehashed: int = 0, rechecked: int = 0) -> VerifiedPoint:
        """The point this transaction sees: newest link, root through it, highest id per chained table. The root
        is made from the kept heads (one row a chain) instead of seeking each chain's end (0.6 s at 40,000
        customers): a point is only recorded after a verify that passed, and verify checks that every kept head
        is its chain's last link (``kept_heads_wrong``), so the two roots are then the same."""
        chains = Chains(lambda: self._conn)
        link = chains.last_link()
        tops = {name: top or 0 for name, top in self._conn.execute(_tops_query()).one()._mapping.items()}
        return VerifiedPoint(link, chains.kept_root(), at, tops, rehashed, rechecked)

    def point_now_link(self) -> int:
        """The newest chain link (0: none)."""
        return Chains(lambda: self._conn).last_link()

    def earliest_day_since(self, point: VerifiedPoint) -> date | None:
        """The earliest business day of any ledger entry recorded after ``point`` (None: none was): a closed
        month's figures can only have moved if an entry since the point is dated in it."""
        days = [select(func.min(Unindexed(table.c[column]))).where(table.c.id > point.tops.get(table.name, 0))
                .scalar_subquery() for table in CHAINED.values() if (column := _ENTRY_DAYS.get(table.name))]
        found = [d for d in self._conn.execute(select(*days)).one() if d is not None]
        return min(found) if found else None

    def point_heads(self, point: VerifiedPoint) -> list[tuple[int, bytes]]:
        """Each chain's head through the point's last link, as the stored chains give it now: sought once a
        verify (the point's root, and the kept heads of the chains not linked since)."""
        if self._point_heads is None or self._point_heads[0] != point.link:
            self._point_heads = (point.link, Chains(lambda: self._conn).heads(through=point.link))
        return self._point_heads[1]

    def point_root(self, point: VerifiedPoint) -> str:
        """The root the stored chains give now through the point's last link."""
        return merkle_root(self.point_heads(point))

    def scope_since(self, link: int, after_customer: int, customers: int) -> tuple[int, int]:
        """Put in scope (``v_scope``) the customers with chain links after ``link`` and the next ``customers``
        customers by id after ``after_customer`` (from the first again past the last); returns how many are
        in scope and the last customer id of that slice."""
        conn = self._conn
        v_scope.drop(conn, checkfirst=True)
        v_scope.create(conn)
        chain, after = linked_since()  # (by id from the point, not by the chain index)
        conn.execute(insert(v_scope).from_select(["customer_id"], select(chain).where(after, chain > 0).distinct()),
                     {"b_link": link})
        ids = [cid for (cid,) in conn.execute(select(_customers.c.id).where(_customers.c.id > after_customer)
                                              .order_by(_customers.c.id).limit(customers))]
        if not ids and after_customer:
            ids = [cid for (cid,) in conn.execute(select(_customers.c.id).order_by(_customers.c.id).limit(customers))]
        if ids:
            conn.execute(insert(v_scope).from_select(
                ["customer_id"], select(_customers.c.id).where(_customers.c.id.between(ids[0], ids[-1]),
                                                               _customers.c.id.not_in(self._scope()))))
        return conn.execute(select(func.count()).select_from(v_scope)).scalar_one(), ids[-1] if ids else 0

    @staticmethod
    def _scope() -> Select:
        return _SCOPE

    # -- the ledger ----------------------------------------------------------------------------------
    def recompute(self, *, scoped: bool = False) -> None:
        """Fill ``v_items``, ``v_repayments`` and ``v_customers`` from the entries alone (of the customers
        in scope only, if ``scoped``)."""
        conn = self._conn
        for table in (v_items, v_repayments, v_customers):
            table.drop(conn, checkfirst=True)
            table.create(conn)
        for statement in _recompute_statements(scoped):
            conn.execute(statement)

    def violations(self, key: str, *, override_roles: Collection[str], since: VerifiedPoint | None = None
                   ) -> list[tuple]:
        """The rows breaking the invariant ``key`` of ``VIOLATIONS`` (after ``recompute``): of everything, or
        (incremental) since the point ``since``: of the customers in scope, or for ``SINCE_THE_POINT`` of what was
        recorded after it."""
        scoped = since is not None
        if key == COLLECTION_STATE:  # issue 14, queue: recomputed in Python (its decisions keep their id order)
            return collection_state_differences(self._conn, self._scope() if scoped else None)
        stmt = _violations_query(key, frozenset(override_roles), scoped)
        params = {"b_items_after": since.tops.get(_items.name, 0)} if scoped else {}
        return [tuple(row) for row in self._conn.execute(stmt, params)]
