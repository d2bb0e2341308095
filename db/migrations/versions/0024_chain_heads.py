"""each chain's head kept (issue 12: an exchange's integrity root)

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-28

``ledger_chain_heads`` holds the digest of every chain's last link, written with each link from now on (db/chain.py,
db/exchange.py). Every package's export and import computes the integrity root of the ledger as it stands; it
sought the end of each chain in ``ledger_chain``, one index seek and one row a chain (0.4-1.2 s at 20,000
customers, most of a busy day's exchange). Filled here from the links already there: each chain's largest id,
read from the chain's index, then that link's digest.
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ledger_chain_heads',
        sa.Column('chain', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('digest', sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint('chain', name=op.f('pk_ledger_chain_heads')))
    op.execute("INSERT INTO ledger_chain_heads (chain, digest) SELECT l.chain, l.digest FROM ledger_chain AS l"
               " JOIN (SELECT chain, max(id) AS id FROM ledger_chain GROUP BY chain) AS last ON l.id = last.id")


def downgrade() -> None:
    op.drop_table('ledger_chain_heads')
