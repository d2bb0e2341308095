"""the overdue queue's per-customer overdue figures, kept beside the per-line ones (issue 15, queue)

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-28

``customer_overdue``: per customer with items due before ``line_balances_day``, what its per-line figures
(``customer_line_balances``) add up to: the overdue amount, how many items, the earliest due date and the largest
amount of one business line. Kept by the ledger in the transaction that moves the per-line figures
(``db.ledger.keep_customer_overdue``) and recomputed by ``verify``; today's overdue queue reads it instead of
adding up every customer's lines. Filled here from the per-line figures.
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customer_overdue',
                    sa.Column('customer_id', sa.Integer(), nullable=False),
                    sa.Column('overdue_total', sa.Integer(), nullable=False),
                    sa.Column('overdue_items', sa.Integer(), nullable=False),
                    sa.Column('oldest_due', sa.Date(), nullable=False),
                    sa.Column('largest_line', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'],
                                            name=op.f('fk_customer_overdue_customer_id_customers')),
                    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_customer_overdue')))
    from db.ledger import keep_customer_overdue  # the one definition of the figures (its columns as here)
    keep_customer_overdue(op.get_bind(), None)


def downgrade() -> None:
    op.drop_table('customer_overdue')
