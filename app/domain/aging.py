"""Aging (账龄) of open arrears, in the two schemes the regulations use.

- Telecom (telecom 第十条), by billing period seen from the as-of month: 当月 / 隔月 / 三个月 / 三个月以上.
- Overdue days past the due date: 未到期 / 1-90 / 91-180 / 181-365 / 365 天以上, bounds configurable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.domain.errors import DomainError
from app.domain.periods import month_index, period_of


class AgingScheme(StrEnum):
    TELECOM = "telecom"
    OVERDUE = "overdue"


class AgingGrouping(StrEnum):
    CUSTOMER = "customer"
    BUSINESS_LINE = "business_line"
    HANDLER = "handler"
    BRANCH = "branch"
    CUSTOMER_GROUP = "customer_group"


TELECOM_BUCKETS = ("当月欠费", "隔月欠费", "三个月欠费", "三个月以上")
DEFAULT_OVERDUE_BOUNDS = (90, 180, 365)


def telecom_bucket(billing_period: int, as_of: date) -> int:
    """0 当月, 1 隔月, 2 三个月, 3 三个月以上, counted in months from the as-of month."""
    months = month_index(period_of(as_of)) - month_index(billing_period)
    return min(max(months, 0), 3)


def validate_bounds(bounds: tuple[int, ...] | list[int]) -> tuple[int, ...]:
    bounds = tuple(bounds)
    if not bounds or any(not isinstance(b, int) or b <= 0 for b in bounds) or list(bounds) != sorted(set(bounds)):
        raise DomainError("aging.bad_bounds", bounds=list(bounds))
    return bounds


def overdue_bucket_labels(bounds: tuple[int, ...]) -> tuple[str, ...]:
    labels = ["未到期"]
    low = 1
    for high in bounds:
        labels.append(f"{low}-{high}天")
        low = high + 1
    labels.append(f"{bounds[-1]}天以上")
    return tuple(labels)


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
