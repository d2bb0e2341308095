"""the overdue queue's figures kept per customer and business line as of a day (issue 14, queue)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27

``customer_line_balances`` gains ``overdue_total`` and ``overdue_items``: the open amount and the number of
open items due before the day held in ``line_balances_day`` (one row). The ledger keeps both with every entry
and moves the day forward to the day of its entries, adding the items that fell due meanwhile; the queue of a
day then adds or takes off only the items falling due between that day and its own, instead of adding up
every item not yet due on each refresh. Filled here as of today.
"""
from alembic import op
import sqlalchemy as sa
from datetime import date


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customer_line_balances') as batch:
        batch.add_column(sa.Column('overdue_total', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch.add_column(sa.Column('overdue_items', sa.Integer(), server_default=sa.text('0'), nullable=False))
    op.create_table('line_balances_day',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('overdue_before', sa.Date(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_balances_day')))
    op.get_bind().execute(sa.text("INSERT INTO line_balances_day (id, overdue_before) VALUES (1, :today)"),
                          {"today": date.today()})  # the local day (a bound date: portable to a server)
    op.execute("DELETE FROM customer_line_balances")
    op.execute("INSERT INTO customer_line_balances (customer_id, business_line_id, open_total, open_items, oldest_due,"
               " overdue_total, overdue_items)"
               " SELECT customer_id, business_line_id, SUM(open_amount), COUNT(*), MIN(due_date),"
               " SUM(CASE WHEN due_date < d.overdue_before THEN open_amount ELSE 0 END),"
               " SUM(CASE WHEN due_date < d.overdue_before THEN 1 ELSE 0 END)"
               " FROM item_balances, line_balances_day AS d WHERE open_amount > 0"
               " GROUP BY customer_id, business_line_id")


def downgrade() -> None:
    op.drop_table('line_balances_day')
    with op.batch_alter_table('customer_line_balances') as batch:
        batch.drop_column('overdue_items')
        batch.drop_column('overdue_total')
