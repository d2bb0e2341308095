"""city decisions: what the city office decides on a branch's records, and what the branch did with it

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27

``city_decisions`` (at the city office: a write-off application approved, rejected or reviewed, a month
reopened, by a city user) travel down in the 市局包; ``city_decisions_taken`` (at the branch: carried out or
refused, and the row that carried it out) travels back up in the 台账包. Both append-only.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

TABLES = ("city_decisions", "city_decisions_taken")


def upgrade() -> None:
    op.create_table('city_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('branch_code', sa.String(length=12), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('subject_uid', sa.LargeBinary(length=16), nullable=True),
        sa.Column('period', sa.Integer(), nullable=True),
        sa.Column('amount', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('write_off_review','write_off_approve','write_off_reject','month_reopen')",
                           name=op.f('ck_city_decisions_kind')),
        sa.CheckConstraint("kind NOT IN ('write_off_reject','month_reopen') OR length(trim(reason)) > 0",
                           name=op.f('ck_city_decisions_reason')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_city_decisions_decided_by_id_users')),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_city_decisions_site_id_sites')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_city_decisions')),
        sa.UniqueConstraint('uid', name=op.f('uq_city_decisions_uid')),
    )
    op.create_index(op.f('ix_city_decisions_branch_code'), 'city_decisions', ['branch_code'], unique=False)
    op.create_table('city_decisions_taken',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('decision_uid', sa.LargeBinary(length=16), nullable=False),
        sa.Column('from_site', sa.String(length=12), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('outcome', sa.String(length=8), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('write_off_decision_id', sa.Integer(), nullable=True),
        sa.Column('month_closing_id', sa.Integer(), nullable=True),
        sa.Column('package_seq', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("outcome IN ('done','refused')", name=op.f('ck_city_decisions_taken_outcome')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                                name=op.f('fk_city_decisions_taken_decided_by_id_users')),
        sa.ForeignKeyConstraint(['month_closing_id'], ['month_closings.id'],
                                name=op.f('fk_city_decisions_taken_month_closing_id_month_closings')),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_city_decisions_taken_site_id_sites')),
        sa.ForeignKeyConstraint(['write_off_decision_id'], ['write_off_decisions.id'],
                                name=op.f('fk_city_decisions_taken_write_off_decision_id_write_off_decisions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_city_decisions_taken')),
        sa.UniqueConstraint('decision_uid', name=op.f('uq_city_decisions_taken_decision_uid')),
        sa.UniqueConstraint('uid', name=op.f('uq_city_decisions_taken_uid')),
    )
    refuse_changes(*TABLES)


def downgrade() -> None:
    allow_changes(*TABLES)
    op.drop_table('city_decisions_taken')
    op.drop_index(op.f('ix_city_decisions_branch_code'), table_name='city_decisions')
    op.drop_table('city_decisions')
