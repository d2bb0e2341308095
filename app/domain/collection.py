"""催缴: the escalation ladder, collection channels, late fees and the order of the work queue.

The ladder (postal 17; telecom 7) turns days overdue into a proposed step. A step is only ever a
proposal: a person confirms it (or declines it, with a reason) and that decision is recorded.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from app.domain.errors import DomainError
from app.domain.periods import add_months
from app.domain.words import Words


class StepAction(StrEnum):
    """What confirming a ladder step does besides recording it."""
    REMIND = "remind"        # 提醒 (短信/电话/邮件)
    NOTICE = "notice"        # 书面催收: issue a 催缴通知书
    SUSPEND = "suspend"      # 暂停记欠资格
    BLACKLIST = "blacklist"  # 终止协议、列入黑名单
    LEGAL = "legal"          # 法律诉讼 / 委托催收

    @property
    def words(self) -> Words:
        return STEP_ACTION_WORDS[self]

    @property
    def label_zh(self) -> str:
        return STEP_ACTION_WORDS[self].zh


STEP_ACTION_WORDS = {
    StepAction.REMIND: Words("催缴提醒", "Reminder"),
    StepAction.NOTICE: Words("书面催缴通知", "Written notice"),
    StepAction.SUSPEND: Words("暂停记欠资格", "Suspend credit"),
    StepAction.BLACKLIST: Words("终止协议并列入黑名单", "Terminate and blacklist"),
    StepAction.LEGAL: Words("法律追缴", "Legal action"),
}


@dataclass(frozen=True, slots=True)
class LadderStep:
    number: int          # 1-based position on the ladder
    action: StepAction
    days_overdue: int    # proposed once the oldest undisputed overdue item is this many days past due


DEFAULT_LADDER: tuple[LadderStep, ...] = (
    LadderStep(1, StepAction.REMIND, 1),
    LadderStep(2, StepAction.NOTICE, 15),
    LadderStep(3, StepAction.SUSPEND, 30),
    LadderStep(4, StepAction.BLACKLIST, 90),
    LadderStep(5, StepAction.LEGAL, 180),
)


def ladder_to_setting(ladder: tuple[LadderStep, ...]) -> list[dict]:
    return [{"action": s.action.value, "days": s.days_overdue} for s in ladder]


def ladder_from_setting(raw: list[dict]) -> tuple[LadderStep, ...]:
    """A ladder from its stored form; refuses one whose days do not strictly increase."""
    try:
        steps = tuple(LadderStep(n, StepAction(entry["action"]), int(entry["days"]))
                      for n, entry in enumerate(raw, start=1))
    except (KeyError, ValueError, TypeError):
        raise DomainError("ladder.malformed", text=str(raw)) from None
    days = [s.days_overdue for s in steps]
    if not steps or days[0] < 1 or any(b <= a for a, b in zip(days, days[1:])):
        raise DomainError("ladder.malformed", text=str(raw))
    return steps


def proposed_step(ladder: tuple[LadderStep, ...], days_overdue: int) -> LadderStep | None:
    """The highest step the customer has reached, or None before the first one."""
    reached = None
    for step in ladder:
        if days_overdue >= step.days_overdue:
            reached = step
    return reached


def ladder_key_for(customer_group: str, business_line: str | None, configured: dict[str, list]) -> str:
    """Which ladder applies: the customer group's own, else the business line's, else the default.

    Keys in the ``collection.ladders`` setting are ``default``, ``group:<code>`` and ``line:<code>``."""
    if f"group:{customer_group}" in configured:
        return f"group:{customer_group}"
    if business_line is not None and f"line:{business_line}" in configured:
        return f"line:{business_line}"
    return "default"


def ladders_by_line(configured: dict[str, list]) -> bool:
    """Whether any ladder is chosen by business line (``line:<code>``): only then does the line of a customer's
    oldest overdue item matter (``ladder_key_for``)."""
    return any(key.startswith("line:") for key in configured)


class Channel(StrEnum):
    """催收方式 (telecom 7.5)."""
    PHONE = "phone"
    SMS = "sms"
    VISIT = "visit"
    LETTER = "letter"
    AGENCY = "agency"

    @property
    def words(self) -> Words:
        return CHANNEL_WORDS[self]

    @property
    def label_zh(self) -> str:
        return CHANNEL_WORDS[self].zh


CHANNEL_WORDS = {
    Channel.PHONE: Words("电话", "Phone"),
    Channel.SMS: Words("短信", "SMS"),
    Channel.VISIT: Words("上门", "Visit"),
    Channel.LETTER: Words("书面", "Written"),
    Channel.AGENCY: Words("委托催收", "Collection agency"),
}


class ReplyAnswer(StrEnum):
    """回执: what the customer ticked on the reply slip."""
    NO_DISPUTE = "no_dispute"
    DISPUTE = "dispute"

    @property
    def words(self) -> Words:
        return REPLY_WORDS[self]

    @property
    def label_zh(self) -> str:
        return REPLY_WORDS[self].zh


REPLY_WORDS = {
    ReplyAnswer.NO_DISPUTE: Words("无异议", "No dispute"),
    ReplyAnswer.DISPUTE: Words("有异议", "Disputed"),
}


def days_overdue(due_date: date, as_of: date) -> int:
    """Days past the agreed payment date; an item due today is not yet overdue."""
    return max(0, (as_of - due_date).days)


LONG_TERM_MONTHS = 3  # 短期欠费 up to three months overdue, 长期欠费 beyond


@lru_cache(maxsize=4096)  # SQL asks once per row, for a few hundred distinct days
def six_months_overdue_cutoff(as_of: date) -> date:
    """An item due before this day is 逾期六个月以上 on ``as_of``: the same day six calendar months back."""
    return add_months(as_of, -6)


def over_six_months(due_date: date, as_of: date) -> bool:
    """逾期六个月以上 (postal 18(一), 26). SQL calls this very function (``over_six_months(due, as_of)``),
    or compares ``due_date`` with ``six_months_overdue_cutoff(as_of)`` when ``as_of`` is one day."""
    return due_date < six_months_overdue_cutoff(as_of)


def long_term_cutoff(as_of: date) -> date:
    """An item due before this day is 长期欠费 on ``as_of``: the same day three calendar months back."""
    return add_months(as_of, -LONG_TERM_MONTHS)


def long_term_overdue(due_date: date, as_of: date) -> bool:
    """长期欠费: more than three months past the agreed payment date (postal 第二章; telecom 7.7); short-term
    is up to three months."""
    return due_date < long_term_cutoff(as_of)


def investigation_due(oldest_due: date, as_of: date, noted_on: date | None) -> bool:
    """逾期六个月以上 needs its cause found and noted (postal 18(一)): due while the oldest overdue item is
    over six months past due and no note was made since it became so."""
    return over_six_months(oldest_due, as_of) and (noted_on is None or not over_six_months(oldest_due, noted_on))


# 人工干预限额 (telecom 7.8): undisputed overdue arrears of one business line, in fen, above which a person
# must step in. The ``collection.intervention_limits`` setting names lines by code; ``OTHER_LINES`` covers the rest.
DEFAULT_INTERVENTION_LIMIT = 1_000_000
OTHER_LINES = "default"  # the setting's key of the limit for every business line it does not name


def intervention_limits(configured: dict[str, int] | None = None) -> dict[str, int]:
    """The limits in force: the configured ones over the default."""
    return {OTHER_LINES: DEFAULT_INTERVENTION_LIMIT} | dict(configured or {})


def over_intervention_limit(line: str, overdue: int, limits: dict[str, int]) -> bool:
    return overdue > limits.get(line, limits.get(OTHER_LINES, DEFAULT_INTERVENTION_LIMIT))


def limits_by_line(limits: dict[str, int]) -> bool:
    """Whether any business line has a 人工干预限额 of its own (else one limit holds for every line, and a
    customer is over it when its largest line is: ``largest_line_over_limit``)."""
    return any(line != OTHER_LINES for line in limits)


def largest_line_over_limit(largest_line: int, limits: dict[str, int]) -> bool:
    """With one 人工干预限额 for every business line (no line has its own: ``limits_by_line`` is False), whether a
    customer is over it: whether the undisputed overdue amount of its largest line is."""
    return over_intervention_limit(OTHER_LINES, largest_line, limits)


def late_fee(open_amount: int, due_date: date, as_of: date, *, permille_per_day: int, grace_days: int) -> int:
    """违约金: ``permille_per_day`` ‰ of the open amount for each day overdue beyond the grace days,
    in whole fen, rounded half up (integer arithmetic; no float)."""
    days = days_overdue(due_date, as_of) - grace_days
    if days <= 0 or open_amount <= 0 or permille_per_day <= 0:
        return 0
    return (open_amount * permille_per_day * days + 500) // 1000


class QueueFacts(NamedTuple):
    """What the queue knows about one overdue customer, for ordering (a tuple: the queue makes one for each
    of tens of thousands of customers, and a frozen dataclass costs several times more to build)."""
    overdue: int
    days_overdue: int
    promised_on: date | None
    promise_kept: bool
    next_follow_up: date | None


def queue_urgency(facts: QueueFacts, as_of: date) -> tuple:
    """Default order of the work queue: broken promises first (postal: 承诺付款日已过), then follow-ups
    that are due, then the biggest overdue amounts, then the oldest."""
    broken = promise_broken(facts.promised_on, facts.promise_kept, as_of)
    return (not broken, not follow_up_due(facts.next_follow_up, as_of), -facts.overdue, -facts.days_overdue)


def promise_broken(promised_on: date | None, kept: bool, as_of: date) -> bool:
    """承诺付款日已过: the promised date passed with no payment made in the promised time."""
    return promised_on is not None and promised_on < as_of and not kept


def promise_due(promised_on: date | None, kept: bool, as_of: date) -> bool:
    """The customer promised to pay by today and has not paid yet: a call or a visit today."""
    return promised_on == as_of and not kept


def follow_up_due(next_follow_up: date | None, as_of: date) -> bool:
    """The next contact the handler planned (下次跟进) falls today or earlier."""
    return next_follow_up is not None and next_follow_up <= as_of


# -- the order of the ladder (postal 17) ---------------------------------------------------------------
# Sanctions (暂停记欠资格, 终止协议, 黑名单, 法律追缴) come only after a written notice (书面催缴) went unanswered:
# postal 17(二) "在书面催缴后仍未结付欠费的,应暂时停止其记欠资格", 17(三) "经多次催缴仍然恶意欠费的…终止协议…列入黑名单".
# There is no override: whoever confirms (the ladder, or a branch head on the ledger page) waits for the
# notice's pay-by date to pass. An urgent case is served by issuing the notice now.
SANCTIONS = frozenset({StepAction.SUSPEND, StepAction.BLACKLIST, StepAction.LEGAL})


class NoticeCover(NamedTuple):
    """What the written notices say about a customer's open, undisputed overdue items today: the notice
    covering one of them whose pay-by date passes first (``None``: no notice covers any of them). A tuple,
    like ``QueueFacts``: one per row of the queue."""
    overdue_items: int
    number: str | None = None
    pay_by: date | None = None


def sanction_refusal(cover: NoticeCover, today: date) -> Words | None:
    """Why a sanction may not be confirmed yet, or None when it may: at least one open overdue item is on a
    催缴通知书 whose pay-by date (付款期限, inclusive) is past. Items recorded or fallen due since the last
    notice do not hold a sanction back; they simply do not count for it."""
    if cover.overdue_items == 0:
        return Words("没有逾期未缴的欠费", "nothing is overdue")
    if cover.pay_by is None:
        return Words("尚未发出书面催缴通知", "no written notice has been issued")
    if cover.pay_by >= today:
        return Words(f"通知书 {cover.number} 付款期限 {cover.pay_by} 未到",
                     f"notice {cover.number} is payable by {cover.pay_by}")
    return None


def refuse_sanction_before_notice(name: str, action: Words, cover: NoticeCover, today: date) -> None:
    """暂停/终止/黑名单 before the written notice's pay-by date has passed: refused with the reason."""
    reason = sanction_refusal(cover, today)
    if reason is not None:
        raise DomainError("escalation.before_notice", name=name, action=action, reason=reason)


def status_change_refusal(action: str, cover: NoticeCover, today: date) -> Words | None:
    """The same order for a status changed by hand on the ledger page (``action``: a StatusAction value):
    暂停 and 黑名单 wait for the notice like the ladder does; 终止 too while anything is overdue (with
    nothing overdue it is the ordinary end of an agreement); 恢复 never waits."""
    if action == "restore" or (action == "terminate" and cover.overdue_items == 0):
        return None
    return sanction_refusal(cover, today)


# -- reminders before the due date (telecom 7.2, 8) and 预存款预警 (telecom 7.1) ------------------------
DEFAULT_REMINDER_DAYS = 7      # items falling due within this many days are listed for a reminder
DEFAULT_LOW_CREDIT_PERCENT = 100
TYPICAL_MONTHS = 3             # "typical monthly arrears": the average over the last three calendar months


def reminder_window(today: date, days: int) -> tuple[date, date]:
    """Due dates a customer who asked for reminders (到期提醒) is told about: from today to ``days`` ahead."""
    return today, today + timedelta(days=days)


def typical_months_start(today: date) -> date:
    """The first business date counted in the typical monthly arrears: three calendar months back."""
    return add_months(today, -TYPICAL_MONTHS)


def typical_monthly_arrears(recorded_in_window: int) -> int:
    """月均欠费: what the customer ran up in the last three months (items not reversed), divided by three, in fen."""
    return recorded_in_window // TYPICAL_MONTHS


def credit_running_low(credit: int, monthly: int, percent: int) -> bool:
    """预存款预警 (telecom 7.1): the customer holds unapplied credit (预存款), but less than ``percent`` % of
    its typical monthly arrears, so next month's charges will run past it. A customer holding nothing is
    not on this list: what it owes shows in the queue and the reminders."""
    return credit > 0 and monthly > 0 and credit * 100 < monthly * percent
