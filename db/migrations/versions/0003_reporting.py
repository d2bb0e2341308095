"""reporting

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Revenue per period and line (for the arrears ratio), totals from finance and business systems (for
reconciliation) and the files they came from. Append-only like the ledger.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

REPORTING_TABLES = ("revenues", "external_totals", "import_batches")


def upgrade() -> None:
    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_imported', sa.Integer(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('customers','arrears','revenues','external')", name=op.f('ck_import_batches_kind')),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_import_batches_imported_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_import_batches_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
    sa.UniqueConstraint('uid', name=op.f('uq_import_batches_uid'))
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_file_sha256'), ['file_sha256'], unique=False)

    op.create_table('external_totals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('business_line_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('incurred', sa.Integer(), nullable=False),
    sa.Column('collected', sa.Integer(), nullable=False),
    sa.CheckConstraint("source IN ('finance','business')", name=op.f('ck_external_totals_source')),
    sa.CheckConstraint("typeof(incurred) = 'integer' AND typeof(collected) = 'integer'", name=op.f('ck_external_totals_fen')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_external_totals_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['business_line_id'], ['business_lines.id'], name=op.f('fk_external_totals_business_line_id_business_lines')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_external_totals_customer_id_customers')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_external_totals_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_totals')),
    sa.UniqueConstraint('uid', name=op.f('uq_external_totals_uid'))
    )
    with op.batch_alter_table('external_totals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_totals_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_external_totals_period', ['source', 'period'], unique=False)

    op.create_table('revenues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('business_line_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("category IN ('business','agency_finance','rent','non_operating')", name=op.f('ck_revenues_category')),
    sa.CheckConstraint("typeof(amount) = 'integer' AND amount >= 0", name=op.f('ck_revenues_amount_fen')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_revenues_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['business_line_id'], ['business_lines.id'], name=op.f('fk_revenues_business_line_id_business_lines')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_revenues_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_revenues_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revenues')),
    sa.UniqueConstraint('uid', name=op.f('uq_revenues_uid'))
    )
    with op.batch_alter_table('revenues', schema=None) as batch_op:
        batch_op.create_index('ix_revenues_period', ['period', 'business_line_id', 'category', 'id'], unique=False)

    refuse_changes(*REPORTING_TABLES, message="append-only: {verb} on {table} refused")


def downgrade() -> None:
    allow_changes(*REPORTING_TABLES)
    with op.batch_alter_table('revenues', schema=None) as batch_op:
        batch_op.drop_index('ix_revenues_period')

    op.drop_table('revenues')
    with op.batch_alter_table('external_totals', schema=None) as batch_op:
        batch_op.drop_index('ix_external_totals_period')
        batch_op.drop_index(batch_op.f('ix_external_totals_batch_id'))

    op.drop_table('external_totals')
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batches_file_sha256'))

    op.drop_table('import_batches')
