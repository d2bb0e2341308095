"""月结（结账）: closed months, and when an entry may still be dated.

Postal 22 has finance reconcile the ledger every month against the finance (NC) system and the business
systems (业财对账) so that the figures agree; postal 19 has finance analyse scale and aging from them. Once a
month is reconciled, finance closes it, and from then on its figures are final (common accounting
practice, DOMAIN.md "Closed periods"): no entry may be dated in a closed month, a correction goes into the
open month dated the day it is made, and the closed month's movement table, aging and daily reports never
change.

The rules, written once here:
- A month can be closed only after it has ended, and only when every earlier month is closed; the first
  month ever closed closes the books up to its end (nothing before it can be entered any more).
- Only the latest closed month can be reopened (by finance, with a reason); an earlier month is reopened by
  reopening the later ones first.
- The closed months are therefore every month up to the latest closed one (``ClosedBooks.through``).
- Closing needs the movement table to balance (necessary, never waived) and the month reconciled with both
  finance's and the business systems' totals; a difference, or totals not imported, is accepted only with
  finance's written explanation, kept with the close.
- Every entry of the ledger is dated: an item by its business date, a repayment by its payment date, an
  offset by its effective date, a reversal, a write-off by their day. ``refuse_if_closed`` refuses a date in a
  closed month, for every way in (counter, import, command line, demo), with the month named.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.errors import DomainError, FieldError
from app.domain.periods import format_period, month_index, period_from_index, period_of
from app.domain.text import refuse_hidden
from app.domain.words import Words


class ClosingKind(StrEnum):
    CLOSE = "close"    # 月结
    REOPEN = "reopen"  # 反结账

    @property
    def words(self) -> Words:
        return CLOSING_WORDS[self]


CLOSING_WORDS = {ClosingKind.CLOSE: Words("已结账", "Closed"), ClosingKind.REOPEN: Words("已反结账", "Reopened")}
MONTH_OPEN = Words("未结账", "Open")


@dataclass(frozen=True, slots=True)
class ClosedBooks:
    """The months closed now: a stack of periods (YYYYMM), oldest first, each the month after the one
    below it; everything up to the top (``through``) is closed."""
    closed: tuple[int, ...] = ()

    @property
    def through(self) -> int | None:
        return self.closed[-1] if self.closed else None

    def is_closed(self, day: date) -> bool:
        return self.through is not None and period_of(day) <= self.through

    def period_closed(self, period: int) -> bool:
        return self.through is not None and period <= self.through

    @property
    def first_open_day(self) -> date | None:
        """The first day an entry may be dated (None: any day)."""
        if self.through is None:
            return None
        return _day_after(self.through)


def _day_after(period: int) -> date:
    following = period_from_index(month_index(period) + 1)
    return date(following // 100, following % 100, 1)


def holding_closes(history: Sequence[tuple[str, int]]) -> list[int]:
    """The positions in ``history`` (kind, period of each close and reopen record, in the order made) of the
    closes that hold now: a reopening undoes the latest close of its month."""
    stack: list[int] = []
    for position, (kind, period) in enumerate(history):
        if kind == ClosingKind.CLOSE:
            stack.append(position)
        elif stack and history[stack[-1]][1] == period:
            stack.pop()
    return stack


def closed_books(history: Iterable[tuple[str, int]]) -> ClosedBooks:
    """The closed months after the close and reopen records ``history`` (kind, period), in the order made."""
    records = list(history)
    return ClosedBooks(tuple(records[position][1] for position in holding_closes(records)))


def refuse_if_closed(day: date, books: ClosedBooks, today: date, *, field: str | None = None) -> None:
    """An entry dated ``day`` is refused while its month is closed: the message names the month and says that
    a correction goes into the open month, dated today. ``field`` names the input at fault (a form field,
    an import column)."""
    if not books.is_closed(day):
        return
    params = dict(date=day, month=format_period(period_of(day)), through=format_period(books.through),
                  today=today)
    if field is not None:
        raise FieldError(field, "month.closed", **params)
    raise DomainError("month.closed", **params)


def require_closable(period: int, books: ClosedBooks, today: date) -> None:
    """A month may be closed once it has ended, when the month before it is closed (or none is yet)."""
    if period >= period_of(today):
        raise DomainError("month.not_ended", month=format_period(period), today=today)
    if books.period_closed(period):
        raise DomainError("month.already_closed", month=format_period(period))
    if books.through is not None and month_index(period) != month_index(books.through) + 1:
        earlier = format_period(period_from_index(month_index(books.through) + 1))
        raise DomainError("month.earlier_open", month=format_period(period), earlier=earlier)


def require_reopenable(period: int, books: ClosedBooks, reason: str) -> str:
    """Only the latest closed month is reopened, and only with a reason (returned as kept)."""
    if not books.period_closed(period):
        raise DomainError("month.not_closed", month=format_period(period))
    if period != books.through:
        raise DomainError("month.later_closed", month=format_period(period), latest=format_period(books.through))
    reason = refuse_hidden("reason", reason, Words("反结账原因", "Reason for reopening"))
    if not reason:
        raise DomainError("month.reopen_reason")
    return reason


@dataclass(frozen=True, slots=True)
class SourceGap:
    """业财对账 of one month with one other side: whether its totals came in, and the rows that differ."""
    source: str            # finance | business
    imported: bool
    rows_differing: int
    incurred_difference: int   # ledger minus theirs, summed over business lines (fen)
    collected_difference: int

    @property
    def reconciled(self) -> bool:
        return self.imported and self.rows_differing == 0


def require_reconciled(period: int, gaps: Iterable[SourceGap], explanation: str) -> str:
    """Postal 22: a month is closed reconciled; a difference or missing totals need finance's explanation
    (returned as kept; "" when none was needed)."""
    open_gaps = [g for g in gaps if not g.reconciled]
    explanation = refuse_hidden("explanation", explanation, Words("差异说明", "Explanation"))
    if open_gaps and not explanation:
        raise DomainError("month.unreconciled", month=format_period(period),
                          gaps=Words("；".join(gap_words(g).zh for g in open_gaps),
                                     "; ".join(gap_words(g).en for g in open_gaps)))
    return explanation


SOURCE_WORDS = {"finance": Words("财务", "finance"), "business": Words("业务系统", "the business systems")}


def gap_words(gap: SourceGap) -> Words:
    """What is not reconciled with one side, in both languages."""
    side = SOURCE_WORDS[gap.source]
    if not gap.imported:
        return Words(f"未导入{side.zh}的对账数据", f"no totals from {side.en} imported")
    return Words(f"与{side.zh}有 {gap.rows_differing} 项差异", f"{gap.rows_differing} difference(s) with {side.en}")


def require_balanced(period: int, unbalanced: int) -> None:
    """The movement table must balance (opening + incurred - collected - written off - reversed = closing):
    necessary for a close, never waived (a difference means the ledger itself is damaged: run verify)."""
    if unbalanced:
        raise DomainError("month.unbalanced", month=format_period(period), count=unbalanced)
