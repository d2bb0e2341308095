"""Repayments (收回欠费) and offsetting (核销): named items first if the customer names them,
otherwise 先发生、先核销; the excess stays as unapplied credit (预存款) for later."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.allocation import AllocationPlan, NamedTarget, OpenItem, allocate_fifo, allocate_named
from app.domain.cashup import refuse_money_after_hand_in
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.repayments import (
    credit_offset_effective_on, offset_effective_on, require_repayment, spend_oldest_money_first,
)
from app.domain.roles import Permission
from app.services.customers import refuse_if_moved_away_from_here
from app.services.context import Actor, Desk, UnitOfWork
from app.services.customers import restore_if_cleared
from app.services.dto import AllocationPreview, RepaymentResult
from app.services.failures import retried_once
from db.ledger import NewRepayment, Offset
from db.models import Customer, Repayment


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


def refuse_taking_money(uow: UnitOfWork, receipt: str) -> None:
    """Before money is taken at the counter (a repayment, a recovery): a receipt number takes money once,
    not one in use (a repayment standing, a recovery) nor a voided one (作废收据 never takes money); and a
    clerk whose day is handed in (缴款) takes no more money that day."""
    if uow.items.receipt_in_use(receipt):
        raise DomainError("receipt.duplicate", receipt=receipt)
    if uow.daybook.receipt_voided(receipt):
        raise DomainError("receipt.voided", receipt=receipt)
    if uow.actor is not None:
        today = uow.desk.clock.today()
        refuse_money_after_hand_in(today, uow.daybook.handed_in(uow.actor.user_id, today))


@retried_once
def record_repayment(desk: Desk, actor: Actor, data: RepaymentInput) -> RepaymentResult:
    receipt = require_repayment(data.amount, data.paid_on, data.method, data.receipt_no, desk.clock.today())
    with desk.use_case(actor, Permission.RECORD_REPAYMENT, posts=True) as uow:
        customer = _load_customer(uow, data.customer_id)
        uow.ledger.hold(customer.id)  # what is open now stays so until this commits (several counters)
        refuse_taking_money(uow, receipt)
        items = open_items(uow, customer.id)
        plan = _plan(data.amount, items, data.targets)
        mode = "named" if data.targets else "fifo"
        by_id = {i.item_id: i for i in items}
        reopened = uow.items.reopened_on(o.item_id for o in plan.offsets)
        repayment_id = uow.ledger.record_repayment(
            NewRepayment(customer.id, data.amount, data.paid_on, data.method, receipt, mode, data.note.strip()),
            [Offset(None, o.item_id, o.amount,
                    offset_effective_on(data.paid_on, by_id[o.item_id].business_date, reopened.get(o.item_id)))
             for o in plan.offsets])
        restored = restore_if_cleared(uow, customer)
        open_total, credit = uow.ledger.balance(customer.id)
        uow.commit()
        return RepaymentResult(repayment_id, receipt, AllocationPreview.of(customer.id, mode, plan, _refs(items)),
                               open_total, credit, restored)


@dataclass(frozen=True, slots=True)
class CreditPreview:
    """预存款核销, before anything is written: the credit held and where it would go."""
    available: int
    preview: AllocationPreview
    on: date


def preview_credit(desk: Desk, actor: Actor, customer_id: int,
                   targets: tuple[NamedTarget, ...] = ()) -> CreditPreview:
    """What applying the customer's unapplied credit would close (named items, or 先发生、先核销), dated today."""
    with desk.query(actor, Permission.RECORD_REPAYMENT) as uow:
        customer = _load_customer(uow, customer_id)
        available, items, plan = _credit_plan(uow, customer, targets)
        return CreditPreview(available, AllocationPreview.of(customer.id, "named" if targets else "fifo", plan,
                                                             _refs(items)), desk.clock.today())


@retried_once
def apply_credit(desk: Desk, actor: Actor, customer_id: int, targets: tuple[NamedTarget, ...] = (),
                 on: date | None = None) -> AllocationPreview:
    """预存款核销: use the customer's unapplied credit on open items, oldest money first. Dated today; a past
    ``on`` is moved up to the day both the money and the item existed (app.domain.repayments)."""
    today = desk.clock.today()
    on = on or today
    if on > today:
        raise DomainError("credit_apply.future", date=on, today=today)
    with desk.use_case(actor, Permission.RECORD_REPAYMENT, posts=True) as uow:
        customer = _load_customer(uow, customer_id)
        uow.ledger.hold(customer.id)
        held = uow.ledger.unapplied_by_repayment(customer_id)
        available, items, plan = _credit_plan(uow, customer, targets, held)
        by_id = {i.item_id: i for i in items}
        since = uow.items.money_held_since(repayment_id for repayment_id, _ in held)
        reopened = uow.items.reopened_on(o.item_id for o in plan.offsets)
        offsets = [Offset(repayment_id, item_id, amount,
                          credit_offset_effective_on(on, since[repayment_id], by_id[item_id].business_date,
                                                     reopened.get(item_id)))
                   for repayment_id, item_id, amount in spend_oldest_money_first(plan.offsets, held)]
        uow.ledger.apply_credit(customer.id, offsets)
        restore_if_cleared(uow, customer)
        preview = AllocationPreview.of(customer.id, "named" if targets else "fifo", plan, _refs(items))
        uow.commit()
        return preview


def targets_by_voucher(desk: Desk, actor: Actor, customer_id: int, vouchers: list[str]) -> tuple[NamedTarget, ...]:
    """明确核销对象 named by voucher number: the customer's open items, each whole."""
    with desk.query(actor, Permission.RECORD_REPAYMENT) as uow:
        customer = _load_customer(uow, customer_id)
        by_voucher = {i.ref: i.item_id for i in open_items(uow, customer_id)}
        missing = [v for v in vouchers if v.strip() not in by_voucher]
        if missing:
            raise DomainError("item.not_open", ref=f"{missing[0]}（{customer.name}）")
        return tuple(NamedTarget(by_voucher[v.strip()]) for v in vouchers)


def _credit_plan(uow: UnitOfWork, customer: Customer, targets: tuple[NamedTarget, ...],
                 held: list[tuple[int, int]] | None = None) -> tuple[int, list[OpenItem], AllocationPlan]:
    held = uow.ledger.unapplied_by_repayment(customer.id) if held is None else held
    available = sum(amount for _, amount in held)
    if available == 0:
        raise DomainError("credit_balance.empty", name=customer.name)
    items = open_items(uow, customer.id)
    if targets and any(t.amount is not None for t in targets):
        named_total = sum(t.amount or 0 for t in targets)
        if named_total > available:
            raise DomainError("credit_balance.insufficient", available=format_fen(available),
                              amount=format_fen(named_total))
    plan = _plan(available, items, targets)
    if not plan.offsets:
        raise DomainError("credit_apply.nothing_open", name=customer.name)
    return available, items, plan


@retried_once
def reverse_repayment(desk: Desk, actor: Actor, repayment_id: int, reason: str) -> list[int]:
    """冲正 a repayment (e.g. a bounced transfer): every item it closed opens again, exactly as before.
    Returns the ids of the re-opened items."""
    if not reason.strip():
        raise DomainError("reversal.reason")
    with desk.use_case(actor, Permission.REVERSE_ENTRY, posts=True) as uow:
        repayment = uow.session.get(Repayment, repayment_id)
        if repayment is None:
            raise DomainError("repayment.not_found", ref=repayment_id)
        uow.ledger.hold(repayment.customer_id)
        if uow.items.repayment_reversed(repayment_id):
            raise DomainError("repayment.already_reversed", ref=repayment.receipt_no)
        reversed_ = uow.ledger.reverse_repayment(repayment_id, repayment.customer_id, repayment.receipt_no,
                                                 repayment.amount, reason=reason.strip(), on=desk.clock.today())
        uow.commit()
        return [item_id for item_id, _ in reversed_.reopened]


def open_items(uow: UnitOfWork, customer_id: int) -> list[OpenItem]:
    return [OpenItem(r.item_id, r.business_date, r.open_amount, r.voucher_no) for r in uow.items.open_for(customer_id)]


def _plan(amount: int, items: list[OpenItem], targets: tuple[NamedTarget, ...]) -> AllocationPlan:
    if targets:
        return allocate_named(amount, items, list(targets))
    return allocate_fifo(amount, items)


def _refs(items: list[OpenItem]) -> dict[int, tuple[str, date]]:
    return {i.item_id: (i.ref, i.business_date) for i in items}


def _load_customer(uow: UnitOfWork, customer_id: int) -> Customer:
    customer = uow.session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer.not_found", ref=customer_id)
    refuse_if_moved_away_from_here(uow, customer)
    return customer
