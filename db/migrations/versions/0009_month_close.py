"""month close: 月结 and 反结账 records (postal 22)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27

``month_closings``: finance closed or reopened a month, who, when, why, with the closed month's movement
totals, the reconciliation gaps and the integrity root at the close. Append-only, like the ledger.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TABLE = "month_closings"


def upgrade() -> None:
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=6), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('opening', sa.Integer(), nullable=True),
    sa.Column('incurred', sa.Integer(), nullable=True),
    sa.Column('collected', sa.Integer(), nullable=True),
    sa.Column('written_off', sa.Integer(), nullable=True),
    sa.Column('reversed', sa.Integer(), nullable=True),
    sa.Column('closing', sa.Integer(), nullable=True),
    sa.Column('reconciliation', sa.Text(), nullable=True),
    sa.Column('root', sa.String(length=64), nullable=True),
    sa.Column('root_through', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('close','reopen')", name=op.f('ck_month_closings_kind')),
    sa.CheckConstraint("kind = 'close' OR length(trim(reason)) > 0", name=op.f('ck_month_closings_reopen_reason')),
    sa.CheckConstraint("kind = 'reopen' OR (closing IS NOT NULL AND root IS NOT NULL)",
                       name=op.f('ck_month_closings_close_figures')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_month_closings_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_month_closings_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_month_closings')),
    sa.UniqueConstraint('uid', name=op.f('uq_month_closings_uid'))
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index('ix_month_closings_period', ['period', 'id'], unique=False)
    refuse_changes(TABLE)


def downgrade() -> None:
    allow_changes(TABLE)
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index('ix_month_closings_period')
    op.drop_table(TABLE)
