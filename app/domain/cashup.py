"""缴款 and the receipt sequence (postal 15: money received is handed in to finance without delay), and the
营业日报单 that stays as printed (postal 16: 机打日报单不得进行手工修改).

A clerk's receipts run in sequence: a receipt number is a series (its letters, and the width of its
number) and a number. From the last number the clerk used before a day to the last one used that day,
every number is a receipt (standing or bounced) or a voided receipt (作废收据, recorded with a reason);
a gap is never skipped silently, and the day does not close while one is unexplained.

The day's money per payment method is what the clerk's receipts of the day took, less those of them
bounced (reversed) the same day; what is handed in is counted per method, and a difference from the
receipts is recorded with a reason. The hand-in is received by finance or the branch head, never by
the clerk who hands it in.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.errors import DomainError, FieldError
from app.domain.money import require_fen
from app.domain.roles import Role
from app.domain.customers import PAYMENT_METHOD_WORDS, PAYMENT_METHODS
from app.domain.money import format_fen
from app.domain.text import unprintable
from app.domain.words import Words

# A receipt number: any letters or marks, then its running number (e.g. SJ0012345, 2026-000123).
_NUMBERED = re.compile(r"^(.*?)(\d+)$")
# One voiding covers at most this many numbers: a spoiled pad, not a book skipped on purpose.
MOST_VOIDED_AT_ONCE = 100
# Who receives a hand-in (财务部门, or the branch head where finance sits elsewhere).
RECEIVERS = frozenset({Role.FINANCE, Role.BRANCH_HEAD})
_REASON, _DAY = Words("原因", "reason"), Words("缴款日", "day")


@dataclass(frozen=True, slots=True, order=True)
class ReceiptNumber:
    """A receipt number taken apart: ``prefix`` and ``width`` name its series, ``number`` its place."""
    prefix: str
    width: int
    number: int

    @classmethod
    def parse(cls, text: str) -> ReceiptNumber | None:
        """None when the receipt number does not end in a running number (it stands outside any series)."""
        found = _NUMBERED.match(text.strip())
        if found is None:
            return None
        return cls(found.group(1), len(found.group(2)), int(found.group(2)))

    @property
    def series(self) -> tuple[str, int]:
        return self.prefix, self.width

    def at(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.width}d}"

    def __str__(self) -> str:
        return self.at(self.number)


def next_receipt(last: str | None) -> str:
    """The receipt number after ``last`` in its series ("" when there is no series to continue)."""
    parsed = ReceiptNumber.parse(last or "")
    return "" if parsed is None else parsed.at(parsed.number + 1)


@dataclass(frozen=True, slots=True)
class Gap:
    """Receipt numbers ``first``..``last`` of a clerk's series neither used nor voided."""
    first: str
    last: str
    count: int

    def __str__(self) -> str:
        return self.first if self.count == 1 else f"{self.first}–{self.last}"


def receipt_gaps(day_receipts: Iterable[str], earlier_receipts: Iterable[str], voided: Iterable[str]) -> list[Gap]:
    """The gaps in a clerk's day: per series of the day's receipts, from the last number used before the
    day (below the day's first; else the day's first) to the day's last, the numbers that are neither a
    receipt nor voided (``voided``: also every number otherwise accounted for, e.g. by a colleague sharing
    the series)."""
    day = [r for r in map(ReceiptNumber.parse, day_receipts) if r is not None]
    earlier = [r for r in map(ReceiptNumber.parse, earlier_receipts) if r is not None]
    known = {(r.series, r.number) for r in (*day, *earlier)}
    known |= {(r.series, r.number) for r in map(ReceiptNumber.parse, voided) if r is not None}
    gaps: list[Gap] = []
    for series in sorted({r.series for r in day}):
        numbers = [r.number for r in day if r.series == series]
        first, last = min(numbers), max(numbers)
        before = [r.number for r in earlier if r.series == series and r.number < first]
        start = max(before) if before else first
        shape = ReceiptNumber(series[0], series[1], 0)
        missing = [n for n in range(start + 1, last) if (series, n) not in known]
        run: list[int] = []
        for n in missing + [None]:
            if run and (n is None or n != run[-1] + 1):
                gaps.append(Gap(shape.at(run[0]), shape.at(run[-1]), len(run)))
                run = []
            if n is not None:
                run.append(n)
    return gaps


def receipts_to_void(first: str, last: str | None, reason: str) -> tuple[list[str], str]:
    """作废收据: the numbers ``first``..``last`` (one number if ``last`` is empty) of one series, at most
    ``MOST_VOIDED_AT_ONCE``, with the reason as kept."""
    why = reason.strip()
    if not why:
        raise FieldError("reason", "receipt.void_needs_reason")
    if (hidden := unprintable(why)) is not None:
        raise FieldError("reason", "text.control", field=_REASON, char=hidden)
    start = ReceiptNumber.parse(first)
    if start is None:
        if not first.strip() or (last or "").strip() not in ("", first.strip()):
            raise FieldError("receipt_no", "receipt.void_not_a_series", receipt=first.strip() or "—")
        return [first.strip()], why
    end = ReceiptNumber.parse(last) if (last or "").strip() else start
    if end is None or end.series != start.series or end.number < start.number:
        raise FieldError("last", "receipt.void_bad_range", first=str(start), last=(last or "").strip())
    count = end.number - start.number + 1
    if count > MOST_VOIDED_AT_ONCE:
        raise FieldError("last", "receipt.void_too_many", count=count, most=MOST_VOIDED_AT_ONCE)
    return [start.at(n) for n in range(start.number, end.number + 1)], why


def day_money(receipts: Iterable[tuple[str, int, datetime | None]], day: date) -> dict[str, int]:
    """What a clerk's day took per payment method: the day's receipts (method, amount, when a bounce was
    posted), less those bounced the same day (a later bounce is that later day's line, not this drawer's)."""
    out: dict[str, int] = {}
    for method, amount, bounced_at in receipts:
        if bounced_at is None or bounced_at.date() > day:
            out[method] = out.get(method, 0) + amount
    return out


def money_per_method(amounts: Mapping[str, object]) -> dict[str, int]:
    """Counted money per payment method, each a whole number of fen (zero allowed), methods known."""
    out: dict[str, int] = {}
    for method, amount in amounts.items():
        if method not in PAYMENT_METHODS:
            raise FieldError(method, "payment.bad_method", method=method)
        require_fen(amount, allow_zero=True)
        out[method] = int(amount)  # type: ignore[arg-type]
    return out


def refuse_leaving_with_cash(username: str, days: list[date]) -> None:
    """A clerk who took money and has not handed it in (缴款) is not disabled or moved off the counter."""
    if days:
        raise DomainError("cashup.not_handed_in", username=username, days="、".join(d.isoformat() for d in days[:5]),
                          count=len(days))


def refuse_money_after_hand_in(day: date, handed_in: bool) -> None:
    """After a clerk's day is handed in (缴款, postal 15), that clerk takes no more money that day: it would
    belong to no hand-in."""
    if handed_in:
        raise DomainError("cashup.day_handed_in", day=day)


def differences(expected: Mapping[str, int], counted: Mapping[str, int]) -> dict[str, int]:
    """Per method, counted minus expected, only where they differ."""
    return {m: counted.get(m, 0) - expected.get(m, 0) for m in sorted({*expected, *counted})
            if counted.get(m, 0) != expected.get(m, 0)}


def require_hand_in(day: date, today: date, gaps: list[Gap], closed: bool, expected: Mapping[str, int],
                    counted: Mapping[str, int], reason: str) -> str:
    """A clerk's day may close once: not a day still to come, no unexplained gap in the receipts; a
    difference between the money counted and the receipts needs a reason. Returns the reason as kept."""
    if day > today:
        raise FieldError("day", "date.in_future", field=_DAY, date=day, today=today)
    if closed:
        raise DomainError("cashup.already_closed", day=day)
    if gaps:
        raise DomainError("cashup.gaps", gaps="、".join(map(str, gaps[:10])), count=sum(g.count for g in gaps))
    return _reason_for(differences(expected, counted), reason)


def require_receipt_of_hand_in(clerk_id: int, receiver_id: int, receiver_role: Role, already: bool,
                               handed: Mapping[str, int], received: Mapping[str, int], reason: str) -> str:
    """收款: finance or the branch head receives a hand-in once, never their own; a difference from what
    was handed in needs a reason. Returns the reason as kept."""
    if receiver_role not in RECEIVERS:
        raise DomainError("cashup.receiver_role")
    if receiver_id == clerk_id:
        raise DomainError("cashup.own_hand_in")
    if already:
        raise DomainError("cashup.already_received")
    return _reason_for(differences(handed, received), reason)


def _reason_for(found: dict[str, int], reason: str) -> str:
    why = reason.strip()
    if found and not why:
        said = Words("；".join(f"{PAYMENT_METHOD_WORDS[m].zh} {format_fen(d)}" for m, d in found.items()),
                     "; ".join(f"{PAYMENT_METHOD_WORDS[m].en} {format_fen(d)}" for m, d in found.items()))
        raise FieldError("reason", "cashup.difference_needs_reason", differences=said)
    if why and (hidden := unprintable(why)) is not None:
        raise FieldError("reason", "text.control", field=_REASON, char=hidden)
    return why


# -- the daily report as printed ---------------------------------------------------------------------------

def day_is_over(last_day: date, now: datetime) -> bool:
    """A day's report is final (and a print of it binding) once the day is over on this clock."""
    return now.date() > last_day


def print_binds(last_day: date, now: datetime, latest_entry: datetime | None) -> bool:
    """A print keeps the day as printed once the day is over on this clock and the ledger itself has moved
    past it (an entry recorded on a later day): one workstation whose clock runs ahead cannot close a day
    the counters are still working in."""
    return day_is_over(last_day, now) and latest_entry is not None and latest_entry.date() > last_day


def require_not_into_printed_day(now: datetime, last_printed: date | None) -> None:
    """Nothing is posted with a time inside a day whose daily report was printed: the paper and a reprint
    must agree (a clock running behind would otherwise slip entries into a closed day)."""
    if last_printed is not None and now.date() <= last_printed:
        raise DomainError("daily.printed", day=last_printed, now=f"{now:%Y-%m-%d %H:%M}")
