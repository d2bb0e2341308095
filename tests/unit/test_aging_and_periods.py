from datetime import date

import pytest

from app.domain.aging import (
    DEFAULT_OVERDUE_BOUNDS, overdue_bucket, overdue_bucket_labels, telecom_bucket, validate_bounds,
)
from app.domain.errors import DomainError
from app.domain.periods import add_months, due_date_for, parse_period

AS_OF = date(2026, 6, 30)


@pytest.mark.parametrize("days_overdue,bucket", [
    (-5, 0), (0, 0), (1, 1), (90, 1), (91, 2), (180, 2), (181, 3), (365, 3), (366, 4), (2000, 4),
])
def test_overdue_days_fall_in_the_right_bucket(days_overdue, bucket):
    due = date.fromordinal(AS_OF.toordinal() - days_overdue)
    assert overdue_bucket(due, AS_OF, DEFAULT_OVERDUE_BOUNDS) == bucket


def test_overdue_bounds_are_configurable():
    assert overdue_bucket(date(2026, 6, 1), AS_OF, (30, 60)) == 1
    assert overdue_bucket(date(2026, 5, 1), AS_OF, (30, 60)) == 2
    assert overdue_bucket(date(2026, 1, 1), AS_OF, (30, 60)) == 3
    assert overdue_bucket_labels((30, 60)) == ("未到期", "1-30天", "31-60天", "60天以上")


@pytest.mark.parametrize("bounds", [(), (0, 10), (90, 30), (30, 30), (-1,)])
def test_bad_bounds_are_refused(bounds):
    with pytest.raises(DomainError):
        validate_bounds(bounds)


@pytest.mark.parametrize("period,bucket", [(202606, 0), (202605, 1), (202604, 2), (202603, 3), (202412, 3)])
def test_telecom_aging_counts_billing_months_back_from_the_as_of_month(period, bucket):
    assert telecom_bucket(period, AS_OF) == bucket


def test_telecom_aging_crosses_the_year_end():
    assert telecom_bucket(202512, date(2026, 1, 10)) == 1
    assert telecom_bucket(202511, date(2026, 1, 10)) == 2


@pytest.mark.parametrize("cycle,period,due", [
    (1, 202603, date(2026, 4, 30)),   # March items: cycle ends 3-31, +30 days
    (2, 202601, date(2026, 3, 30)),   # Jan-Feb cycle ends 2-28
    (2, 202602, date(2026, 3, 30)),
    (2, 202603, date(2026, 5, 30)),   # Mar-Apr cycle ends 4-30
    (3, 202603, date(2026, 4, 30)),   # Jan-Mar
    (3, 202604, date(2026, 7, 30)),   # Apr-Jun
])
def test_due_date_follows_the_settlement_cycle_and_credit_period(cycle, period, due):
    assert due_date_for(period, cycle_start_period=202601, settlement_cycle_months=cycle,
                        credit_period_days=30) == due


def test_periods_parse_and_months_add_at_month_end():
    assert parse_period("2026-03") == 202603 == parse_period("202603")
    with pytest.raises(DomainError):
        parse_period("2026-13")
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


def test_bucket_shares_are_exact_decimals_that_add_up():
    from decimal import Decimal

    from app.domain.aging import AgingGrouping, AgingReport, AgingRow, AgingScheme, TELECOM_BUCKETS
    report = AgingReport(AS_OF, AgingScheme.TELECOM, AgingGrouping.CUSTOMER, TELECOM_BUCKETS,
                         [AgingRow(1, "甲", [100, 200, 0, 0]), AgingRow(2, "乙", [0, 0, 700, 0])])
    assert report.totals == [100, 200, 700, 0] and report.grand_total == 1000
    assert [report.share(k) for k in range(4)] == [Decimal("0.1"), Decimal("0.2"), Decimal("0.7"), Decimal("0")]
