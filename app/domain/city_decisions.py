"""市局决定: what the city office decides on a branch's records, and how the decision travels down.

Issue 12 (ownership): only the home site writes its customers' ledger. The city office owns decisions the
regulations give it (finance approving bad-debt write-offs, postal 18(二); reopening a branch's closed month,
postal 22; marketing's review of 报损 data, telecom 5). A decision is recorded at the city office as its own
row, sent down in every 市局包 to the branch until the branch's own packages say what became of it; the
branch then posts what carries it out (the write-off decision and the write-off itself, the reopening),
through the same rules and the same ledger path as a decision made there, or refuses it with the reason.

Credit applications (记欠申请) go the same way where the branch's setting ``credit.approved_at`` is ``city``:
marketing at the city office approves (with the limit granted) or rejects them, and the branch's
``approve_credit_in``/``reject_credit_in`` carry the decision out.

Which decisions a branch leaves to the city office is the branch's setting ``write_off.approved_at``
(``branch`` or ``city``): finance at the city office means the branch's own finance no longer approves or
rejects. The marketing review stays where the application was made unless the city office records it:
a branch whose 市场部 is at the city office gets the review as a decision like the approval.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from app.domain.errors import DomainError
from app.domain.words import Words
from app.domain.writeoff import DecisionKind


class ApprovedAt(StrEnum):
    """Where finance approves a branch's write-offs: at the branch, or at the city office."""
    BRANCH = "branch"
    CITY = "city"

    @property
    def words(self) -> Words:
        return APPROVED_AT_WORDS[self]


APPROVED_AT_WORDS = {ApprovedAt.BRANCH: Words("本网点财务", "finance at this branch"),
                     ApprovedAt.CITY: Words("市局财务", "finance at the city office")}


class CityDecisionKind(StrEnum):
    WRITE_OFF_REVIEW = "write_off_review"
    WRITE_OFF_APPROVE = "write_off_approve"
    WRITE_OFF_REJECT = "write_off_reject"
    MONTH_REOPEN = "month_reopen"
    CREDIT_APPROVE = "credit_approve"
    CREDIT_REJECT = "credit_reject"

    @property
    def words(self) -> Words:
        return CITY_DECISION_WORDS[self]

    @property
    def write_off(self) -> DecisionKind | None:
        """The step on a write-off application this decision is (None: not about a write-off)."""
        return _WRITE_OFF_STEP.get(self)

    @property
    def credit(self) -> bool:
        """A decision on a 记欠申请 (credit application): marketing at the city office."""
        return self in (CityDecisionKind.CREDIT_APPROVE, CityDecisionKind.CREDIT_REJECT)


CITY_DECISION_WORDS = {
    CityDecisionKind.WRITE_OFF_REVIEW: Words("市局市场部审核坏账核销", "Write-off reviewed at the city office"),
    CityDecisionKind.WRITE_OFF_APPROVE: Words("市局财务批准坏账核销", "Write-off approved at the city office"),
    CityDecisionKind.WRITE_OFF_REJECT: Words("市局财务驳回坏账核销", "Write-off rejected at the city office"),
    CityDecisionKind.MONTH_REOPEN: Words("市局财务反结账", "Month reopened by the city office"),
    CityDecisionKind.CREDIT_APPROVE: Words("市局市场部批准记欠申请", "Credit approved at the city office"),
    CityDecisionKind.CREDIT_REJECT: Words("市局市场部驳回记欠申请", "Credit rejected at the city office"),
}
_WRITE_OFF_STEP = {CityDecisionKind.WRITE_OFF_REVIEW: DecisionKind.REVIEWED,
                   CityDecisionKind.WRITE_OFF_APPROVE: DecisionKind.APPROVED,
                   CityDecisionKind.WRITE_OFF_REJECT: DecisionKind.REJECTED}


class Outcome(StrEnum):
    """What the branch did with a decision; none yet while it is on its way."""
    ON_ITS_WAY = "on_its_way"
    DONE = "done"
    REFUSED = "refused"

    @property
    def words(self) -> Words:
        return OUTCOME_WORDS[self]


OUTCOME_WORDS = {Outcome.ON_ITS_WAY: Words("已下发，待网点执行", "sent down, awaiting the branch"),
                 Outcome.DONE: Words("网点已执行", "carried out at the branch"),
                 Outcome.REFUSED: Words("网点拒收", "refused at the branch")}
AWAITING_CITY_WORDS = Words("待市局财务审批", "Awaiting the city office")
AWAITING_DECISION_WORDS = Words("待审批", "Awaiting approval")  # a branch's application, not decided yet


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A decision as it travels in the signed manifest of a 市局包 (plain JSON values)."""
    uid: str            # hex
    kind: str
    site: str           # the deciding site's code
    site_uid: str       # … and its global id, hex
    user: str           # the deciding user's user name at that site
    user_uid: str       # … and global id, hex
    user_name: str      # display name
    role: str
    subject: str        # write-off, credit: the application's uid (hex); reopening: ""
    period: int         # reopening: YYYYMM; else 0
    amount: int         # write-off approval: fen booked; credit approval: the limit granted; else 0
    reason: str
    decided_on: str     # ISO day
    decided_at: str     # ISO moment
    # credit approval: the credit period (信用期, days) and settlement cycle (结算周期, months) granted; None: as
    # applied for (and what a record from a program before these were decided at the city office means)
    period_days: int | None = None
    cycle_months: int | None = None

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict) -> DecisionRecord:
        return cls(**{k: raw[k] for k in cls.__dataclass_fields__ if k in raw})


def refuse_foreign_decision(record: DecisionRecord, sender_code: str, sender_uid: str, sender_kind: str) -> None:
    """A decision is taken only from the city office that signed the package, in its own name."""
    if sender_kind != "city" or record.site != sender_code or record.site_uid != sender_uid:
        raise DomainError("citydecision.not_city", site=record.site, sender=sender_code)


def require_city_approves(approved_at: str, branch: str) -> None:
    """At the city office: a branch's write-off is decided here only where the branch's finance sits here."""
    if approved_at != ApprovedAt.CITY:
        raise DomainError("citydecision.branch_approves", site=branch)


def require_branch_approves(approved_at: str) -> None:
    """At the branch: finance here does not approve or reject where the city office does."""
    if approved_at == ApprovedAt.CITY:
        raise DomainError("citydecision.city_approves")


# 记欠审批 (credit): the branch's setting ``credit.approved_at`` says where marketing decides its customers'
# credit applications; the same two places as the write-offs'.
CREDIT_APPROVED_AT_WORDS = {ApprovedAt.BRANCH: Words("本网点市场部", "marketing at this branch"),
                            ApprovedAt.CITY: Words("市局市场部", "marketing at the city office")}


def require_city_approves_credit(approved_at: str, branch: str) -> None:
    """At the city office: a branch's credit application is decided here only where its marketing sits here."""
    if approved_at != ApprovedAt.CITY:
        raise DomainError("citydecision.branch_approves_credit", site=branch)


def require_branch_approves_credit(approved_at: str) -> None:
    """At the branch: marketing here does not approve or reject credit where the city office does."""
    if approved_at == ApprovedAt.CITY:
        raise DomainError("citydecision.city_approves_credit")
