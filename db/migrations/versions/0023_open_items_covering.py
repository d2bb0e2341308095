"""the open items' index by customer carries what aging adds up (issue 14: aging as of today)

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-28

``ix_item_balances_open`` (the open items by customer, business date and item: the FIFO order) also carries each
item's due date, billing period and open amount, so that today's aging by customer, in either scheme, reads the
index alone in customer order instead of looking every open item up in ``item_balances`` (733,000 lookups at
40,000 customers). The index already changed with every change of an open amount (its condition reads it), so
keeping it costs no more writes, only wider entries.
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

OPEN = sa.text('open_amount > 0')
FIFO = ['customer_id', 'business_date', 'item_id']
CARRIED = ['due_date', 'billing_period', 'open_amount']


def upgrade() -> None:
    op.drop_index('ix_item_balances_open', table_name='item_balances')
    op.create_index('ix_item_balances_open', 'item_balances', FIFO + CARRIED, sqlite_where=OPEN,
                    postgresql_where=OPEN)


def downgrade() -> None:
    op.drop_index('ix_item_balances_open', table_name='item_balances')
    op.create_index('ix_item_balances_open', 'item_balances', FIFO, sqlite_where=OPEN, postgresql_where=OPEN)
