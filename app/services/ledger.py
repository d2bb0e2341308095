"""A customer's ledger (分户账): header figures, open items, and the latest history entries."""
from __future__ import annotations

from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.roles import Permission
from app.services.context import Actor, Desk, UnitOfWork
from app.services.customers import agreement_info, current_agreement, customer_info
from app.services.dto import CustomerLedger, ItemInfo, LedgerEntry
from db.models import Customer


def customer_ledger(desk: Desk, actor: Actor, customer_id: int, *, history_limit: int = 100) -> CustomerLedger:
    today = desk.clock.today()
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        customer = uow.session.get(Customer, customer_id)
        if customer is None:
            raise DomainError("customer.not_found", ref=customer_id)
        agreement = current_agreement(uow, customer_id)
        open_total, credit = uow.ledger.balance(customer_id)
        items = [ItemInfo(r.item_id, customer_id, r.voucher_no, r.business_line, r.business_date, r.billing_period,
                          r.due_date, r.amount, r.open_amount, r.handler, bool(r.signature_confirmed))
                 for r in uow.customers.ledger_items(customer_id)]
        overdue = sum(i.open_amount for i in items if i.due_date < today)
        history = _history(uow, customer_id, history_limit)
        return CustomerLedger(customer_info(customer, actor.role), None if agreement is None else agreement_info(uow, agreement),
                              open_total, credit, overdue, items, history)


def _history(uow: UnitOfWork, customer_id: int, limit: int) -> list[LedgerEntry]:
    entries: list[LedgerEntry] = []
    read = uow.customers
    for it in read.latest_items(customer_id, limit):
        entries.append(LedgerEntry("item", it.item_id, it.business_date, it.voucher_no, it.business_line,
                                   it.amount))
    for p in read.latest_repayments(customer_id, limit):
        entries.append(LedgerEntry("repayment", p.repayment_id, p.paid_on, p.receipt_no,
                                   p.method, -p.amount))
    for r in read.latest_reversals(customer_id, limit):
        if r.item_id is not None:
            entries.append(LedgerEntry("item_reversal", r.reversal_id, r.reversed_on, r.reference,
                                       r.reason, -r.amount, r.item_id))
        else:
            entries.append(LedgerEntry("repayment_reversal", r.reversal_id, r.reversed_on, r.reference,
                                       r.reason, r.amount, r.repayment_id))
    for w in read.latest_write_offs(customer_id, limit):
        entries.append(LedgerEntry("write_off", w.write_off_id, w.written_off_on, w.voucher_no,
                                   w.reason, -w.amount))
    for a in read.latest_credit_uses(customer_id, limit):
        entries.append(LedgerEntry("credit_applied", a.first_id, a.effective_on, "",
                                   format_fen(a.amount), 0))
    for r in uow.write_offs.latest_recoveries(customer_id, limit):  # 收回已核销坏账: moves no balance
        entries.append(LedgerEntry("recovery", r.recovery_id, r.received_on, r.receipt_no, format_fen(r.amount), 0))
    order = {"item": 0, "repayment": 1, "credit_applied": 2, "write_off": 3, "item_reversal": 4,
             "repayment_reversal": 5, "recovery": 6}
    entries.sort(key=lambda e: (e.on, order[e.kind], e.entry_id), reverse=True)
    return _reversals_beside_their_entries(entries[:limit])


def _reversals_beside_their_entries(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Newest first, except that a reversal stands directly above the entry it reverses (when that
    entry is in the list), so the clerk reads the mistake and its correction together."""
    target_kind = {"item_reversal": "item", "repayment_reversal": "repayment"}
    present = {(e.kind, e.entry_id) for e in entries}
    moved = {(target_kind[e.kind], e.reverses): e for e in entries
             if e.kind in target_kind and (target_kind[e.kind], e.reverses) in present}
    result = []
    for e in entries:
        if e.kind in target_kind and (target_kind[e.kind], e.reverses) in moved:
            continue
        reversal = moved.get((e.kind, e.entry_id))
        if reversal is not None:
            result.append(reversal)
        result.append(e)
    return result
