"""notes as records: the 催收记录 the program writes (a notice sent, a reply received) keep a code and
its values beside their Chinese sentence, so a screen tells them in its own language (issue 11)

collection_records is append-only and not in a hash chain: a new nullable column leaves every existing
row (and its triggers) as it is. Rows written before are recognised from their sentence when read
(app.domain.notes.recognised), never rewritten.

Revision ID: 0012
Revises: 0008
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (not a batch copy of the table, which would drop its append-only triggers).
    op.add_column('collection_records', sa.Column('result_code', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('collection_records', 'result_code')
