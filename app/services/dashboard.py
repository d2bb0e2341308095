"""The branch dashboard's figures: outstanding at each of the last twelve month ends, the aging
structure, the top overdue customers, the monthly collection rate, and the revenue ratio.

The month-end balances come from one pass over each entry table, not twelve replays: what each day
added to the open arrears (``Reports.daily_deltas``), summed up to each month end. This is the same
figure as replaying the ledger as of each month end (tests compare the two).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_CEILING, Decimal

from app.domain.aging import AgingGrouping, AgingScheme
from app.domain.periods import add_months, last_day_of_period, month_index, period_from_index, period_of
from app.domain.roles import Permission
from app.reports.model import Phrase, share
from app.reports.request import ReportKind, ReportRequest, branch_codes
from app.services.aging import aging_in, overdue_bounds
from app.services.city import branch_sites, from_branch
from app.services.context import Actor, Desk, UnitOfWork
from app.services.reports import REVENUE_TARGET, band_phrases, revenue_ratio_table


TOP_CUSTOMERS = 10


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
    # at the city office: the branches shown, (code, name, when the branch made its last package applied)
    branches: tuple[tuple[str, str, datetime | None], ...] = ()


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


@dataclass(slots=True)
class _Figures:
    """What one database gives the dashboard (summed over the branches at the city office)."""
    balances: dict[int, tuple[int, int]]   # period -> (open at its start, open at its end)
    incurred: dict[int, int]               # period -> fen
    collected: dict[int, int]
    top: list[tuple[str, int]]
    aging: list[int]
    revenue: int
    arrears: int


def _figures(uow: UnitOfWork, as_of: date, since: date, bounds: tuple[int, ...]) -> _Figures:
    today = uow.desk.clock.today()
    balances = month_end_balances(uow.reports.daily_deltas(), period_of(since), as_of)
    incurred, collected = uow.reports.incurred_and_collected_by_day(since, as_of)
    top = uow.reports.top_overdue(as_of, today, TOP_CUSTOMERS)
    structure = aging_in(uow, as_of, AgingScheme.OVERDUE, AgingGrouping.BUSINESS_LINE, bounds)
    ratio, _warnings = revenue_ratio_table(uow, ReportRequest(ReportKind.RATIO, as_of))
    return _Figures(balances, _by_period(incurred), _by_period(collected), top, structure.totals,
                    ratio.totals[1], ratio.totals[2])


def _sum(code: str, figures: _Figures, into: _Figures | None) -> _Figures:
    """A branch's figures added to the city's so far (its customers named with the branch's code)."""
    top = [(f"{code} {name}", amount) for name, amount in figures.top]
    if into is None:
        return _Figures(figures.balances, figures.incurred, figures.collected, top, figures.aging, figures.revenue,
                        figures.arrears)
    for period, (opening, closing) in figures.balances.items():
        o, c = into.balances.get(period, (0, 0))
        into.balances[period] = (o + opening, c + closing)
    for ours, theirs in ((into.incurred, figures.incurred), (into.collected, figures.collected)):
        for period, amount in theirs.items():
            ours[period] = ours.get(period, 0) + amount
    into.top += top
    into.aging = [a + b for a, b in zip(into.aging, figures.aging)]
    into.revenue += figures.revenue
    into.arrears += figures.arrears
    return into


def dashboard(desk: Desk, actor: Actor, as_of: date | None = None, *, branches: Sequence[str] = ()) -> Dashboard:
    """看板 of this database; at the city office, of its branches summed (those in ``branches``, else
    every one), each read from the city office's copy of it."""
    today = desk.clock.today()
    as_of = as_of or today
    since = add_months(as_of.replace(day=1), -11)  # the first of twelve months
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        bounds = overdue_bounds(uow)
        sites = branch_sites(uow, branch_codes(branches))
        figures = _figures(uow, as_of, since, bounds) if sites is None else None
    shown: list[tuple[str, str, datetime | None]] = []
    if sites is not None:
        for site in sites:
            found = from_branch(desk, site, lambda branch: _figures(branch, as_of, since, bounds))
            shown.append((site.code, site.name, found.copy.data_as_of if found.copy else None))
            if found.value is not None:
                figures = _sum(site.code, found.value, figures)
        if figures is None:  # no branch has sent anything yet
            figures = _Figures(month_end_balances([], period_of(since), as_of), {}, {}, [],
                               [0] * (len(bounds) + 2), 0, 0)
        figures.top = sorted(figures.top, key=lambda t: -t[1])[:TOP_CUSTOMERS]
    months = []
    for p, (opening, outstanding) in figures.balances.items():
        month_incurred, month_collected = figures.incurred.get(p, 0), figures.collected.get(p, 0)
        months.append(MonthFigure(p, outstanding, month_incurred, month_collected,
                                  share(month_collected, opening + month_incurred)))
    return Dashboard(as_of, months, tuple(band_phrases(AgingScheme.OVERDUE, bounds)), figures.aging, figures.top,
                     share(figures.arrears, figures.revenue), REVENUE_TARGET, tuple(shown))


def month_end(period: int, as_of: date) -> date:
    return min(last_day_of_period(period), as_of)
