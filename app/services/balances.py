"""Maintained figures (item / repayment / customer balances), changed in the same transaction as the
ledger entry that moves them. They are a cache of what the entries say; ``verify`` recomputes them."""
from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update

from db.models import ArrearsItem, CustomerBalance, ItemBalance, RepaymentBalance
from app.services.context import UnitOfWork


def on_item_recorded(uow: UnitOfWork, item: ArrearsItem) -> None:
    # Core inserts, not session.add: the Core updates that follow in the same unit of work must see them.
    uow.session.execute(insert(ItemBalance).values(
        item_id=item.id, customer_id=item.customer_id, business_date=item.business_date,
        billing_period=item.billing_period, due_date=item.due_date, business_line_id=item.business_line_id,
        handler_id=item.handler_id, branch_id=item.branch_id, open_amount=item.amount))
    _move_customer(uow, item.customer_id, open_delta=item.amount)


def on_repayment_recorded(uow: UnitOfWork, repayment_id: int, customer_id: int, amount: int) -> None:
    uow.session.execute(insert(RepaymentBalance).values(repayment_id=repayment_id, customer_id=customer_id,
                                                        unapplied=amount))
    _move_customer(uow, customer_id, credit_delta=amount)


def on_offsets(uow: UnitOfWork, customer_id: int, repayment_id: int, offsets: list[tuple[int, int]]) -> None:
    """Money of one repayment moved onto items: ``offsets`` is [(item_id, amount)]."""
    total = sum(amount for _, amount in offsets)
    table = ItemBalance.__table__
    # One executemany for all items: a 50-item FIFO offset is one statement, not fifty.
    uow.session.connection().execute(
        table.update().where(table.c.item_id == bindparam("b_item"))
        .values(open_amount=table.c.open_amount - bindparam("b_amount")),
        [{"b_item": item_id, "b_amount": amount} for item_id, amount in offsets])
    uow.session.execute(update(RepaymentBalance).where(RepaymentBalance.repayment_id == repayment_id)
                        .values(unapplied=RepaymentBalance.unapplied - total))
    _move_customer(uow, customer_id, open_delta=-total, credit_delta=-total)


def on_item_reopened(uow: UnitOfWork, customer_id: int, item_id: int, amount: int) -> None:
    uow.session.execute(update(ItemBalance).where(ItemBalance.item_id == item_id)
                        .values(open_amount=ItemBalance.open_amount + amount))
    _move_customer(uow, customer_id, open_delta=amount)


def on_item_closed_without_money(uow: UnitOfWork, customer_id: int, item_id: int) -> int:
    """Reversal or write-off: whatever is open on the item leaves the customer's balance."""
    open_amount = uow.session.scalar(select(ItemBalance.open_amount).where(ItemBalance.item_id == item_id))
    uow.session.execute(update(ItemBalance).where(ItemBalance.item_id == item_id).values(open_amount=0))
    _move_customer(uow, customer_id, open_delta=-open_amount)
    return open_amount


def on_credit_returned(uow: UnitOfWork, customer_id: int, repayment_id: int, amount: int) -> None:
    """Money offset against a reversed item is unapplied credit again."""
    uow.session.execute(update(RepaymentBalance).where(RepaymentBalance.repayment_id == repayment_id)
                        .values(unapplied=RepaymentBalance.unapplied + amount))
    _move_customer(uow, customer_id, credit_delta=amount)


def on_repayment_cancelled(uow: UnitOfWork, customer_id: int, repayment_id: int) -> int:
    unapplied = uow.session.scalar(select(RepaymentBalance.unapplied)
                                   .where(RepaymentBalance.repayment_id == repayment_id))
    uow.session.execute(update(RepaymentBalance).where(RepaymentBalance.repayment_id == repayment_id)
                        .values(unapplied=0))
    _move_customer(uow, customer_id, credit_delta=-unapplied)
    return unapplied


def _move_customer(uow: UnitOfWork, customer_id: int, *, open_delta: int = 0, credit_delta: int = 0) -> None:
    uow.session.execute(update(CustomerBalance).where(CustomerBalance.customer_id == customer_id).values(
        open_total=CustomerBalance.open_total + open_delta,
        unapplied_credit=CustomerBalance.unapplied_credit + credit_delta))


def customer_balance(uow: UnitOfWork, customer_id: int) -> tuple[int, int]:
    row = uow.session.execute(select(CustomerBalance.open_total, CustomerBalance.unapplied_credit)
                              .where(CustomerBalance.customer_id == customer_id)).first()
    return (0, 0) if row is None else (row.open_total, row.unapplied_credit)
