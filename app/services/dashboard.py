"""The branch dashboard's figures: outstanding at each of the last twelve month ends, the aging
structure, the top overdue customers, the monthly collection rate, and the revenue ratio.

The month-end balances come from one pass over each entry table, not twelve replays: what each day
added to the open arrears (``Reports.daily_deltas``), summed up to each month end. This is the same
figure as replaying the ledger as of each month end (tests compare the two).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from app.domain.aging import AgingGrouping, AgingScheme
from app.domain.periods import add_months, last_day_of_period, month_index, period_from_index, period_of
from app.domain.roles import Permission
from app.reports.model import Phrase, share
from app.reports.request import ReportKind, ReportRequest
from app.services.aging import aging_in, overdue_bounds
from app.services.context import Actor, Desk
from app.services.reports import REVENUE_TARGET, band_phrases, revenue_ratio_table


@dataclass(frozen=True, slots=True)
class MonthFigure:
    period: int            # YYYYMM
    outstanding: int       # open at the month end (or at as_of for the current month), fen
    incurred: int
    collected: int
    collection_rate: Decimal | None  # collected / (opening + incurred)


@dataclass(frozen=True, slots=True)
class Dashboard:
    as_of: date
    months: list[MonthFigure]
    aging_bands: tuple[Phrase, ...]
    aging_amounts: list[int]
    top_overdue: list[tuple[str, int]]   # customer name, overdue fen
    revenue_ratio: Decimal | None
    revenue_target: Decimal


@dataclass(frozen=True, slots=True)
class Axis:
    """A value axis from 0 to ``top`` in equal ``step``s, each tick a round number."""
    top: Decimal
    step: Decimal

    @property
    def intervals(self) -> int:
        return int(self.top / self.step)

    @property
    def decimals(self) -> int:
        """Decimal places a tick label needs (2.5 needs one, 50 none)."""
        return max(0, -self.step.normalize().as_tuple().exponent)

    def ticks(self) -> list[Decimal]:
        return [self.step * n for n in range(self.intervals + 1)]


_NICE_MULTIPLES = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def nice_axis(maximum: Decimal | int, most_intervals: int = 5) -> Axis:
    """The axis for figures up to ``maximum``: the smallest step of 1, 2, 2.5 or 5 × 10^n that covers the
    maximum in at most ``most_intervals`` steps (197 -> 0/50/100/150/200, 46 -> 0/10/…/50)."""
    maximum = Decimal(maximum)
    if maximum <= 0:
        return Axis(Decimal(1), Decimal(1))
    rough = maximum / most_intervals
    power = Decimal(1).scaleb(rough.adjusted())  # 10^n at or below the rough step
    for multiple in _NICE_MULTIPLES:
        step = multiple * power
        intervals = (maximum / step).to_integral_value(ROUND_CEILING)
        if intervals <= most_intervals:
            return Axis(_plain(step * intervals), _plain(step))
    raise AssertionError("10 × 10^n always covers the maximum")  # pragma: no cover


def _plain(number: Decimal) -> Decimal:
    """200, not 2.0E+2; 0.5, not 0.50."""
    number = number.normalize()
    return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number


def month_end_balances(deltas: Iterable[tuple[date, int, int, int]], first: int, as_of: date) -> dict[int, tuple[int, int]]:
    """(open at the start of the month, open at its end or at ``as_of``) for each period from ``first`` to
    the month of ``as_of``, from what each day added (items, offsets, written off)."""
    by_period: dict[int, int] = defaultdict(int)
    for day, items, offsets, written_off in deltas:
        if day is not None and day <= as_of:
            by_period[period_of(day)] += items - offsets - written_off
    balance = sum(change for p, change in by_period.items() if p < first)
    out = {}
    for index in range(month_index(first), month_index(period_of(as_of)) + 1):
        p = period_from_index(index)
        opening = balance
        balance += by_period.get(p, 0)
        out[p] = (opening, balance)
    return out


def _by_period(by_day: dict[date, int]) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for day, amount in by_day.items():
        out[period_of(day)] += amount
    return out


def dashboard(desk: Desk, actor: Actor, as_of: date | None = None) -> Dashboard:
    today = desk.clock.today()
    as_of = as_of or today
    since = add_months(as_of.replace(day=1), -11)  # the first of twelve months
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        balances = month_end_balances(uow.reports.daily_deltas(), period_of(since), as_of)
        incurred, collected = uow.reports.incurred_and_collected_by_day(since, as_of)
        top = uow.reports.top_overdue(as_of, today)
        bounds = overdue_bounds(uow)
        structure = aging_in(uow, as_of, AgingScheme.OVERDUE, AgingGrouping.BUSINESS_LINE, bounds)
        ratio, _warnings = revenue_ratio_table(uow, ReportRequest(ReportKind.RATIO, as_of))
    incurred_by_month, collected_by_month = _by_period(incurred), _by_period(collected)
    months = []
    for p, (opening, outstanding) in balances.items():
        month_incurred, month_collected = incurred_by_month.get(p, 0), collected_by_month.get(p, 0)
        months.append(MonthFigure(p, outstanding, month_incurred, month_collected,
                                  share(month_collected, opening + month_incurred)))
    return Dashboard(as_of, months, tuple(band_phrases(AgingScheme.OVERDUE, bounds)), structure.totals, top,
                     ratio.totals[3], REVENUE_TARGET)


def month_end(period: int, as_of: date) -> date:
    return min(last_day_of_period(period), as_of)
