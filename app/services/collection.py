"""催缴 (postal 17-18; telecom 7): the overdue work queue, escalation decisions, collection records
(催收记录), disputes (有异议), investigation notes for items over six months, late-fee switches.

Open amounts are today's maintained balances, or for a past ``as_of`` the ledger replayed to that day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from app.domain.collection import (
    Channel, LadderStep, QueueFacts, StepAction, days_overdue, ladder_from_setting, ladder_key_for,
    over_six_months, proposed_step, queue_urgency,
)
from app.domain.customers import STATUS_TRANSITIONS, StatusAction
from app.domain.errors import DomainError
from app.domain.periods import add_months
from app.domain.roles import Permission, Role
from app.services.context import Actor, Desk, UnitOfWork, authorize
from app.services.customers import apply_status_action, current_agreement
from app.services.settings import get_setting
from db.queries import ITEM_OPEN_AS_OF
from db.models import (
    ArrearsItem, CollectionRecord, Customer, Dispute, DisputeSettlement, Escalation, Investigation, User,
)

DISPUTED_ITEMS = """
SELECT d.arrears_item_id FROM disputes d
WHERE NOT EXISTS (SELECT 1 FROM dispute_settlements s WHERE s.dispute_id = d.id)
"""

# One row per customer with undisputed overdue items: the figures the queue sorts and flags by.
QUEUE_SQL = f"""
WITH od AS (
    -- One MIN() and no MAX(): SQLite takes the bare business_line_id from the row holding the minimum.
    SELECT i.customer_id, SUM(i.open_amount) AS overdue, COUNT(*) AS items, MIN(i.due_date) AS oldest_due,
           i.business_line_id AS oldest_line_id
    FROM item_balances i
    WHERE i.open_amount > 0 AND i.due_date < :as_of AND i.item_id NOT IN ({DISPUTED_ITEMS})
      AND (:customer_id IS NULL OR i.customer_id = :customer_id)
    GROUP BY i.customer_id
), disputed_open AS (
    SELECT b.customer_id, SUM(b.open_amount) AS disputed
    FROM disputes d JOIN item_balances b ON b.item_id = d.arrears_item_id
    WHERE b.open_amount > 0 AND NOT EXISTS (SELECT 1 FROM dispute_settlements s WHERE s.dispute_id = d.id)
    GROUP BY b.customer_id
), latest AS (
    SELECT od.customer_id,
           (SELECT r.id FROM collection_records r WHERE r.customer_id = od.customer_id
            ORDER BY r.contacted_on DESC, r.id DESC LIMIT 1) AS record_id
    FROM od
)
SELECT c.id, COALESCE(c.code, ''), c.name, c.customer_group, c.status, c.phone, c.account_manager_id,
       u.display_name, od.overdue, od.items, od.oldest_due, b.open_total,
       r.contacted_on, r.channel, r.promised_on, r.next_follow_up,
       CASE WHEN r.promised_on IS NULL THEN 0 ELSE EXISTS (
            SELECT 1 FROM repayments p WHERE p.customer_id = c.id
              AND p.paid_on >= r.contacted_on AND p.paid_on <= r.promised_on
              AND NOT EXISTS (SELECT 1 FROM reversals x WHERE x.repayment_id = p.id)) END,
       (SELECT group_concat(e.action) FROM escalations e WHERE e.customer_id = c.id
          AND e.decided_on > od.oldest_due),
       (SELECT group_concat(e.action) FROM escalations e WHERE e.customer_id = c.id
          AND e.decided_on > od.oldest_due AND e.decision = 'confirmed'),
       (SELECT MAX(v.noted_on) FROM investigations v WHERE v.customer_id = c.id),
       (SELECT bl.code FROM business_lines bl WHERE bl.id = od.oldest_line_id),
       COALESCE(dp.disputed, 0)
FROM od
JOIN customers c ON c.id = od.customer_id
JOIN customer_balances b ON b.customer_id = c.id
JOIN users u ON u.id = c.account_manager_id
LEFT JOIN disputed_open dp ON dp.customer_id = od.customer_id
LEFT JOIN latest ON latest.customer_id = od.customer_id
LEFT JOIN collection_records r ON r.id = latest.record_id
WHERE (:manager_id IS NULL OR c.account_manager_id = :manager_id)
"""

# Overdue per customer and business line, for the manual-intervention threshold (人工干预限额).
OVERDUE_BY_LINE_SQL = f"""
SELECT i.customer_id, bl.code, SUM(i.open_amount)
FROM item_balances i JOIN business_lines bl ON bl.id = i.business_line_id
WHERE i.open_amount > 0 AND i.due_date < :as_of AND i.item_id NOT IN ({DISPUTED_ITEMS})
  AND (:customer_id IS NULL OR i.customer_id = :customer_id)
GROUP BY i.customer_id, i.business_line_id
"""


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One overdue customer in the collection work queue."""
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

    @property
    def pending_step(self) -> LadderStep | None:
        """The ladder step waiting for a person to confirm or decline."""
        if self.proposed is not None and self.proposed.number > self.decided_step:
            return self.proposed
        return None


def _ladders(uow: UnitOfWork) -> dict[str, tuple[LadderStep, ...]]:
    raw = get_setting(uow, "collection.ladders")
    return {key: ladder_from_setting(value) for key, value in raw.items()}


def _d(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def balances_as_of(uow: UnitOfWork, as_of: date) -> str:
    """The table of open amounts to read: the maintained ``item_balances`` for today, or for a past date
    a temporary table replayed from the entries (``ITEM_OPEN_AS_OF``), indexed like the real one."""
    if as_of >= uow.desk.clock.today():
        return "item_balances"
    con = uow.session.connection().connection.driver_connection
    con.execute("DROP TABLE IF EXISTS temp.balances_as_of")
    con.execute(f"CREATE TEMP TABLE balances_as_of AS {ITEM_OPEN_AS_OF}", {"as_of": as_of.isoformat()})
    con.execute("CREATE INDEX temp.ix_balances_as_of ON balances_as_of (customer_id, due_date)")
    return "temp.balances_as_of"


def queue_rows(uow: UnitOfWork, as_of: date, *, manager_id: int | None = None,
               customer_id: int | None = None) -> list[QueueRow]:
    """The queue inside an open unit of work, in the default order (see ``queue_urgency``)."""
    ladders = _ladders(uow)
    limits: dict[str, int] = get_setting(uow, "collection.intervention_limits")
    params = {"as_of": as_of.isoformat(), "manager_id": manager_id, "customer_id": customer_id}
    con = uow.session.connection().connection.driver_connection
    table = balances_as_of(uow, as_of)
    queue_sql, by_line_sql = QUEUE_SQL, OVERDUE_BY_LINE_SQL
    if table != "item_balances":
        queue_sql = queue_sql.replace("b.open_total", f"(SELECT SUM(x.open_amount) FROM {table} x "
                                                       f"WHERE x.customer_id = c.id AND x.open_amount > 0)")
        queue_sql, by_line_sql = queue_sql.replace("item_balances", table), by_line_sql.replace("item_balances", table)
    # Decisions are kept by action, not by position: a ladder edited since (a step dropped, another
    # ladder applying) still knows which of its steps were decided.
    positions = {key: {step.action.value: step.number for step in ladder} for key, ladder in ladders.items()}
    flagged = {cid for cid, line, amount in con.execute(by_line_sql, params)
               if amount > limits.get(line, limits.get("default", 1_000_000))}
    rows = []
    for (cid, code, name, group, status, phone, manager_id_, manager, overdue, count, oldest_due, open_total,
         contacted_on, channel, promised_on, next_follow_up, promise_kept, decided, confirmed, investigated_on,
         oldest_line, disputed) in con.execute(queue_sql, params):
        oldest = date.fromisoformat(oldest_due)
        key = ladder_key_for(group, oldest_line, ladders)
        ladder, position = ladders[key], positions[key]
        decided = max((position.get(a, 0) for a in (decided or "").split(",") if a), default=0)
        confirmed = max((position.get(a, 0) for a in (confirmed or "").split(",") if a), default=0)
        days = days_overdue(oldest, as_of)
        promised = _d(promised_on)
        six = over_six_months(oldest, as_of)
        noted = _d(investigated_on)
        rows.append(QueueRow(
            cid, code, name, group, status, phone, manager_id_, manager, overdue, count, oldest, days, open_total,
            disputed, _d(contacted_on), channel, promised,
            promised is not None and promised < as_of and not promise_kept, _d(next_follow_up), ladder,
            proposed_step(ladder, days), decided, confirmed, cid in flagged, six,
            six and (noted is None or noted <= add_months(oldest, 6))))
    rows.sort(key=lambda r: queue_urgency(
        QueueFacts(r.overdue, r.days_overdue, r.promised_on, not r.promise_broken, r.next_follow_up), as_of))
    return rows


def overdue_queue(desk: Desk, actor: Actor, *, as_of: date | None = None,
                  manager_id: int | None = None) -> list[QueueRow]:
    """催缴工作台: a counter clerk sees the customers they manage; a head and the back office see the
    whole branch (optionally one account manager's)."""
    as_of = as_of or desk.clock.today()
    if actor.role == Role.COUNTER:
        manager_id = actor.user_id
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        return queue_rows(uow, as_of, manager_id=manager_id)


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
                              proposed="无" if proposed is None or proposed.number <= decided
                              else f"第 {proposed.number} 步 {proposed.action.label_zh}")
        ladder_step = row.ladder[step - 1]
        if ladder_step.action in _HEAD_ACTIONS:
            try:
                authorize(uow.session, actor, Permission.CHANGE_CUSTOMER_STATUS)
            except DomainError:
                raise DomainError("escalation.needs_head", action=ladder_step.action.label_zh) from None
        reason = note.strip() or f"催缴升级第 {step} 步：{ladder_step.action.label_zh}（逾期 {row.days_overdue} 天）"
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
        uow.audit("collection.escalate" if confirm else "collection.escalation_declined", "escalation",
                  escalation.id, customer_id=customer_id,
                  after={"step": step, "action": ladder_step.action.value, "days_overdue": row.days_overdue,
                         "overdue": row.overdue, "note": note.strip()})
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


def add_contact(uow: UnitOfWork, data: ContactInput, *, notice_id: int | None = None) -> CollectionRecord:
    today = uow.desk.clock.today()
    if data.channel not in Channel.__members__.values():
        raise DomainError("collection.bad_channel", channel=data.channel)
    if not data.result.strip():
        raise DomainError("collection.result_required")
    if data.contacted_on > today:
        raise DomainError("date.in_future", field="催收日期", date=data.contacted_on, today=today)
    if data.promised_on is not None and data.promised_on < data.contacted_on:
        raise DomainError("collection.promise_past", date=data.promised_on, contacted=data.contacted_on)
    if data.next_follow_up is not None and data.next_follow_up < data.contacted_on:
        raise DomainError("collection.follow_up_past", date=data.next_follow_up, contacted=data.contacted_on)
    if data.promised_amount is not None and (not isinstance(data.promised_amount, int)
                                             or isinstance(data.promised_amount, bool) or data.promised_amount <= 0):
        raise DomainError("amount.not_positive", text=str(data.promised_amount))
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
        corrects_id=data.corrects_id, recorded_by_id=uow.actor.user_id, recorded_at=uow.desk.clock.now())
    uow.session.add(record)
    uow.session.flush()
    uow.audit("collection.contact", "collection_record", record.id, customer_id=customer.id, after={
        "contacted_on": data.contacted_on, "channel": data.channel, "result": record.result,
        "promised_on": data.promised_on, "promised_amount": data.promised_amount,
        "next_follow_up": data.next_follow_up, "handler_id": handler_id, "corrects_id": data.corrects_id,
        "notice_id": notice_id})
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
        if open_dispute_id(uow, item_id) is not None:
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
        settled = uow.session.scalar(select(DisputeSettlement.id).where(DisputeSettlement.dispute_id == dispute_id))
        if dispute is None or settled is not None:
            raise DomainError("dispute.not_found", ref=dispute_id)
        settlement = DisputeSettlement(site_id=uow.site_id, dispute_id=dispute_id, settled_on=desk.clock.today(),
                                       outcome=outcome.strip(), settled_by_id=actor.user_id,
                                       created_at=desk.clock.now())
        uow.session.add(settlement)
        uow.session.flush()
        uow.audit("collection.dispute_settled", "dispute", dispute_id, customer_id=dispute.customer_id,
                  after={"item_id": dispute.arrears_item_id, "outcome": outcome.strip()})
        uow.commit()


def open_dispute_id(uow: UnitOfWork, item_id: int) -> int | None:
    return uow.session.scalar(select(Dispute.id).where(
        Dispute.arrears_item_id == item_id,
        ~select(DisputeSettlement.id).where(DisputeSettlement.dispute_id == Dispute.id).exists()))


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
class ContactEntry:
    record_id: int
    contacted_on: date
    channel: str
    handler: str
    result: str
    promised_on: date | None
    promised_amount: int | None
    next_follow_up: date | None
    notice_number: str | None
    corrects_id: int | None


@dataclass(frozen=True, slots=True)
class EscalationEntry:
    decided_on: date
    step: int
    action: str
    decision: str
    days_overdue: int
    overdue_amount: int
    decided_by: str
    note: str


@dataclass(frozen=True, slots=True)
class NoticeEntry:
    number: str
    kind: str
    as_of: date
    total: int
    issued_by: str
    reply: str | None        # 无异议 / 有异议 and the date, once the slip came back


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
    contacts: list[ContactEntry]
    escalations: list[EscalationEntry]
    notices: list[NoticeEntry]
    investigations: list[tuple[date, str, str]]   # noted on, cause, by


def collection_file(desk: Desk, actor: Actor, customer_id: int, *, as_of: date | None = None) -> CollectionFile:
    """Everything done to collect from one customer, newest first, and its open items (disputed marked).
    Marketing reads this before giving a blacklisted customer a new agreement."""
    as_of = as_of or desk.clock.today()
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        customer = uow.session.get(Customer, customer_id)
        if customer is None:
            raise DomainError("customer.not_found", ref=customer_id)
        con = uow.session.connection().connection.driver_connection
        items = [OverdueItemEntry(iid, voucher, line, date.fromisoformat(bd), date.fromisoformat(due), amount,
                                  open_, days_overdue(date.fromisoformat(due), as_of), did, reason or "")
                 for iid, voucher, line, bd, due, amount, open_, did, reason in con.execute("""
            SELECT i.id, i.voucher_no, bl.name, i.business_date, i.due_date, i.amount, b.open_amount, d.id, d.reason
            FROM item_balances b JOIN arrears_items i ON i.id = b.item_id
            JOIN business_lines bl ON bl.id = i.business_line_id
            LEFT JOIN disputes d ON d.arrears_item_id = i.id AND NOT EXISTS (SELECT 1 FROM dispute_settlements s WHERE s.dispute_id = d.id)
            WHERE b.customer_id = ? AND b.open_amount > 0
            ORDER BY i.business_date, i.id""", (customer_id,))]
        contacts = [ContactEntry(rid, date.fromisoformat(on), channel, who, result, _d(promised), pamount,
                                 _d(follow), number, corrects)
                    for rid, on, channel, who, result, promised, pamount, follow, number, corrects in con.execute("""
            SELECT r.id, r.contacted_on, r.channel, u.display_name, r.result, r.promised_on, r.promised_amount,
                   r.next_follow_up, n.number, r.corrects_id
            FROM collection_records r JOIN users u ON u.id = r.handler_id
            LEFT JOIN notices n ON n.id = r.notice_id
            WHERE r.customer_id = ? ORDER BY r.contacted_on DESC, r.id DESC""", (customer_id,))]
        escalations = [EscalationEntry(date.fromisoformat(on), step, action, decision, days, amount, who, note)
                       for on, step, action, decision, days, amount, who, note in con.execute("""
            SELECT e.decided_on, e.step, e.action, e.decision, e.days_overdue, e.overdue_amount, u.display_name,
                   e.note
            FROM escalations e JOIN users u ON u.id = e.decided_by_id
            WHERE e.customer_id = ? ORDER BY e.decided_on DESC, e.id DESC""", (customer_id,))]
        notices = [NoticeEntry(number, kind, date.fromisoformat(as_of_), total, who,
                               None if answer is None else f"{'无异议' if answer == 'no_dispute' else '有异议'} {received}")
                   for number, kind, as_of_, total, who, answer, received in con.execute("""
            SELECT n.number, n.kind, n.as_of, n.total, u.display_name, r.answer, r.received_on
            FROM notices n JOIN users u ON u.id = n.issued_by_id
            LEFT JOIN notice_replies r ON r.id = (SELECT MAX(id) FROM notice_replies WHERE notice_id = n.id)
            WHERE n.customer_id = ? ORDER BY n.issued_at DESC, n.id DESC""", (customer_id,))]
        investigations = [(date.fromisoformat(on), cause, who) for on, cause, who in con.execute("""
            SELECT v.noted_on, v.cause, u.display_name FROM investigations v JOIN users u ON u.id = v.noted_by_id
            WHERE v.customer_id = ? ORDER BY v.noted_on DESC, v.id DESC""", (customer_id,))]
        return CollectionFile(customer_id, customer.name, customer.status, items, contacts, escalations, notices,
                              investigations)
