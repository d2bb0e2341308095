"""What may be recorded as an arrears item (欠费登记), written once for the counter, the import, the demo
and the exchange.

An item needs: a positive amount in fen, a business date (业务受理时间) not after today and not in a closed
month (月结, app/domain/closing.py), a voucher
number not held by another standing item (a reversed item's voucher may be recorded again: 冲正后重录),
a known business line, and a customer whose status allows credit and whose agreement (用邮协议) is valid
on the business date (postal 1, 13, 14). Its billing period (账期) and due date follow the agreement.
Recording over the credit limit needs the explicit override of someone allowed to give it, with a reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import NamedTuple

from app.domain.closing import ClosedBooks, refuse_if_closed
from app.domain.customers import CustomerStatus
from app.domain.errors import DomainError, FieldError, Words
from app.domain.money import format_fen, require_fen
from app.domain.periods import due_date_for, format_period, month_index, period_of
from app.domain.text import unprintable

BUSINESS_DATE = Words("业务日期", "business date")
VOUCHER_NO = Words("凭证号", "voucher number")
# How far back an item's billing period may lie from its business month (a settlement cycle is at most 3).
MAX_PERIOD_LAG_MONTHS = 3
# 单笔提示上限: above this (fen) the counter asks the clerk to confirm a typed amount before recording it;
# a slip of the finger (an extra zero) is caught before it stands in the ledger. Setting "arrears.confirm_above".
DEFAULT_CONFIRM_ABOVE = 10_000_000  # 100,000.00 元


@dataclass(frozen=True, slots=True)
class AgreementTerms:
    """用邮协议: what the rules need of the customer's agreement."""
    agreement_id: int
    valid_from: date
    valid_to: date
    credit_limit: int
    settlement_cycle_months: int
    credit_period_days: int

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True, slots=True)
class Debtor:
    """The customer an item would be recorded against, with its current agreement (if any)."""
    customer_id: int
    name: str
    status: str
    branch_id: int
    agreement: AgreementTerms | None


class ItemDraft(NamedTuple):
    """An item as typed or imported; ``None`` where the input could not be read (already reported)."""
    business_date: date | None
    amount: int | None
    voucher_no: str
    billing_period: int | None = None


class ItemFacts(NamedTuple):
    """What the database says about a draft."""
    today: date
    debtor: Debtor | None          # None: no customer under that reference
    customer_ref: object           # what identified the customer (code or id), for the message
    business_line_known: bool
    business_line_ref: str = ""
    voucher_holder: tuple[str, date] | None = None  # (customer name, business date) of a standing item
    closed: ClosedBooks = ClosedBooks()  # 月结: the months closed now (no item may be dated in them)


class ItemTerms(NamedTuple):
    agreement: AgreementTerms
    billing_period: int
    due_date: date


def item_terms(agreement: AgreementTerms, business_date: date, billing_period: int | None = None) -> ItemTerms:
    """账期 and due date under the agreement: the period is the business month unless given (at most three
    months back, not before the agreement began); the due date follows the settlement cycle and the credit
    period, never before the business date."""
    business_period = business_date.year * 100 + business_date.month
    billing_period = billing_period or business_period
    lag = month_index(business_period) - month_index(billing_period)
    if not 0 <= lag <= MAX_PERIOD_LAG_MONTHS or billing_period < period_of(agreement.valid_from):
        raise FieldError("billing_period", "period.malformed", text=format_period(billing_period))
    return ItemTerms(agreement, billing_period, max(business_date, _cycle_due_date(agreement, billing_period)))


@lru_cache(maxsize=4096)
def _cycle_due_date(agreement: AgreementTerms, billing_period: int) -> date:
    # Items of one agreement and period share it: an import or the demo asks for the same few many times.
    return due_date_for(billing_period, cycle_start_period=period_of(agreement.valid_from),
                        settlement_cycle_months=agreement.settlement_cycle_months,
                        credit_period_days=agreement.credit_period_days)


def require_amount(amount: object) -> int:
    """Integer fen greater than zero, at most the ceiling of all money."""
    return require_fen(amount)


def item_problems(draft: ItemDraft, facts: ItemFacts) -> tuple[list[FieldError], ItemTerms | None]:
    """Every rule an item breaks, in the order a clerk fixes them, and its terms if it breaks none of the
    agreement rules. The counter refuses with the first problem; an import lists them all."""
    problems: list[FieldError] = []

    def refuse(key: str, code: str, /, **params) -> None:
        problems.append(FieldError(key, code, **params))

    if draft.amount is not None:
        try:
            require_amount(draft.amount)
        except FieldError as error:
            problems.append(error)
    date_refused = draft.business_date is not None and draft.business_date > facts.today
    if date_refused:
        refuse("business_date", "date.in_future", field=BUSINESS_DATE, date=draft.business_date, today=facts.today)
    elif draft.business_date is not None and facts.closed.is_closed(draft.business_date):
        try:
            refuse_if_closed(draft.business_date, facts.closed, facts.today, field="business_date")
        except FieldError as error:
            problems.append(error)
        date_refused = True
    voucher = draft.voucher_no.strip()
    if not voucher:
        refuse("voucher_no", "voucher.required")
    elif (hidden := unprintable(voucher)) is not None:
        refuse("voucher_no", "text.control", field=VOUCHER_NO, char=hidden)
    debtor, agreement = facts.debtor, None
    if debtor is None:
        refuse("customer", "customer.not_found", ref=facts.customer_ref)
    elif debtor.status == CustomerStatus.PENDING:
        refuse("customer", "customer.no_agreement", name=debtor.name, date=draft.business_date or facts.today)
    elif debtor.status != CustomerStatus.ACTIVE:
        refuse("customer", "customer.not_active", name=debtor.name, status=CustomerStatus(debtor.status).words)
    elif draft.business_date is not None:
        agreement = debtor.agreement
        if agreement is None or not agreement.covers(draft.business_date):
            refuse("business_date", "customer.no_agreement", name=debtor.name, date=draft.business_date)
            agreement, date_refused = None, True
    if not facts.business_line_known:
        refuse("business_line", "business_line.unknown", code=facts.business_line_ref)
    if voucher and facts.voucher_holder is not None:
        name, day = facts.voucher_holder
        refuse("voucher_no", "voucher.duplicate", voucher=voucher, name=name, date=day)
    terms = None
    if agreement is not None and not date_refused:
        try:
            terms = item_terms(agreement, draft.business_date, draft.billing_period)
        except FieldError as error:
            problems.append(error)
    return problems, terms


def unusually_large(amount: int, confirm_above: int) -> bool:
    """An amount the counter asks to have confirmed: above the 单笔提示上限 (0 or less: never asks)."""
    return 0 < confirm_above < amount


def unusually_large_error(amount: int, confirm_above: int) -> DomainError:
    return FieldError("amount", "arrears.unusually_large", amount=format_fen(amount), ceiling=format_fen(confirm_above))


def credit_excess(limit: int, used: int, amount: int) -> int:
    """How far recording ``amount`` on top of ``used`` would go over the credit limit (0: within it)."""
    return max(0, used + amount - limit)


def over_limit_error(limit: int, used: int, amount: int) -> DomainError:
    return FieldError("amount", "credit.over_limit", limit=format_fen(limit), used=format_fen(used),
                      amount=format_fen(amount), excess=format_fen(credit_excess(limit, used, amount)))


def same_item(recorded: tuple[int, int, date], customer_id: int, amount: int, business_date: date) -> bool:
    """An imported row is the item already recorded under its voucher (so importing a file twice adds
    nothing twice) when customer, amount and business date agree too."""
    return recorded == (customer_id, amount, business_date)
