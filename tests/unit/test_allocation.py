from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from app.domain.allocation import NamedTarget, OpenItem, allocate_fifo, allocate_named
from app.domain.errors import DomainError

D0 = date(2026, 1, 1)

open_items = st.lists(
    st.tuples(st.integers(0, 120), st.integers(1, 500_000)), min_size=0, max_size=25,
).map(lambda rows: [OpenItem(i + 1, D0 + timedelta(days=d), amt, f"V{i + 1}") for i, (d, amt) in enumerate(rows)])


@given(open_items, st.integers(1, 5_000_000))
def test_fifo_never_offsets_more_than_is_open_or_paid(items, amount):
    plan = allocate_fifo(amount, items)
    by_id = {i.item_id: i for i in items}
    assert all(0 < o.amount <= by_id[o.item_id].open_amount for o in plan.offsets)
    assert plan.applied <= amount
    assert plan.excess == amount - plan.applied >= 0
    assert plan.excess == 0 or plan.applied == sum(i.open_amount for i in items)


@given(open_items, st.integers(1, 5_000_000))
def test_fifo_closes_older_items_first(items, amount):
    plan = allocate_fifo(amount, items)
    taken = {o.item_id: o.amount for o in plan.offsets}
    ordered = sorted(items, key=lambda i: (i.business_date, i.item_id))
    for k, item in enumerate(ordered):
        if taken.get(item.item_id):
            for older in ordered[:k]:
                assert taken.get(older.item_id) == older.open_amount, "an older item was left open"


def test_fifo_ties_on_business_date_go_by_entry_order():
    items = [OpenItem(7, D0, 100), OpenItem(3, D0, 100), OpenItem(5, D0 - timedelta(days=1), 100)]
    plan = allocate_fifo(150, items)
    assert [(o.item_id, o.amount) for o in plan.offsets] == [(5, 100), (3, 50)]


@given(open_items, st.data())
def test_named_allocation_touches_only_the_named_items(items, data):
    if not items:
        return
    named = data.draw(st.lists(st.sampled_from([i.item_id for i in items]), min_size=1, unique=True))
    amount = data.draw(st.integers(1, 3_000_000))
    plan = allocate_named(amount, items, [NamedTarget(i) for i in named])
    assert {o.item_id for o in plan.offsets} <= set(named)
    assert plan.applied <= amount
    by_id = {i.item_id: i for i in items}
    assert all(o.amount <= by_id[o.item_id].open_amount for o in plan.offsets)


def test_named_allocation_with_amounts_leaves_the_rest_as_credit():
    items = [OpenItem(1, D0, 10_000), OpenItem(2, D0, 20_000)]
    plan = allocate_named(50_000, items, [NamedTarget(2, 5_000)])
    assert [(o.item_id, o.amount) for o in plan.offsets] == [(2, 5_000)]
    assert plan.excess == 45_000


@pytest.mark.parametrize("targets,code", [
    ([NamedTarget(1), NamedTarget(1)], "item.named_twice"),
    ([NamedTarget(9)], "item.not_open"),
    ([NamedTarget(1, 10_001)], "item.over_open"),
    ([NamedTarget(1, 10_000), NamedTarget(2, 20_000)], "allocation.over_amount"),
])
def test_named_allocation_refuses_what_cannot_be_done(targets, code):
    items = [OpenItem(1, D0, 10_000), OpenItem(2, D0, 20_000)]
    with pytest.raises(DomainError) as info:
        allocate_named(25_000, items, targets)
    assert info.value.code == code


def test_allocation_refuses_a_non_positive_or_non_integer_amount():
    with pytest.raises(DomainError):
        allocate_fifo(0, [])
    with pytest.raises(TypeError):
        allocate_fifo(10.0, [])  # type: ignore[arg-type]
