"""Dates of the ledger: billing periods (账期) and due dates from the agreement's terms."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta

from app.domain.errors import DomainError

_PERIOD = re.compile(r"^(\d{4})-?(\d{2})$")


def period_of(day: date) -> int:
    """Billing period as ``YYYYMM``."""
    return day.year * 100 + day.month


def format_period(period: int) -> str:
    """``202611`` -> ``2026-11``: how a billing period is written for people."""
    return f"{period // 100}-{period % 100:02d}"


def parse_period(text: str | int) -> int:
    m = _PERIOD.match(str(text).strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise DomainError("period.malformed", text=str(text))
    return int(m.group(1)) * 100 + int(m.group(2))


def month_index(period: int) -> int:
    """Months since year 0, so that the distance between two periods is a subtraction."""
    return (period // 100) * 12 + (period % 100) - 1


def period_from_index(index: int) -> int:
    year, month0 = divmod(index, 12)
    return year * 100 + month0 + 1


def last_day_of_period(period: int) -> date:
    year, month = divmod(period, 100)
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - _ONE_DAY


_ONE_DAY = timedelta(days=1)


def end_of_day(day: date) -> datetime:
    """日终: "as of the end of ``day``" means everything recorded before the next midnight."""
    return datetime.combine(day + timedelta(days=1), time.min)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def due_date_for(billing_period: int, *, cycle_start_period: int, settlement_cycle_months: int,
                 credit_period_days: int) -> date:
    """结算周期: periods are grouped into cycles of 1-3 months counted from the agreement's first
    period; an item falls due ``credit_period_days`` after the last day of its cycle."""
    offset = month_index(billing_period) - month_index(cycle_start_period)
    cycle_end_index = month_index(cycle_start_period) + (offset // settlement_cycle_months + 1) * settlement_cycle_months - 1
    return last_day_of_period(period_from_index(cycle_end_index)) + timedelta(days=credit_period_days)
