"""本机时钟: when the workstation's clock cannot be trusted to date the ledger.

Every entry is stamped with the workstation's time, and the daily report (营业日报单) sums entries by
that time. A clock that runs behind the last recorded entry, or jumps far past it, dates entries
wrongly without anyone noticing; such a clock must be noticed and the date confirmed by someone who
may (``Permission.CONFIRM_CLOCK``) before anything more is posted. A confirmation holds for that date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from app.domain.errors import DomainError

# Workstations sharing one database never agree to the second; a few minutes apart is normal.
BEHIND_TOLERANCE = timedelta(minutes=10)
# A branch may go quiet over a holiday; a month without a single entry is not believable, and a clock
# a year (or a month) ahead is the usual hand-set mistake.
AHEAD_TOLERANCE = timedelta(days=31)


class ClockDoubt(StrEnum):
    BEHIND = "behind"  # earlier than the last entry: entries would be dated before ones already recorded
    AHEAD = "ahead"    # far later than the last entry: the date is probably mistyped


@dataclass(frozen=True, slots=True)
class ClockCheck:
    """What the workstation's clock says against the last recorded entry."""
    now: datetime
    latest_entry: datetime | None

    @property
    def doubt(self) -> ClockDoubt | None:
        if self.latest_entry is None:
            return None
        if self.now < self.latest_entry - BEHIND_TOLERANCE:
            return ClockDoubt.BEHIND
        if self.now > self.latest_entry + AHEAD_TOLERANCE:
            return ClockDoubt.AHEAD
        return None

    @property
    def day(self) -> date:
        """The date a confirmation is for."""
        return self.now.date()

    def refusal(self) -> DomainError:
        """What a posting is told while the date is in doubt and not confirmed."""
        return DomainError(f"clock.{self.doubt}", now=f"{self.now:%Y-%m-%d %H:%M}",
                           latest=f"{self.latest_entry:%Y-%m-%d %H:%M}")


def confirmation_key(day: date) -> int:
    """The audit entry that confirms a date names it as an integer, e.g. 20261127."""
    return day.year * 10_000 + day.month * 100 + day.day
