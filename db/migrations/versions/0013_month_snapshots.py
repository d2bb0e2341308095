"""month-end snapshots: the open amount of every item at the end of each closed month (issue 14)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27

``month_snapshots`` (one per close: the month's last day, how many items were open and their total, and
which rows of ``month_snapshot_items`` hold them) and ``month_snapshot_items`` (item, open amount), both
append-only and written in the close's transaction. A figure as of a past day reads the nearest snapshot
whose close still holds and replays only the entries dated after it; the entries are found by date through
two new indexes (an item's business date, an offset's effective date). Months closed before this revision
have no snapshot: figures before the next close replay all history, as before.

``customer_line_balances``: per customer and business line, what is open, on how many items and the earliest
due date, maintained like ``customer_balances`` (filled here from ``item_balances``), with an index of the open
items by due date: today's overdue queue reads these instead of adding up every open item.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TABLES = ("month_snapshots", "month_snapshot_items")


def upgrade() -> None:
    op.create_table('month_snapshots',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('closing_id', sa.Integer(), nullable=False),
                    sa.Column('as_of', sa.Date(), nullable=False),
                    sa.Column('item_count', sa.Integer(), nullable=False),
                    sa.Column('open_total', sa.Integer(), nullable=False),
                    sa.Column('first_row', sa.Integer(), nullable=True),
                    sa.Column('last_row', sa.Integer(), nullable=True),
                    sa.ForeignKeyConstraint(['closing_id'], ['month_closings.id'],
                                            name=op.f('fk_month_snapshots_closing_id_month_closings')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_month_snapshots')),
                    sa.UniqueConstraint('closing_id', name=op.f('uq_month_snapshots_closing_id')))
    op.create_table('month_snapshot_items',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('snapshot_id', sa.Integer(), nullable=False),
                    sa.Column('item_id', sa.Integer(), nullable=False),
                    sa.Column('open_amount', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['snapshot_id'], ['month_snapshots.id'],
                                            name=op.f('fk_month_snapshot_items_snapshot_id_month_snapshots')),
                    sa.ForeignKeyConstraint(['item_id'], ['arrears_items.id'],
                                            name=op.f('fk_month_snapshot_items_item_id_arrears_items')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_month_snapshot_items')))
    refuse_changes(*TABLES)
    op.create_index('ix_arrears_items_business_date', 'arrears_items', ['business_date'], unique=False)
    op.create_index('ix_allocations_effective_on', 'allocations', ['effective_on'], unique=False)
    # The overdue queue's figures per customer and business line, kept by the ledger from now on.
    op.create_table('customer_line_balances',
                    sa.Column('customer_id', sa.Integer(), nullable=False),
                    sa.Column('business_line_id', sa.Integer(), nullable=False),
                    sa.Column('open_total', sa.Integer(), nullable=False),
                    sa.Column('open_items', sa.Integer(), nullable=False),
                    sa.Column('oldest_due', sa.Date(), nullable=False),
                    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'],
                                            name=op.f('fk_customer_line_balances_customer_id_customers')),
                    sa.PrimaryKeyConstraint('customer_id', 'business_line_id', name=op.f('pk_customer_line_balances')))
    op.execute("INSERT INTO customer_line_balances (customer_id, business_line_id, open_total, open_items, oldest_due)"
               " SELECT customer_id, business_line_id, SUM(open_amount), COUNT(*), MIN(due_date) FROM item_balances"
               " WHERE open_amount > 0 GROUP BY customer_id, business_line_id")
    op.create_index('ix_item_balances_due', 'item_balances',
                    ['due_date', 'customer_id', 'business_line_id', 'open_amount'], unique=False,
                    sqlite_where=sa.text('open_amount > 0'), postgresql_where=sa.text('open_amount > 0'))


def downgrade() -> None:
    op.drop_index('ix_item_balances_due', table_name='item_balances')
    op.drop_table('customer_line_balances')
    op.drop_index('ix_allocations_effective_on', table_name='allocations')
    op.drop_index('ix_arrears_items_business_date', table_name='arrears_items')
    allow_changes(*TABLES)
    op.drop_table('month_snapshot_items')
    op.drop_table('month_snapshots')
