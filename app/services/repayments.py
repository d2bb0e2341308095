"""Repayments (收回欠费) and offsetting (核销): named items first if the customer names them,
otherwise 先发生、先核销; the excess stays as unapplied credit (预存款) for later."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, insert, select

from app.domain.allocation import AllocationPlan, NamedTarget, OpenItem, allocate_fifo, allocate_named
from app.domain.customers import PAYMENT_METHODS
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.roles import Permission
from app.services import balances
from app.services.arrears import active_allocations
from app.services.context import Actor, Desk, UnitOfWork
from app.services.customers import restore_if_cleared
from app.services.dto import AllocationPreview, RepaymentResult
from db.ids import new_uid
from db.models import (
    Allocation, ArrearsItem, Customer, ItemBalance, Repayment, RepaymentBalance, Reversal,
)


@dataclass(frozen=True, slots=True)
class RepaymentInput:
    customer_id: int
    amount: int          # fen
    paid_on: date
    method: str          # key of PAYMENT_METHODS
    receipt_no: str
    targets: tuple[NamedTarget, ...] = ()  # 明确核销对象; empty: 先发生、先核销
    note: str = ""


def preview_repayment(desk: Desk, actor: Actor, customer_id: int, amount: int,
                      targets: tuple[NamedTarget, ...] = ()) -> AllocationPreview:
    """What posting this repayment would close, before anything is written."""
    with desk.query(actor, Permission.RECORD_REPAYMENT) as uow:
        _load_customer(uow, customer_id)
        items = open_items(uow, customer_id)
        plan = _plan(amount, items, targets)
        return AllocationPreview.of(customer_id, "named" if targets else "fifo", plan, _refs(items))


def record_repayment(desk: Desk, actor: Actor, data: RepaymentInput) -> RepaymentResult:
    today = desk.clock.today()
    if not isinstance(data.amount, int) or isinstance(data.amount, bool) or data.amount <= 0:
        raise DomainError("amount.not_positive", text=str(data.amount))
    if data.paid_on > today:
        raise DomainError("date.in_future", field="缴款日期", date=data.paid_on, today=today)
    if data.method not in PAYMENT_METHODS:
        raise DomainError("payment.bad_method", method=data.method)
    receipt = data.receipt_no.strip()
    if not receipt:
        raise DomainError("receipt.required")
    with desk.use_case(actor, Permission.RECORD_REPAYMENT) as uow:
        customer = _load_customer(uow, data.customer_id)
        if uow.session.scalar(select(Repayment.id).where(
                Repayment.receipt_no == receipt,
                ~exists().where(Reversal.repayment_id == Repayment.id))) is not None:
            raise DomainError("receipt.duplicate", receipt=receipt)
        items = open_items(uow, customer.id)
        plan = _plan(data.amount, items, data.targets)
        mode = "named" if data.targets else "fifo"
        repayment = Repayment(site_id=uow.site_id, customer_id=customer.id, amount=data.amount,
                              paid_on=data.paid_on, method=data.method, receipt_no=receipt,
                              received_by_id=actor.user_id, mode=mode, note=data.note.strip(),
                              recorded_at=desk.clock.now())
        uow.session.add(repayment)
        uow.session.flush()
        balances.on_repayment_recorded(uow, repayment.id, customer.id, data.amount)
        by_id = {i.item_id: i for i in items}
        _post_offsets(uow, customer.id, repayment.id, data.paid_on, "payment",
                      [(o.item_id, o.amount) for o in plan.offsets], by_id)
        restored = restore_if_cleared(uow, customer)
        preview = AllocationPreview.of(customer.id, mode, plan, _refs(items))
        uow.audit("repayment.record", "repayment", repayment.id, customer_id=customer.id, after={
            "amount": data.amount, "paid_on": data.paid_on, "method": data.method, "receipt_no": receipt,
            "mode": mode, "offsets": [[line.item_id, line.amount] for line in preview.lines],
            "unapplied": plan.excess})
        open_total, credit = balances.customer_balance(uow, customer.id)
        uow.commit()
        return RepaymentResult(repayment.id, receipt, preview, open_total, credit, restored)


def apply_credit(desk: Desk, actor: Actor, customer_id: int, targets: tuple[NamedTarget, ...] = (),
                 on: date | None = None) -> AllocationPreview:
    """预存款核销: use the customer's unapplied credit on open items, oldest money first."""
    on = on or desk.clock.today()
    with desk.use_case(actor, Permission.RECORD_REPAYMENT) as uow:
        customer = _load_customer(uow, customer_id)
        sources = uow.session.execute(
            select(RepaymentBalance.repayment_id, RepaymentBalance.unapplied)
            .where(RepaymentBalance.customer_id == customer_id, RepaymentBalance.unapplied > 0)
            .order_by(RepaymentBalance.repayment_id)).all()
        available = sum(s.unapplied for s in sources)
        if available == 0:
            raise DomainError("credit_balance.empty", name=customer.name)
        items = open_items(uow, customer_id)
        if targets and any(t.amount is not None for t in targets):
            named_total = sum(t.amount or 0 for t in targets)
            if named_total > available:
                raise DomainError("credit_balance.insufficient", available=format_fen(available),
                                  amount=format_fen(named_total))
        plan = _plan(available, items, targets)
        by_id = {i.item_id: i for i in items}
        queue = [(o.item_id, o.amount) for o in plan.offsets]
        for source in sources:  # split the plan over the repayments the money came from
            budget, moved = source.unapplied, []
            while queue and budget:
                item_id, amount = queue[0]
                take = min(amount, budget)
                moved.append((item_id, take))
                budget -= take
                queue[0] = (item_id, amount - take)
                if queue[0][1] == 0:
                    queue.pop(0)
            if moved:
                _post_offsets(uow, customer.id, source.repayment_id, on, "credit", moved, by_id)
        restored = restore_if_cleared(uow, customer)
        preview = AllocationPreview.of(customer.id, "named" if targets else "fifo", plan, _refs(items))
        uow.audit("credit.apply_to_items", "customer", customer.id, customer_id=customer.id, after={
            "offsets": [[line.item_id, line.amount] for line in preview.lines], "restored": restored})
        uow.commit()
        return preview


def reverse_repayment(desk: Desk, actor: Actor, repayment_id: int, reason: str) -> list[int]:
    """冲正 a repayment (e.g. a bounced transfer): every item it closed opens again, exactly as before.
    Returns the ids of the re-opened items."""
    if not reason.strip():
        raise DomainError("reversal.reason")
    with desk.use_case(actor, Permission.REVERSE_ENTRY) as uow:
        repayment = uow.session.get(Repayment, repayment_id)
        if repayment is None:
            raise DomainError("repayment.not_found", ref=repayment_id)
        if uow.session.scalar(select(Reversal.id).where(Reversal.repayment_id == repayment_id)) is not None:
            raise DomainError("repayment.already_reversed", ref=repayment.receipt_no)
        reopened = []
        for allocation in active_allocations(uow, repayment_id=repayment_id):
            balances.on_item_reopened(uow, repayment.customer_id, allocation.arrears_item_id, allocation.amount)
            reopened.append((allocation.arrears_item_id, allocation.amount))
        unapplied = balances.on_repayment_cancelled(uow, repayment.customer_id, repayment_id)
        reversal = Reversal(site_id=uow.site_id, repayment_id=repayment_id, customer_id=repayment.customer_id,
                            reversed_on=desk.clock.today(), reason=reason.strip(), reversed_by_id=actor.user_id,
                            created_at=desk.clock.now())
        uow.session.add(reversal)
        uow.session.flush()
        uow.audit("repayment.reverse", "reversal", reversal.id, customer_id=repayment.customer_id,
                  before={"repayment_id": repayment_id, "receipt_no": repayment.receipt_no,
                          "amount": repayment.amount, "unapplied": unapplied},
                  after={"reason": reversal.reason, "reopened": reopened})
        uow.commit()
        return [item_id for item_id, _ in reopened]


def open_items(uow: UnitOfWork, customer_id: int) -> list[OpenItem]:
    rows = uow.session.execute(
        select(ItemBalance.item_id, ItemBalance.business_date, ItemBalance.open_amount, ArrearsItem.voucher_no)
        .join(ArrearsItem, ArrearsItem.id == ItemBalance.item_id)
        .where(ItemBalance.customer_id == customer_id, ItemBalance.open_amount > 0)
        .order_by(ItemBalance.business_date, ItemBalance.item_id)).all()
    return [OpenItem(r.item_id, r.business_date, r.open_amount, r.voucher_no) for r in rows]


def _plan(amount: int, items: list[OpenItem], targets: tuple[NamedTarget, ...]) -> AllocationPlan:
    if targets:
        return allocate_named(amount, items, list(targets))
    return allocate_fifo(amount, items)


def _refs(items: list[OpenItem]) -> dict[int, tuple[str, date]]:
    return {i.item_id: (i.ref, i.business_date) for i in items}


def _post_offsets(uow: UnitOfWork, customer_id: int, repayment_id: int, on: date, source: str,
                  offsets: list[tuple[int, int]], items: dict[int, OpenItem]) -> None:
    if not offsets:
        return
    now, site_id, user_id = uow.desk.clock.now(), uow.site_id, uow.actor.user_id
    uow.session.execute(insert(Allocation), [
        # An offset cannot count before the item existed: a payment that precedes it was credit until then.
        dict(uid=new_uid(), site_id=site_id, repayment_id=repayment_id, arrears_item_id=item_id,
             customer_id=customer_id, amount=amount, effective_on=max(on, items[item_id].business_date),
             source=source, created_by_id=user_id, created_at=now)
        for item_id, amount in offsets])
    balances.on_offsets(uow, customer_id, repayment_id, offsets)


def _load_customer(uow: UnitOfWork, customer_id: int) -> Customer:
    customer = uow.session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer.not_found", ref=customer_id)
    return customer
