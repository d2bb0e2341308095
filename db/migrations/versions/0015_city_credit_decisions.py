"""city credit decisions: marketing at the city office approves or rejects a branch's credit applications

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27

``city_decisions`` takes two more kinds, ``credit_approve`` (``amount``: the limit granted) and
``credit_reject`` (with a reason); no new column. SQLite changes a CHECK only by rebuilding the table, which
drops its append-only triggers: they are put back.
"""
from alembic import op

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

OLD_KINDS = "'write_off_review','write_off_approve','write_off_reject','month_reopen'"
NEW_KINDS = OLD_KINDS + ",'credit_approve','credit_reject'"


def _checks(kinds: str, with_reason: str) -> None:
    allow_changes("city_decisions")
    with op.batch_alter_table("city_decisions", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_city_decisions_kind"), type_="check")
        batch.drop_constraint(op.f("ck_city_decisions_reason"), type_="check")
        batch.create_check_constraint(op.f("ck_city_decisions_kind"), f"kind IN ({kinds})")
        batch.create_check_constraint(op.f("ck_city_decisions_reason"),
                                      f"kind NOT IN ({with_reason}) OR length(trim(reason)) > 0")
    refuse_changes("city_decisions")


def upgrade() -> None:
    _checks(NEW_KINDS, "'write_off_reject','month_reopen','credit_reject'")


def downgrade() -> None:
    # a city office that made credit decisions cannot go back: the rebuilt table refuses those rows
    _checks(OLD_KINDS, "'write_off_reject','month_reopen'")
