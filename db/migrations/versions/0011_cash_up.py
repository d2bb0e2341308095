"""books that stay closed: the daily report as printed, voided receipts, the clerk's cash-up (缴款)

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-27

``daily_report_prints`` (营业日报单 as printed: days, figures, integrity root; postal 16), ``voided_receipts``
(作废收据), ``cash_ups`` with ``cash_up_amounts`` (per payment method, handed in and received) and
``cash_up_receipts`` (the hand-in received by finance or the branch head; postal 15). All append-only.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TABLES = ("daily_report_prints", "voided_receipts", "cash_ups", "cash_up_amounts", "cash_up_receipts")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'))


def _own(table: str) -> list:
    return [sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
            sa.Column('site_id', sa.Integer(), nullable=False)]


def _keys(table: str) -> list:
    return [_fk(table, 'site_id', 'sites'), sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
            sa.UniqueConstraint('uid', name=op.f(f'uq_{table}_uid'))]


def upgrade() -> None:
    t = 'daily_report_prints'
    op.create_table(t, *_own(t),
                    sa.Column('first_day', sa.Date(), nullable=False),
                    sa.Column('last_day', sa.Date(), nullable=False),
                    sa.Column('root', sa.String(length=64), nullable=False),
                    sa.Column('figures', sa.Text(), nullable=False),
                    sa.Column('digest', sa.String(length=64), nullable=False),
                    sa.Column('printed_by_id', sa.Integer(), nullable=False),
                    sa.Column('printed_at', sa.DateTime(), nullable=False),
                    _fk(t, 'printed_by_id', 'users'), *_keys(t))
    with op.batch_alter_table(t, schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_daily_report_prints_last_day'), ['last_day'], unique=False)

    t = 'voided_receipts'
    op.create_table(t, *_own(t),
                    sa.Column('receipt_no', sa.String(length=40), nullable=False),
                    sa.Column('clerk_id', sa.Integer(), nullable=False),
                    sa.Column('reason', sa.Text(), nullable=False),
                    sa.Column('voided_by_id', sa.Integer(), nullable=False),
                    sa.Column('voided_at', sa.DateTime(), nullable=False),
                    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_voided_receipts_reason')),
                    _fk(t, 'clerk_id', 'users'), _fk(t, 'voided_by_id', 'users'), *_keys(t),
                    sa.UniqueConstraint('receipt_no', name=op.f('uq_voided_receipts_receipt_no')))
    with op.batch_alter_table(t, schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voided_receipts_clerk_id'), ['clerk_id'], unique=False)

    t = 'cash_ups'
    op.create_table(t, *_own(t),
                    sa.Column('clerk_id', sa.Integer(), nullable=False),
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('receipts', sa.Integer(), nullable=False),
                    sa.Column('expected', sa.Integer(), nullable=False),
                    sa.Column('handed_in', sa.Integer(), nullable=False),
                    sa.Column('reason', sa.Text(), nullable=False),
                    sa.Column('recorded_at', sa.DateTime(), nullable=False),
                    sa.CheckConstraint('expected = handed_in OR length(trim(reason)) > 0',
                                       name=op.f('ck_cash_ups_difference_has_reason')),
                    _fk(t, 'clerk_id', 'users'), *_keys(t))
    with op.batch_alter_table(t, schema=None) as batch_op:
        batch_op.create_index('ix_cash_ups_clerk_day', ['clerk_id', 'day'], unique=True)

    t = 'cash_up_amounts'
    op.create_table(t,
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('cash_up_id', sa.Integer(), nullable=False),
                    sa.Column('stage', sa.String(length=8), nullable=False),
                    sa.Column('method', sa.String(length=12), nullable=False),
                    sa.Column('expected', sa.Integer(), nullable=False),
                    sa.Column('amount', sa.Integer(), nullable=False),
                    sa.CheckConstraint("stage IN ('handed','received')", name=op.f('ck_cash_up_amounts_stage')),
                    _fk(t, 'cash_up_id', 'cash_ups'), sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_up_amounts')))
    with op.batch_alter_table(t, schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_up_amounts_cash_up_id'), ['cash_up_id'], unique=False)

    t = 'cash_up_receipts'
    op.create_table(t, *_own(t),
                    sa.Column('cash_up_id', sa.Integer(), nullable=False),
                    sa.Column('received_by_id', sa.Integer(), nullable=False),
                    sa.Column('received', sa.Integer(), nullable=False),
                    sa.Column('reason', sa.Text(), nullable=False),
                    sa.Column('received_at', sa.DateTime(), nullable=False),
                    _fk(t, 'cash_up_id', 'cash_ups'), _fk(t, 'received_by_id', 'users'), *_keys(t),
                    sa.UniqueConstraint('cash_up_id', name=op.f('uq_cash_up_receipts_cash_up_id')))

    refuse_changes(*TABLES)


def downgrade() -> None:
    allow_changes(*TABLES)
    for table in reversed(TABLES):
        op.drop_table(table)
