"""坏账核销 as a workflow with four eyes (postal 18; telecom 5, 7.7), the 账销案存 register and recovery.

1. 申请: a clerk or branch head applies for part or all of what is open on an item more than three months
   overdue, with a cause, the evidence the cause requires (typed facts and scans, each kept with its
   SHA-256) and the customer's collection history attached as it is that day.
2. 审核: marketing reviews where the site's setting ``write_off.marketing_review`` asks for it.
3. 审批: finance approves (the write-off is booked, dated the approval day) or rejects with a reason;
   never the applicant. The applicant may withdraw an application still open.
Each step is its own append-only decision row and its own audit record.

Recovery (收回已核销坏账, postal 18(三)): money later received on a written-off item is its own ledger
entry, never new credit or 预存款.

Where finance sits at the city office (setting ``write_off.approved_at``), the application goes up with the
exchange and the decision comes down as a signed record of its own; the branch carries it out through the
same functions (``approve_in``, ``reject_in``, ``review_in``), see ``app/services/city_decisions.py``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.domain.city_decisions import AWAITING_CITY_WORDS, ApprovedAt, require_branch_approves
from app.domain.collection import long_term_cutoff
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.repayments import require_repayment
from app.domain.roles import Permission, require_another_person
from app.domain.words import Words
from app.domain.writeoff import (
    MAX_EVIDENCE_BYTES, ApplicationFacts, Cause, DecisionKind, Fact, Stage, refuse_application, refuse_decision,
    refuse_recovery, stage_of,
)
from app.services.context import Actor, Desk, UnitOfWork, authorize
from app.services.failures import retried_once
from app.services.repayments import refuse_taking_money
from app.services.settings import get_setting
from db.models import ArrearsItem
from db.writeoffs import Application, Decision, EvidenceFile, Qualifying, Written


@dataclass(frozen=True, slots=True)
class Scan:
    """An evidence file as attached: its name and bytes."""
    file_name: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def read_scan(path: Path | str) -> Scan:
    """An evidence file from disk (a scan of a ruling, a certificate …)."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError:
        raise DomainError("writeoff.file_unreadable", path=str(path)) from None
    return Scan(path.name, content)


@dataclass(frozen=True, slots=True)
class WriteOffRequest:
    item_id: int
    cause: Cause | str
    reason: str
    facts: dict[str, str] = field(default_factory=dict)   # Fact value -> text
    scans: tuple[Scan, ...] = ()
    amount: int | None = None   # fen; None: all that is open and not yet applied for


@dataclass(frozen=True, slots=True)
class ApplicationInfo:
    application_id: int
    customer_id: int
    customer: str
    item_id: int
    voucher_no: str
    due_date: date
    amount: int
    cause: Cause
    reason: str
    facts: dict[str, str]
    review_required: bool
    applied_by: str
    applied_by_id: int
    applied_on: date
    stage: Stage
    decisions: tuple[Decision, ...]
    evidence: tuple[EvidenceFile, ...]
    history: tuple[tuple[str, date, str, str], ...]   # (record | notice, day, channel | number, result)
    awaiting_city: bool = False   # decisions: finance at the city office decides it, through the exchange

    @property
    def stage_words(self) -> Words:
        """Where it stands, in words: "awaiting the city office" where finance sits there."""
        return AWAITING_CITY_WORDS if self.awaiting_city else self.stage.words


@dataclass(frozen=True, slots=True)
class RegisterLine:
    """账销案存: one write-off, who and why, and what has come back since."""
    write_off_id: int
    application_id: int | None
    customer_id: int
    customer: str
    item_id: int
    voucher_no: str
    business_line: str
    handler: str
    due_date: date
    amount: int
    written_off_on: date
    cause: Words | str
    evidence: str
    applied_by: str
    reviewed_by: str
    approved_by: str
    recovered: int

    @property
    def still_out(self) -> int:
        return max(0, self.amount - self.recovered)


# -- 申请 ---------------------------------------------------------------------------------------------------

@retried_once
def apply_write_off(desk: Desk, actor: Actor, request: WriteOffRequest) -> ApplicationInfo:
    """坏账核销申请. Refused with the reason when the item does not qualify or the evidence lacks what the
    cause requires (``app.domain.writeoff.refuse_application``)."""
    cause = Cause(request.cause)
    with desk.use_case(actor, Permission.APPLY_WRITE_OFF) as uow:
        item = _item(uow, request.item_id)
        open_amount = uow.ledger.item_open(item.id)
        pending = uow.write_offs.pending_amount(item.id)
        amount = open_amount - pending if request.amount is None else request.amount
        history = uow.write_offs.collection_history(item.customer_id)
        facts = {key: text.strip() for key, text in request.facts.items() if text and text.strip()}
        for scan in request.scans:
            if len(scan.content) > MAX_EVIDENCE_BYTES:
                raise DomainError("writeoff.file_too_large", name=scan.file_name, mb=MAX_EVIDENCE_BYTES >> 20)
        today = desk.clock.today()
        refuse_application(ApplicationFacts(
            item.voucher_no, item.due_date, open_amount, pending, amount, cause, facts, len(request.scans),
            len(history["collection_records"]) + len(history["notices"]), request.reason), today)
        review = bool(get_setting(uow, "write_off.marketing_review"))
        application_id = uow.write_offs.add_application(
            customer_id=item.customer_id, item_id=item.id, amount=amount, cause=cause.value,
            reason=request.reason.strip(), facts=facts, history=history, review_required=review, applied_on=today)
        uow.write_offs.add_decision(application_id, item.customer_id, DecisionKind.APPLIED.value, decided_on=today)
        files = []
        for scan in request.scans:
            uow.write_offs.add_evidence(application_id, item.customer_id, scan.file_name, scan.sha256, scan.content)
            files.append({"file": scan.file_name, "sha256": scan.sha256, "size": len(scan.content)})
        # The audit record (chained) carries each file's hash: a scan changed later no longer matches it.
        uow.audit("write_off.apply", "write_off_application", application_id, customer_id=item.customer_id,
                  after={"item_id": item.id, "voucher_no": item.voucher_no, "amount": amount, "cause": cause.value,
                         "reason": request.reason.strip(), "facts": facts, "files": files,
                         "review_required": review, "history": history})
        uow.commit()
        return _info(uow, application_id)


# -- 审核 / 审批 / 驳回 / 撤回 ----------------------------------------------------------------------------

@retried_once
def review_write_off(desk: Desk, actor: Actor, application_id: int, note: str = "") -> ApplicationInfo:
    """市场部审核 (telecom 5): the application goes on to finance. Never by the applicant."""
    with desk.use_case(actor, Permission.REVIEW_WRITE_OFF) as uow:
        review_in(uow, application_id, actor.user_id, actor.username, note, desk.clock.today())
        uow.commit()
        return _info(uow, application_id)


def review_in(uow: UnitOfWork, application_id: int, reviewer_id: int, reviewer: str, note: str,
              decided_on: date) -> int:
    """The review recorded in ``uow`` by user ``reviewer_id`` of this database (a user of the city office
    for a review made there); returns the decision's id."""
    app, stage = _open(uow, application_id)
    require_another_person(app.applied_by_id, reviewer_id, reviewer)
    refuse_decision(stage, DecisionKind.REVIEWED)
    decision_id = uow.write_offs.add_decision(app.application_id, app.customer_id, DecisionKind.REVIEWED.value,
                                              decided_on=decided_on, reason=note.strip(), decided_by_id=reviewer_id)
    uow.audit("write_off.review", "write_off_application", app.application_id, customer_id=app.customer_id,
              after={"note": note.strip()})
    return decision_id


@retried_once
def approve_write_off(desk: Desk, actor: Actor, application_id: int, note: str = "") -> ApplicationInfo:
    """财务审批: the write-off is booked in the ledger, dated today (the approval day); the item stays on
    record (账销案存). Never by the applicant; not here where finance sits at the city office."""
    with desk.use_case(actor, Permission.APPROVE_WRITE_OFF, posts=True) as uow:
        require_branch_approves(get_setting(uow, "write_off.approved_at"))
        approve_in(uow, application_id, actor.user_id, actor.username, note, desk.clock.today())
        uow.commit()
        return _info(uow, application_id)


def approve_in(uow: UnitOfWork, application_id: int, approver_id: int, approver: str, note: str,
               decided_on: date) -> int:
    """The one place an approval books its write-off: by user ``approver_id`` of this database (a user of
    the city office for an approval made there), dated today (the day it is booked here). Returns the
    approval decision's id."""
    app, stage = _open(uow, application_id)
    require_another_person(app.applied_by_id, approver_id, approver)
    for reviewed in uow.write_offs.decisions([app.application_id]).get(app.application_id, []):
        if reviewed.kind == DecisionKind.REVIEWED.value:  # four eyes: the reviewer is not the approver
            require_another_person(reviewed.decided_by_id, approver_id, approver)
    refuse_decision(stage, DecisionKind.APPROVED)
    item = _item(uow, app.item_id)
    open_amount = uow.ledger.item_open(item.id)
    if app.amount > open_amount:  # paid or written off meanwhile
        raise DomainError("writeoff.over_open", ref=item.voucher_no, amount=format_fen(app.amount),
                          open=format_fen(open_amount))
    today = uow.desk.clock.today()
    files = uow.write_offs.evidence_files(app.application_id)
    evidence = "; ".join([*(f"{Fact(k).words.zh}: {v}" for k, v in sorted(app.facts.items())),
                          *(f"{f.file_name} sha256={f.sha256}" for f in files)]) or Cause(app.cause).words.zh
    write_off_id, amount = uow.ledger.write_off(
        item.id, item.customer_id, on=today, reason=f"{Cause(app.cause).words.zh}：{app.reason}",
        evidence=evidence, applied_by_id=app.applied_by_id, approved_by_id=approver_id, amount=app.amount,
        application_id=app.application_id)
    decision_id = uow.write_offs.add_decision(app.application_id, app.customer_id, DecisionKind.APPROVED.value,
                                              decided_on=decided_on, reason=note.strip(), write_off_id=write_off_id,
                                              decided_by_id=approver_id)
    uow.audit("write_off.approve", "write_off_application", app.application_id, customer_id=app.customer_id,
              after={"write_off_id": write_off_id, "amount": amount, "note": note.strip()})
    return decision_id


@retried_once
def reject_write_off(desk: Desk, actor: Actor, application_id: int, reason: str) -> ApplicationInfo:
    """驳回, with the reason: by finance, or by marketing while the review is theirs. Never the applicant;
    finance's rejection not here where finance sits at the city office."""
    if not reason.strip():
        raise DomainError("field.required", field=Words("驳回原因", "Reason for rejecting"))
    with desk.use_case(actor, Permission.VIEW_LEDGER) as uow:
        _app, stage = _open(uow, application_id)
        if stage is Stage.AWAITING_APPROVAL:
            require_branch_approves(get_setting(uow, "write_off.approved_at"))
        reject_in(uow, application_id, actor.user_id, actor.username, reason, desk.clock.today(), actor=actor)
        uow.commit()
        return _info(uow, application_id)


def reject_in(uow: UnitOfWork, application_id: int, decider_id: int, decider: str, reason: str, decided_on: date,
              *, actor: Actor | None = None) -> int:
    """The rejection recorded in ``uow``; ``actor``: the signed-in user whose role is checked for the stage
    (none for a decision of the city office, checked there). Returns the decision's id."""
    if not reason.strip():
        raise DomainError("field.required", field=Words("驳回原因", "Reason for rejecting"))
    app, stage = _open(uow, application_id)
    require_another_person(app.applied_by_id, decider_id, decider)
    refuse_decision(stage, DecisionKind.REJECTED)
    if actor is not None:
        authorize(uow.session, actor, Permission.REVIEW_WRITE_OFF if stage is Stage.AWAITING_REVIEW
                  else Permission.APPROVE_WRITE_OFF)
    decision_id = uow.write_offs.add_decision(app.application_id, app.customer_id, DecisionKind.REJECTED.value,
                                              decided_on=decided_on, reason=reason.strip(), decided_by_id=decider_id)
    uow.audit("write_off.reject", "write_off_application", app.application_id, customer_id=app.customer_id,
              after={"reason": reason.strip(), "stage": stage.value})
    return decision_id


@retried_once
def withdraw_write_off(desk: Desk, actor: Actor, application_id: int, reason: str) -> ApplicationInfo:
    """撤回: the applicant takes back an application still open (the item may have been paid)."""
    if not reason.strip():
        raise DomainError("field.required", field=Words("撤回原因", "Reason for withdrawing"))
    with desk.use_case(actor, Permission.APPLY_WRITE_OFF) as uow:
        app, stage = _open(uow, application_id)
        if app.applied_by_id != actor.user_id:
            raise DomainError("writeoff.not_applicant")
        refuse_decision(stage, DecisionKind.WITHDRAWN)
        uow.write_offs.add_decision(app.application_id, app.customer_id, DecisionKind.WITHDRAWN.value,
                                    decided_on=desk.clock.today(), reason=reason.strip())
        uow.audit("write_off.withdraw", "write_off_application", app.application_id, customer_id=app.customer_id,
                  after={"reason": reason.strip()})
        uow.commit()
        return _info(uow, application_id)


# -- lists ----------------------------------------------------------------------------------------------------

def applications(desk: Desk, actor: Actor, *, open_only: bool = True) -> list[ApplicationInfo]:
    """The applications (open ones only, by default) with where each stands."""
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        found = uow.write_offs.applications(open_only=open_only)
        decisions = uow.write_offs.decisions(a.application_id for a in found)
        return [_info_of(uow, a, decisions.get(a.application_id, []), with_details=False) for a in found]


def application(desk: Desk, actor: Actor, application_id: int) -> ApplicationInfo:
    """One application with its decisions, evidence files and the collection history it carries."""
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        return _info(uow, application_id)


def evidence_file(desk: Desk, actor: Actor, evidence_id: int) -> Scan:
    """An evidence scan as kept; refused if its bytes no longer match the SHA-256 recorded with it."""
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        found = uow.write_offs.evidence_content(evidence_id)
    if found is None:
        raise DomainError("writeoff.not_found", ref=evidence_id)
    name, sha256, content = found
    scan = Scan(name, content)
    if scan.sha256 != sha256:
        raise DomainError("writeoff.evidence_changed", name=name)
    return scan


def register(desk: Desk, actor: Actor, as_of: date | None = None) -> list[RegisterLine]:
    """账销案存登记簿 (postal 18(三)): every written-off debt up to ``as_of`` (today), who applied, reviewed
    and approved, why, with what evidence, the item's handler, and what has been recovered since."""
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        return register_lines(uow, as_of or desk.clock.today())


def register_lines(uow: UnitOfWork, as_of: date) -> list[RegisterLine]:
    written = uow.write_offs.register(as_of)
    decisions = uow.write_offs.decisions({w.application_id for w in written if w.application_id is not None})
    causes = {a.application_id: Cause(a.cause) for a in
              uow.write_offs.applications({w.application_id for w in written if w.application_id is not None})}
    return [_line(w, decisions.get(w.application_id, []), causes.get(w.application_id)) for w in written]


def _line(w: Written, decisions: list[Decision], cause: Cause | None) -> RegisterLine:
    reviewer = next((d.decided_by for d in decisions if d.kind == DecisionKind.REVIEWED.value), "")
    return RegisterLine(w.write_off_id, w.application_id, w.customer_id, f"{w.customer_code} {w.customer_name}".strip(),
                        w.item_id, w.voucher_no, w.business_line, w.handler, w.due_date, w.amount, w.written_off_on,
                        cause.words if cause is not None else w.reason, w.evidence, w.applied_by, reviewer,
                        w.approved_by, w.recovered)


def qualifying_items(desk: Desk, actor: Actor, customer_id: int | None = None) -> list[Qualifying]:
    """Open items more than three months overdue (telecom 7.7), of one customer or all: what may be applied
    for, with what open applications already ask."""
    today = desk.clock.today()
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        return uow.write_offs.qualifying_items(customer_id, long_term_cutoff(today), today)


# -- 收回已核销坏账 -----------------------------------------------------------------------------------------

@retried_once
def record_recovery(desk: Desk, actor: Actor, item_id: int, amount: int, *, method: str, receipt_no: str,
                    received_on: date | None = None, note: str = "") -> int:
    """Money received on a written-off item (postal 18(三): 已核销的坏账收回时应当及时缴财务部门入账): its own
    entry, at most what was written off and not yet recovered. Returns the recovery's id."""
    today = desk.clock.today()
    on = received_on or today
    receipt = require_repayment(amount, on, method, receipt_no, today)  # the same inputs as any money taken
    with desk.use_case(actor, Permission.RECORD_REPAYMENT, posts=True) as uow:
        item = _item(uow, item_id, reversed_ok=True)
        refuse_taking_money(uow, receipt)
        written, recovered = uow.write_offs.written_off(item.id)
        if not written:
            raise DomainError("writeoff.not_written_off", ref=item.voucher_no)
        refuse_recovery(amount, written, recovered, voucher_no=item.voucher_no, still_open=uow.ledger.item_open(item.id),
                        received_on=on, written_off_on=uow.write_offs.first_written_off_on(item.id))
        recovery_id = uow.ledger.record_recovery(item.id, item.customer_id, amount=amount, received_on=on,
                                                 method=method, receipt_no=receipt, note=note.strip())
        uow.commit()
        return recovery_id


# -- helpers --------------------------------------------------------------------------------------------------

def _item(uow: UnitOfWork, item_id: int, *, reversed_ok: bool = False) -> ArrearsItem:
    """The item a write-off step is about, its customer held (several counters: what is open on it, applied for,
    written off or recovered stays as read until the step commits)."""
    item = uow.session.get(ArrearsItem, item_id)
    if item is None:
        raise DomainError("item.not_found", ref=item_id)
    uow.ledger.hold(item.customer_id)
    if not reversed_ok and uow.items.item_reversed(item_id):
        raise DomainError("item.already_reversed", ref=item.voucher_no)
    return item


def _open(uow: UnitOfWork, application_id: int) -> tuple[Application, Stage]:
    """An application and where it stands, its customer held first: two decisions on it at once (an approval
    and a rejection, or two approvals) are taken one after the other, the second seeing the first."""
    found = uow.write_offs.applications([application_id])
    if not found:
        raise DomainError("writeoff.not_found", ref=application_id)
    app = found[0]
    uow.ledger.hold(app.customer_id)
    decisions = uow.write_offs.decisions([application_id]).get(application_id, [])
    return app, stage_of([DecisionKind(d.kind) for d in decisions], app.review_required)


def _info(uow: UnitOfWork, application_id: int) -> ApplicationInfo:
    found = uow.write_offs.applications([application_id])
    if not found:
        raise DomainError("writeoff.not_found", ref=application_id)
    decisions = uow.write_offs.decisions([application_id]).get(application_id, [])
    return _info_of(uow, found[0], decisions, with_details=True)


def _info_of(uow: UnitOfWork, a: Application, decisions: list[Decision], *, with_details: bool) -> ApplicationInfo:
    stage = stage_of([DecisionKind(d.kind) for d in decisions], a.review_required)
    evidence = tuple(uow.write_offs.evidence_files(a.application_id)) if with_details else ()
    history = tuple(uow.write_offs.history_lines(a.history)) if with_details else ()
    return ApplicationInfo(a.application_id, a.customer_id, f"{a.customer_code} {a.customer_name}".strip(), a.item_id,
                           a.voucher_no, a.due_date, a.amount, Cause(a.cause), a.reason, a.facts, a.review_required,
                           a.applied_by, a.applied_by_id, a.applied_on, stage, tuple(decisions), evidence, history,
                           stage is Stage.AWAITING_APPROVAL and get_setting(uow, "write_off.approved_at") == ApprovedAt.CITY)


# -- for the city office's copy of a branch (decisions) -----------------------------------------------------

def infos_in(uow: UnitOfWork, *, open_only: bool = True) -> list[ApplicationInfo]:
    """The applications in ``uow``'s database (e.g. the city office's copy of a branch), as ``applications``."""
    found = uow.write_offs.applications(open_only=open_only)
    decisions = uow.write_offs.decisions(a.application_id for a in found)
    return [_info_of(uow, a, decisions.get(a.application_id, []), with_details=False) for a in found]


def info_in(uow: UnitOfWork, application_id: int) -> ApplicationInfo:
    return _info(uow, application_id)
