"""A report as plain data: title, parameters, one or more tables with typed columns and totals.

The same object is shown in the app, written to .xlsx and to .pdf, so every figure has one source.
Money cells are integer fen; percentages are Decimal fractions (0.0525 = 5.25%).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

Kind = Literal["text", "money", "int", "date", "percent"]


@dataclass(frozen=True, slots=True)
class ReportColumn:
    header: str
    kind: Kind = "text"
    width: int = 14  # characters, for the spreadsheet


@dataclass(slots=True)
class ReportTable:
    name: str                      # sheet name / section heading
    columns: list[ReportColumn]
    rows: list[list[Any]]
    totals: list[Any] | None = None
    keys: list[Any] | None = None  # per row: what a drill-down opens (e.g. a customer id)


@dataclass(slots=True)
class Report:
    kind: str
    title: str
    parameters: list[tuple[str, str]]
    tables: list[ReportTable]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def table(self, name: str) -> ReportTable:
        return next(t for t in self.tables if t.name == name)


def share(part: int, whole: int) -> Decimal | None:
    """A fraction to four places (shown as a percentage with two), None when the whole is zero."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()
