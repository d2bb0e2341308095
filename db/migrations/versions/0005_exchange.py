"""exchange: sites that sign their files, the packages sent and received, the city-wide blacklist

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

A site is a branch or the city office; each has an Ed25519 public key (its private key lives outside the
database, see app/services/keys.py) and may be revoked. ``exchange_packages`` is each side's record of the
packages it made and received, with their state; a package held for a gap keeps its bytes there, so it can
be applied when the gap is filled even if the USB stick has gone. ``city_blacklist`` is the city office's
latest list of customers blacklisted at any branch, read-only at a branch.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch rebuild of ``sites`` would trip over the foreign keys pointing at it.
    op.add_column('sites', sa.Column('kind', sa.String(length=8), nullable=False, server_default='branch'))
    op.add_column('sites', sa.Column('public_key', sa.LargeBinary(length=32), nullable=True))
    op.add_column('sites', sa.Column('revoked_at', sa.DateTime(), nullable=True))
    op.create_table('exchange_packages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('site_code', sa.String(length=12), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('manifest', sa.Text(), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.Column('handled_at', sa.DateTime(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),  # last: see db/models.py ExchangePackage
    sa.CheckConstraint("direction IN ('out','in')", name=op.f('ck_exchange_packages_direction')),
    sa.CheckConstraint("kind IN ('ledger','city')", name=op.f('ck_exchange_packages_kind')),
    sa.CheckConstraint("state IN ('sent','acknowledged','applied','held','refused','duplicate','superseded')",
                       name=op.f('ck_exchange_packages_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_packages'))
    )
    with op.batch_alter_table('exchange_packages', schema=None) as batch_op:
        batch_op.create_index('ix_exchange_packages_site_seq', ['direction', 'site_code', 'seq'], unique=False)
    op.create_table('city_blacklist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_code', sa.String(length=12), nullable=False),
    sa.Column('customer_uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('id_number', sa.String(length=30), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_city_blacklist'))
    )
    with op.batch_alter_table('city_blacklist', schema=None) as batch_op:
        batch_op.create_index('ix_city_blacklist_id_number', ['id_number'], unique=False)


def downgrade() -> None:
    op.drop_table('city_blacklist')
    with op.batch_alter_table('exchange_packages', schema=None) as batch_op:
        batch_op.drop_index('ix_exchange_packages_site_seq')
    op.drop_table('exchange_packages')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('public_key')
        batch_op.drop_column('kind')
