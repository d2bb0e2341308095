"""今日: what a counter clerk or a branch head opens the day with. Today's takings (收款, by payment
method) and the arrears keyed in today; the follow-ups due (承诺付款日, 催缴步骤 to confirm, 下次跟进,
到期提醒, 预存款预警: taken from the collection desk's own lists, never worked out a second time); the
customers waiting for their credit approval.

Scope is the collection desk's (``manager_scope``): a clerk sees the entries they keyed in and the
customers they look after; a head (and the back office) the whole branch. Entries count by the day they
were keyed in (the posting day), so a bank transfer of yesterday entered this morning is in today's takings.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.collection import LadderStep, follow_up_due, promise_broken, promise_due
from app.domain.roles import Permission
from app.domain.words import Words
from app.services.collection import QueueRow, due_reminders, low_credit, manager_scope, overdue_queue
from app.services.context import Actor, Desk
from db.today import ItemRow, MethodRow, ReceiptRow, WaitingRow

LIST_LIMIT = 1000  # entries listed (newest first); the totals count them all


@dataclass(frozen=True, slots=True)
class CounterDay:
    """今日收款 and 今日欠费 of the actor's scope, and who waits for approval."""
    day: date
    own: bool                       # a clerk's own entries and customers (False: the whole branch)
    by_method: list[MethodRow]      # biggest first
    receipts: list[ReceiptRow]      # newest first, at most LIST_LIMIT
    items_count: int
    items_amount: int
    items: list[ItemRow]            # newest first, at most LIST_LIMIT
    waiting: list[WaitingRow]       # pending applications, then customers without a code

    @property
    def receipts_count(self) -> int:
        return sum(m.count for m in self.by_method)

    @property
    def receipts_amount(self) -> int:
        return sum(m.amount for m in self.by_method)


def counter_day(desk: Desk, actor: Actor) -> CounterDay:
    today = desk.clock.today()
    keyed_by = manager_scope(actor)
    with desk.query(actor, Permission.VIEW_LEDGER) as uow:
        book = uow.today
        count, amount = book.items_total(today, keyed_by=keyed_by)
        return CounterDay(today, keyed_by is not None, book.receipts_by_method(today, keyed_by=keyed_by),
                          book.receipts(today, keyed_by=keyed_by, limit=LIST_LIMIT), count, amount,
                          book.items(today, keyed_by=keyed_by, limit=LIST_LIMIT),
                          book.waiting_for_approval(manager_id=keyed_by))


class FollowUpKind(StrEnum):
    """What is due, in the order a clerk works it."""
    PROMISE_BROKEN = "promise_broken"    # 承诺付款日已过
    PROMISE_DUE = "promise_due"          # 承诺今日付款
    STEP = "step"                        # 催缴步骤待确认
    FOLLOW_UP = "follow_up"              # 下次跟进日已到
    REMINDER = "reminder"                # 到期提醒 to send
    LOW_CREDIT = "low_credit"            # 预存款预警


_ORDER = {kind: n for n, kind in enumerate(FollowUpKind)}


@dataclass(frozen=True, slots=True)
class FollowUp:
    kind: FollowUpKind
    customer_id: int
    code: str
    name: str
    phone: str
    manager: str
    amount: int               # overdue (queue kinds), falling due (reminder), credit held (low credit), fen
    on: date | None           # the date promised, the follow-up date, the first due date
    step: LadderStep | None = None
    waits: Words | None = None      # why the step may not be confirmed yet (the written notice first)
    queue_row: QueueRow | None = None


@dataclass(frozen=True, slots=True)
class FollowUps:
    day: date
    own: bool
    rows: list[FollowUp]

    def count(self, kind: FollowUpKind) -> int:
        return sum(1 for r in self.rows if r.kind is kind)

    @property
    def customers(self) -> int:
        return len({r.customer_id for r in self.rows})


def follow_ups(desk: Desk, actor: Actor) -> FollowUps:
    """The collection desk's lists as of today, cut to what is due today: one row per customer and thing
    to do, in the order of ``FollowUpKind``, then as the queue orders them (most urgent first)."""
    today = desk.clock.today()
    rows: list[FollowUp] = []
    for q in overdue_queue(desk, actor, as_of=today):
        common = (q.customer_id, q.code, q.name, q.phone, q.manager, q.overdue)
        if promise_broken(q.promised_on, q.promise_kept, today):
            rows.append(FollowUp(FollowUpKind.PROMISE_BROKEN, *common, q.promised_on, queue_row=q))
        elif promise_due(q.promised_on, q.promise_kept, today):
            rows.append(FollowUp(FollowUpKind.PROMISE_DUE, *common, q.promised_on, queue_row=q))
        if q.pending_step is not None:
            rows.append(FollowUp(FollowUpKind.STEP, *common, None, q.pending_step, q.pending_refusal(today), q))
        if follow_up_due(q.next_follow_up, today):
            rows.append(FollowUp(FollowUpKind.FOLLOW_UP, *common, q.next_follow_up, queue_row=q))
    rows.extend(FollowUp(FollowUpKind.REMINDER, r.customer_id, r.code, r.name, r.phone, r.manager, r.amount,
                         r.first_due) for r in due_reminders(desk, actor))
    rows.extend(FollowUp(FollowUpKind.LOW_CREDIT, r.customer_id, r.code, r.name, r.phone, r.manager, r.credit, None)
                for r in low_credit(desk, actor))
    rows.sort(key=lambda r: _ORDER[r.kind])  # stable: each list keeps its own order
    return FollowUps(today, manager_scope(actor) is not None, rows)
