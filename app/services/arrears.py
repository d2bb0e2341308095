"""Recording arrears (欠费登记), reversing them (冲正) and writing off bad debt (坏账核销, 账销案存)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select

from app.domain.customers import CustomerStatus
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.periods import due_date_for, month_index, period_of
from app.domain.roles import Permission, Role
from app.services import balances
from app.services.context import Actor, Desk, UnitOfWork, authorize
from app.services.customers import current_agreement, restore_if_cleared
from app.services.dto import ItemInfo
from db.models import Agreement, Allocation, ArrearsItem, BusinessLine, Customer, ItemBalance, Reversal, User, WriteOff


@dataclass(frozen=True, slots=True)
class ArrearsInput:
    customer_id: int
    business_line: str        # code, e.g. "LETTER"
    business_date: date       # 业务受理时间
    amount: int               # fen
    voucher_no: str
    signature_confirmed: bool = False  # 客户签字确认
    billing_period: int | None = None  # YYYYMM; default: the month of the business date
    handler_id: int | None = None      # 经办人; default: the clerk recording
    note: str = ""


@dataclass(frozen=True, slots=True)
class OverLimitOverride:
    """超额度授权: a branch head, signed in on the spot, takes responsibility with a reason."""
    authorised_by: Actor
    reason: str


def record_arrears(desk: Desk, actor: Actor, data: ArrearsInput,
                   override: OverLimitOverride | None = None) -> ItemInfo:
    with desk.use_case(actor, Permission.RECORD_ARREARS) as uow:
        item = post_arrears(uow, data, override)
        uow.commit()
        return item_info(uow, item, item.amount)


def post_arrears(uow: UnitOfWork, data: ArrearsInput, override: OverLimitOverride | None = None) -> ArrearsItem:
    """The rules of 欠费登记, inside an open unit of work (also used by imports)."""
    session, today = uow.session, uow.desk.clock.today()
    if not isinstance(data.amount, int) or isinstance(data.amount, bool) or data.amount <= 0:
        raise DomainError("amount.not_positive", text=str(data.amount))
    if data.business_date > today:
        raise DomainError("date.in_future", field="业务日期", date=data.business_date, today=today)
    voucher = data.voucher_no.strip()
    if not voucher:
        raise DomainError("voucher.required")
    customer = session.get(Customer, data.customer_id)
    if customer is None:
        raise DomainError("customer.not_found", ref=data.customer_id)
    if customer.status != CustomerStatus.ACTIVE:
        if customer.status == CustomerStatus.PENDING:
            raise DomainError("customer.no_agreement", name=customer.name, date=data.business_date)
        raise DomainError("customer.not_active", name=customer.name, status=CustomerStatus(customer.status).label_zh)
    agreement = current_agreement(uow, customer.id)
    if agreement is None or not agreement.valid_from <= data.business_date <= agreement.valid_to:
        raise DomainError("customer.no_agreement", name=customer.name, date=data.business_date)
    line_id = session.scalar(select(BusinessLine.id).where(BusinessLine.code == data.business_line))
    if line_id is None:
        raise DomainError("business_line.unknown", code=data.business_line)
    _refuse_duplicate_voucher(uow, voucher)
    billing_period, due = item_terms(agreement, data.business_date, data.billing_period)
    handler_id = data.handler_id or uow.actor.user_id
    if data.handler_id is not None and session.get(User, data.handler_id) is None:
        raise DomainError("user.not_found", ref=data.handler_id)

    used, _credit = balances.customer_balance(uow, customer.id)
    override_by_id = override_reason = None
    if used + data.amount > agreement.credit_limit:
        if override is None:
            raise DomainError("credit.over_limit", limit=format_fen(agreement.credit_limit), used=format_fen(used),
                              amount=format_fen(data.amount),
                              excess=format_fen(used + data.amount - agreement.credit_limit))
        head = session.get(User, override.authorised_by.user_id)
        if head is None or not head.is_active or head.role != Role.BRANCH_HEAD:
            raise DomainError("credit.override_not_head", username=override.authorised_by.username)
        if not override.reason.strip():
            raise DomainError("credit.override_reason")
        override_by_id, override_reason = head.id, override.reason.strip()

    item = ArrearsItem(
        site_id=uow.site_id, customer_id=customer.id, agreement_id=agreement.id, business_line_id=line_id,
        branch_id=customer.branch_id, business_date=data.business_date, billing_period=billing_period,
        due_date=due, amount=data.amount, voucher_no=voucher, handler_id=handler_id,
        signature_confirmed=bool(data.signature_confirmed), override_by_id=override_by_id,
        override_reason=override_reason, note=data.note.strip(), recorded_by_id=uow.actor.user_id,
        recorded_at=uow.desk.clock.now())
    session.add(item)
    session.flush()
    balances.on_item_recorded(uow, item)
    uow.audit("arrears.record", "arrears_item", item.id, customer_id=customer.id, after={
        "voucher_no": voucher, "amount": item.amount, "business_date": item.business_date,
        "billing_period": billing_period, "due_date": due, "business_line": data.business_line,
        "handler_id": handler_id, "signature_confirmed": item.signature_confirmed,
        "override_by_id": override_by_id, "override_reason": override_reason})
    return item


def item_terms(agreement: Agreement, business_date: date, billing_period: int | None = None) -> tuple[int, date]:
    """账期 and due date of an item under its agreement: the period is the business month unless given
    (at most three months back, not before the agreement), the due date follows the settlement cycle
    and the credit period, never before the business date."""
    billing_period = billing_period or period_of(business_date)
    lag = month_index(period_of(business_date)) - month_index(billing_period)
    if not 0 <= lag <= 3 or billing_period < period_of(agreement.valid_from):
        raise DomainError("period.malformed", text=f"{billing_period // 100}-{billing_period % 100:02d}")
    due = max(business_date, due_date_for(
        billing_period, cycle_start_period=period_of(agreement.valid_from),
        settlement_cycle_months=agreement.settlement_cycle_months, credit_period_days=agreement.credit_period_days))
    return billing_period, due


def _refuse_duplicate_voucher(uow: UnitOfWork, voucher: str) -> None:
    """A voucher may be recorded again only after its earlier entry was reversed (冲正后重录)."""
    row = uow.session.execute(
        select(ArrearsItem.business_date, Customer.name).join(Customer, Customer.id == ArrearsItem.customer_id)
        .where(ArrearsItem.voucher_no == voucher,
               ~exists().where(Reversal.arrears_item_id == ArrearsItem.id))).first()
    if row is not None:
        raise DomainError("voucher.duplicate", voucher=voucher, name=row.name, date=row.business_date)


def reverse_arrears(desk: Desk, actor: Actor, item_id: int, reason: str) -> None:
    """冲正: the item stops counting from today; money offset against it becomes unapplied credit again."""
    if not reason.strip():
        raise DomainError("reversal.reason")
    with desk.use_case(actor, Permission.REVERSE_ENTRY) as uow:
        item = uow.session.get(ArrearsItem, item_id)
        if item is None:
            raise DomainError("item.not_found", ref=item_id)
        if uow.session.scalar(select(Reversal.id).where(Reversal.arrears_item_id == item_id)) is not None:
            raise DomainError("item.already_reversed", ref=item.voucher_no)
        if uow.session.scalar(select(WriteOff.id).where(WriteOff.arrears_item_id == item_id)) is not None:
            raise DomainError("item.written_off", ref=item.voucher_no)
        returned = []
        for allocation in active_allocations(uow, item_id=item_id):
            balances.on_credit_returned(uow, item.customer_id, allocation.repayment_id, allocation.amount)
            returned.append({"repayment_id": allocation.repayment_id, "amount": allocation.amount})
        open_before = balances.on_item_closed_without_money(uow, item.customer_id, item_id)
        reversal = Reversal(site_id=uow.site_id, arrears_item_id=item_id, customer_id=item.customer_id,
                            reversed_on=desk.clock.today(), reason=reason.strip(), reversed_by_id=actor.user_id,
                            created_at=desk.clock.now())
        uow.session.add(reversal)
        uow.session.flush()
        restore_if_cleared(uow, uow.session.get(Customer, item.customer_id))
        uow.audit("arrears.reverse", "reversal", reversal.id, customer_id=item.customer_id,
                  before={"item_id": item_id, "voucher_no": item.voucher_no, "open_amount": open_before},
                  after={"reason": reversal.reason, "credit_returned": returned})
        uow.commit()


def write_off(desk: Desk, applicant: Actor, approver: Actor, item_id: int, *, reason: str, evidence: str) -> int:
    """坏账核销 (postal 18): applied for by the branch, approved by finance, never by the same person.
    The item stays on record (账销案存); returns the amount written off."""
    if not reason.strip() or not evidence.strip():
        raise DomainError("writeoff.reason")
    if approver.user_id == applicant.user_id:
        raise DomainError("auth.same_person", username=approver.username)
    with desk.use_case(approver, Permission.APPROVE_WRITE_OFF) as uow:
        authorize(  # the applicant's right is checked too
            uow.session, applicant, Permission.APPLY_WRITE_OFF)
        item = uow.session.get(ArrearsItem, item_id)
        if item is None:
            raise DomainError("item.not_found", ref=item_id)
        if uow.session.scalar(select(Reversal.id).where(Reversal.arrears_item_id == item_id)) is not None:
            raise DomainError("item.already_reversed", ref=item.voucher_no)
        open_amount = uow.session.scalar(select(ItemBalance.open_amount).where(ItemBalance.item_id == item_id))
        if not open_amount or uow.session.scalar(select(WriteOff.id).where(WriteOff.arrears_item_id == item_id)):
            raise DomainError("item.not_open", ref=item.voucher_no)
        balances.on_item_closed_without_money(uow, item.customer_id, item_id)
        record = WriteOff(site_id=uow.site_id, arrears_item_id=item_id, customer_id=item.customer_id,
                          amount=open_amount, written_off_on=desk.clock.today(), reason=reason.strip(),
                          evidence=evidence.strip(), applied_by_id=applicant.user_id,
                          approved_by_id=approver.user_id, created_at=desk.clock.now())
        uow.session.add(record)
        uow.session.flush()
        # No automatic restore here: a written-off debt was not paid, so the customer is not "cleared".
        uow.audit("arrears.write_off", "write_off", record.id, customer_id=item.customer_id,
                  before={"item_id": item_id, "open_amount": open_amount},
                  after={"amount": open_amount, "reason": record.reason, "applied_by_id": applicant.user_id})
        uow.commit()
        return open_amount


def active_allocations(uow: UnitOfWork, *, item_id: int | None = None, repayment_id: int | None = None):
    """Allocations still in force: neither their repayment nor their item has been reversed."""
    stmt = select(Allocation).where(
        ~exists().where(Reversal.repayment_id == Allocation.repayment_id),
        ~exists().where(Reversal.arrears_item_id == Allocation.arrears_item_id))
    if item_id is not None:
        stmt = stmt.where(Allocation.arrears_item_id == item_id)
    if repayment_id is not None:
        stmt = stmt.where(Allocation.repayment_id == repayment_id)
    return list(uow.session.scalars(stmt.order_by(Allocation.id)))


def item_info(uow: UnitOfWork, item: ArrearsItem, open_amount: int, *, reversed_: bool = False) -> ItemInfo:
    line = uow.session.scalar(select(BusinessLine.name).where(BusinessLine.id == item.business_line_id))
    handler = uow.session.scalar(select(User.display_name).where(User.id == item.handler_id))
    override = None
    if item.override_by_id is not None:
        override = uow.session.scalar(select(User.display_name).where(User.id == item.override_by_id))
    return ItemInfo(item.id, item.customer_id, item.voucher_no, line, item.business_date, item.billing_period,
                    item.due_date, item.amount, open_amount, handler, item.signature_confirmed, reversed_, override)
