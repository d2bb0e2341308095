"""市局决定: finance (and marketing) at the city office decide on a branch's records; the decision travels down
in the 市局包 as a signed record of its own and the branch carries it out (issue 12 "Ownership", issue 13).

At the city office, from its copy of each branch (the replica the branch's packages are applied into):
- ``branch_applications``: the branches' open write-off applications, for branches whose setting
  ``write_off.approved_at`` is ``city``, with where each stands counting decisions made here and not yet
  carried out there;
- ``decide_branch_write_off``: approve, reject (with a reason) or review one (the same rules as at the
  branch: ``app.domain.writeoff``; the applicant is never the decider, compared as site and user);
- ``reopen_branch_month``: reopen a branch's latest closed month, with a reason (``app.domain.closing``);
- ``branch_credit_applications``/``decide_branch_credit``: marketing here approves (with the limit granted)
  or rejects the pending credit applications of branches whose setting ``credit.approved_at`` is ``city``;
- ``decisions_for``: what goes down to a branch: every decision its packages have not yet answered, so a
  lost or late 市局包 heals itself with the next, and an older one after a newer changes nothing.

At the branch, ``take_city_decisions`` (called while a 市局包 is imported, in the same transaction) carries
each decision out through the one function that does it for a local decision (``approve_in``, ``reject_in``,
``review_in``, ``reopen_in``, ``approve_credit_in``, ``reject_credit_in``), in the name of the city office's user, or refuses it and says why; either way
a ``city_decisions_taken`` row records it once (the same decision again does nothing), and travels up.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from app.domain.city_decisions import (
    AWAITING_DECISION_WORDS, CityDecisionKind, DecisionRecord, Outcome, refuse_foreign_decision, require_city_approves,
    require_city_approves_credit,
)
from app.domain.customers import CustomerStatus, check_credit_terms
from app.domain.closing import closed_books, require_reopenable
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.periods import format_period
from app.domain.roles import Permission, require_another_person_across_sites
from app.domain.text import refuse_hidden
from app.domain.words import Words
from app.domain.writeoff import DecisionKind, Stage, refuse_decision, stage_of
from app.services.closing import reopen_in
from app.services.context import Actor, Desk, UnitOfWork
from app.services.customers import approve_credit_in, pending_applications_in, reject_credit_in
from app.services.dto import CreditApplicationInfo
from app.services.settings import get_setting
from app.services.writeoffs import ApplicationInfo, approve_in, infos_in, reject_in, review_in
from db.city_decisions import DecisionRow

_PERMISSION = {CityDecisionKind.WRITE_OFF_REVIEW: Permission.REVIEW_WRITE_OFF,
               CityDecisionKind.WRITE_OFF_APPROVE: Permission.APPROVE_WRITE_OFF,
               CityDecisionKind.WRITE_OFF_REJECT: Permission.APPROVE_WRITE_OFF,
               CityDecisionKind.MONTH_REOPEN: Permission.CLOSE_MONTH,
               CityDecisionKind.CREDIT_APPROVE: Permission.APPROVE_CREDIT,
               CityDecisionKind.CREDIT_REJECT: Permission.APPROVE_CREDIT}


# -- at the city office ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BranchApplication:
    """A branch's open write-off application as the city office sees it."""
    branch: str
    info: ApplicationInfo           # as the city office's copy of the branch has it
    uid: bytes
    applicant: tuple[str, str]      # (site code, user name)
    stage: Stage                    # counting the decisions made here not yet carried out there
    pending: CityDecisionKind | None  # the last decision made here, on its way down

    @property
    def stage_words(self) -> Words:
        return self.pending.words if self.pending is not None else self.stage.words


@dataclass(frozen=True, slots=True)
class MadeDecision:
    """A decision made at the city office and what became of it at the branch."""
    branch: str
    kind: CityDecisionKind
    subject: str          # the application (its number and voucher at the branch) or the month
    amount: int | None
    reason: str
    decided_by: str
    decided_on: date
    outcome: Outcome
    refusal: DomainError | None
    credit_period_days: int | None = None       # a credit approval's terms as granted; None: as applied for
    settlement_cycle_months: int | None = None


def _city_site(uow: UnitOfWork):
    own = uow.exchange.local_site()
    if own is None or own.kind != "city":
        raise DomainError("citydecision.not_city_site")
    return own


def _replica(desk: Desk, branch: str):
    from app.services.exchange import open_replica  # noqa: PLC0415 - the exchange carries these decisions
    replica = open_replica(desk, branch)
    if replica is None:
        raise DomainError("citydecision.no_branch_copy", site=branch)
    return replica


def using_replica(replica: Desk):
    """The copy for a block, staying connected afterwards (app/services/exchange.py ``REPLICAS_CONNECTED``)."""
    from app.services.exchange import using_replica as kept  # noqa: PLC0415
    return kept(replica)


def branch_codes(desk: Desk) -> list[str]:
    """The branches registered at this city office."""
    return _branches(desk)


def _branches(desk: Desk) -> list[str]:
    with desk.reading() as uow:
        return [site.code for site in uow.exchange.peers(kind="branch")]


def _waiting(made: list[DecisionRow], taken: set[bytes]) -> list[DecisionRow]:
    return [d for d in made if d.uid not in taken]


def _applications_of(desk: Desk, branch: str, made: list[DecisionRow]) -> tuple[str, list[BranchApplication]]:
    """(the branch's setting ``write_off.approved_at``, its open applications) from the city office's copy."""
    from app.services.exchange import open_replica  # noqa: PLC0415
    replica = open_replica(desk, branch)
    if replica is None:
        return "branch", []
    with using_replica(replica), replica.reading() as r:
        approved_at = get_setting(r, "write_off.approved_at")
        infos = infos_in(r)
        applicants = r.city_decisions.applicants(i.application_id for i in infos)
        waiting = _waiting(made, set(r.city_decisions.taken()))
    found = []
    for info in infos:
        applicant = applicants[info.application_id]
        mine = [CityDecisionKind(d.kind) for d in waiting if d.subject_uid == applicant.uid]
        kinds = [DecisionKind(d.kind) for d in info.decisions] + [k.write_off for k in mine]
        found.append(BranchApplication(branch, info, applicant.uid, (applicant.site, applicant.user),
                                       stage_of(kinds, info.review_required), mine[-1] if mine else None))
    return approved_at, found


def branch_applications(desk: Desk, actor: Actor, branch: str | None = None) -> list[BranchApplication]:
    """The branches' open write-off applications the city office decides (the branches whose finance sits
    here), oldest first within each branch."""
    return _left_to_the_city(desk, actor, branch, _applications_of)


def _left_to_the_city(desk: Desk, actor: Actor, branch: str | None, of_branch) -> list:
    """What ``of_branch(desk, code, the decisions made for that branch)`` finds in each branch's copy (or
    ``branch``'s only), for the branches whose setting leaves the decision to the city office."""
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        _city_site(uow)
        made = uow.city_decisions.made()
    found = []
    for code in _branches(desk) if branch is None else [branch.strip().upper()]:
        approved_at, rows = of_branch(desk, code, [d for d in made if d.branch == code])
        if approved_at == "city":
            found += rows
    return found


def decide_branch_write_off(desk: Desk, actor: Actor, branch: str, application_id: int, kind: CityDecisionKind | str,
                            text: str = "") -> BranchApplication:
    """审批网点的坏账核销申请 at the city office: approve (the application's amount, booked at the branch when
    the decision arrives), reject with a reason, or review (marketing, where the branch asks for it). The
    same rules as at the branch; the applicant never decides (site and user compared)."""
    kind = CityDecisionKind(kind)
    if kind.write_off is None:
        raise DomainError("citydecision.unknown_kind", kind=kind.value)
    branch = branch.strip().upper()
    if kind is CityDecisionKind.WRITE_OFF_REJECT and not text.strip():
        raise DomainError("field.required", field=Words("驳回原因", "Reason for rejecting"))
    text = refuse_hidden("reason", text, Words("原因", "Reason"))
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        own = _city_site(uow)
        made = uow.city_decisions.made(branch)
        if uow.exchange.peer(branch) is None:
            raise DomainError("exchange.site_unknown", site=branch)
        own_code = own.code
    _replica(desk, branch)
    approved_at, rows = _applications_of(desk, branch, made)
    require_city_approves(approved_at, branch)
    chosen = next((row for row in rows if row.info.application_id == application_id), None)
    if chosen is None:
        raise DomainError("writeoff.not_found", ref=f"{branch} #{application_id}")
    permission = _PERMISSION[kind]
    if kind is CityDecisionKind.WRITE_OFF_REJECT and chosen.stage is Stage.AWAITING_REVIEW:
        permission = Permission.REVIEW_WRITE_OFF  # marketing rejects while the review is theirs
    me = (own_code, actor.username)
    require_another_person_across_sites(chosen.applicant, me)
    if chosen.pending is not None and not chosen.stage.open:  # decided here, on its way down
        raise DomainError("citydecision.pending", ref=f"{branch} #{application_id}", kind=chosen.pending.words)
    refuse_decision(chosen.stage, kind.write_off)
    amount = None
    if kind is CityDecisionKind.WRITE_OFF_APPROVE:
        reviewers = [(own_code, d.user) for d in made
                     if d.subject_uid == chosen.uid and d.kind == CityDecisionKind.WRITE_OFF_REVIEW]
        for reviewer in reviewers:  # four eyes: the reviewer is not the approver
            require_another_person_across_sites(reviewer, me)
        replica = _replica(desk, branch)
        with using_replica(replica), replica.reading() as r:
            open_amount = r.ledger.item_open(chosen.info.item_id)
        if chosen.info.amount > open_amount:  # paid or written off at the branch meanwhile
            raise DomainError("writeoff.over_open", ref=chosen.info.voucher_no, amount=format_fen(chosen.info.amount),
                              open=format_fen(open_amount))
        amount = chosen.info.amount
    with desk.use_case(actor, permission) as uow:
        _city_site(uow)
        if len(uow.city_decisions.made(branch)) != len(made):
            raise DomainError("citydecision.pending", ref=f"{branch} #{application_id}", kind=kind.words)
        decision_id = uow.city_decisions.add(branch=branch, kind=kind.value, subject_uid=chosen.uid, amount=amount,
                                             reason=text, decided_on=desk.clock.today())
        uow.audit("city_decision.write_off", "city_decision", decision_id,
                  after={"branch": branch, "application_id": application_id, "voucher_no": chosen.info.voucher_no,
                         "customer_name": chosen.info.customer, "decision": kind.value, "amount": amount,
                         "reason": text})
        uow.commit()
    _approved_at, rows = _applications_of(desk, branch, made + _latest(desk, actor, branch, len(made)))
    return next(row for row in rows if row.info.application_id == application_id)


def _latest(desk: Desk, actor: Actor, branch: str, after: int) -> list[DecisionRow]:
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        return uow.city_decisions.made(branch)[after:]


def reopen_branch_month(desk: Desk, actor: Actor, branch: str, period: int, reason: str) -> None:
    """反结账 of a branch's month, ordered by finance at the city office: the branch's latest closed month
    (as the city office's copy has it), with a reason; the branch records the reopening when it arrives."""
    branch = branch.strip().upper()
    with desk.query(actor, Permission.CLOSE_MONTH) as uow:
        _city_site(uow)
        if uow.exchange.peer(branch) is None:
            raise DomainError("exchange.site_unknown", site=branch)
        made = uow.city_decisions.made(branch)
    replica = _replica(desk, branch)
    with using_replica(replica), replica.reading() as r:
        books = closed_books(r.closings.history())
        waiting = _waiting(made, set(r.city_decisions.taken()))
    if any(d.kind == CityDecisionKind.MONTH_REOPEN and d.period == period for d in waiting):
        raise DomainError("citydecision.pending", ref=f"{branch} {format_period(period)}",
                          kind=CityDecisionKind.MONTH_REOPEN.words)
    kept = require_reopenable(period, books, reason)
    with desk.use_case(actor, Permission.CLOSE_MONTH) as uow:
        decision_id = uow.city_decisions.add(branch=branch, kind=CityDecisionKind.MONTH_REOPEN.value, period=period,
                                             reason=kept, decided_on=desk.clock.today())
        uow.audit("city_decision.reopen", "city_decision", decision_id,
                  after={"branch": branch, "month": format_period(period), "reason": kept})
        uow.commit()


# -- credit applications (记欠申请) of branches whose marketing sits here ------------------------------------
@dataclass(frozen=True, slots=True)
class BranchCreditApplication:
    """A branch's pending credit application as the city office sees it."""
    branch: str
    info: CreditApplicationInfo      # as the city office's copy of the branch has it
    uid: bytes
    applicant: tuple[str, str]       # (site code, user name)
    pending: CityDecisionKind | None  # decided here, on its way down

    @property
    def stage_words(self) -> Words:
        return self.pending.words if self.pending is not None else AWAITING_DECISION_WORDS


def _credit_applications_of(desk: Desk, branch: str, made: list[DecisionRow]) -> tuple[str, list[BranchCreditApplication]]:
    """(the branch's setting ``credit.approved_at``, its pending credit applications) from the city office's copy."""
    from app.services.exchange import open_replica  # noqa: PLC0415
    replica = open_replica(desk, branch)
    if replica is None:
        return "branch", []
    with using_replica(replica), replica.reading() as r:
        approved_at = get_setting(r, "credit.approved_at")
        infos = pending_applications_in(r)
        applicants = r.city_decisions.applicants((i.application_id for i in infos), credit=True)
        waiting = _waiting(made, set(r.city_decisions.taken()))
    found = []
    for info in infos:
        applicant = applicants[info.application_id]
        mine = [CityDecisionKind(d.kind) for d in waiting if d.subject_uid == applicant.uid]
        found.append(BranchCreditApplication(branch, info, applicant.uid, (applicant.site, applicant.user),
                                             mine[-1] if mine else None))
    return approved_at, found


def branch_credit_applications(desk: Desk, actor: Actor, branch: str | None = None) -> list[BranchCreditApplication]:
    """The branches' pending credit applications the city office decides (the branches whose marketing sits
    here, setting ``credit.approved_at``), oldest first within each branch."""
    return _left_to_the_city(desk, actor, branch, _credit_applications_of)


def decide_branch_credit(desk: Desk, actor: Actor, branch: str, application_id: int, kind: CityDecisionKind | str, *,
                         credit_limit: int | None = None, credit_period_days: int | None = None,
                         settlement_cycle_months: int | None = None, reason: str = "") -> BranchCreditApplication:
    """市场部审批网点的记欠申请 at the city office: approve (the limit, credit period 信用期 and settlement cycle
    结算周期 asked for, or those given; the agreement starts at the branch when the decision arrives) or reject
    with a reason. The same rules as at the branch (``check_credit_terms``, ``approve_credit_in``/
    ``reject_credit_in``); the applicant never decides (site and user)."""
    kind = CityDecisionKind(kind)
    if not kind.credit:
        raise DomainError("citydecision.unknown_kind", kind=kind.value)
    branch = branch.strip().upper()
    if kind is CityDecisionKind.CREDIT_REJECT and not reason.strip():
        raise DomainError("field.required", field=Words("驳回原因", "Reason for rejecting"))
    reason = refuse_hidden("reason", reason, Words("原因", "Reason"))
    with desk.query(actor, Permission.APPROVE_CREDIT) as uow:
        own = _city_site(uow)
        if uow.exchange.peer(branch) is None:
            raise DomainError("exchange.site_unknown", site=branch)
        made = uow.city_decisions.made(branch)
        own_code = own.code
    _replica(desk, branch)
    approved_at, rows = _credit_applications_of(desk, branch, made)
    require_city_approves_credit(approved_at, branch)
    chosen = next((row for row in rows if row.info.application_id == application_id), None)
    if chosen is None:
        raise DomainError("credit.not_found", ref=f"{branch} #{application_id}")
    require_another_person_across_sites(chosen.applicant, (own_code, actor.username))
    if chosen.pending is not None:
        raise DomainError("citydecision.pending", ref=f"{branch} #{application_id}", kind=chosen.pending.words)
    amount = period = cycle = None
    if kind is CityDecisionKind.CREDIT_APPROVE:
        info = chosen.info
        if info.customer_status == CustomerStatus.BLACKLISTED:  # the history is reviewed at the branch
            raise DomainError("credit.blacklist_history", name=info.customer_name)
        amount = info.requested_limit if credit_limit is None else credit_limit
        period = info.requested_period_days if credit_period_days is None else credit_period_days
        cycle = info.requested_cycle_months if settlement_cycle_months is None else settlement_cycle_months
        check_credit_terms(info.credit_grade, amount, period, cycle, info.requested_term_months)
    with desk.use_case(actor, Permission.APPROVE_CREDIT) as uow:
        _city_site(uow)
        if len(uow.city_decisions.made(branch)) != len(made):
            raise DomainError("citydecision.pending", ref=f"{branch} #{application_id}", kind=kind.words)
        decision_id = uow.city_decisions.add(branch=branch, kind=kind.value, subject_uid=chosen.uid, amount=amount,
                                             reason=reason.strip(), decided_on=desk.clock.today(),
                                             credit_period_days=period, settlement_cycle_months=cycle)
        uow.audit("city_decision.credit", "city_decision", decision_id,
                  after={"branch": branch, "application_id": application_id, "customer_name": chosen.info.customer_name,
                         "decision": kind.value, "credit_limit": amount, "credit_period_days": period,
                         "settlement_cycle_months": cycle, "reason": reason.strip()})
        uow.commit()
    _approved_at, rows = _credit_applications_of(desk, branch, made + _latest(desk, actor, branch, len(made)))
    return next(row for row in rows if row.info.application_id == application_id)


def decisions_made(desk: Desk, actor: Actor, branch: str | None = None) -> list[MadeDecision]:
    """The decisions made here, newest first, with what each branch did with them (as far as its packages
    have told)."""
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        _city_site(uow)
        made = uow.city_decisions.made(branch)
    from app.services.exchange import open_replica  # noqa: PLC0415
    found = []
    for code in sorted({d.branch for d in made}):
        mine = [d for d in made if d.branch == code]
        replica = open_replica(desk, code)
        taken, subjects, vouchers, credits = {}, {}, {}, {}
        if replica is not None:
            with using_replica(replica), replica.reading() as r:
                taken = r.city_decisions.taken(d.uid for d in mine)
                subjects = {a.uid: a.application_id for a in r.city_decisions.applicants().values()}
                vouchers = {i.application_id: i.voucher_no for i in infos_in(r, open_only=False)}
                credits = {a.uid: a.application_id for a in r.city_decisions.applicants(credit=True).values()}
        for d in mine:
            t = taken.get(d.uid)
            outcome = Outcome.ON_ITS_WAY if t is None else Outcome(t.outcome)
            if d.kind == CityDecisionKind.MONTH_REOPEN:
                subject = format_period(d.period)
            elif CityDecisionKind(d.kind).credit:
                number = credits.get(d.subject_uid)
                subject = f"#{number}" if number is not None else d.subject_uid.hex()[:8]
            else:
                number = subjects.get(d.subject_uid)
                subject = f"#{number} {vouchers.get(number, '')}".strip() if number is not None else d.subject_uid.hex()[:8]
            found.append(MadeDecision(code, CityDecisionKind(d.kind), subject, d.amount, d.reason,
                                      f"{d.site}/{d.user}", d.decided_on, outcome,
                                      _refusal(t.reason) if t is not None and t.reason else None,
                                      d.credit_period_days, d.settlement_cycle_months))
    return sorted(found, key=lambda m: m.decided_on, reverse=True)


def decisions_for(desk: Desk, branch: str) -> list[dict]:
    """What goes down to ``branch`` in its next 市局包: every decision made here that its packages have not
    answered yet (carried out or refused), oldest first, as signed JSON records."""
    with desk.reading() as uow:
        made = uow.city_decisions.made(branch)
    if not made:
        return []
    from app.services.exchange import open_replica  # noqa: PLC0415
    replica = open_replica(desk, branch)
    taken: set[bytes] = set()
    if replica is not None:
        with using_replica(replica), replica.reading() as r:
            taken = set(r.city_decisions.taken(d.uid for d in made))
    return [_record(d).to_json() for d in _waiting(made, taken)]


def made_by_branch(uow: UnitOfWork) -> dict[str, list[DecisionRow]]:
    """Every decision made here, by branch, oldest first (a city export reads them once for all its branches)."""
    found: dict[str, list[DecisionRow]] = {}
    for d in uow.city_decisions.made():
        found.setdefault(d.branch, []).append(d)
    return found


def records_waiting(made: list[DecisionRow], taken: set[bytes]) -> list[dict]:
    """``decisions_for``'s records, given the decisions made for a branch and those its copy says it has taken."""
    return [_record(d).to_json() for d in _waiting(made, taken)]


def _record(d: DecisionRow) -> DecisionRecord:
    return DecisionRecord(uid=d.uid.hex(), kind=d.kind, site=d.site, site_uid=d.site_uid.hex(), user=d.user,
                          user_uid=d.user_uid.hex(), user_name=d.user_name, role=d.role,
                          subject=d.subject_uid.hex() if d.subject_uid else "", period=d.period or 0,
                          amount=d.amount or 0, reason=d.reason, decided_on=d.decided_on.isoformat(),
                          decided_at=d.decided_at.isoformat(timespec="seconds"),
                          period_days=d.credit_period_days, cycle_months=d.settlement_cycle_months)


# -- at the branch -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TakenDecision:
    """At the branch: a decision of the city office and what became of it here."""
    kind: str
    decided_by: str
    decided_on: date
    outcome: Outcome
    refusal: DomainError | None

    @property
    def words(self) -> Words:
        return CityDecisionKind(self.kind).words if self.kind in _KINDS else Words(self.kind, self.kind)


_KINDS = {k.value for k in CityDecisionKind}


def take_city_decisions(uow: UnitOfWork, sender_code: str, seq: int, records: list[dict]) -> list[TakenDecision]:
    """Inside the import of a 市局包 from ``sender_code``: each decision not taken before, carried out or
    refused (with the reason), and recorded once. Returns what was done now."""
    if not records:
        return []
    sender = uow.exchange.peer(sender_code)
    done = []
    for raw in records:
        try:
            record = DecisionRecord.from_json(raw)
            uid = bytes.fromhex(record.uid)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # not a decision this program can read (the manifest was signed: a newer program's)
        if uow.city_decisions.taken([uid]):
            continue  # the same decision again: done before
        done.append(_take(uow, sender, seq, record, uid))
    return done


def _take(uow: UnitOfWork, sender, seq: int, record: DecisionRecord, uid: bytes) -> TakenDecision:
    decided_on = date.fromisoformat(record.decided_on)
    decider, refusal, carried = None, None, {}
    try:
        refuse_foreign_decision(record, sender.code, sender.uid.hex(), sender.kind)
        try:
            kind = CityDecisionKind(record.kind)
        except ValueError:
            raise DomainError("citydecision.unknown_kind", kind=record.kind) from None
        decider = uow.city_decisions.site_user(sender.id, bytes.fromhex(record.user_uid),
                                               f"{record.site}/{record.user}"[:32], record.user_name, record.role)
        with uow.session.begin_nested():  # a refused decision leaves nothing of itself behind
            carried = _carry_out(uow, kind, record, decider, decided_on)
    except DomainError as error:
        if error.code.startswith("clock."):
            raise  # this workstation's clock, not the decision: the whole package waits
        refusal = error
    outcome = Outcome.REFUSED if refusal is not None else Outcome.DONE
    uow.city_decisions.add_taken(decision_uid=uid, from_site=record.site, kind=record.kind, decided_by_id=decider,
                                 decided_on=decided_on, outcome=outcome.value, reason=_refusal_json(refusal),
                                 package_seq=seq, **carried)
    uow.audit("city_decision.taken", "city_decision", None, after={
        "decision": record.kind, "site": record.site, "decided_by": f"{record.site}/{record.user}",
        "decided_on": record.decided_on, "outcome": outcome.value,
        "refusal": refusal.message() if refusal is not None else None})
    return TakenDecision(record.kind, f"{record.site}/{record.user}", decided_on, outcome, refusal)


def _carry_out(uow: UnitOfWork, kind: CityDecisionKind, record: DecisionRecord, decider: int,
               decided_on: date) -> dict:
    """The one function a local decision of the kind goes through; returns what carried it out."""
    if kind is CityDecisionKind.MONTH_REOPEN:
        return {"month_closing_id": reopen_in(uow, record.period, record.reason, recorded_by_id=decider)}
    if kind.credit:
        _carry_out_credit(uow, kind, record, decider)
        return {}
    application_id = uow.city_decisions.application_id(bytes.fromhex(record.subject)) if record.subject else None
    if application_id is None:
        raise DomainError("citydecision.unknown_application", ref=record.subject[:8] or "-")
    name = f"{record.site}/{record.user}"
    applicant = uow.city_decisions.applicants([application_id])[application_id]
    require_another_person_across_sites((applicant.site, applicant.user), (record.site, record.user))
    if kind is CityDecisionKind.WRITE_OFF_APPROVE:
        decision_id = approve_in(uow, application_id, decider, name, record.reason, decided_on)
    elif kind is CityDecisionKind.WRITE_OFF_REJECT:
        decision_id = reject_in(uow, application_id, decider, name, record.reason, decided_on)
    else:
        decision_id = review_in(uow, application_id, decider, name, record.reason, decided_on)
    return {"write_off_decision_id": decision_id}


def _carry_out_credit(uow: UnitOfWork, kind: CityDecisionKind, record: DecisionRecord, decider: int) -> None:
    """记欠审批 by marketing at the city office, through ``approve_credit_in``/``reject_credit_in``."""
    application_id = (uow.city_decisions.application_id(bytes.fromhex(record.subject), credit=True)
                      if record.subject else None)
    if application_id is None:
        raise DomainError("citydecision.unknown_credit_application", ref=record.subject[:8] or "-")
    name = f"{record.site}/{record.user}"
    applicant = uow.city_decisions.applicants([application_id], credit=True)[application_id]
    require_another_person_across_sites((applicant.site, applicant.user), (record.site, record.user))
    if kind is CityDecisionKind.CREDIT_APPROVE:
        approve_credit_in(uow, application_id, decider, name, credit_limit=record.amount,
                          credit_period_days=record.period_days, settlement_cycle_months=record.cycle_months,
                          note=record.reason)
    else:
        reject_credit_in(uow, application_id, decider, name, record.reason)


def decisions_taken(desk: Desk, actor: Actor) -> list[TakenDecision]:
    """At the branch: the city office's decisions taken here, newest first, refusals with their reason."""
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        taken = list(uow.city_decisions.taken().values())
    return [TakenDecision(t.kind, t.decided_by, t.decided_on, Outcome(t.outcome), _refusal(t.reason))
            for t in reversed(taken)]


def _refusal_json(error: DomainError | None) -> str:
    if error is None:
        return ""
    return json.dumps({"code": error.code, "params": {k: {"zh": v.zh, "en": v.en} if isinstance(v, Words) else str(v)
                                                     for k, v in error.params.items()}}, ensure_ascii=False)


def _refusal(text: str) -> DomainError | None:
    if not text:
        return None
    raw = json.loads(text)
    return DomainError(raw["code"], **{k: Words(v["zh"], v["en"]) if isinstance(v, dict) else v
                                       for k, v in raw.get("params", {}).items()})


__all__ = ["BranchApplication", "BranchCreditApplication", "MadeDecision", "TakenDecision", "branch_applications",
           "branch_codes", "branch_credit_applications", "decide_branch_credit", "decide_branch_write_off",
           "decisions_for", "decisions_made", "decisions_taken", "reopen_branch_month", "take_city_decisions"]
