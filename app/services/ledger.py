"""A customer's ledger (分户账): header figures, open items, and the latest history entries."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.domain.money import format_fen
from app.domain.roles import Permission
from app.services.context import Actor, Desk
from app.services.customers import agreement_info, current_agreement, customer_info
from app.services.dto import CustomerLedger, ItemInfo, LedgerEntry
from db.models import (
    Allocation, ArrearsItem, BusinessLine, Customer, Repayment, Reversal, WriteOff,
)
from app.domain.customers import PAYMENT_METHODS
from app.domain.errors import DomainError


def customer_ledger(desk: Desk, actor: Actor, customer_id: int, *, history_limit: int = 100) -> CustomerLedger:
    today = desk.clock.today()
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        s = uow.session
        customer = s.get(Customer, customer_id)
        if customer is None:
            raise DomainError("customer.not_found", ref=customer_id)
        agreement = current_agreement(uow, customer_id)
        open_total, credit = uow.ledger.balance(customer_id)
        # Plain rows, not ORM entities: a big customer has ten thousand open items.
        con = s.connection().connection.driver_connection
        items = [ItemInfo(item_id, customer_id, voucher, line, date.fromisoformat(bd), bp, date.fromisoformat(due),
                          amount, open_, handler, bool(signed))
                 for item_id, voucher, line, bd, bp, due, amount, open_, handler, signed in con.execute("""
            SELECT i.id, i.voucher_no, bl.name, i.business_date, i.billing_period, i.due_date, i.amount,
                   b.open_amount, u.display_name, i.signature_confirmed
            FROM item_balances b JOIN arrears_items i ON i.id = b.item_id
            JOIN business_lines bl ON bl.id = i.business_line_id JOIN users u ON u.id = i.handler_id
            WHERE b.customer_id = ? AND b.open_amount > 0
            ORDER BY b.business_date, b.item_id""", (customer_id,))]
        overdue = sum(i.open_amount for i in items if i.due_date < today)
        history = _history(s, customer_id, history_limit)
        return CustomerLedger(customer_info(customer), None if agreement is None else agreement_info(uow, agreement),
                              open_total, credit, overdue, items, history)


def _history(s, customer_id: int, limit: int) -> list[LedgerEntry]:
    entries: list[LedgerEntry] = []
    lines = dict(s.execute(select(BusinessLine.id, BusinessLine.name)).all())
    for it in s.execute(select(ArrearsItem.id, ArrearsItem.business_date, ArrearsItem.voucher_no,
                               ArrearsItem.business_line_id, ArrearsItem.amount)
                        .where(ArrearsItem.customer_id == customer_id)
                        .order_by(ArrearsItem.business_date.desc(), ArrearsItem.id.desc()).limit(limit)):
        entries.append(LedgerEntry("item", it.id, it.business_date, it.voucher_no,
                                   f"欠费 {lines.get(it.business_line_id, '')}", it.amount))
    for p in s.execute(select(Repayment.id, Repayment.paid_on, Repayment.receipt_no, Repayment.method,
                              Repayment.amount)
                       .where(Repayment.customer_id == customer_id)
                       .order_by(Repayment.paid_on.desc(), Repayment.id.desc()).limit(limit)):
        entries.append(LedgerEntry("repayment", p.id, p.paid_on, p.receipt_no,
                                   f"收款 {PAYMENT_METHODS.get(p.method, p.method)}", -p.amount))
    for r in s.execute(select(Reversal.id, Reversal.reversed_on, Reversal.reason, Reversal.arrears_item_id,
                              Reversal.repayment_id, ArrearsItem.amount.label("item_amount"),
                              ArrearsItem.voucher_no, Repayment.amount.label("rep_amount"), Repayment.receipt_no)
                       .outerjoin(ArrearsItem, ArrearsItem.id == Reversal.arrears_item_id)
                       .outerjoin(Repayment, Repayment.id == Reversal.repayment_id)
                       .where(Reversal.customer_id == customer_id)
                       .order_by(Reversal.reversed_on.desc(), Reversal.id.desc()).limit(limit)):
        if r.arrears_item_id is not None:
            entries.append(LedgerEntry("item_reversal", r.id, r.reversed_on, r.voucher_no,
                                       f"冲正欠费：{r.reason}", -r.item_amount, r.arrears_item_id))
        else:
            entries.append(LedgerEntry("repayment_reversal", r.id, r.reversed_on, r.receipt_no,
                                       f"冲正收款：{r.reason}", r.rep_amount, r.repayment_id))
    for w in s.execute(select(WriteOff.id, WriteOff.written_off_on, WriteOff.amount, WriteOff.reason,
                              ArrearsItem.voucher_no)
                       .join(ArrearsItem, ArrearsItem.id == WriteOff.arrears_item_id)
                       .where(WriteOff.customer_id == customer_id)
                       .order_by(WriteOff.written_off_on.desc()).limit(limit)):
        entries.append(LedgerEntry("write_off", w.id, w.written_off_on, w.voucher_no,
                                   f"坏账核销：{w.reason}", -w.amount))
    for a in s.execute(select(Allocation.effective_on, func.min(Allocation.id).label("id"),
                              func.sum(Allocation.amount).label("amount"))
                       .where(Allocation.customer_id == customer_id, Allocation.source == "credit")
                       .group_by(Allocation.created_at, Allocation.effective_on)
                       .order_by(Allocation.effective_on.desc()).limit(limit)):
        entries.append(LedgerEntry("credit_applied", a.id, a.effective_on, "",
                                   f"预存款核销 {format_fen(a.amount)}", 0))
    order = {"item": 0, "repayment": 1, "credit_applied": 2, "write_off": 3, "item_reversal": 4,
             "repayment_reversal": 5}
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
