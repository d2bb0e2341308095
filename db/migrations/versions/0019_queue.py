"""the overdue queue's collection state kept per customer (issue 14, queue)

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-27

``customer_collection_state``: per customer with any collection record, escalation decision or investigation
note, what the overdue work queue shows of them (the latest contact and its promise and follow-up, the
escalation decisions with their first and last day, the latest investigation day), kept in the transaction
that writes those rows (``db.collection_state``) and recomputed by ``verify``. Filled here from the history.
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customer_collection_state',
                    sa.Column('customer_id', sa.Integer(), nullable=False),
                    sa.Column('last_record_id', sa.Integer(), nullable=True),
                    sa.Column('last_contact', sa.Date(), nullable=True),
                    sa.Column('last_channel', sa.String(length=10), nullable=True),
                    sa.Column('promised_on', sa.Date(), nullable=True),
                    sa.Column('next_follow_up', sa.Date(), nullable=True),
                    sa.Column('decisions', sa.Text(), nullable=True),
                    sa.Column('first_decided_on', sa.Date(), nullable=True),
                    sa.Column('last_decided_on', sa.Date(), nullable=True),
                    sa.Column('investigated_on', sa.Date(), nullable=True),
                    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'],
                                            name=op.f('fk_customer_collection_state_customer_id_customers')),
                    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_customer_collection_state')))
    from db.collection_state import keep_collection_state  # the one definition of the state (its columns as here)
    keep_collection_state(op.get_bind())


def downgrade() -> None:
    op.drop_table('customer_collection_state')
