"""The city office's report (市局汇总): one report made of the same report built on each branch's data.

Every table gets a 网点 column in front and the branches' rows one after the other (so each branch's
rows are exactly its own report's); its totals are the sum of the branches' totals. A table that
describes the whole rather than rows of it (the aging structure, by band) is summed row by row instead.
A "Branch data" table lists, for every branch asked for, how current its data is or why it is missing.
Figures that are not sums (shares, ratios) are left for the report's own rule to set
(``app.services.reports``).
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.periods import format_period
from app.domain.words import Words
from app.reports import words as w
from app.reports.model import Phrase, Report, ReportColumn, ReportTable, Said, SiteKey, Status
from app.reports.request import ReportRequest

BRANCH_COLUMN = ReportColumn(w.BRANCH, "text", 8)
BRANCH_DATA_COLUMNS = [BRANCH_COLUMN, ReportColumn(w.NAME, "text", 16), ReportColumn(w.DATA_AS_OF, "text", 17),
                       ReportColumn(w.PACKAGES_APPLIED, "int", 14), ReportColumn(w.STATUS, "status", 17),
                       ReportColumn(w.CLOSED_THROUGH, "text", 10), ReportColumn(w.INTEGRITY_ROOT, "text", 66)]


@dataclass(frozen=True, slots=True)
class BranchPart:
    """One branch's share of the city office's report: its own report, or why there is none."""
    code: str
    name: str
    report: Report | None = None       # None: no data received, or it cannot be read
    data_as_of: datetime | None = None  # when the branch made the last package applied here
    applied: int = 0                   # packages applied in order (1 … n)
    root: str = ""                     # the branch's integrity root in the copy
    problem: Words | None = None       # why its copy cannot be read
    closed_through: int | None = None  # the branch's books are closed (月结) up to this month (YYYYMM)

    @property
    def status(self) -> Status:
        if self.report is not None:
            return Status.INCLUDED
        return Status.UNREADABLE if self.problem is not None else Status.NO_DATA


def combine(request: ReportRequest, parts: Sequence[BranchPart], *, all_branches: bool, title: Said,
            summed: Collection[str] = ()) -> Report:
    """The branches' reports as one (their rows are taken over, not copied: the branches' reports are
    spent); ``title`` if no branch has data; ``summed`` names the tables added up row by row (their rows
    are the same on every branch) instead of listed per branch."""
    built = [p for p in parts if p.report is not None]
    first = built[0].report if built else None
    tables: list[ReportTable] = []
    if first is not None:
        for table in first.tables:
            own = [(p.code, p.report.table(table.key)) for p in built if _has(p.report, table.key)]
            tables.append(_summed(table, own) if table.key in summed else _listed(table, own))
    tables.append(branch_data(parts))
    scope: Any = Phrase.of(w.ALL_BRANCHES, count=len(parts)) if all_branches else ", ".join(p.code for p in parts)
    parameters: list[tuple[Said, Any]] = [(label, value) for label, value in (first.parameters if first else [])
                                          if label is not w.INTEGRITY_ROOT]
    parameters += [(w.BRANCHES, scope), (w.INTEGRITY_ROOT, w.ROOTS_PER_BRANCH)]
    # a note holds for the whole only if it holds for every branch (e.g. "every difference is zero")
    notes: list[Said] = [n for n in (first.notes if first else []) if all(n in p.report.notes for p in built)]
    warnings: list[Said] = []
    for p in parts:
        if p.status is Status.NO_DATA:
            warnings.append(Phrase.of(w.BRANCH_NO_DATA, branch=p.code, name=p.name))
        elif p.status is Status.UNREADABLE:
            warnings.append(Phrase.of(w.BRANCH_UNREADABLE, branch=p.code, name=p.name, reason=p.problem))
        else:
            warnings += [Phrase.of(w.BRANCH_SAYS, branch=p.code, text=said) for said in p.report.warnings]
    return Report(request, Phrase.of(w.CITY_TITLE, title=first.title if first else title), parameters, tables,
                  [*notes, w.NOTE_CITY], warnings)


def branch_data(parts: Sequence[BranchPart]) -> ReportTable:
    """网点数据: each branch asked for, how current its data is (or that none has arrived), and up to which
    month it has closed its books (a month closed there no longer changes, here either)."""
    rows = [[p.code, p.name, p.data_as_of.strftime("%Y-%m-%d %H:%M") if p.data_as_of else "", p.applied,
             p.status, format_period(p.closed_through) if p.closed_through else "", p.root] for p in parts]
    return ReportTable("branches", w.BRANCH_DATA, list(BRANCH_DATA_COLUMNS), rows)


def _has(report: Report, key: str) -> bool:
    return any(t.key == key for t in report.tables)


def _listed(table: ReportTable, own: list[tuple[str, ReportTable]]) -> ReportTable:
    rows: list[list[Any]] = []
    keys: list[Any] | None = [] if any(t.keys is not None for _, t in own) else None
    for code, t in own:
        for row in t.rows:  # the branch's own row becomes the city's (no second copy of 100,000 rows)
            row.insert(0, code)
        rows += t.rows
        if keys is not None:
            keys += [SiteKey(code, k) for k in t.keys] if t.keys is not None else [None] * len(t.rows)
    totals = None
    if table.totals is not None:
        summed = _sum_rows([t.totals for _, t in own if t.totals is not None])
        totals = [w.TOTAL, *("" if v is w.TOTAL else v for v in summed)]
    return ReportTable(table.key, table.name, [BRANCH_COLUMN, *table.columns], rows, totals, keys)


def _summed(table: ReportTable, own: list[tuple[str, ReportTable]]) -> ReportTable:
    rows = [_sum_rows([t.rows[i] for _, t in own]) for i in range(len(table.rows))]
    totals = None if table.totals is None else _sum_rows([t.totals for _, t in own if t.totals is not None])
    return ReportTable(table.key, table.name, list(table.columns), rows, totals, table.keys)


def _sum_rows(rows: Sequence[Sequence[Any]]) -> list[Any]:
    """Cell by cell: counts and amounts added up; a word or value the same everywhere kept; anything else
    left empty (a share or ratio is the report's own rule to set again)."""
    out: list[Any] = []
    for values in zip(*rows):
        if all(type(v) is int for v in values):
            out.append(sum(values))
        elif all(v == values[0] for v in values):
            out.append(values[0])
        else:
            out.append(None)
    return out
