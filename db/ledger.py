"""记账: the one writer of the ledger.

Arrears items, repayments, offsets, reversals, write-offs and the audit trail are appended here and
nowhere else, each with the balances it moves (``item_balances``, ``repayment_balances``,
``customer_balances``: a cache of what the entries say, recomputed by ``verify``), its audit record and
a link in its customer's hash chain for every row (``db.chain``), in the caller's transaction. Nothing
here is ever updated or deleted except those balances.

The rules (what may be recorded, which items a payment closes) are the caller's, from ``app/domain``;
this module only writes what it is given, the same way for the counter, an import and the demo.
"""
from __future__ import annotations

import json
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Date, Select, Table, bindparam, case, delete, event, func, insert, literal, literal_column, select, update
from sqlalchemy.orm import Session

from db.bulk import insert_rows, sequence_past_ids
from db.chain import CHAINED, ENTITIES, Chains, build_all, entries_without_audit
from db.commit_order import MARK_WAIT_SECONDS, PostingsInFlight, writers_stopped_here
from db.collection_state import STATE_SOURCES, keep_collection_state  # issue 14, queue
from db.ids import new_uid
from db.models import (
    Allocation, ArrearsItem, AuditRecord, CustomerBalance, CustomerLineBalance, ItemBalance, LineBalancesDay, Recovery,
    Repayment, RepaymentBalance, Reversal, WriteOff,
)
from db.models import CustomerOverdue  # issue 15, queue
from db.standing import offset_stands

_items, _repayments, _allocations = ArrearsItem.__table__, Repayment.__table__, Allocation.__table__
_reversals, _write_offs, _audit = Reversal.__table__, WriteOff.__table__, AuditRecord.__table__
_item_balances, _repayment_balances = ItemBalance.__table__, RepaymentBalance.__table__
_customer_balances = CustomerBalance.__table__
_recoveries = Recovery.__table__
_line_balances, _line_day = CustomerLineBalance.__table__, LineBalancesDay.__table__
_customer_overdue = CustomerOverdue.__table__  # issue 15, queue
# A customer's maintained totals: read, moved and opened at every entry, built once.
_BALANCE = select(_customer_balances.c.open_total, _customer_balances.c.unapplied_credit).where(
    _customer_balances.c.customer_id == bindparam("b_customer"))
_MOVE_CUSTOMER = (_customer_balances.update().where(_customer_balances.c.customer_id == bindparam("b_customer"))
                  .values(open_total=_customer_balances.c.open_total + bindparam("b_open"),
                          unapplied_credit=_customer_balances.c.unapplied_credit + bindparam("b_credit")))
_OPEN_ACCOUNT = insert(_customer_balances).values(open_total=0, unapplied_credit=0)

Progress = Callable[[int, int], None]
# The audit actions of ledger entries: each entry's audit record carries its recording time.
LEDGER_ACTIONS = ("arrears.record", "repayment.record", "credit.apply_to_items", "arrears.reverse",
                  "repayment.reverse", "arrears.write_off", "bad_debt.recover")


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who appends, at which site, when: the same on every row of one use case."""
    site_id: int
    user_id: int | None
    at: datetime


class NewItem(NamedTuple):
    """An arrears item (欠费) that passed the rules of ``app.domain.arrears``."""
    customer_id: int
    agreement_id: int
    business_line_id: int
    branch_id: int
    business_date: date
    billing_period: int
    due_date: date
    amount: int
    voucher_no: str
    handler_id: int
    signature_confirmed: bool = False
    override_by_id: int | None = None
    override_reason: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class NewRepayment:
    customer_id: int
    amount: int
    paid_on: date
    method: str
    receipt_no: str
    mode: str  # fifo | named
    note: str = ""


@dataclass(frozen=True, slots=True)
class Offset:
    """Money of a repayment moved onto an item, counting from ``effective_on``."""
    repayment_id: int | None  # None: the repayment being recorded
    item_id: int
    amount: int
    effective_on: date


class StandingOffset(NamedTuple):
    allocation_id: int
    repayment_id: int
    item_id: int
    amount: int


@dataclass(frozen=True, slots=True)
class ItemReversed:
    reversal_id: int
    open_before: int
    credit_returned: list[tuple[int, int]]  # (repayment id, amount) back to unapplied credit


@dataclass(frozen=True, slots=True)
class RepaymentReversed:
    reversal_id: int
    unapplied_before: int
    reopened: list[tuple[int, int]]  # (item id, amount) open again


def audit_json(data: dict | None) -> str | None:
    """The audit trail's one JSON form: keys sorted, Chinese kept readable, dates as ISO text."""
    return None if data is None else _AUDIT_ENCODER.encode(data)


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


_AUDIT_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_json_default)


class Ledger:
    """Appends entries in the session's transaction; ``stamp()`` says who, where and when."""

    def __init__(self, session: Session, stamp: Callable[[], Stamp],
                 noted: Callable[[str, int | None], None] = lambda table, customer_id: None,
                 dated: Callable[[str, date], None] = lambda column, earliest: None, *,
                 keeps_heads: bool = True) -> None:
        self._session = session
        self._stamp = stamp
        self._noted = noted  # (table written, customer id): the unit of work's change log
        self._dated = dated  # (date column, earliest date) of entries about to be appended: 月结 refuses a closed month
        # keeps_heads False: migration 0004's writer, at a revision without the kept chain heads (0024 fills them)
        self._keeps_heads = keeps_heads
        self._chains = Chains(lambda: self._session.connection(), keep_heads=keeps_heads)
        self._held_audits: list[tuple] | None = None
        self._shared = _on_server(session)  # issue 15 (pgconcur): other transactions write beside this one
        if self._shared:
            self._held: set[int] = set()
            event.listen(session, "after_transaction_end", self._forget_holds)

    @property
    def _conn(self):
        return self._session.connection()

    @contextmanager
    def audits_together(self) -> Iterator[None]:
        """The audit records written inside go in at its end as one insert (a batch of 1,000 notices writes
        2,000): the same rows in the same order, each with its own stamp, in the same transaction."""
        self._held_audits = []
        try:
            yield
            held = self._held_audits
            self._held_audits = None
            if held:
                self._noted(_audit.name, None)
                self._append(_audit, _AUDIT_COLUMNS, held)
        finally:
            self._held_audits = None

    # -- the maintained balances -------------------------------------------------------------------
    def balance(self, customer_id: int) -> tuple[int, int]:
        """(open total, unapplied credit 预存款) of a customer now."""
        row = self._conn.execute(_BALANCE, {"b_customer": customer_id}).first()
        return (0, 0) if row is None else (row.open_total, row.unapplied_credit)

    def balances(self, customer_ids: Iterable[int]) -> dict[int, int]:
        """Open totals of many customers now (for checking a batch against credit limits)."""
        found: dict[int, int] = {}
        ids = list(customer_ids)
        for start in range(0, len(ids), 900):
            found.update(self._conn.execute(
                select(_customer_balances.c.customer_id, _customer_balances.c.open_total)
                .where(_customer_balances.c.customer_id.in_(ids[start:start + 900]))).all())
        return found

    def item_open(self, item_id: int) -> int:
        return self._conn.execute(select(_item_balances.c.open_amount)
                                  .where(_item_balances.c.item_id == item_id)).scalar_one_or_none() or 0

    def unapplied_by_repayment(self, customer_id: int) -> list[tuple[int, int]]:
        """(repayment id, unapplied) of a customer's money held, oldest money first."""
        return list(self._conn.execute(
            select(_repayment_balances.c.repayment_id, _repayment_balances.c.unapplied)
            .where(_repayment_balances.c.customer_id == customer_id, _repayment_balances.c.unapplied > 0)
            .order_by(_repayment_balances.c.repayment_id)).all())

    def standing_offsets(self, *, item_id: int | None = None, repayment_id: int | None = None) -> list[StandingOffset]:
        a = _allocations
        stmt = select(a.c.id, a.c.repayment_id, a.c.arrears_item_id, a.c.amount).where(offset_stands(a))
        if item_id is not None:
            stmt = stmt.where(a.c.arrears_item_id == item_id)
        if repayment_id is not None:
            stmt = stmt.where(a.c.repayment_id == repayment_id)
        return [StandingOffset(*row) for row in self._conn.execute(stmt.order_by(a.c.id))]

    # -- one counter at a time per customer (issue 15: pgconcur) -------------------------------------------
    def hold(self, *customer_ids: int) -> None:
        """Serialise posting per customer: from here to the end of the transaction no other counter posts
        for these customers, so what the caller reads next (open items, credit held, whether an entry is
        already reversed) stays true until it commits: no double offsets, no lost updates, one writer per
        hash chain. A posting use case calls it before it reads what it decides on; the ledger calls it
        again, for every customer it appends for (a no-op when held). On a server: a row lock on each
        customer's balance row, taken in id order (two batches never wait on each other in a circle).
        On SQLite nothing: the write transaction (BEGIN IMMEDIATE) already holds the whole file."""
        if not self._shared:
            return
        wanted = sorted(set(customer_ids) - self._held)
        cb = _customer_balances
        for start in range(0, len(wanted), 5000):
            self._conn.execute(select(cb.c.customer_id).where(cb.c.customer_id.in_(wanted[start:start + 5000]))
                               .order_by(cb.c.customer_id).with_for_update())
        self._held.update(wanted)

    def _hold_chains(self, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
        """The chains ``rows`` will be linked into, held before their heads are read: a customer's through
        ``hold``; a user's (audit records about no customer) through an advisory lock on the chain."""
        customer = list(columns).index("customer_id")
        self.hold(*{row[customer] for row in rows if row[customer] is not None})
        if table is _audit:
            user = list(columns).index("user_id")
            for chain in sorted({-(row[user] or 0) for row in rows if row[customer] is None} - self._held):
                self._conn.execute(select(func.pg_advisory_xact_lock(literal(_USER_CHAIN_LOCKS), literal(chain))))
                self._held.add(chain)

    def _forget_holds(self, _session: Session, transaction) -> None:
        """The locks end with the transaction; so does what this ledger knew of the chain heads. A savepoint's
        end forgets the holds too (rolled back, it let go of the row locks taken inside it; held again, a
        row already locked costs one query)."""
        if transaction.parent is None:
            self._held.clear()
            self._chains = Chains(lambda: self._session.connection(), keep_heads=self._keeps_heads)
        elif transaction.nested:
            self._held.clear()

    # -- appending entries ----------------------------------------------------------------------------
    def open_account(self, customer_id: int) -> None:
        """A new customer's balance row (nothing owed, nothing held)."""
        self._noted(_customer_balances.name, customer_id)
        self._conn.execute(_OPEN_ACCOUNT, {"customer_id": customer_id})

    def record_items(self, items: Sequence[NewItem], *, context: Sequence[dict] | None = None,
                     progress: Progress | None = None) -> list[int]:
        """欠费登记: the items, their open balances, their customers' totals and one audit record each
        (``context[n]`` adds what the audit should say about where item n came from). One statement per
        table, whatever the number of items."""
        if not items:
            return []
        stamp = self._stamp()
        self._noted(_items.name, None)
        uids = [new_uid() for _ in items]
        written = self._append(_items, _ITEM_COLUMNS, [
            (uid, stamp.site_id, i.customer_id, i.agreement_id, i.business_line_id, i.branch_id, i.business_date,
             i.billing_period, i.due_date, i.amount, i.voucher_no, i.handler_id, i.signature_confirmed,
             i.override_by_id, i.override_reason, i.note, stamp.user_id, stamp.at) for uid, i in zip(uids, items)])
        found = {row.uid: row.id for row in written}
        ids = [found[uid] for uid in uids]
        if progress is not None:
            progress(len(items) // 2, len(items))
        insert_rows(self._conn, _item_balances, _ITEM_BALANCE_COLUMNS, [
            (item_id, i.customer_id, i.business_date, i.billing_period, i.due_date, i.business_line_id,
             i.handler_id, i.branch_id, i.amount) for item_id, i in zip(ids, items)])
        totals: dict[int, int] = defaultdict(int)
        for item in items:
            totals[item.customer_id] += item.amount
        self._move_customers({cid: (amount, 0) for cid, amount in totals.items()})
        self._audit_rows(stamp, [
            ("arrears.record", "arrears_item", item_id, item.customer_id, None,
             _item_audit(item) | (context[n] if context is not None else {}))
            for n, (item_id, item) in enumerate(zip(ids, items))])
        return ids

    def record_repayment(self, repayment: NewRepayment, offsets: Sequence[Offset]) -> int:
        """收回欠费: the repayment, its offsets against items (先发生、先核销 or as named, planned by the
        caller) and what is left as unapplied credit (预存款)."""
        stamp = self._stamp()
        self._noted(_repayments.name, repayment.customer_id)
        repayment_id = self._append_one(_repayments, dict(
            uid=new_uid(), site_id=stamp.site_id, received_by_id=stamp.user_id, recorded_at=stamp.at,
            **asdict(repayment)))
        self._conn.execute(insert(_repayment_balances).values(repayment_id=repayment_id,
                                                              customer_id=repayment.customer_id,
                                                              unapplied=repayment.amount))
        self._move_customers({repayment.customer_id: (0, repayment.amount)})
        placed = [Offset(repayment_id, o.item_id, o.amount, o.effective_on) for o in offsets]
        self._post_offsets(stamp, repayment.customer_id, placed, source="payment")
        applied = sum(o.amount for o in placed)
        self._audit_rows(stamp, [("repayment.record", "repayment", repayment_id, repayment.customer_id, None, {
            "amount": repayment.amount, "paid_on": repayment.paid_on, "method": repayment.method,
            "receipt_no": repayment.receipt_no, "mode": repayment.mode,
            "offsets": [[o.item_id, o.amount] for o in placed], "unapplied": repayment.amount - applied})])
        return repayment_id

    def apply_credit(self, customer_id: int, offsets: Sequence[Offset]) -> None:
        """预存款核销: money held for the customer moved onto open items (each offset names its repayment)."""
        stamp = self._stamp()
        self._post_offsets(stamp, customer_id, offsets, source="credit")
        self._audit_rows(stamp, [("credit.apply_to_items", "customer", customer_id, customer_id, None,
                                  {"offsets": [[o.item_id, o.amount] for o in offsets]})])

    def reverse_item(self, item_id: int, customer_id: int, voucher_no: str, *, reason: str,
                     on: date) -> ItemReversed:
        """冲正 an item: it stops counting from ``on``; money offset against it is unapplied credit again."""
        stamp = self._stamp()
        returned = []
        for offset in self.standing_offsets(item_id=item_id):
            self._repayment_unapplied(offset.repayment_id, +offset.amount)
            returned.append((offset.repayment_id, offset.amount))
        credit = sum(amount for _, amount in returned)
        open_before = self.item_open(item_id)
        self._set_item_open(item_id, 0)
        self._move_customers({customer_id: (-open_before, credit)})
        reversal_id = self._insert_reversal(stamp, customer_id, reason, on, arrears_item_id=item_id)
        self._audit_rows(stamp, [("arrears.reverse", "reversal", reversal_id, customer_id,
                                  {"item_id": item_id, "voucher_no": voucher_no, "open_amount": open_before},
                                  {"reason": reason, "credit_returned": [{"repayment_id": r, "amount": a}
                                                                         for r, a in returned]})])
        return ItemReversed(reversal_id, open_before, returned)

    def reverse_repayment(self, repayment_id: int, customer_id: int, receipt_no: str, amount: int, *,
                          reason: str, on: date) -> RepaymentReversed:
        """冲正 a repayment (a bounced transfer): every item it closed opens again, exactly as before."""
        stamp = self._stamp()
        reopened = []
        for offset in self.standing_offsets(repayment_id=repayment_id):
            self._conn.execute(update(_item_balances).where(_item_balances.c.item_id == offset.item_id)
                               .values(open_amount=_item_balances.c.open_amount + offset.amount))
            reopened.append((offset.item_id, offset.amount))
        unapplied = self._conn.execute(select(_repayment_balances.c.unapplied)
                                       .where(_repayment_balances.c.repayment_id == repayment_id)).scalar_one()
        self._conn.execute(update(_repayment_balances).where(_repayment_balances.c.repayment_id == repayment_id)
                           .values(unapplied=0))
        self._move_customers({customer_id: (sum(a for _, a in reopened), -unapplied)})
        reversal_id = self._insert_reversal(stamp, customer_id, reason, on, repayment_id=repayment_id)
        self._audit_rows(stamp, [("repayment.reverse", "reversal", reversal_id, customer_id,
                                  {"repayment_id": repayment_id, "receipt_no": receipt_no, "amount": amount,
                                   "unapplied": unapplied},
                                  {"reason": reason, "reopened": reopened})])
        return RepaymentReversed(reversal_id, unapplied, reopened)

    def write_off(self, item_id: int, customer_id: int, *, on: date, reason: str, evidence: str,
                  applied_by_id: int, approved_by_id: int, amount: int | None = None,
                  application_id: int | None = None) -> tuple[int, int]:
        """坏账核销: ``amount`` (all that is open if None) leaves the balances; the item stays on record
        (账销案存). Returns (write-off id, amount)."""
        stamp = self._stamp()
        open_before = self.item_open(item_id)
        amount = open_before if amount is None else amount
        self._set_item_open(item_id, open_before - amount)
        self._move_customers({customer_id: (-amount, 0)})
        self._noted(_write_offs.name, customer_id)
        write_off_id = self._append_one(_write_offs, dict(
            uid=new_uid(), site_id=stamp.site_id, arrears_item_id=item_id, customer_id=customer_id, amount=amount,
            written_off_on=on, reason=reason, evidence=evidence, applied_by_id=applied_by_id,
            approved_by_id=approved_by_id, created_at=stamp.at))
        after = {"amount": amount, "reason": reason, "applied_by_id": applied_by_id}
        if application_id is not None:
            after["application_id"] = application_id
        self._audit_rows(stamp, [("arrears.write_off", "write_off", write_off_id, customer_id,
                                  {"item_id": item_id, "open_amount": open_before}, after)])
        return write_off_id, amount

    def record_recovery(self, item_id: int, customer_id: int, *, amount: int, received_on: date, method: str,
                        receipt_no: str, note: str = "") -> int:
        """收回已核销坏账 (postal 18(三)): money on a written-off item. Nothing is open on it to offset and it
        is not 预存款, so no balance moves; the entry is its own line in the movement table."""
        stamp = self._stamp()
        self._noted(_recoveries.name, customer_id)
        recovery_id = self._append_one(_recoveries, dict(
            uid=new_uid(), site_id=stamp.site_id, customer_id=customer_id, arrears_item_id=item_id, amount=amount,
            received_on=received_on, method=method, receipt_no=receipt_no, note=note,
            received_by_id=stamp.user_id, recorded_at=stamp.at))
        self._audit_rows(stamp, [("bad_debt.recover", "recovery", recovery_id, customer_id, None, {
            "item_id": item_id, "amount": amount, "received_on": received_on, "method": method,
            "receipt_no": receipt_no})])
        return recovery_id

    def audit(self, action: str, entity: str, entity_id: int | None, *, before: dict | None = None,
              after: dict | None = None, customer_id: int | None = None) -> None:
        """审计日志: who, when, what, before/after, in the same transaction as the change."""
        if self._held_audits is not None:
            stamp = self._stamp()
            self._held_audits.append((new_uid(), stamp.site_id, stamp.at, stamp.user_id, action, entity, entity_id,
                                      customer_id, audit_json(before), audit_json(after)))
            return
        self._audit_rows(self._stamp(), [(action, entity, entity_id, customer_id, before, after)])

    def load(self, table: Table, rows: Sequence[tuple]) -> None:
        """Bulk copy of complete rows (ids included, made with ``row_type(table)``) for filling a new
        database (the demo): the caller supplies the balance rows too; each entry still gets its link in
        the chain and its audit record, like one posted at the counter."""
        if not rows:
            return
        self._noted(table.name, None)
        self._check_dates(table, table.c.keys(), rows)
        if self._shared and table.name in _CHAINED_NAMES:
            self._hold_chains(table, table.c.keys(), rows)
        insert_rows(self._conn, table, table.c.keys(), rows)
        sequence_past_ids(self._conn, table)  # a server's next id for the table comes after the loaded ones
        if table is _item_balances:
            refresh_line_balances(self._conn, sorted({row.customer_id for row in rows}))
        if table.name in STATE_SOURCES:  # issue 14, queue: the customers' kept collection state follows
            keep_collection_state(self._conn, sorted({row.customer_id for row in rows}))
        if table.name in _CHAINED_NAMES:
            self._chains.link(table, rows)
        audit = _LOADED_AUDIT.get(table.name)
        if audit is not None:
            # Numbered here like the entries (the write lock makes the next ids ours): linked as built,
            # not read back, the same values the file then holds.
            first = (self._conn.execute(select(func.max(_audit.c.id))).scalar() or 0) + 1
            self.load(_audit, [(n, *audit(row)) for n, row in enumerate(rows, first)])

    def root(self, before: datetime | None = None) -> str:
        """The integrity root over every chain head recorded before ``before`` (now if None)."""
        return self._chains.root(before)

    def root_now(self) -> tuple[str, int]:
        """The integrity root now and the newest link it covers: ``root_through`` that link gives the same
        root later, whatever has been appended since (月结 keeps both). On a server, taken at a mark in commit
        order (db/commit_order): a link below the newest still to commit would change that root later.
        ``PostingsInFlight`` when the postings in flight did not end in time."""
        if self._shared and not writers_stopped_here(self._conn, MARK_WAIT_SECONDS):
            raise PostingsInFlight(MARK_WAIT_SECONDS)
        last = self._chains.last_link()
        return self._chains.root(through=last), last

    def root_through(self, link_id: int) -> str:
        return self._chains.root(through=link_id)

    def chain_existing(self) -> tuple[int, int]:
        """Once, when a database made before the chains is upgraded: an audit record for each entry that
        had none (with the entry's own site, time and recorder), then a link for every row.
        Returns (links made, audit records added)."""
        missing: dict[str, list[int]] = defaultdict(list)
        for name, row_id in entries_without_audit(self._conn):
            missing[name].append(row_id)
        added = 0
        for name, ids in missing.items():
            table = CHAINED[ENTITIES[name]]
            for start in range(0, len(ids), 5000):
                rows = self._conn.execute(select(table).where(table.c.id.in_(ids[start:start + 5000]))).all()
                insert_rows(self._conn, _audit, _AUDIT_COLUMNS, [_LOADED_AUDIT[name](row) for row in rows])
                added += len(rows)
        return build_all(self._conn, keep_heads=self._keeps_heads), added

    # -- appending rows with their links ---------------------------------------------------------------
    def _append(self, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> list:
        """Inserts ``rows`` and links them into their chains; returns them as stored (ids included)."""
        self._check_dates(table, columns, rows)
        if self._shared:
            self._hold_chains(table, columns, rows)
        last, since = _appended(table)
        before = self._conn.execute(last).scalar() or 0
        insert_rows(self._conn, table, columns, rows)
        # The database numbers the rows; the write lock makes every row newer than ``before`` ours, and
        # reading them back gives the chain exactly what verify will read (one range scan).
        written = self._conn.execute(since, {"b_after": before}).all()
        if self._shared:  # a server numbers other transactions' rows in between: ours are those we made
            uid = list(columns).index("uid")
            ours = {row[uid] for row in rows}
            written = [row for row in written if row.uid in ours]
        self._chains.link(table, written)
        return written

    def _check_dates(self, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
        """Every entry is dated (``ENTRY_DATES``); the caller is told the earliest date before anything is
        written, whichever way the entries came (counter, import, demo)."""
        column = ENTRY_DATES.get(table.name)
        if column is not None and rows:
            at = list(columns).index(column)
            self._dated(column, min(row[at] for row in rows))

    def _append_one(self, table: Table, values: dict) -> int:
        return self._append(table, tuple(values), [tuple(values.values())])[0].id

    # -- the balance moves behind the entries ---------------------------------------------------------
    def _post_offsets(self, stamp: Stamp, customer_id: int, offsets: Sequence[Offset], *, source: str) -> None:
        if not offsets:
            return
        self._noted(_allocations.name, customer_id)
        self._append(_allocations, _ALLOCATION_COLUMNS, [
            (new_uid(), stamp.site_id, o.repayment_id, o.item_id, customer_id, o.amount, o.effective_on, source,
             stamp.user_id, stamp.at) for o in offsets])
        # One executemany for all items: a 50-item FIFO offset is one statement, not fifty.
        self._conn.execute(
            _item_balances.update().where(_item_balances.c.item_id == bindparam("b_item"))
            .values(open_amount=_item_balances.c.open_amount - bindparam("b_amount")),
            [{"b_item": o.item_id, "b_amount": o.amount} for o in offsets])
        by_repayment: dict[int, int] = defaultdict(int)
        for o in offsets:
            by_repayment[o.repayment_id] += o.amount
        for repayment_id, amount in by_repayment.items():
            self._repayment_unapplied(repayment_id, -amount)
        total = sum(o.amount for o in offsets)
        self._move_customers({customer_id: (-total, -total)})

    def _repayment_unapplied(self, repayment_id: int, delta: int) -> None:
        self._conn.execute(update(_repayment_balances).where(_repayment_balances.c.repayment_id == repayment_id)
                           .values(unapplied=_repayment_balances.c.unapplied + delta))

    def _set_item_open(self, item_id: int, amount: int) -> None:
        self._conn.execute(update(_item_balances).where(_item_balances.c.item_id == item_id)
                           .values(open_amount=amount))

    def _move_customers(self, deltas: dict[int, tuple[int, int]]) -> None:
        """customer id -> (open total delta, unapplied credit delta)."""
        self._conn.execute(_MOVE_CUSTOMER,
                           [{"b_customer": cid, "b_open": o, "b_credit": c} for cid, (o, c) in deltas.items()])
        for customer_id in deltas:
            self._noted(_customer_balances.name, customer_id)
        # What is open moved for these customers: their per-line figures (the overdue queue's) follow, as of
        # the day of the entry (the other customers' overdue part moves on to it first).
        moved = [cid for cid, (open_delta, _) in deltas.items() if open_delta]
        if moved:
            roll_line_balances(self._conn, self._stamp().at.date())
            refresh_line_balances(self._conn, moved)

    def _insert_reversal(self, stamp: Stamp, customer_id: int, reason: str, on: date, **target: int) -> int:
        self._noted(_reversals.name, customer_id)
        return self._append_one(_reversals, dict(
            uid=new_uid(), site_id=stamp.site_id, customer_id=customer_id, reversed_on=on, reason=reason,
            reversed_by_id=stamp.user_id, created_at=stamp.at, **target))

    def _audit_rows(self, stamp: Stamp, rows: list[tuple]) -> None:
        """rows: (action, entity, entity id, customer id, before, after)."""
        self._noted(_audit.name, None)
        self._append(_audit, _AUDIT_COLUMNS, [
            (new_uid(), stamp.site_id, stamp.at, stamp.user_id, action, entity, entity_id, customer_id,
             audit_json(before), audit_json(after)) for action, entity, entity_id, customer_id, before, after in rows])


@cache
def _appended(table: Table):
    """(the last id of ``table``, its rows after id ``after`` in id order): what ``_append`` reads around every
    entry it writes, built once per table."""
    return (select(func.max(table.c.id)),
            select(table).where(table.c.id > bindparam("b_after", type_=table.c.id.type)).order_by(table.c.id))


# issue 15 (pgconcur): the advisory-lock class of a user's own chain (audit records about no customer).
_USER_CHAIN_LOCKS = 0x4144  # "AD"


def _on_server(session: Session) -> bool:
    """Whether the session's database is a server shared with other writers (not a SQLite file)."""
    return session.get_bind().dialect.name != "sqlite"


def refresh_line_balances(conn, customers) -> None:
    """``customer_line_balances`` of ``customers`` (a list of ids, or a Select of them) made again from their
    open items in ``item_balances`` (through the customer's index of open items: a few rows each)."""
    if isinstance(customers, list):
        for start in range(0, len(customers), 900):
            _refresh_line_balances(conn, customers[start:start + 900])
    else:
        _refresh_line_balances(conn, customers)


# A list of customers goes in as one expanding parameter: the statements below are built once (every entry that
# moves what is open runs them) instead of for each list; a Select of customers (a package's, a day's) is built in.
_CUSTOMER_LIST = bindparam("b_customers", expanding=True)


def _for_customers(conn, customers, statements: Callable[[Any], tuple]) -> None:
    """Runs ``statements(customers)``: a list of ids goes in as the one list parameter (the statements are built
    once for every list), a Select or None as it is."""
    listed = isinstance(customers, list)
    params = {"b_customers": customers} if listed else {}
    for statement in statements(_CUSTOMER_LIST if listed else customers):
        conn.execute(statement, params)


def _refresh_line_balances(conn, customers) -> None:
    _for_customers(conn, customers, _line_balance_statements)


@lru_cache(maxsize=64)
def _line_balance_statements(customers) -> tuple:
    """The per-line figures of ``customers`` (the list parameter, or a Select) deleted and added up again from their
    open items, then their ``customer_overdue`` rows (``keep_customer_overdue``)."""
    lb, b = _line_balances, _item_balances
    due = b.c.due_date < select(_line_day.c.overdue_before).scalar_subquery()
    return (delete(lb).where(lb.c.customer_id.in_(customers)),
            insert(lb).from_select(
                ["customer_id", "business_line_id", "open_total", "open_items", "oldest_due", "overdue_total",
                 "overdue_items"],
                select(b.c.customer_id, b.c.business_line_id, func.sum(b.c.open_amount), func.count(),
                       func.min(b.c.due_date), func.sum(case((due, b.c.open_amount), else_=0)),
                       func.sum(case((due, 1), else_=0)))
                .where(b.c.customer_id.in_(customers), b.c.open_amount > literal_column("0"))
                .group_by(b.c.customer_id, b.c.business_line_id)),
            *_customer_overdue_statements(customers))


def keep_customer_overdue(conn, customers) -> None:
    """queue (issue 15): ``customer_overdue`` of ``customers`` (a list of ids, a Select of them, or None for every
    customer) added up again from their per-line figures, right after those moved, in the same transaction."""
    _for_customers(conn, customers, _customer_overdue_statements)


@lru_cache(maxsize=64)
def _customer_overdue_statements(customers) -> tuple:
    stale = delete(_customer_overdue)
    return (stale if customers is None else stale.where(_customer_overdue.c.customer_id.in_(customers)),
            insert(_customer_overdue).from_select(CUSTOMER_OVERDUE_COLUMNS, customer_overdue_of(customers)))


CUSTOMER_OVERDUE_COLUMNS = ("customer_id", "overdue_total", "overdue_items", "oldest_due", "largest_line")


def customer_overdue_of(customers=None) -> Select:
    """The rows of ``customer_overdue`` as the per-line figures give them (of ``customers``, or every customer if
    None): their lines with items overdue on the kept day, added up; the largest line's amount beside the total."""
    lb = _line_balances
    stmt = (select(lb.c.customer_id, func.sum(lb.c.overdue_total), func.sum(lb.c.overdue_items),
                   func.min(lb.c.oldest_due), func.max(lb.c.overdue_total))
            .where(lb.c.overdue_items > literal_column("0")).group_by(lb.c.customer_id))
    return stmt if customers is None else stmt.where(lb.c.customer_id.in_(customers))


# -- queue (issue 14): the overdue part of the per-line figures, as of one day for all of them --------------
def line_balances_day(conn) -> date | None:
    """The day ``customer_line_balances.overdue_*`` count the open items due before (None: not kept)."""
    return conn.execute(select(_line_day.c.overdue_before)).scalar_one_or_none()


def with_overdue_on(source, customer_id, as_of: date):
    """``source`` joined with what gives each of its customers (``customer_id``) the open amount of the items due
    before ``as_of``, disputed or not (the customer list's 逾期 column), and that amount: ``customer_overdue`` as
    kept (the items due before ``line_balances_day``), with the items falling due between that day and ``as_of``
    added or, for an earlier day, taken off (one range of the due-date index, none when the ledger posted that
    day). A customer costs two lookups, not one per open item. The kept day is read in the same statement, so a
    first entry of the day committed meanwhile at another workstation cannot count the day's items twice. Only
    where the figures are kept (``line_balances_day`` has its row)."""
    co = _customer_overdue
    kept, day = select(_line_day.c.overdue_before).scalar_subquery(), literal(as_of, Date)
    later = kept < day
    moving = falling_due(case((later, kept), else_=day), case((later, day), else_=kept),
                         per_line=False).subquery("falling_due")
    joined = (source.outerjoin(co, co.c.customer_id == customer_id)
              .outerjoin(moving, moving.c.customer_id == customer_id))
    sign = case((later, 1), else_=-1)
    return joined, func.coalesce(co.c.overdue_total, 0) + sign * func.coalesce(moving.c.amount, 0)


def falling_due(lo, hi, *, per_line: bool = True):
    """(customer_id, business_line_id, amount, item_count) of the open items due from ``lo`` (the beginning if
    None) to before ``hi`` (dates, or expressions of the statement), per customer and line: one range of the
    due-date index. ``per_line`` False: (customer_id, amount, item_count), per customer."""
    b = _item_balances
    keys = (b.c.business_line_id, b.c.customer_id) if per_line else (b.c.customer_id,)
    stmt = (select(b.c.customer_id, *keys[:-1], func.sum(b.c.open_amount).label("amount"),
                   func.count().label("item_count"))
            .where(b.c.due_date < hi, b.c.open_amount > literal_column("0"))
            # Per line, grouped line first: by customer first, SQLite would walk every open item in customer order
            # (ix_item_balances_open) to save a sort, instead of reading this one range of the due-date index.
            .group_by(*keys))
    return stmt if lo is None else stmt.where(b.c.due_date >= lo)


def roll_line_balances(conn, day: date) -> None:
    """Moves the day of the per-line overdue figures to ``day``: the items falling due in between are added
    (or, for an earlier day, taken off). Costs what fell due since the last entry, not every open item."""
    held = line_balances_day(conn)
    if held == day:
        return
    if held is None:
        conn.execute(insert(_line_day).values(id=1, overdue_before=day))
        b = _item_balances
        refresh_line_balances(conn, select(b.c.customer_id).where(b.c.open_amount > literal_column("0")).distinct())
        return
    params = {"b_from": min(held, day), "b_to": max(held, day), "b_day": day}
    for statement in _roll_statements(1 if held < day else -1):
        conn.execute(statement, params)


@cache
def _roll_statements(sign: int) -> tuple:
    """``roll_line_balances``' statements for the items falling due from ``b_from`` to before ``b_to``, added
    (``sign`` 1) or taken off (-1), built once: the day moves at the first entry of every business day."""
    lb, b = _line_balances, _item_balances
    since, until = bindparam("b_from", type_=Date), bindparam("b_to", type_=Date)
    moving = falling_due(since, until).subquery()
    return (update(lb).where(lb.c.customer_id == moving.c.customer_id,
                             lb.c.business_line_id == moving.c.business_line_id)
            .values(overdue_total=lb.c.overdue_total + sign * moving.c.amount,
                    overdue_items=lb.c.overdue_items + sign * moving.c.item_count),
            # the customers whose items fell due in between: their sums follow (issue 15, queue)
            *_customer_overdue_statements(select(b.c.customer_id).where(b.c.due_date >= since, b.c.due_date < until,
                                                                        b.c.open_amount > literal_column("0"))),
            update(_line_day).values(overdue_before=bindparam("b_day", type_=Date)))


# The date each kind of ledger entry counts from (db/standing.py): what a closed month (月结) is held against.
ENTRY_DATES = {"arrears_items": "business_date", "repayments": "paid_on", "allocations": "effective_on",
               "reversals": "reversed_on", "write_offs": "written_off_on", "recoveries": "received_on"}
_ITEM_COLUMNS = ("uid", "site_id", "customer_id", "agreement_id", "business_line_id", "branch_id", "business_date",
                 "billing_period", "due_date", "amount", "voucher_no", "handler_id", "signature_confirmed",
                 "override_by_id", "override_reason", "note", "recorded_by_id", "recorded_at")
_ITEM_BALANCE_COLUMNS = tuple(_item_balances.c.keys())
_ALLOCATION_COLUMNS = ("uid", "site_id", "repayment_id", "arrears_item_id", "customer_id", "amount", "effective_on",
                       "source", "created_by_id", "created_at")
_AUDIT_COLUMNS = ("uid", "site_id", "at", "user_id", "action", "entity", "entity_id", "customer_id", "before", "after")
_CHAINED_NAMES = {table.name for table in CHAINED.values()}


def _loaded(action: str | Callable[[Any], str], entity: str, at: str, by: str,
            before: Callable[[Any], dict | None], after: Callable[[Any], dict]) -> Callable[[Any], tuple]:
    """The audit record of an entry loaded in bulk: the entry's own site, time and recorder."""
    def audit(row) -> tuple:
        return (new_uid(), row.site_id, getattr(row, at), getattr(row, by),
                action(row) if callable(action) else action, entity, row.id, row.customer_id,
                audit_json(before(row)), audit_json(after(row)))
    return audit


_LOADED_AUDIT: dict[str, Callable[[Any], tuple]] = {
    "arrears_items": _loaded("arrears.record", "arrears_item", "recorded_at", "recorded_by_id", lambda r: None,
                             lambda r: _item_audit(r)),
    "repayments": _loaded("repayment.record", "repayment", "recorded_at", "received_by_id", lambda r: None,
                          lambda r: {"amount": r.amount, "paid_on": r.paid_on, "method": r.method,
                                     "receipt_no": r.receipt_no, "mode": r.mode}),
    "reversals": _loaded(lambda r: "repayment.reverse" if r.repayment_id else "arrears.reverse", "reversal", "created_at", "reversed_by_id",
                         lambda r: {"repayment_id": r.repayment_id, "arrears_item_id": r.arrears_item_id},
                         lambda r: {"reason": r.reason}),
    "write_offs": _loaded("arrears.write_off", "write_off", "created_at", "approved_by_id",
                          lambda r: {"item_id": r.arrears_item_id, "open_amount": r.amount},
                          lambda r: {"amount": r.amount, "reason": r.reason, "applied_by_id": r.applied_by_id}),
    "recoveries": _loaded("bad_debt.recover", "recovery", "recorded_at", "received_by_id", lambda r: None,
                          lambda r: {"item_id": r.arrears_item_id, "amount": r.amount, "received_on": r.received_on,
                                     "method": r.method, "receipt_no": r.receipt_no}),
}


def row_type(table: Table) -> type:
    """A named tuple with the table's columns in order: the row shape ``Ledger.load`` takes."""
    found = _ROW_TYPES.get(table.name)
    if found is None:
        found = _ROW_TYPES[table.name] = namedtuple(f"{table.name}_row", table.c.keys())  # noqa: PYI024
    return found


_ROW_TYPES: dict[str, type] = {}


def _item_audit(item: NewItem) -> dict:
    return {"voucher_no": item.voucher_no, "amount": item.amount, "business_date": item.business_date.isoformat(),
            "billing_period": item.billing_period, "due_date": item.due_date.isoformat(),
            "business_line_id": item.business_line_id, "handler_id": item.handler_id,
            "signature_confirmed": item.signature_confirmed, "override_by_id": item.override_by_id,
            "override_reason": item.override_reason}
