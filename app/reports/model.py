"""A report as plain data: its request, title, parameters, one or more tables with typed columns and
totals, notes and warnings.

The same object is shown in the app and written to .xlsx and .pdf, so every figure has one source.
Money cells are integer fen; percentages are Decimal fractions (0.0525 = 5.25%); billing periods are
YYYYMM integers; dates are dates. Fixed words are ``Words`` of the vocabulary (``app.reports.words``),
or a ``Phrase`` (words with typed values to fill in), or a ``Status``: exports say them in Chinese,
the screen through Qt's translation. Nothing is turned into text before the edge.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from app.domain.money import format_fen
from app.domain.periods import format_period
from app.domain.words import Words
from app.reports import words as w
from app.reports.request import ReportKind, ReportRequest

Kind = Literal["text", "money", "int", "date", "percent", "period", "status"]
SayWords = Callable[[Words], str]  # how a language says a term: ``chinese``, or the screen's translation


def chinese(words: Words) -> str:
    return words.zh


def english(words: Words) -> str:
    return words.en


class Money(NamedTuple):
    """An amount in fen as a parameter of a phrase (written as yuan, ``1,234.50``)."""
    fen: int


class Period(NamedTuple):
    """A billing period (YYYYMM) as a parameter of a phrase (written ``2026-11``)."""
    value: int


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words of the vocabulary with the values that fill their ``{fields}``."""
    words: Words
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, words: Words, /, **params: Any) -> Phrase:
        return cls(words, tuple(params.items()))

    def say(self, say_words: SayWords = chinese) -> str:
        template = say_words(self.words)
        if not self.params:
            return template
        try:
            return template.format(**{name: say(value, say_words) for name, value in self.params})
        except (KeyError, IndexError):
            return template

    def __str__(self) -> str:
        return self.say()


class Status(StrEnum):
    """What a check found, as a key; ``bad`` ones are shown in red."""
    MATCHES = "matches"
    DIFFERS = "differs"
    NO_COUNTERPART = "no_counterpart"
    ON_TARGET = "on_target"
    OVER_TARGET = "over_target"
    NO_REVENUE = "no_revenue"
    INCLUDED = "included"      # a branch's data is in the city office's report
    NO_DATA = "no_data"        # ... none has arrived yet
    UNREADABLE = "unreadable"  # ... its copy cannot be opened

    @property
    def words(self) -> Words:
        return _STATUS_WORDS[self]

    @property
    def bad(self) -> bool:
        return self in (Status.DIFFERS, Status.OVER_TARGET, Status.NO_DATA, Status.UNREADABLE)


_STATUS_WORDS = {
    Status.MATCHES: w.MATCHES, Status.DIFFERS: w.DIFFERS, Status.NO_COUNTERPART: w.NO_COUNTERPART,
    Status.ON_TARGET: w.ON_TARGET, Status.OVER_TARGET: w.OVER_TARGET, Status.NO_REVENUE: w.NO_REVENUE,
    Status.INCLUDED: w.INCLUDED, Status.NO_DATA: w.NO_DATA, Status.UNREADABLE: w.UNREADABLE,
}


def say(value: Any, say_words: SayWords = chinese) -> str:
    """A parameter or fixed word as text: words in the language of ``say_words``; money in yuan,
    periods as 2026-11, dates ISO, fractions as percentages; anything else (names, codes) as it is."""
    if isinstance(value, str) and not isinstance(value, StrEnum):
        return value
    if isinstance(value, Phrase):
        return value.say(say_words)
    if isinstance(value, Words):
        return say_words(value)
    if isinstance(value, Money):
        return format_fen(value.fen)
    if isinstance(value, Period):
        return format_period(value.value)
    words = getattr(value, "words", None)
    if isinstance(words, Words):
        return say_words(words)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value * 100:.2f}%"
    return "" if value is None else str(value)


def cell_text(value: Any, kind: Kind, say_words: SayWords = chinese) -> str:
    """A cell as text (the screen, the PDF)."""
    if value is None or value == "":
        return ""
    if kind == "money" and isinstance(value, int):
        return format_fen(value)
    if kind == "period" and isinstance(value, int):
        return format_period(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if kind == "int" else str(value)
    return say(value, say_words)


Said = Words | Phrase  # a fixed word, or one with values


@dataclass(frozen=True, slots=True)
class ReportColumn:
    header: Said
    kind: Kind = "text"
    width: int = 14  # characters, for the spreadsheet


@dataclass(frozen=True, slots=True)
class SiteKey:
    """A row's key in the city office's report: the branch (site code) and the key its own report gave
    the row (what a drill-down opens, in that branch's data)."""
    site: str
    key: Any


class StreamedRows:
    """A table's rows read from the database while they are written (an export of a million items): their
    number is known up front, they are iterated once, never held as a list, and cannot be indexed."""

    def __init__(self, count: int, rows: Iterator[list[Any]]) -> None:
        self._count = count
        self._rows = rows

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[list[Any]]:
        return self._rows


@dataclass(slots=True)
class ReportTable:
    key: str                       # which table (``report.table(key)``), e.g. "by_business_line"
    name: Said                     # sheet name / section heading
    columns: list[ReportColumn]
    rows: list[list[Any]] | StreamedRows
    totals: list[Any] | None = None
    keys: list[Any] | None = None  # per row: what a drill-down opens (e.g. a customer id)


@dataclass(slots=True)
class Report:
    request: ReportRequest
    title: Said
    parameters: list[tuple[Said, Any]]  # label, typed value
    tables: list[ReportTable]
    notes: list[Said] = field(default_factory=list)
    warnings: list[Said] = field(default_factory=list)

    @property
    def kind(self) -> ReportKind:
        return self.request.kind

    def table(self, key: str) -> ReportTable:
        return next(t for t in self.tables if t.key == key)


def share(part: int, whole: int) -> Decimal | None:
    """A fraction to four places (shown as a percentage with two), None when the whole is zero."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))
