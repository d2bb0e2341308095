"""clearance: hand-overs, clearance deadlines and certificates

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

清欠 (postal 25): ``handovers`` (responsibility for an item, or a customer's account, passed on to named
staff), ``clearance_deadlines`` (限期追缴, two months) and ``clearance_certificates`` (清欠证明, numbered).
All three are append-only evidence, like the collection file.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, refuse_changes


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLES = ("handovers", "clearance_deadlines", "clearance_certificates")


def upgrade() -> None:
    op.create_table('clearance_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('handed_over_items', sa.Integer(), nullable=False),
    sa.Column('handed_over_customers', sa.Integer(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_clearance_certificates_issued_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_clearance_certificates_site_id_sites')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_clearance_certificates_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clearance_certificates')),
    sa.UniqueConstraint('number', name=op.f('uq_clearance_certificates_number')),
    sa.UniqueConstraint('uid', name=op.f('uq_clearance_certificates_uid'))
    )
    with op.batch_alter_table('clearance_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clearance_certificates_user_id'), ['user_id'], unique=False)

    op.create_table('clearance_deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('set_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('open_items', sa.Integer(), nullable=False),
    sa.Column('open_amount', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("typeof(open_amount) = 'integer'", name=op.f('ck_clearance_deadlines_open_amount_fen')),
    sa.CheckConstraint('due_on > set_on', name=op.f('ck_clearance_deadlines_due_after_set')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_clearance_deadlines_reason')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_clearance_deadlines_set_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_clearance_deadlines_site_id_sites')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_clearance_deadlines_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clearance_deadlines')),
    sa.UniqueConstraint('uid', name=op.f('uq_clearance_deadlines_uid'))
    )
    with op.batch_alter_table('clearance_deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clearance_deadlines_user_id'), ['user_id'], unique=False)

    op.create_table('handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('from_user_id', sa.Integer(), nullable=False),
    sa.Column('to_user_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('arrears_item_id', sa.Integer(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(customer_id IS NULL) <> (arrears_item_id IS NULL)', name=op.f('ck_handovers_one_target')),
    sa.CheckConstraint('from_user_id <> to_user_id', name=op.f('ck_handovers_another_person')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_handovers_reason')),
    sa.ForeignKeyConstraint(['arrears_item_id'], ['arrears_items.id'], name=op.f('fk_handovers_arrears_item_id_arrears_items')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_handovers_customer_id_customers')),
    sa.ForeignKeyConstraint(['from_user_id'], ['users.id'], name=op.f('fk_handovers_from_user_id_users')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_handovers_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_handovers_site_id_sites')),
    sa.ForeignKeyConstraint(['to_user_id'], ['users.id'], name=op.f('fk_handovers_to_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers')),
    sa.UniqueConstraint('uid', name=op.f('uq_handovers_uid'))
    )
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handovers_arrears_item_id'), ['arrears_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handovers_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handovers_from_user_id'), ['from_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handovers_to_user_id'), ['to_user_id'], unique=False)

    refuse_changes(*TABLES)


def downgrade() -> None:
    allow_changes(*TABLES)
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handovers_to_user_id'))
        batch_op.drop_index(batch_op.f('ix_handovers_from_user_id'))
        batch_op.drop_index(batch_op.f('ix_handovers_customer_id'))
        batch_op.drop_index(batch_op.f('ix_handovers_arrears_item_id'))

    op.drop_table('handovers')
    with op.batch_alter_table('clearance_deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clearance_deadlines_user_id'))

    op.drop_table('clearance_deadlines')
    with op.batch_alter_table('clearance_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clearance_certificates_user_id'))

    op.drop_table('clearance_certificates')
