"""催缴 (postal 17-18; telecom 7): the overdue work queue, escalation decisions, collection records
(催收记录), disputes (有异议), investigation notes for items over six months, late-fee switches.

Open amounts are today's maintained balances, or for a past ``as_of`` the ledger replayed to that day.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from app.domain.collection import (
    SANCTIONS, Channel, LadderStep, NoticeCover, QueueFacts, ReplyAnswer, StepAction, credit_running_low, days_overdue,
    intervention_limits, investigation_due, ladder_from_setting, ladder_key_for, ladders_by_line, largest_line_over_limit,
    limits_by_line, over_intervention_limit, over_six_months, promise_broken, proposed_step, queue_urgency,
    refuse_sanction_before_notice, reminder_window, sanction_refusal, typical_monthly_arrears, typical_months_start,
)
from app.domain.customers import STATUS_TRANSITIONS, StatusAction
from app.domain.errors import DomainError
from app.domain.money import require_fen
from app.domain.notes import Note, escalation_step
from app.domain.personal import mask, sees_personal_data
from app.domain.roles import Permission, Role
from app.domain.words import Words
from app.services.context import Actor, Desk, UnitOfWork, authorize
from app.services.customers import apply_status_action, current_agreement
from app.services.memory import without_cycle_collection
from app.services.settings import get_setting
from db.collection import CONFIRMED_MARK, ContactRow, DueSoonRow, EscalationRow
from db.models import ArrearsItem, CollectionRecord, Customer, Dispute, DisputeSettlement, Escalation, Investigation, User


class QueueRow(NamedTuple):
    """One overdue customer in the collection work queue (a tuple: a big branch's queue has tens of thousands,
    and a frozen dataclass of these 28 fields costs several times more to build)."""
    customer_id: int
    code: str
    name: str
    customer_group: str
    status: str
    phone: str
    manager_id: int
    manager: str
    overdue: int              # undisputed overdue open amount, fen
    overdue_items: int
    oldest_due: date
    days_overdue: int
    open_total: int
    disputed: int             # open amount under dispute, left out of escalation
    last_contact: date | None
    last_channel: str | None
    promised_on: date | None
    promise_broken: bool
    next_follow_up: date | None
    ladder: tuple[LadderStep, ...]
    proposed: LadderStep | None  # the step the customer has reached
    decided_step: int            # highest step confirmed or declined in this overdue spell (0: none)
    confirmed_step: int
    intervention: bool           # over the 人工干预限额 of a business line
    over_six_months: bool
    investigation_due: bool      # over six months and no cause noted since
    notice_cover: NoticeCover    # the written notices on the overdue items (postal 17)
    promise_kept: bool = False   # paid between the last contact and the date promised then

    @property
    def pending_step(self) -> LadderStep | None:
        """The ladder step waiting for a person to confirm or decline."""
        if self.proposed is not None and self.proposed.number > self.decided_step:
            return self.proposed
        return None

    def refusal(self, step: LadderStep | None, today: date) -> Words | None:
        """Why ``step`` may not be confirmed yet (a sanction before the notice's pay-by date), or None."""
        if step is None or step.action not in SANCTIONS:
            return None
        return sanction_refusal(self.notice_cover, today)

    def pending_refusal(self, today: date) -> Words | None:
        """Why the pending step waits (尚未发出书面催缴通知 / 付款期限未到), or None when it may be confirmed."""
        return self.refusal(self.pending_step, today)


def _ladders(uow: UnitOfWork) -> dict[str, tuple[LadderStep, ...]]:
    raw = get_setting(uow, "collection.ladders")
    return {key: ladder_from_setting(value) for key, value in raw.items()}


def balances_as_of(uow: UnitOfWork, as_of: date) -> str:
    """The name of the table holding the open amounts of ``as_of`` in this unit of work (see
    ``uow.open_items``). Kept only for the reports' hand-written SQL until it moves into db/."""
    return uow.open_items(as_of).name


def _steps_decided(decisions: str | None, position: dict[str, int]) -> tuple[int, int]:
    """(decided, confirmed): the highest ladder positions among the decided actions and among the confirmed ones
    (``QueueFigures.decisions``), 0 for none."""
    decided = confirmed = 0
    for token in (decisions or "").split(","):
        if not token:
            continue
        step = position.get(token.removeprefix(CONFIRMED_MARK), 0)
        decided = max(decided, step)
        if token.startswith(CONFIRMED_MARK):
            confirmed = max(confirmed, step)
    return decided, confirmed


_new_row = tuple.__new__  # QueueRow(...) without its keyword-handling constructor: every field is given, in order


def queue_rows(uow: UnitOfWork, as_of: date, *, manager_id: int | None = None,
               customer_id: int | None = None) -> list[QueueRow]:
    """The queue inside an open unit of work, in the default order (see ``queue_urgency``)."""
    ladders = _ladders(uow)
    limits = intervention_limits(get_setting(uow, "collection.intervention_limits"))
    # Decisions are kept by action, not by position: a ladder edited since (a step dropped, another
    # ladder applying) still knows which of its steps were decided.
    positions = {key: {step.action.value: step.number for step in ladder} for key, ladder in ladders.items()}
    # With limits per line, only a line over the lowest limit can be over its own: the rest stay in SQL. With one
    # limit for every line, each row's largest line says it.
    per_line = limits_by_line(limits)
    flagged = {cid for cid, line, amount in uow.collection.overdue_by_line(as_of, customer_id=customer_id,
                                                                           above=min(limits.values()))
               if over_intervention_limit(line, amount, limits)} if per_line else set()
    covering = uow.collection.covering_notices(as_of, customer_id=customer_id)
    rows, order = [], []
    masked = not (uow.actor is None or sees_personal_data(uow.actor.role))
    # Rows share a handful of ladders, decision histories ("", "remind", "remind,+notice", ...) and a few hundred
    # oldest due dates: what depends only on those is worked out once per refresh, by the same domain functions.
    keys: dict[tuple[str, str | None], str] = {}
    steps: dict[tuple[str, str | None], tuple[int, int]] = {}
    by_due: dict[tuple[str, date], tuple[int, LadderStep | None, bool]] = {}
    covers: dict[int, NoticeCover] = {}
    with without_cycle_collection():  # a row per overdue customer, tens of thousands on a big branch
        # Each row unpacked at once (``QueueFigures`` order) and each QueueRow made as the tuple it is: a few
        # microseconds a row, which is most of the refresh's own time at a city's branch size.
        for (cid, code, name, group, status, phone, manager, manager_name, overdue, overdue_items, oldest, open_total,
             last_contact, last_channel, promised, follow_up, promise_kept, decisions, noted, oldest_line, disputed,
             largest_line) in uow.collection.queue(as_of, manager_id=manager_id, customer_id=customer_id,
                                                   oldest_line=ladders_by_line(ladders)):
            key = keys.get((group, oldest_line))
            if key is None:
                key = keys[group, oldest_line] = ladder_key_for(group, oldest_line, ladders)
            ladder = ladders[key]
            decided = steps.get((key, decisions))
            if decided is None:
                decided = steps[key, decisions] = _steps_decided(decisions, positions[key])
            due = by_due.get((key, oldest))
            if due is None:
                days = days_overdue(oldest, as_of)
                due = by_due[key, oldest] = (days, proposed_step(ladder, days), over_six_months(oldest, as_of))
            days, proposed, long_over = due
            broken = promise_broken(promised, promise_kept, as_of)
            notice = covering.get(cid)
            if notice is not None:
                cover = NoticeCover(overdue_items, *notice)
            else:
                cover = covers.get(overdue_items)
                if cover is None:
                    cover = covers[overdue_items] = NoticeCover(overdue_items)
            rows.append(_new_row(QueueRow, (
                cid, code, name, group, status, mask(phone) if masked else phone, manager, manager_name, overdue,
                overdue_items, oldest, days, open_total, disputed, last_contact, last_channel, promised, broken,
                follow_up, ladder, proposed, *decided,
                cid in flagged if per_line else largest_line_over_limit(largest_line, limits),
                long_over, long_over if noted is None else investigation_due(oldest, as_of, noted), cover,
                promise_kept)))
            order.append(queue_urgency(QueueFacts(overdue, days, promised, not broken, follow_up), as_of))
        ranked = sorted(range(len(rows)), key=order.__getitem__)
    return [rows[n] for n in ranked]


def overdue_queue(desk: Desk, actor: Actor, *, as_of: date | None = None,
                  manager_id: int | None = None) -> list[QueueRow]:
    """催缴工作台: a counter clerk sees the customers they manage; a head and the back office see the
    whole branch (optionally one account manager's)."""
    as_of = as_of or desk.clock.today()
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        return queue_rows(uow, as_of, manager_id=manager_scope(actor, manager_id))


def customers_at_step(desk: Desk, actor: Actor, step: int, *, as_of: date | None = None) -> list[int]:
    """Everyone whose ladder has reached ``step`` exactly (for a batch of notices)."""
    rows = overdue_queue(desk, actor, as_of=as_of)
    return [r.customer_id for r in rows if r.proposed is not None and r.proposed.number == step]


# -- escalation --------------------------------------------------------------------------------------

_HEAD_ACTIONS = {StepAction.SUSPEND, StepAction.BLACKLIST, StepAction.LEGAL}


def decide_step(desk: Desk, actor: Actor, customer_id: int, step: int, *, confirm: bool = True,
                note: str = "") -> None:
    """A person confirms (or declines, with a reason) a proposed ladder step; never done silently.

    Confirming 暂停 suspends the customer's credit; confirming 黑名单 ends the agreement and
    blacklists the customer; both need a branch head (or marketing)."""
    if not confirm and not note.strip():
        raise DomainError("escalation.decline_reason")
    today = desk.clock.today()
    with desk.use_case(actor, Permission.RECORD_COLLECTION) as uow:
        customer = uow.session.get(Customer, customer_id)
        if customer is None:
            raise DomainError("customer.not_found", ref=customer_id)
        row = next(iter(queue_rows(uow, today, customer_id=customer_id)), None)
        proposed = None if row is None else row.proposed
        decided = 0 if row is None else row.decided_step
        if proposed is None or not decided < step <= proposed.number:
            raise DomainError("escalation.not_proposed", name=customer.name, step=step,
                              proposed=Words("无", "none") if proposed is None or proposed.number <= decided
                              else Words(f"第 {proposed.number} 步 {proposed.action.words.zh}",
                                         f"step {proposed.number}, {proposed.action.words.en}"))
        ladder_step = row.ladder[step - 1]
        if ladder_step.action in _HEAD_ACTIONS:
            try:
                authorize(uow.session, actor, Permission.CHANGE_CUSTOMER_STATUS)
            except DomainError:
                raise DomainError("escalation.needs_head", action=ladder_step.action.words) from None
        if confirm and ladder_step.action in SANCTIONS:
            refuse_sanction_before_notice(customer.name, ladder_step.action.words, row.notice_cover, today)
        reason = note.strip() or escalation_step(step, ladder_step.action, row.days_overdue)
        if confirm:
            status_action = {StepAction.SUSPEND: StatusAction.SUSPEND,
                             StepAction.BLACKLIST: StatusAction.BLACKLIST}.get(ladder_step.action)
            if status_action is not None and customer.status in STATUS_TRANSITIONS[status_action][0]:
                apply_status_action(uow, customer, status_action, reason)
        escalation = Escalation(
            site_id=uow.site_id, customer_id=customer_id, step=step, action=ladder_step.action.value,
            decision="confirmed" if confirm else "declined", days_overdue=row.days_overdue,
            overdue_amount=row.overdue, note=note.strip(), decided_by_id=actor.user_id, decided_on=today,
            decided_at=desk.clock.now())
        uow.session.add(escalation)
        uow.session.flush()
        uow.collection.keep_state(customer_id)
        uow.audit("collection.escalate" if confirm else "collection.escalation_declined", "escalation",
                  escalation.id, customer_id=customer_id,
                  after={"step": step, "action": ladder_step.action.value, "days_overdue": row.days_overdue,
                         "overdue": row.overdue, "note": note.strip()})
        uow.commit()


# -- reminders before the due date and 预存款预警 ---------------------------------------------------------

# 到期提醒 (telecom 7.2, 8): a customer who asked to be reminded, and what falls due soon (the repository's row).
DueSoon = DueSoonRow


@dataclass(frozen=True, slots=True)
class LowCredit:
    """预存款预警 (telecom 7.1): credit held below the threshold share of the typical monthly arrears."""
    customer_id: int
    code: str
    name: str
    phone: str
    manager: str
    credit: int
    monthly: int       # typical monthly arrears (the last three months' average), fen


def manager_scope(actor: Actor, manager_id: int | None = None) -> int | None:
    """Whose customers (and entries) ``actor`` works on: a counter clerk (客户经理) their own; a branch head
    and the back office the whole branch, or the one account manager they ask for (None: everyone's)."""
    return actor.user_id if actor.role == Role.COUNTER else manager_id


def due_reminders(desk: Desk, actor: Actor, *, manager_id: int | None = None) -> list[DueSoon]:
    """Customers who want reminders, with their open items falling due within ``collection.reminder_days``."""
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        first, last = reminder_window(desk.clock.today(), int(get_setting(uow, "collection.reminder_days")))
        shown = (lambda phone: phone) if sees_personal_data(actor.role) else mask
        return [r._replace(phone=shown(r.phone))
                for r in uow.collection.due_soon(first, last, manager_id=manager_scope(actor, manager_id))]


def low_credit(desk: Desk, actor: Actor, *, manager_id: int | None = None) -> list[LowCredit]:
    """Customers whose 预存款 runs low (app.domain.collection.credit_running_low), least cover first."""
    today = desk.clock.today()
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        percent = int(get_setting(uow, "collection.low_credit_percent"))
        shown = (lambda phone: phone) if sees_personal_data(actor.role) else mask
        rows = []
        for r in uow.collection.credit_holders(typical_months_start(today), manager_id=manager_scope(actor, manager_id)):
            monthly = typical_monthly_arrears(r.recorded_since)
            if credit_running_low(r.credit, monthly, percent):
                rows.append(LowCredit(r.customer_id, r.code, r.name, shown(r.phone), r.manager, r.credit, monthly))
        rows.sort(key=lambda r: (r.credit * 1000 // r.monthly, r.name))
        return rows


def set_wants_reminders(desk: Desk, actor: Actor, customer_id: int, wanted: bool) -> None:
    """到期提醒: the customer asks (or no longer asks) to be reminded before its items fall due."""
    with desk.use_case(actor, Permission.REGISTER_CUSTOMER) as uow:
        customer = uow.session.get(Customer, customer_id)
        if customer is None:
            raise DomainError("customer.not_found", ref=customer_id)
        before = bool(customer.wants_reminders)
        customer.wants_reminders = bool(wanted)
        uow.audit("customer.reminders", "customer", customer_id, customer_id=customer_id,
                  before={"wants_reminders": before}, after={"wants_reminders": bool(wanted)})
        uow.commit()


# -- collection records ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ContactInput:
    """催收记录: one contact with the customer."""
    customer_id: int
    contacted_on: date
    channel: str
    result: str
    promised_on: date | None = None
    promised_amount: int | None = None
    next_follow_up: date | None = None
    handler_id: int | None = None     # who made the contact; the signed-in user when None
    corrects_id: int | None = None    # a correction points at the record it corrects


def record_contact(desk: Desk, actor: Actor, data: ContactInput) -> int:
    with desk.use_case(actor, Permission.RECORD_COLLECTION) as uow:
        record = add_contact(uow, data)
        uow.commit()
        return record.id


def add_contact(uow: UnitOfWork, data: ContactInput, *, notice_id: int | None = None,
                note: Note | None = None, keep_state: bool = True) -> CollectionRecord:
    """``note``: a result the program writes itself (a notice sent, a reply received), kept as a record
    (app.domain.notes) and its Chinese sentence; ``data.result`` is then not used. ``keep_state`` False: the
    caller brings the customer's kept collection state up to date itself before it commits (a batch, for all of
    its customers at once)."""
    today = uow.desk.clock.today()
    if note is not None:
        data = replace(data, result=note.words.zh)
    if data.channel not in Channel.__members__.values():
        raise DomainError("collection.bad_channel", channel=data.channel)
    if not data.result.strip():
        raise DomainError("collection.result_required")
    if data.contacted_on > today:
        raise DomainError("date.in_future", field=Words("催收日期", "The contact date"), date=data.contacted_on,
                          today=today)
    if data.promised_on is not None and data.promised_on < data.contacted_on:
        raise DomainError("collection.promise_past", date=data.promised_on, contacted=data.contacted_on)
    if data.next_follow_up is not None and data.next_follow_up < data.contacted_on:
        raise DomainError("collection.follow_up_past", date=data.next_follow_up, contacted=data.contacted_on)
    if data.promised_amount is not None:
        require_fen(data.promised_amount, "promised_amount")
    customer = uow.session.get(Customer, data.customer_id)
    if customer is None:
        raise DomainError("customer.not_found", ref=data.customer_id)
    handler_id = data.handler_id or uow.actor.user_id
    if uow.session.get(User, handler_id) is None:
        raise DomainError("user.not_found", ref=handler_id)
    if data.corrects_id is not None:
        corrected = uow.session.get(CollectionRecord, data.corrects_id)
        if corrected is None or corrected.customer_id != customer.id:
            raise DomainError("collection.record_not_found", ref=data.corrects_id)
    record = CollectionRecord(
        site_id=uow.site_id, customer_id=customer.id, contacted_on=data.contacted_on, channel=data.channel,
        handler_id=handler_id, result=data.result.strip(), promised_on=data.promised_on,
        promised_amount=data.promised_amount, next_follow_up=data.next_follow_up, notice_id=notice_id,
        corrects_id=data.corrects_id, recorded_by_id=uow.actor.user_id, recorded_at=uow.desk.clock.now(),
        result_code=None if note is None else note.stored())
    uow.session.add(record)
    uow.session.flush()
    if keep_state:
        uow.collection.keep_state(customer.id)
    uow.audit("collection.contact", "collection_record", record.id, customer_id=customer.id, after={
        "contacted_on": data.contacted_on, "channel": data.channel, "result": record.result,
        "promised_on": data.promised_on, "promised_amount": data.promised_amount,
        "next_follow_up": data.next_follow_up, "handler_id": handler_id, "corrects_id": data.corrects_id,
        "notice_id": notice_id, **({} if note is None else {"result_code": json.loads(note.stored())})})
    return record


# -- disputes and investigations ---------------------------------------------------------------------

def raise_dispute(desk: Desk, actor: Actor, item_id: int, reason: str) -> int:
    """有异议: the item stays in the ledger and leaves escalation until the dispute is settled."""
    if not reason.strip():
        raise DomainError("dispute.reason")
    with desk.use_case(actor, Permission.RECORD_COLLECTION) as uow:
        item = uow.session.get(ArrearsItem, item_id)
        if item is None:
            raise DomainError("item.not_found", ref=item_id)
        if uow.collection.open_dispute_id(item_id) is not None:
            raise DomainError("dispute.open_exists", ref=item.voucher_no)
        dispute = Dispute(site_id=uow.site_id, arrears_item_id=item_id, customer_id=item.customer_id,
                          raised_on=desk.clock.today(), reason=reason.strip(), raised_by_id=actor.user_id,
                          created_at=desk.clock.now())
        uow.session.add(dispute)
        uow.session.flush()
        uow.audit("collection.dispute", "dispute", dispute.id, customer_id=item.customer_id,
                  after={"item_id": item_id, "voucher_no": item.voucher_no, "reason": reason.strip()})
        uow.commit()
        return dispute.id


def settle_dispute(desk: Desk, actor: Actor, dispute_id: int, outcome: str) -> None:
    """异议处理完毕: the item (if still open) is escalated again. A wrong item is corrected by a
    reversal, separately."""
    if not outcome.strip():
        raise DomainError("dispute.outcome")
    with desk.use_case(actor, Permission.RECORD_COLLECTION) as uow:
        dispute = uow.session.get(Dispute, dispute_id)
        if dispute is None or uow.collection.dispute_settled(dispute_id):
            raise DomainError("dispute.not_found", ref=dispute_id)
        settlement = DisputeSettlement(site_id=uow.site_id, dispute_id=dispute_id, settled_on=desk.clock.today(),
                                       outcome=outcome.strip(), settled_by_id=actor.user_id,
                                       created_at=desk.clock.now())
        uow.session.add(settlement)
        uow.session.flush()
        uow.audit("collection.dispute_settled", "dispute", dispute_id, customer_id=dispute.customer_id,
                  after={"item_id": dispute.arrears_item_id, "outcome": outcome.strip()})
        uow.commit()


def note_investigation(desk: Desk, actor: Actor, customer_id: int, cause: str) -> int:
    """逾期六个月以上: the cause found (postal 18(一)); clears the 需调查 flag."""
    if not cause.strip():
        raise DomainError("investigation.cause")
    with desk.use_case(actor, Permission.RECORD_COLLECTION) as uow:
        if uow.session.get(Customer, customer_id) is None:
            raise DomainError("customer.not_found", ref=customer_id)
        note = Investigation(site_id=uow.site_id, customer_id=customer_id, noted_on=desk.clock.today(),
                             cause=cause.strip(), noted_by_id=actor.user_id, created_at=desk.clock.now())
        uow.session.add(note)
        uow.session.flush()
        uow.collection.keep_state(customer_id)
        uow.audit("collection.investigation", "investigation", note.id, customer_id=customer_id,
                  after={"cause": cause.strip()})
        uow.commit()
        return note.id


def set_late_fee(desk: Desk, actor: Actor, customer_id: int, enabled: bool) -> None:
    """违约金 on or off for the customer's current agreement (off by default); marketing decides."""
    with desk.use_case(actor, Permission.APPROVE_CREDIT) as uow:
        customer = uow.session.get(Customer, customer_id)
        agreement = None if customer is None else current_agreement(uow, customer_id)
        if agreement is None:
            raise DomainError("customer.no_agreement", name=customer.name if customer else customer_id,
                              date=desk.clock.today())
        before = agreement.late_fee_enabled
        agreement.late_fee_enabled = bool(enabled)
        uow.audit("agreement.late_fee", "agreement", agreement.id, customer_id=customer_id,
                  before={"late_fee_enabled": before}, after={"late_fee_enabled": bool(enabled)})
        uow.commit()


# -- the customer's collection file (催收档案) ------------------------------------------------------





@dataclass(frozen=True, slots=True)
class NoticeEntry:
    number: str
    kind: str
    as_of: date
    total: int
    issued_by: str
    reply: Words | None      # 无异议 / 有异议 and the date, once the slip came back


@dataclass(frozen=True, slots=True)
class OverdueItemEntry:
    item_id: int
    voucher_no: str
    business_line: str
    business_date: date
    due_date: date
    amount: int
    open_amount: int
    days_overdue: int
    dispute_id: int | None
    dispute_reason: str


@dataclass(frozen=True, slots=True)
class CollectionFile:
    customer_id: int
    name: str
    status: str
    items: list[OverdueItemEntry]
    contacts: list[ContactRow]
    escalations: list[EscalationRow]
    notices: list[NoticeEntry]
    investigations: list[tuple[date, str, str]]   # noted on, cause, by


def _reply(answer: ReplyAnswer, received_on: date) -> Words:
    return Words(f"{answer.words.zh} {received_on}", f"{answer.words.en} {received_on}")


def collection_file(desk: Desk, actor: Actor, customer_id: int, *, as_of: date | None = None) -> CollectionFile:
    """Everything done to collect from one customer, newest first, and its open items (disputed marked).
    Marketing reads this before giving a blacklisted customer a new agreement."""
    as_of = as_of or desk.clock.today()
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        customer = uow.session.get(Customer, customer_id)
        if customer is None:
            raise DomainError("customer.not_found", ref=customer_id)
        items = [OverdueItemEntry(r.item_id, r.voucher_no, r.business_line, r.business_date, r.due_date, r.amount,
                                  r.open_amount, days_overdue(r.due_date, as_of), r.dispute_id, r.dispute_reason or "")
                 for r in uow.collection.open_items(customer_id)]
        contacts = uow.collection.contacts(customer_id)
        escalations = uow.collection.escalations(customer_id)
        notices = [NoticeEntry(r.number, r.kind, r.as_of, r.total, r.issued_by,
                               None if r.answer is None else _reply(ReplyAnswer(r.answer), r.received_on))
                   for r in uow.collection.notices(customer_id)]
        return CollectionFile(customer_id, customer.name, customer.status, items, contacts, escalations, notices,
                              uow.collection.investigations(customer_id))
