"""The ladder, late fee and queue order as pure rules, with fixed dates."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from app.domain.collection import (
    DEFAULT_INTERVENTION_LIMIT, DEFAULT_LADDER, QueueFacts, StepAction, days_overdue, intervention_limits,
    investigation_due, ladder_from_setting, ladder_key_for, ladder_to_setting, late_fee, over_intervention_limit,
    over_six_months, proposed_step, queue_urgency,
)
from app.domain.collection import largest_line_over_limit, limits_by_line  # issue 15, queue
from app.domain.errors import DomainError


@pytest.mark.parametrize("days,expected", [(0, None), (1, 1), (14, 1), (15, 2), (29, 2), (30, 3), (89, 3),
                                           (90, 4), (179, 4), (180, 5), (2_000, 5)])
def test_the_default_ladder_proposes_by_days_past_due(days, expected):
    step = proposed_step(DEFAULT_LADDER, days)
    assert (step.number if step else None) == expected


def test_an_item_due_today_is_not_overdue():
    assert days_overdue(date(2026, 3, 31), date(2026, 3, 31)) == 0
    assert days_overdue(date(2026, 3, 31), date(2026, 4, 1)) == 1


def test_six_months_counts_calendar_months_from_the_due_date():
    assert not over_six_months(date(2026, 1, 31), date(2026, 7, 31))
    assert over_six_months(date(2026, 1, 31), date(2026, 8, 1))
    assert not over_six_months(date(2026, 2, 28), date(2026, 8, 31))  # six months back from 08-31 is 02-28
    assert over_six_months(date(2026, 2, 28), date(2026, 9, 1))


def test_sql_sees_the_domain_rule_for_six_months_through_stored_dates():
    from app.services.context import SQL_FUNCTIONS
    sql_over_six_months = next(f for f in SQL_FUNCTIONS if f.name == "over_six_months").sqlite_callable()
    for due, as_of in ((date(2026, 2, 28), date(2026, 8, 31)), (date(2026, 2, 28), date(2026, 9, 1)),
                       (date(2024, 2, 29), date(2024, 8, 31)), (date(2026, 1, 31), date(2026, 8, 1))):
        assert sql_over_six_months(due.isoformat(), as_of.isoformat()) == int(over_six_months(due, as_of))
    assert sql_over_six_months(None, "2026-01-01") is None


def test_ladders_round_trip_and_refuse_days_that_do_not_increase():
    assert ladder_from_setting(ladder_to_setting(DEFAULT_LADDER)) == DEFAULT_LADDER
    for bad in ([], [{"action": "remind", "days": 0}], [{"action": "remind", "days": 5}, {"action": "notice", "days": 5}],
                [{"action": "shout", "days": 5}], [{"days": 5}]):
        with pytest.raises(DomainError):
            ladder_from_setting(bad)
    custom = ladder_from_setting([{"action": "notice", "days": 10}, {"action": "legal", "days": 60}])
    assert [(s.number, s.action) for s in custom] == [(1, StepAction.NOTICE), (2, StepAction.LEGAL)]


def test_the_group_ladder_wins_over_the_line_ladder_over_the_default():
    configured = {"default": [], "group:key_account": [], "line:LETTER": []}
    assert ladder_key_for("key_account", "LETTER", configured) == "group:key_account"
    assert ladder_key_for("public", "LETTER", configured) == "line:LETTER"
    assert ladder_key_for("public", "PARCEL", configured) == "default"


def test_late_fee_is_permille_per_day_after_grace_rounded_half_up_to_the_fen():
    due, on = date(2026, 3, 1), date(2026, 3, 11)  # 10 days overdue
    assert late_fee(100_000, due, on, permille_per_day=3, grace_days=0) == 3_000  # 1,000.00 x 3‰ x 10
    assert late_fee(100_000, due, on, permille_per_day=3, grace_days=4) == 1_800
    assert late_fee(100_000, due, on, permille_per_day=3, grace_days=10) == 0
    assert late_fee(17, due, on, permille_per_day=3, grace_days=0) == 1  # 0.51 fen rounds up
    assert late_fee(16, due, on, permille_per_day=3, grace_days=0) == 0  # 0.48 fen rounds down


@given(st.integers(1, 10**10), st.integers(0, 400), st.integers(0, 10), st.integers(0, 30))
def test_late_fee_is_an_integer_never_negative(amount, days, permille, grace):
    fee = late_fee(amount, date(2026, 1, 1), date.fromordinal(date(2026, 1, 1).toordinal() + days),
                   permille_per_day=permille, grace_days=grace)
    assert isinstance(fee, int) and fee >= 0


def test_queue_order_broken_promise_then_due_follow_up_then_amount():
    today = date(2026, 5, 10)
    broken = QueueFacts(100, 5, date(2026, 5, 1), False, None)
    kept = QueueFacts(10_000, 50, date(2026, 5, 1), True, None)
    follow = QueueFacts(200, 5, None, True, date(2026, 5, 10))
    big = QueueFacts(9_000, 5, None, True, date(2026, 6, 1))
    order = sorted([big, follow, kept, broken], key=lambda f: queue_urgency(f, today))
    assert order == [broken, follow, kept, big]


def test_an_investigation_is_due_until_a_cause_is_noted_once_the_item_is_over_six_months():
    due = date(2026, 2, 28)
    assert not investigation_due(due, date(2026, 8, 31), None)  # not yet over six months
    assert investigation_due(due, date(2026, 9, 1), None)
    assert investigation_due(due, date(2026, 10, 1), date(2026, 8, 31))  # noted before it was over six months
    assert not investigation_due(due, date(2026, 10, 1), date(2026, 9, 1))


def test_the_intervention_limit_of_a_line_falls_back_to_the_default():
    limits = intervention_limits({"LETTER": 100_000})
    assert limits == {"default": DEFAULT_INTERVENTION_LIMIT, "LETTER": 100_000}
    assert intervention_limits({"default": 5}) == {"default": 5}
    assert over_intervention_limit("LETTER", 100_001, limits) and not over_intervention_limit("LETTER", 100_000, limits)
    assert not over_intervention_limit("PARCEL", DEFAULT_INTERVENTION_LIMIT, limits)
    assert over_intervention_limit("PARCEL", DEFAULT_INTERVENTION_LIMIT + 1, limits)


def test_with_one_limit_for_every_line_a_customer_is_over_it_when_its_largest_line_is():
    assert not limits_by_line(intervention_limits({"default": 5_000}))
    one = intervention_limits({"default": 5_000})
    assert largest_line_over_limit(5_001, one) and not largest_line_over_limit(5_000, one)
    assert not largest_line_over_limit(DEFAULT_INTERVENTION_LIMIT, intervention_limits())
    assert largest_line_over_limit(DEFAULT_INTERVENTION_LIMIT + 1, intervention_limits())
    assert limits_by_line(intervention_limits({"LETTER": 100_000}))  # then each line is compared with its own
