"""What may be recorded as a repayment (收回欠费), and when its offsets count (postal 15)."""
from __future__ import annotations

from datetime import date

from app.domain.allocation import PlannedOffset
from app.domain.customers import PAYMENT_METHODS
from app.domain.errors import DomainError, FieldError
from app.domain.money import format_fen, require_fen
from app.domain.text import unprintable
from app.domain.words import Words

PAID_ON = Words("缴款日期", "payment date")
RECEIPT_NO = Words("收据号", "receipt number")


def require_repayment(amount: object, paid_on: date, method: str, receipt_no: str, today: date) -> str:
    """A positive amount in fen (at most the ceiling of all money), paid no later than today, by a known
    method, with a receipt number; returns the receipt number as it is kept."""
    require_fen(amount)
    if paid_on > today:
        raise FieldError("paid_on", "date.in_future", field=PAID_ON, date=paid_on, today=today)
    if method not in PAYMENT_METHODS:
        raise FieldError("method", "payment.bad_method", method=method)
    receipt = receipt_no.strip()
    if not receipt:
        raise FieldError("receipt_no", "receipt.required")
    if (hidden := unprintable(receipt)) is not None:
        raise FieldError("receipt_no", "text.control", field=RECEIPT_NO, char=hidden)
    return receipt


def offset_effective_on(paid_on: date, business_date: date, reopened_on: date | None = None) -> date:
    """When an offset (核销) starts to count: not before its item existed (money paid earlier was credit,
    预存款, until then), and not before the item was last opened again by a bounced repayment (冲正 of a
    repayment that had been offset against it, ``reopened_on``). Before that day the bounced offset still
    counted in the replayed history; a backdated payment counting alongside it would take the item below
    zero as of those days (issue 13, backdating). The latest of the dates."""
    return max(paid_on, business_date, reopened_on or business_date)


def credit_offset_effective_on(on: date, money_since: date, business_date: date,
                               reopened_on: date | None = None) -> date:
    """预存款核销: an offset made from held credit counts from ``on`` (normally today), but never before the
    money was there to spend (``money_since``: the day it was paid, or the later day a reversed item gave
    it back), nor before its item existed or was last reopened by a bounced repayment
    (``offset_effective_on``): the latest of them."""
    return offset_effective_on(max(on, money_since), business_date, reopened_on)


def spend_oldest_money_first(offsets: tuple[PlannedOffset, ...] | list[PlannedOffset],
                             held: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """预存款核销: split planned offsets over the repayments whose money is held (``held``: repayment id and
    unapplied amount, oldest first); returns (repayment id, item id, amount)."""
    queue = [[o.item_id, o.amount] for o in offsets]
    moves = []
    for repayment_id, budget in held:
        while queue and budget:
            item_id, amount = queue[0]
            take = min(amount, budget)
            moves.append((repayment_id, item_id, take))
            budget -= take
            queue[0][1] -= take
            if queue[0][1] == 0:
                queue.pop(0)
    if queue:
        raise DomainError("credit_balance.insufficient", available=format_fen(sum(b for _, b in held)),
                          amount=format_fen(sum(o.amount for o in offsets)))
    return moves
