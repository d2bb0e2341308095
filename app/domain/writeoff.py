"""坏账核销 (postal 18; telecom 5, 7.7): which items qualify, which causes there are, what evidence each
cause needs, and the order of the decisions on an application.

An application is made by the branch (clerk or branch head) for part or all of what is open on one
item more than three months overdue (telecom 7.7: 3个月以上的长期欠费), with the customer's collection
history attached and the evidence its cause requires (DOMAIN.md, 财税〔2009〕57号 and 国家税务总局公告2011年
第25号). Marketing reviews where the site asks for it (telecom 5: 报损、核销数据资料的审核); finance
approves or rejects, never the applicant. The item stays on record (账销案存, postal 18(三)) and money
recovered later is booked as recovered bad debt, never as new credit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.collection import long_term_overdue
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.periods import add_months
from app.domain.text import refuse_hidden
from app.domain.words import Words

SMALL_DEBT_LIMIT = 5_000_000           # fen: ¥50,000 (国家税务总局公告2011年第25号, 第四十七条)
SMALL_DEBT_MONTHS = 12                 # a small debt is written off on the unit's own evidence after a year
LONG_OVERDUE_YEARS = 3                 # over three years overdue, with the collection record as evidence
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024  # one scan; a bigger file is most likely the wrong file


class Fact(StrEnum):
    """A typed fact of the evidence (what the paper says), so the register can list it."""
    DOCUMENT_NO = "document_no"      # 文书编号: ruling, certificate or notice number
    DOCUMENT_DATE = "document_date"  # 文书日期 (YYYY-MM-DD)
    ISSUED_BY = "issued_by"          # 出具机关: court, police station, 工商所, civil affairs office
    STATEMENT = "statement"          # 情况说明: the unit's own account of why it cannot be collected

    @property
    def words(self) -> Words:
        return FACT_WORDS[self]


FACT_WORDS = {
    Fact.DOCUMENT_NO: Words("文书编号", "Document number"),
    Fact.DOCUMENT_DATE: Words("文书日期", "Document date"),
    Fact.ISSUED_BY: Words("出具机关", "Issued by"),
    Fact.STATEMENT: Words("情况说明", "Statement"),
}


class Cause(StrEnum):
    """坏账原因 (DOMAIN.md "Bad-debt evidence")."""
    COURT = "court"                # 法院裁定破产或终结（中止）执行
    DEREGISTERED = "deregistered"  # 债务人注销、被吊销营业执照
    DECEASED = "deceased"          # 债务人死亡或被宣告失踪
    CERTIFIED = "certified"        # 派出所、工商所出具的证明（telecom 7.7）
    OVER_THREE_YEARS = "over_three_years"  # 逾期三年以上，有完整催收记录
    SMALL_DEBT = "small_debt"      # 逾期一年以上、单笔不超过五万元，本单位证据

    @property
    def words(self) -> Words:
        return CAUSE_WORDS[self]


CAUSE_WORDS = {
    Cause.COURT: Words("法院裁定破产或终结执行", "Court ruling: bankruptcy or enforcement ended"),
    Cause.DEREGISTERED: Words("债务人注销或被吊销营业执照", "Debtor deregistered or licence revoked"),
    Cause.DECEASED: Words("债务人死亡或被宣告失踪", "Debtor deceased or declared missing"),
    Cause.CERTIFIED: Words("派出所或工商所证明无法收回", "Police or commerce office certificate"),
    Cause.OVER_THREE_YEARS: Words("逾期三年以上且催收无果", "Over three years overdue, collection failed"),
    Cause.SMALL_DEBT: Words("小额欠费（逾期一年以上、不超过五万元）", "Small debt (over a year overdue, at most ¥50,000)"),
}


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a cause needs: typed facts, at least ``files`` scans, and whether the collection history must
    show at least one contact or notice."""
    facts: tuple[Fact, ...]
    files: int
    collection_history: bool


_PAPER = (Fact.DOCUMENT_NO, Fact.DOCUMENT_DATE, Fact.ISSUED_BY)
REQUIREMENTS: dict[Cause, Requirement] = {
    Cause.COURT: Requirement(_PAPER, 1, False),
    Cause.DEREGISTERED: Requirement(_PAPER, 1, False),
    Cause.DECEASED: Requirement(_PAPER, 1, False),
    Cause.CERTIFIED: Requirement(_PAPER, 1, True),   # telecom 7.7: 证明 plus 完善的催缴记录
    Cause.OVER_THREE_YEARS: Requirement((Fact.STATEMENT,), 0, True),
    Cause.SMALL_DEBT: Requirement((Fact.STATEMENT,), 0, True),
}


class DecisionKind(StrEnum):
    """One step on an application, each its own append-only row (a decision made at the city office
    could travel as a signed record of this shape; that travel is not built yet)."""
    APPLIED = "applied"
    REVIEWED = "reviewed"    # 市场部审核 (telecom 5)
    APPROVED = "approved"    # 财务部门审批: the write-off is booked
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # by the applicant, before a decision

    @property
    def words(self) -> Words:
        return DECISION_WORDS[self]


DECISION_WORDS = {
    DecisionKind.APPLIED: Words("已申请", "Applied"),
    DecisionKind.REVIEWED: Words("市场部已审核", "Reviewed by marketing"),
    DecisionKind.APPROVED: Words("已批准核销", "Approved"),
    DecisionKind.REJECTED: Words("已驳回", "Rejected"),
    DecisionKind.WITHDRAWN: Words("已撤回", "Withdrawn"),
}


class Stage(StrEnum):
    """Where an application stands, from its decisions."""
    AWAITING_REVIEW = "awaiting_review"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def words(self) -> Words:
        return STAGE_WORDS[self]

    @property
    def open(self) -> bool:
        return self in (Stage.AWAITING_REVIEW, Stage.AWAITING_APPROVAL)


STAGE_WORDS = {
    Stage.AWAITING_REVIEW: Words("待市场部审核", "Awaiting marketing review"),
    Stage.AWAITING_APPROVAL: Words("待财务审批", "Awaiting finance approval"),
    Stage.APPROVED: Words("已核销", "Written off"),
    Stage.REJECTED: Words("已驳回", "Rejected"),
    Stage.WITHDRAWN: Words("已撤回", "Withdrawn"),
}

REGISTER_WORDS = Words("账销案存登记簿", "Written-off debts register")
RECOVERY_WORDS = Words("收回已核销坏账", "Recovered bad debt")


def stage_of(kinds: list[DecisionKind], review_required: bool) -> Stage:
    """The stage after the decisions so far (oldest first)."""
    last = kinds[-1] if kinds else DecisionKind.APPLIED
    if last is DecisionKind.APPROVED:
        return Stage.APPROVED
    if last is DecisionKind.REJECTED:
        return Stage.REJECTED
    if last is DecisionKind.WITHDRAWN:
        return Stage.WITHDRAWN
    if review_required and DecisionKind.REVIEWED not in kinds:
        return Stage.AWAITING_REVIEW
    return Stage.AWAITING_APPROVAL


def refuse_decision(stage: Stage, decision: DecisionKind) -> None:
    """Only an open application is decided, and in order: review (where asked) before approval."""
    if not stage.open:
        raise DomainError("writeoff.closed", stage=stage.words)
    if decision is DecisionKind.REVIEWED and stage is not Stage.AWAITING_REVIEW:
        raise DomainError("writeoff.no_review_due", stage=stage.words)
    if decision is DecisionKind.APPROVED and stage is not Stage.AWAITING_APPROVAL:
        raise DomainError("writeoff.review_first")


def qualifies(due_date: date, as_of: date) -> bool:
    """An item may be applied for once it is long-term overdue (telecom 7.7: 3个月以上的长期欠费)."""
    return long_term_overdue(due_date, as_of)


@dataclass(frozen=True, slots=True)
class ApplicationFacts:
    """What the rules of an application look at."""
    voucher_no: str
    due_date: date
    open_amount: int        # what is open on the item now
    pending_amount: int     # what other open applications for the item already ask for
    amount: int             # what this application asks to write off
    cause: Cause
    facts: dict[str, str]
    files: int
    history: int            # collection records and notices on the customer's file
    reason: str


def refuse_application(a: ApplicationFacts, today: date) -> None:
    """A refusal with its reason, or nothing: the item qualifies, the amount fits in what is open and not
    yet applied for, and the evidence is what the cause requires."""
    if not refuse_hidden("reason", a.reason, Words("核销原因说明", "Reason")):
        raise DomainError("writeoff.reason")
    for key, value in a.facts.items():
        refuse_hidden(key, value, Fact(key).words if key in {f.value for f in Fact} else Words(key, key))
    if not qualifies(a.due_date, today):
        raise DomainError("writeoff.not_long_overdue", ref=a.voucher_no, due=a.due_date.isoformat())
    if a.amount <= 0:
        raise DomainError("amount.not_positive", text=str(a.amount))
    available = a.open_amount - a.pending_amount
    if a.amount > available:
        raise DomainError("writeoff.over_open", ref=a.voucher_no, amount=format_fen(a.amount), open=format_fen(available))
    known = {fact.value for fact in Fact}
    for key in a.facts:
        if key not in known:
            raise DomainError("writeoff.unknown_fact", fact=key)
    need = REQUIREMENTS[a.cause]
    for fact in need.facts:
        if not a.facts.get(fact.value, "").strip():
            raise DomainError("writeoff.fact_missing", cause=a.cause.words, fact=fact.words)
    if Fact.DOCUMENT_DATE in need.facts:
        try:
            on = date.fromisoformat(a.facts[Fact.DOCUMENT_DATE.value].strip())
        except ValueError:
            raise DomainError("date.malformed", text=a.facts[Fact.DOCUMENT_DATE.value]) from None
        if on > today:
            raise DomainError("date.in_future", field=Fact.DOCUMENT_DATE.words, date=on.isoformat(),
                              today=today.isoformat())
    if a.files < need.files:
        raise DomainError("writeoff.files_missing", cause=a.cause.words, count=need.files)
    if need.collection_history and a.history == 0:
        raise DomainError("writeoff.history_missing", cause=a.cause.words)
    if a.cause is Cause.OVER_THREE_YEARS and a.due_date >= add_months(today, -12 * LONG_OVERDUE_YEARS):
        raise DomainError("writeoff.not_three_years", ref=a.voucher_no, due=a.due_date.isoformat())
    if a.cause is Cause.SMALL_DEBT:
        if a.due_date >= add_months(today, -SMALL_DEBT_MONTHS):
            raise DomainError("writeoff.small_not_a_year", ref=a.voucher_no, due=a.due_date.isoformat())
        if a.amount > SMALL_DEBT_LIMIT:
            raise DomainError("writeoff.small_too_large", amount=format_fen(a.amount), limit=format_fen(SMALL_DEBT_LIMIT))


def refuse_recovery(amount: int, written_off: int, recovered: int, *, voucher_no: str = "", still_open: int = 0,
                    received_on: date | None = None, written_off_on: date | None = None) -> None:
    """收回已核销坏账: never more than what was written off and not yet recovered; not while part of the item
    is still open (that money is a repayment, offset first); not dated before the debt was written off."""
    if amount <= 0:
        raise DomainError("amount.not_positive", text=str(amount))
    if still_open > 0:
        raise DomainError("writeoff.recovery_item_open", ref=voucher_no, open=format_fen(still_open))
    if received_on is not None and written_off_on is not None and received_on < written_off_on:
        raise DomainError("writeoff.recovery_before_write_off", ref=voucher_no, on=received_on.isoformat(),
                          written_off_on=written_off_on.isoformat())
    if amount > written_off - recovered:
        raise DomainError("writeoff.recovery_too_large", amount=format_fen(amount), left=format_fen(written_off - recovered))

