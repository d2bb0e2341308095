"""ledger chain: tamper evidence for the ledger and the audit trail

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

One link per ledger and audit row, hash-chained per customer (db/chain.py). A database made before
this revision gets its chains built once, here: entries that had no audit record get one (with the
entry's own time and recorder), every row gets its link, and the audit trail says so
(``integrity.chains_built``, with the counts). The chain table is append-only like the ledger.
"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ledger_chain',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chain', sa.Integer(), nullable=False),
    sa.Column('entity', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('digest', sa.LargeBinary(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_chain'))
    )
    with op.batch_alter_table('ledger_chain', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_chain_chain', ['chain', 'id'], unique=False)
    _build_chains()
    refuse_changes("ledger_chain")


def _build_chains() -> None:
    # The program's own writer builds them, so that they are exactly what it appends from now on.
    from db.ledger import Ledger, Stamp
    conn = op.get_bind()
    site_id = conn.execute(sa.text("SELECT min(id) FROM sites")).scalar()
    if site_id is None:
        return  # a new, empty database: nothing to chain
    # (the heads of the chains are kept from migration 0024 on, which reads them from the links made here)
    ledger = Ledger(Session(bind=conn), lambda: Stamp(site_id, None, datetime.now()), keeps_heads=False)
    links, backfilled = ledger.chain_existing()
    ledger.audit("integrity.chains_built", "ledger_chain", None,
                 after={"links": links, "audit_records_added": backfilled})


def downgrade() -> None:
    allow_changes("ledger_chain")
    with op.batch_alter_table('ledger_chain', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_chain_chain')
    op.drop_table('ledger_chain')
