"""Plain data handed to the UI and the CLI: never an ORM object or a Session."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.allocation import AllocationPlan
from app.domain.roles import Role


@dataclass(frozen=True, slots=True)
class UserInfo:
    user_id: int
    username: str
    display_name: str
    role: Role
    is_active: bool
    locked_until: datetime | None = None  # locked out by wrong passwords until then

    @classmethod
    def of(cls, user, locked_until: datetime | None = None) -> UserInfo:
        return cls(user.id, user.username, user.display_name, Role(user.role), user.is_active, locked_until)


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    customer_id: int
    code: str | None
    name: str
    customer_group: str
    contact_person: str
    phone: str
    address: str
    id_number: str
    branch_id: int
    account_manager_id: int
    status: str
    wants_reminders: bool = False  # 到期提醒 (telecom 7.2, 8)


@dataclass(frozen=True, slots=True)
class AgreementInfo:
    agreement_id: int
    number: str
    credit_limit: int
    credit_period_days: int
    settlement_cycle_months: int
    valid_from: date
    valid_to: date
    approved_by: str
    terminated_on: date | None
    late_fee_enabled: bool = False  # 违约金 (off unless marketing turns it on)


@dataclass(frozen=True, slots=True)
class CreditApplicationInfo:
    application_id: int
    customer_id: int
    customer_name: str
    applied_by: str
    applied_at: datetime
    credit_grade: str
    requested_limit: int
    requested_period_days: int
    requested_cycle_months: int
    requested_term_months: int
    note: str
    status: str
    customer_status: str = ""  # blacklisted: the approver must review the history first


@dataclass(frozen=True, slots=True)
class ItemInfo:
    item_id: int
    customer_id: int
    voucher_no: str
    business_line: str
    business_date: date
    billing_period: int
    due_date: date
    amount: int
    open_amount: int
    handler: str
    signature_confirmed: bool
    reversed: bool = False
    over_limit_override_by: str | None = None


@dataclass(frozen=True, slots=True)
class OffsetLine:
    item_id: int
    voucher_no: str
    business_date: date
    open_before: int
    amount: int

    @property
    def closes(self) -> bool:
        return self.amount == self.open_before


@dataclass(frozen=True, slots=True)
class AllocationPreview:
    """What a repayment would do, shown before it is posted."""
    customer_id: int
    amount: int
    mode: str
    lines: tuple[OffsetLine, ...]
    excess: int  # kept as unapplied credit (预存款)

    @classmethod
    def of(cls, customer_id: int, mode: str, plan: AllocationPlan, items: dict[int, tuple[str, date]]) -> AllocationPreview:
        lines = tuple(OffsetLine(o.item_id, items[o.item_id][0], items[o.item_id][1], o.open_before, o.amount)
                      for o in plan.offsets)
        return cls(customer_id, plan.amount, mode, lines, plan.excess)


@dataclass(frozen=True, slots=True)
class RepaymentResult:
    repayment_id: int
    receipt_no: str
    preview: AllocationPreview
    customer_open_total: int
    customer_unapplied_credit: int
    restored_from_suspension: bool = False


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One line of a customer's history, newest first. ``signed_amount``: + owed, - paid."""
    kind: str  # item | repayment | item_reversal | repayment_reversal | credit_applied | write_off
    entry_id: int
    on: date
    reference: str
    detail: str  # the business line, payment method (key), reason or amount the kind is shown with
    signed_amount: int
    reverses: int | None = None  # id of the entry a reversal points at


@dataclass(frozen=True, slots=True)
class CustomerLedger:
    customer: CustomerInfo
    agreement: AgreementInfo | None
    open_total: int
    unapplied_credit: int
    overdue_total: int
    open_items: list[ItemInfo] = field(default_factory=list)
    history: list[LedgerEntry] = field(default_factory=list)

    @property
    def free_credit(self) -> int | None:
        return None if self.agreement is None else self.agreement.credit_limit - self.open_total


