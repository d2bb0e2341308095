"""Aging (账龄) of open arrears, in the two schemes the regulations use.

- Telecom (telecom 第十条), by billing period seen from the as-of month: 当月 / 隔月 / 三个月 / 三个月以上.
- Overdue days past the due date: 未到期 / 1-90 / 91-180 / 181-365 / 365 天以上, bounds configurable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.domain.errors import DomainError
from app.domain.periods import month_index, period_from_index, period_of
from app.domain.words import Words


class AgingScheme(StrEnum):
    TELECOM = "telecom"
    OVERDUE = "overdue"


class AgingGrouping(StrEnum):
    CUSTOMER = "customer"
    BUSINESS_LINE = "business_line"
    HANDLER = "handler"
    BRANCH = "branch"
    CUSTOMER_GROUP = "customer_group"


TELECOM_BUCKET_WORDS = (Words("当月欠费", "This month"), Words("隔月欠费", "Last month"),
                        Words("三个月欠费", "Third month"), Words("三个月以上", "Older than three months"))
TELECOM_BUCKETS = tuple(words.zh for words in TELECOM_BUCKET_WORDS)
NOT_YET_DUE = Words("未到期", "Not yet due")
DAYS_OVERDUE_BAND = Words("{low}-{high}天", "{low}-{high} days")
OVER_DAYS_OVERDUE = Words("{days}天以上", "Over {days} days")
DEFAULT_OVERDUE_BOUNDS = (90, 180, 365)

# A band's words and the numbers that fill them in, e.g. (DAYS_OVERDUE_BAND, (("low", 1), ("high", 90))).
Band = tuple[Words, tuple[tuple[str, int], ...]]


def telecom_bucket(billing_period: int, as_of: date) -> int:
    """0 当月, 1 隔月, 2 三个月, 3 三个月以上, counted in months from the as-of month."""
    months = month_index(period_of(as_of)) - month_index(billing_period)
    return min(max(months, 0), 3)


def validate_bounds(bounds: tuple[int, ...] | list[int]) -> tuple[int, ...]:
    bounds = tuple(bounds)
    if not bounds or any(not isinstance(b, int) or b <= 0 for b in bounds) or list(bounds) != sorted(set(bounds)):
        raise DomainError("aging.bad_bounds", bounds=list(bounds))
    return bounds


def bucket_bands(scheme: AgingScheme, bounds: tuple[int, ...] = DEFAULT_OVERDUE_BOUNDS) -> tuple[Band, ...]:
    """Each bucket's name: the telecom months, or 未到期 / 1-90天 / … / 365天以上 from the bounds."""
    if scheme is AgingScheme.TELECOM:
        return tuple((words, ()) for words in TELECOM_BUCKET_WORDS)
    bands: list[Band] = [(NOT_YET_DUE, ())]
    low = 1
    for high in bounds:
        bands.append((DAYS_OVERDUE_BAND, (("low", low), ("high", high))))
        low = high + 1
    bands.append((OVER_DAYS_OVERDUE, (("days", bounds[-1]),)))
    return tuple(bands)


def overdue_bucket_labels(bounds: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(words.zh.format(**dict(params)) for words, params in bucket_bands(AgingScheme.OVERDUE, bounds))


def overdue_bucket(due_date: date, as_of: date, bounds: tuple[int, ...]) -> int:
    """0 not yet due; then one bucket per bound; the last is over the largest bound."""
    days = (as_of - due_date).days
    if days <= 0:
        return 0
    for i, high in enumerate(bounds):
        if days <= high:
            return i + 1
    return len(bounds) + 1


def bucket_labels(scheme: AgingScheme, bounds: tuple[int, ...] = DEFAULT_OVERDUE_BOUNDS) -> tuple[str, ...]:
    return TELECOM_BUCKETS if scheme is AgingScheme.TELECOM else overdue_bucket_labels(bounds)


def bucket_edges(scheme: AgingScheme, as_of: date, bounds: tuple[int, ...]) -> tuple[date | int, ...]:
    """The same buckets as ``telecom_bucket``/``overdue_bucket``, as edges on the stored column (billing
    period, or due date), newest first: an item is in the first bucket whose edge it is not older than,
    in the last one if it is older than every edge. SQL compares stored values, no arithmetic per row."""
    if scheme is AgingScheme.TELECOM:
        p = month_index(period_of(as_of))
        return tuple(period_from_index(p - k) for k in range(len(TELECOM_BUCKET_WORDS) - 1))
    return (as_of, *(as_of - timedelta(days=high) for high in bounds))


@dataclass(slots=True)
class AgingRow:
    key: int | str
    label: str
    buckets: list[int]
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.buckets)


@dataclass(slots=True)
class AgingReport:
    as_of: date
    scheme: AgingScheme
    grouping: AgingGrouping
    bucket_labels: tuple[str, ...]
    rows: list[AgingRow]

    @property
    def totals(self) -> list[int]:
        return [sum(r.buckets[i] for r in self.rows) for i in range(len(self.bucket_labels))]

    @property
    def grand_total(self) -> int:
        return sum(self.totals)

    def share(self, bucket: int) -> Decimal | None:
        """A bucket's share of the total as a fraction rounded to 0.0001 (exact arithmetic, no float)."""
        total = self.grand_total
        if total == 0:
            return None
        return (Decimal(self.totals[bucket]) / Decimal(total)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
