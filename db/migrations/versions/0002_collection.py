"""collection file: contacts, escalations, notices, disputes, investigations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

The collection file is evidence (催收档案): like the ledger, its tables refuse UPDATE and DELETE.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

COLLECTION_TABLES = ("collection_records", "escalations", "notices", "notice_replies", "disputes",
                     "dispute_settlements", "investigations")


def upgrade() -> None:
    op.create_table('escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('days_overdue', sa.Integer(), nullable=False),
    sa.Column('overdue_amount', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("decision = 'confirmed' OR length(trim(note)) > 0", name=op.f('ck_escalations_declined_has_reason')),
    sa.CheckConstraint("decision IN ('confirmed','declined')", name=op.f('ck_escalations_decision')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_escalations_customer_id_customers')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_escalations_decided_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_escalations_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalations')),
    sa.UniqueConstraint('uid', name=op.f('uq_escalations_uid'))
    )
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.create_index('ix_escalations_customer', ['customer_id', 'decided_on', 'id'], unique=False)

    op.create_table('investigations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('noted_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(trim(cause)) > 0', name=op.f('ck_investigations_cause')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_investigations_customer_id_customers')),
    sa.ForeignKeyConstraint(['noted_by_id'], ['users.id'], name=op.f('fk_investigations_noted_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_investigations_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investigations')),
    sa.UniqueConstraint('uid', name=op.f('uq_investigations_uid'))
    )
    with op.batch_alter_table('investigations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_investigations_customer_id'), ['customer_id'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('pay_by', sa.Date(), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('notice','statement')", name=op.f('ck_notices_kind')),
    sa.CheckConstraint("typeof(total) = 'integer'", name=op.f('ck_notices_total_fen')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_notices_customer_id_customers')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_notices_issued_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_notices_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices')),
    sa.UniqueConstraint('number', name=op.f('uq_notices_number')),
    sa.UniqueConstraint('uid', name=op.f('uq_notices_uid'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_customer_id'), ['customer_id'], unique=False)

    op.create_table('collection_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('contacted_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('promised_on', sa.Date(), nullable=True),
    sa.Column('promised_amount', sa.Integer(), nullable=True),
    sa.Column('next_follow_up', sa.Date(), nullable=True),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("channel IN ('phone','sms','visit','letter','agency')", name=op.f('ck_collection_records_channel')),
    sa.CheckConstraint("promised_amount IS NULL OR (typeof(promised_amount) = 'integer' AND promised_amount > 0)", name=op.f('ck_collection_records_promised_amount_fen')),
    sa.CheckConstraint('length(trim(result)) > 0', name=op.f('ck_collection_records_result')),
    sa.ForeignKeyConstraint(['corrects_id'], ['collection_records.id'], name=op.f('fk_collection_records_corrects_id_collection_records')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_collection_records_customer_id_customers')),
    sa.ForeignKeyConstraint(['handler_id'], ['users.id'], name=op.f('fk_collection_records_handler_id_users')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_collection_records_notice_id_notices')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_collection_records_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_collection_records_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collection_records')),
    sa.UniqueConstraint('uid', name=op.f('uq_collection_records_uid'))
    )
    with op.batch_alter_table('collection_records', schema=None) as batch_op:
        batch_op.create_index('ix_collection_records_customer', ['customer_id', 'contacted_on', 'id'], unique=False)

    op.create_table('notice_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('answer', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("answer IN ('no_dispute','dispute')", name=op.f('ck_notice_replies_answer')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_replies_notice_id_notices')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_notice_replies_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_notice_replies_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_replies')),
    sa.UniqueConstraint('uid', name=op.f('uq_notice_replies_uid'))
    )
    with op.batch_alter_table('notice_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_replies_notice_id'), ['notice_id'], unique=False)

    op.create_table('disputes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('arrears_item_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_disputes_reason')),
    sa.ForeignKeyConstraint(['arrears_item_id'], ['arrears_items.id'], name=op.f('fk_disputes_arrears_item_id_arrears_items')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_disputes_customer_id_customers')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['users.id'], name=op.f('fk_disputes_raised_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_disputes_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disputes')),
    sa.UniqueConstraint('uid', name=op.f('uq_disputes_uid'))
    )
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disputes_arrears_item_id'), ['arrears_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disputes_customer_id'), ['customer_id'], unique=False)

    op.create_table('dispute_settlements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('settled_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('settled_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(trim(outcome)) > 0', name=op.f('ck_dispute_settlements_outcome')),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_dispute_settlements_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['settled_by_id'], ['users.id'], name=op.f('fk_dispute_settlements_settled_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_dispute_settlements_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute_settlements')),
    sa.UniqueConstraint('dispute_id', name=op.f('uq_dispute_settlements_dispute_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_dispute_settlements_uid'))
    )

    refuse_changes(*COLLECTION_TABLES, message="collection file is append-only: {verb} on {table} refused")


def downgrade() -> None:
    allow_changes(*COLLECTION_TABLES)
    op.drop_table('dispute_settlements')
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disputes_customer_id'))
        batch_op.drop_index(batch_op.f('ix_disputes_arrears_item_id'))

    op.drop_table('disputes')
    with op.batch_alter_table('notice_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_replies_notice_id'))

    op.drop_table('notice_replies')
    with op.batch_alter_table('collection_records', schema=None) as batch_op:
        batch_op.drop_index('ix_collection_records_customer')

    op.drop_table('collection_records')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_customer_id'))

    op.drop_table('notices')
    with op.batch_alter_table('investigations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_investigations_customer_id'))

    op.drop_table('investigations')
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_index('ix_escalations_customer')

    op.drop_table('escalations')
