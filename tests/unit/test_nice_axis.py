"""The dashboard's value axes end on round numbers in round steps (1, 2, 2.5 or 5 × 10^n)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.services.dashboard import nice_axis


@pytest.mark.parametrize(("maximum", "ticks"), [
    (197, ["0", "50", "100", "150", "200"]),
    (200, ["0", "50", "100", "150", "200"]),
    (46, ["0", "10", "20", "30", "40", "50"]),
    (29, ["0", "10", "20", "30"]),
    (3, ["0", "1", "2", "3"]),
    (100, ["0", "20", "40", "60", "80", "100"]),
    (11, ["0.0", "2.5", "5.0", "7.5", "10.0", "12.5"]),
    (Decimal("0.37"), ["0.0", "0.1", "0.2", "0.3", "0.4"]),
    (1_234_567, ["0", "250000", "500000", "750000", "1000000", "1250000"]),
])
def test_ticks_are_round_numbers_covering_the_maximum(maximum, ticks):
    assert [str(t) for t in nice_axis(maximum).ticks()] == ticks


def test_an_empty_chart_still_gets_an_axis():
    axis = nice_axis(0)
    assert (axis.top, axis.step, axis.intervals) == (1, 1, 1)


def test_tick_labels_carry_as_many_decimals_as_the_step():
    assert nice_axis(197).decimals == 0
    assert nice_axis(11).decimals == 1      # 2.5
    assert nice_axis(Decimal("0.9")).decimals == 1   # 0.2
    assert nice_axis(Decimal("0.09")).decimals == 2  # 0.02


@pytest.mark.parametrize("maximum", [Decimal(n) / 100 for n in range(1, 100_000, 997)])
def test_the_step_is_the_smallest_round_one_that_fits(maximum):
    axis = nice_axis(maximum)
    assert axis.top >= maximum and 1 <= axis.intervals <= 5
    mantissa = axis.step.scaleb(-axis.step.adjusted()).normalize()
    assert mantissa in {1, 2, Decimal("2.5"), 5}
    assert axis.top - axis.step < maximum  # no empty step at the top
