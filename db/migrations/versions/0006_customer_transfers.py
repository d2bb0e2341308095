"""customer transfers: a customer's home moves to another branch, recorded on both sides

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

``customer_transfers`` is append-only like the collection file: the branch that gives a customer up
records ``out`` (and writes nothing more for that customer); the branch that takes it on records ``in``
when the city office's package brings the customer.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customer_transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('other_site', sa.String(length=12), nullable=False),
    sa.Column('transferred_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("direction IN ('out','in')", name=op.f('ck_customer_transfers_direction')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_customer_transfers_reason')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_transfers_customer_id_customers')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_customer_transfers_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_customer_transfers_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_transfers')),
    sa.UniqueConstraint('uid', name=op.f('uq_customer_transfers_uid'))
    )
    with op.batch_alter_table('customer_transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_transfers_customer_id'), ['customer_id'], unique=False)
    refuse_changes("customer_transfers")


def downgrade() -> None:
    allow_changes("customer_transfers")
    op.drop_table('customer_transfers')
