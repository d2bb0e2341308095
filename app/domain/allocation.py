"""Offsetting repayments against open items (核销).

先发生、先核销: without named items a payment closes the oldest business date first, ties by entry
order. Named items (明确核销对象) are closed as named. What is left over stays as unapplied credit
(预存款). These functions only plan; the services post the plan in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.errors import DomainError
from app.domain.money import require_fen


@dataclass(frozen=True, slots=True)
class OpenItem:
    item_id: int
    business_date: date
    open_amount: int
    ref: str = ""

    @property
    def fifo_key(self) -> tuple[date, int]:
        return (self.business_date, self.item_id)


@dataclass(frozen=True, slots=True)
class PlannedOffset:
    item_id: int
    amount: int
    open_before: int

    @property
    def closes(self) -> bool:
        return self.amount == self.open_before


@dataclass(frozen=True, slots=True)
class AllocationPlan:
    amount: int
    offsets: tuple[PlannedOffset, ...]

    @property
    def applied(self) -> int:
        return sum(o.amount for o in self.offsets)

    @property
    def excess(self) -> int:
        """Money left over: kept as the customer's unapplied credit (预存款)."""
        return self.amount - self.applied


@dataclass(frozen=True, slots=True)
class NamedTarget:
    item_id: int
    amount: int | None = None  # None: whatever is open on the item


def allocate_fifo(amount: int, open_items: list[OpenItem]) -> AllocationPlan:
    """先发生、先核销."""
    _check_amount(amount)
    remaining = amount
    offsets: list[PlannedOffset] = []
    for item in sorted(open_items, key=lambda i: i.fifo_key):
        if remaining == 0:
            break
        if item.open_amount <= 0:
            continue
        take = min(remaining, item.open_amount)
        offsets.append(PlannedOffset(item.item_id, take, item.open_amount))
        remaining -= take
    return AllocationPlan(amount, tuple(offsets))


def allocate_named(amount: int, open_items: list[OpenItem], targets: list[NamedTarget]) -> AllocationPlan:
    """明确核销对象: close the named items, in the order named, for the amounts named."""
    _check_amount(amount)
    by_id = {i.item_id: i for i in open_items}
    seen: set[int] = set()
    offsets: list[PlannedOffset] = []
    for target in targets:
        item = by_id.get(target.item_id)
        if target.item_id in seen:
            raise DomainError("item.named_twice", ref=_ref(item, target.item_id))
        seen.add(target.item_id)
        if item is None or item.open_amount <= 0:
            raise DomainError("item.not_open", ref=_ref(item, target.item_id))
        take = item.open_amount if target.amount is None else target.amount
        if take <= 0:
            raise DomainError("amount.not_positive", text=str(take))
        if take > item.open_amount:
            raise DomainError("item.over_open", ref=_ref(item, target.item_id), open=item.open_amount, amount=take)
        offsets.append(PlannedOffset(item.item_id, take, item.open_amount))
    plan = AllocationPlan(amount, tuple(offsets))
    if plan.applied > amount:
        if all(t.amount is None for t in targets):
            # Named items without amounts: the money closes them in the order named until it runs out.
            return _fill_in_order(amount, [by_id[t.item_id] for t in targets])
        raise DomainError("allocation.over_amount", named=plan.applied, amount=amount)
    return plan


def _fill_in_order(amount: int, items: list[OpenItem]) -> AllocationPlan:
    remaining = amount
    offsets = []
    for item in items:
        if remaining == 0:
            break
        take = min(remaining, item.open_amount)
        offsets.append(PlannedOffset(item.item_id, take, item.open_amount))
        remaining -= take
    return AllocationPlan(amount, tuple(offsets))


def _check_amount(amount: int) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("amount must be integer fen")
    require_fen(amount)


def _ref(item: OpenItem | None, item_id: int) -> str:
    return item.ref if item is not None and item.ref else f"#{item_id}"
