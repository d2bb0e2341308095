"""Document numbers in series (催缴通知书 CJ-…, 对账单 DZ-…, 结清证明 QQ-…): a prefix and six digits, the next after
the highest issued. One home for how the next number is found, whichever table numbers it."""
from __future__ import annotations

from sqlalchemy import Column, select
from sqlalchemy.orm import Session

DIGITS = 6
# Above every number of a series: the prefix and more nines than a number has digits (in any collation, digits
# sort as digits), so the series is one range of the number's unique index, read from its end.
_ABOVE = "9" * (DIGITS + 2)


def next_in_series(session: Session, column: Column, prefix: str) -> str:
    """``prefix`` and the six digits after the highest number of the series in ``column``: a look at the end of the
    series in the column's index, not a scan of every number ever issued (a batch of 1,000 notices asks 1,000
    times). The prefix is matched as text (its ``%`` or ``_`` are not wildcards)."""
    last = session.scalar(select(column).where(column >= prefix, column <= prefix + _ABOVE,
                                               column.startswith(prefix, autoescape=True))
                          .order_by(column.desc()).limit(1))
    # (a series past 999,999 in a year would need a wider number: as text, 999999 sorts above 1000000)
    seq = 1 if last is None else int(last[len(prefix):]) + 1
    return f"{prefix}{seq:0{DIGITS}d}"
