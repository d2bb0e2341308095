"""Recording arrears (欠费登记), reversing them (冲正) and writing off bad debt (坏账核销, 账销案存)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.domain.arrears import (
    AgreementTerms, Debtor, ItemDraft, ItemFacts, credit_excess, item_problems, over_limit_error, require_amount,
    unusually_large, unusually_large_error,
)
from app.domain.errors import DomainError
from app.domain.city_decisions import require_branch_approves  # decisions
from app.domain.roles import Permission, require_another_person
from app.services.context import Actor, Desk, UnitOfWork, authorize
from app.services.customers import restore_if_cleared
from app.services.dto import ItemInfo
from app.services.failures import retried_once
from app.services.settings import get_setting
from db.ledger import NewItem
from db.models import Agreement, ArrearsItem, BusinessLine, Customer, User


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
    """超额度授权: someone allowed to (a branch head), signed in on the spot, takes responsibility with a reason."""
    authorised_by: Actor
    reason: str


def debtor(customer: Customer, agreement: Agreement | None) -> Debtor:
    """What the recording rules need to know of a customer and its current agreement."""
    terms = None if agreement is None else AgreementTerms(
        agreement.id, agreement.valid_from, agreement.valid_to, agreement.credit_limit,
        agreement.settlement_cycle_months, agreement.credit_period_days)
    return Debtor(customer.id, customer.name, customer.status, customer.branch_id, terms)


@retried_once
def record_arrears(desk: Desk, actor: Actor, data: ArrearsInput,
                   override: OverLimitOverride | None = None, *, large_confirmed: bool = False) -> ItemInfo:
    """欠费登记 at the counter. An amount above the 单笔提示上限 is refused ("arrears.unusually_large")
    until the clerk has confirmed it (``large_confirmed``)."""
    with desk.use_case(actor, Permission.RECORD_ARREARS, posts=True) as uow:
        confirm_above = None if large_confirmed else get_setting(uow, "arrears.confirm_above")
        item_id = post_arrears(uow, data, override, confirm_above=confirm_above)
        uow.commit()
        item = uow.session.get(ArrearsItem, item_id)
        return item_info(uow, item, item.amount)


def post_arrears(uow: UnitOfWork, data: ArrearsInput, override: OverLimitOverride | None = None, *,
                 confirm_above: int | None = None) -> int:
    """The rules of 欠费登记 (``app.domain.arrears``) and the entry, inside an open unit of work; with
    ``confirm_above``, an unusually large amount is refused for the clerk to confirm (after the rules, before
    the credit limit: the head is not called to authorise a typing slip)."""
    require_amount(data.amount)
    customer = uow.session.get(Customer, data.customer_id)
    if customer is not None:
        uow.ledger.hold(customer.id)  # the credit limit is checked against what is owed now (several counters)
    agreement = None if customer is None else uow.items.current_agreement(customer.id)
    line_id = uow.items.business_lines().get(data.business_line.upper())
    voucher = data.voucher_no.strip()
    draft = ItemDraft(data.business_date, data.amount, voucher, data.billing_period)
    facts = ItemFacts(uow.desk.clock.today(), None if customer is None else debtor(customer, agreement),
                      data.customer_id, line_id is not None, data.business_line,
                      uow.items.voucher_holder(voucher) if voucher else None, uow.closed_books())
    problems, terms = item_problems(draft, facts)
    if problems:
        raise problems[0]
    if confirm_above is not None and unusually_large(data.amount, confirm_above):
        raise unusually_large_error(data.amount, confirm_above)
    handler_id = data.handler_id or uow.actor.user_id
    if data.handler_id is not None and uow.session.get(User, data.handler_id) is None:
        raise DomainError("user.not_found", ref=data.handler_id)
    used, _credit = uow.ledger.balance(customer.id)
    override_by_id = override_reason = None
    if credit_excess(terms.agreement.credit_limit, used, data.amount):
        if override is None:
            raise over_limit_error(terms.agreement.credit_limit, used, data.amount)
        try:
            authorize(uow.session, override.authorised_by, Permission.OVERRIDE_CREDIT_LIMIT)
        except DomainError:
            raise DomainError("credit.override_not_head", username=override.authorised_by.username) from None
        if not override.reason.strip():
            raise DomainError("credit.override_reason")
        override_by_id, override_reason = override.authorised_by.user_id, override.reason.strip()
    [item_id] = uow.ledger.record_items([NewItem(
        customer.id, terms.agreement.agreement_id, line_id, customer.branch_id, data.business_date,
        terms.billing_period, terms.due_date, data.amount, voucher, handler_id, bool(data.signature_confirmed),
        override_by_id, override_reason, data.note.strip())])
    return item_id


@retried_once
def reverse_arrears(desk: Desk, actor: Actor, item_id: int, reason: str) -> None:
    """冲正: the item stops counting from today; money offset against it becomes unapplied credit again."""
    if not reason.strip():
        raise DomainError("reversal.reason")
    with desk.use_case(actor, Permission.REVERSE_ENTRY, posts=True) as uow:
        item = uow.session.get(ArrearsItem, item_id)
        if item is None:
            raise DomainError("item.not_found", ref=item_id)
        uow.ledger.hold(item.customer_id)
        if uow.items.item_reversed(item_id):
            raise DomainError("item.already_reversed", ref=item.voucher_no)
        if uow.items.written_off(item_id):
            raise DomainError("item.written_off", ref=item.voucher_no)
        uow.ledger.reverse_item(item_id, item.customer_id, item.voucher_no, reason=reason.strip(),
                                on=desk.clock.today())
        restore_if_cleared(uow, uow.session.get(Customer, item.customer_id))
        uow.commit()


@retried_once
def write_off(desk: Desk, applicant: Actor, approver: Actor, item_id: int, *, reason: str, evidence: str) -> int:
    """坏账核销 (postal 18) of all that is open on an item in one step, applicant and approver both signed
    in: kept for the demo and older callers. The screens and the CLI go through the workflow
    (``app.services.writeoffs``: application with evidence, review, approval). The item stays on record
    (账销案存); returns the amount written off."""
    if not reason.strip() or not evidence.strip():
        raise DomainError("writeoff.reason")
    require_another_person(applicant.user_id, approver.user_id, approver.username)
    with desk.use_case(approver, Permission.APPROVE_WRITE_OFF, posts=True) as uow:
        authorize(  # the applicant's right is checked too
            uow.session, applicant, Permission.APPLY_WRITE_OFF)
        require_branch_approves(get_setting(uow, "write_off.approved_at"))  # decisions: not where the city approves
        item = uow.session.get(ArrearsItem, item_id)
        if item is None:
            raise DomainError("item.not_found", ref=item_id)
        uow.ledger.hold(item.customer_id)
        if uow.items.item_reversed(item_id):
            raise DomainError("item.already_reversed", ref=item.voucher_no)
        if not uow.ledger.item_open(item_id) or uow.items.written_off(item_id):
            raise DomainError("item.not_open", ref=item.voucher_no)
        # No automatic restore here: a written-off debt was not paid, so the customer is not "cleared".
        _write_off_id, amount = uow.ledger.write_off(item_id, item.customer_id, on=desk.clock.today(), reason=reason.strip(),
                                      evidence=evidence.strip(), applied_by_id=applicant.user_id,
                                      approved_by_id=approver.user_id)
        uow.commit()
        return amount


def item_info(uow: UnitOfWork, item: ArrearsItem, open_amount: int, *, reversed_: bool = False) -> ItemInfo:
    line = uow.session.scalar(select(BusinessLine.name).where(BusinessLine.id == item.business_line_id))
    handler = uow.session.scalar(select(User.display_name).where(User.id == item.handler_id))
    override = None
    if item.override_by_id is not None:
        override = uow.session.scalar(select(User.display_name).where(User.id == item.override_by_id))
    return ItemInfo(item.id, item.customer_id, item.voucher_no, line, item.business_date, item.billing_period,
                    item.due_date, item.amount, open_amount, handler, item.signature_confirmed, reversed_, override)
