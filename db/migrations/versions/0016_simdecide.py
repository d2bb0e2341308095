"""city credit terms: marketing at the city office grants the credit period and the settlement cycle too

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27

``city_decisions`` gets ``credit_period_days`` (信用期) and ``settlement_cycle_months`` (结算周期): what a
credit approval made at the city office grants, NULL where it keeps what was applied for (and for every other
kind of decision). Adding a column keeps the table's append-only triggers.
"""
import sqlalchemy as sa
from alembic import op

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("city_decisions", sa.Column("credit_period_days", sa.Integer(), nullable=True))
    op.add_column("city_decisions", sa.Column("settlement_cycle_months", sa.Integer(), nullable=True))


def downgrade() -> None:
    allow_changes("city_decisions")
    with op.batch_alter_table("city_decisions", recreate="always") as batch:
        batch.drop_column("settlement_cycle_months")
        batch.drop_column("credit_period_days")
    refuse_changes("city_decisions")
