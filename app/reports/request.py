"""What a report is asked for: which report, for which day or period, and its options.

The one place that knows which report takes which parameters, checks them and fills in the defaults:
the reports page and the command line both make a ``ReportRequest`` from what they were given and hand
it to ``app.services.reports.build``; the report carries the request back (its drill-down uses it).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from app.domain.aging import AgingGrouping, AgingScheme
from app.domain.errors import DomainError
from app.domain.periods import last_day_of_period, period_of
from app.domain.words import Words
from app.reports import words as w


class ReportKind(StrEnum):
    AGING = "aging"
    MOVEMENT = "movement"
    DAILY = "daily"
    RATIO = "ratio"
    HANDLERS = "handlers"
    LONG_OVERDUE = "long_overdue"
    RECONCILIATION = "reconciliation"
    WRITE_OFFS = "write_offs"  # 账销案存登记簿 (writeoff)

    @property
    def words(self) -> Words:
        return _KIND_WORDS[self]

    def takes(self, parameter: str) -> bool:
        """Whether this report uses ``parameter``: ``start`` (a period from ``start`` to ``as_of``),
        ``month`` (the month of ``as_of``), ``scheme`` and ``details`` (aging), ``source`` (whose totals)."""
        return parameter in _PARAMETERS[self]


_KIND_WORDS = {
    ReportKind.AGING: w.KIND_AGING, ReportKind.MOVEMENT: w.TITLE_MOVEMENT, ReportKind.DAILY: w.KIND_DAILY,
    ReportKind.RATIO: w.KIND_RATIO, ReportKind.HANDLERS: w.KIND_HANDLERS,
    ReportKind.LONG_OVERDUE: w.KIND_LONG_OVERDUE, ReportKind.RECONCILIATION: w.KIND_RECONCILIATION,
    ReportKind.WRITE_OFFS: w.KIND_WRITE_OFFS,
}
_PARAMETERS = {
    ReportKind.AGING: {"scheme", "details"},
    ReportKind.MOVEMENT: {"start"},
    ReportKind.DAILY: {"start"},
    ReportKind.RATIO: set(),
    ReportKind.HANDLERS: {"start"},
    ReportKind.LONG_OVERDUE: set(),
    ReportKind.RECONCILIATION: {"month", "source"},
    ReportKind.WRITE_OFFS: set(),
}


class TotalsSource(StrEnum):
    """Whose totals the ledger is reconciled with (业财对账)."""
    FINANCE = "finance"
    BUSINESS = "business"

    @property
    def words(self) -> Words:
        return w.SOURCE_FINANCE if self is TotalsSource.FINANCE else w.SOURCE_BUSINESS


def branch_codes(codes) -> tuple[str, ...]:
    """Site codes as the city office's filter holds them: upper case, each once, in order."""
    return tuple(sorted({code.strip().upper() for code in codes if code.strip()}))


SCHEME_WORDS = {AgingScheme.OVERDUE: w.SCHEME_OVERDUE, AgingScheme.TELECOM: w.SCHEME_TELECOM}
ALL_GROUPINGS = (AgingGrouping.CUSTOMER, AgingGrouping.BUSINESS_LINE, AgingGrouping.CUSTOMER_GROUP,
                 AgingGrouping.HANDLER, AgingGrouping.BRANCH)


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """``as_of`` is the day of an as-of report, the last day of a period report, any day of the month for
    a reconciliation; None means today (``build`` fills it in). ``start`` defaults to the first of the
    as-of month. ``branches`` (site codes) narrows a city office's report to those branches, empty means
    every registered branch; a branch's own report is its own ledger whatever it says. Options a report
    does not take are set to their defaults, so equal requests ask for the same report."""
    kind: ReportKind
    as_of: date | None = None
    start: date | None = None
    scheme: AgingScheme = AgingScheme.OVERDUE
    details: bool = False
    source: TotalsSource = TotalsSource.FINANCE
    groupings: tuple[AgingGrouping, ...] = ALL_GROUPINGS
    branches: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        kind = ReportKind(self.kind)
        put = object.__setattr__
        put(self, "kind", kind)
        put(self, "branches", branch_codes(self.branches))
        put(self, "scheme", AgingScheme(self.scheme) if kind.takes("scheme") else AgingScheme.OVERDUE)
        put(self, "details", bool(self.details) and kind.takes("details"))
        put(self, "source", TotalsSource(self.source) if kind.takes("source") else TotalsSource.FINANCE)
        put(self, "groupings", tuple(AgingGrouping(g) for g in self.groupings) if kind is ReportKind.AGING
            else ALL_GROUPINGS)
        if self.as_of is None:
            return  # checked once the day is known (``on``)
        if kind.takes("start"):
            start = self.start or self.as_of.replace(day=1)
            if start > self.as_of:
                raise DomainError("report.bad_period", start=start, end=self.as_of)
            put(self, "start", start)
        elif kind.takes("month"):
            put(self, "start", self.as_of.replace(day=1))
            put(self, "as_of", last_day_of_period(period_of(self.as_of)))
        else:
            put(self, "start", None)

    def on(self, today: date) -> ReportRequest:
        """The request with "today" made a day."""
        return self if self.as_of is not None else replace(self, as_of=today)

    @property
    def end(self) -> date:
        if self.as_of is None:
            raise ValueError("the request's day is not known yet (call on(today))")
        return self.as_of

    @property
    def period(self) -> int:
        """The month of the request (YYYYMM): a reconciliation's 账期."""
        return period_of(self.end)
