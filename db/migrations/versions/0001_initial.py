"""initial schema: ledger, customers, agreements, derived balances

Revision ID: 0001
Revises: 
Create Date: 2026-11-25

The ledger tables are append-only: triggers abort any UPDATE or DELETE on them, so a correction
can only be a new entry (a reversal) that points at what it reverses.
"""
from alembic import op
import sqlalchemy as sa

from db.migrations.append_only import allow_changes, drop_server_functions, refuse_changes, server_functions

LEDGER_TABLES = ("arrears_items", "repayments", "allocations", "reversals", "write_offs", "audit_log")


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    server_functions()  # PostgreSQL only
    op.create_table('settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('is_local', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('code', name=op.f('uq_sites_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_sites_uid'))
    )
    op.create_table('branches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_branches_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_branches')),
    sa.UniqueConstraint('code', name=op.f('uq_branches_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_branches_uid'))
    )
    op.create_table('business_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('sector', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_business_lines_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_lines')),
    sa.UniqueConstraint('code', name=op.f('uq_business_lines_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_business_lines_uid'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('counter','branch_head','marketing','finance','audit','admin')", name=op.f('ck_users_role')),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_users_branch_id_branches')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_users_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('uid', name=op.f('uq_users_uid')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('customer_group', sa.String(length=20), nullable=False),
    sa.Column('contact_person', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('id_number', sa.String(length=30), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('account_manager_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('pending','active','suspended','terminated','blacklisted')", name=op.f('ck_customers_status')),
    sa.ForeignKeyConstraint(['account_manager_id'], ['users.id'], name=op.f('fk_customers_account_manager_id_users')),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_customers_branch_id_branches')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_customers_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('code', name=op.f('uq_customers_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_customers_uid'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customers_account_manager_id'), ['account_manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_status'), ['status'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_audit_log_customer_id_customers')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_audit_log_site_id_sites')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('uid', name=op.f('uq_audit_log_uid'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_user_id'), ['user_id'], unique=False)

    op.create_table('credit_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('applied_by_id', sa.Integer(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.Column('credit_grade', sa.String(length=5), nullable=False),
    sa.Column('requested_limit', sa.Integer(), nullable=False),
    sa.Column('requested_period_days', sa.Integer(), nullable=False),
    sa.Column('requested_cycle_months', sa.Integer(), nullable=False),
    sa.Column('requested_term_months', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('pending','approved','rejected')", name=op.f('ck_credit_applications_status')),
    sa.CheckConstraint("typeof(requested_limit) = 'integer' AND requested_limit >= 0", name=op.f('ck_credit_applications_requested_limit_fen')),
    sa.CheckConstraint('decided_by_id IS NULL OR decided_by_id <> applied_by_id', name=op.f('ck_credit_applications_four_eyes')),
    sa.ForeignKeyConstraint(['applied_by_id'], ['users.id'], name=op.f('fk_credit_applications_applied_by_id_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_credit_applications_customer_id_customers')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_credit_applications_decided_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_credit_applications_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_applications')),
    sa.UniqueConstraint('uid', name=op.f('uq_credit_applications_uid'))
    )
    with op.batch_alter_table('credit_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credit_applications_customer_id'), ['customer_id'], unique=False)

    op.create_table('customer_balances',
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('open_total', sa.Integer(), nullable=False),
    sa.Column('unapplied_credit', sa.Integer(), nullable=False),
    sa.CheckConstraint("typeof(open_total) = 'integer' AND open_total >= 0", name=op.f('ck_customer_balances_open_total_fen')),
    sa.CheckConstraint("typeof(unapplied_credit) = 'integer' AND unapplied_credit >= 0", name=op.f('ck_customer_balances_unapplied_credit_fen')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_balances_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_customer_balances'))
    )
    op.create_table('repayments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('receipt_no', sa.String(length=40), nullable=False),
    sa.Column('received_by_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=6), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("mode IN ('fifo','named')", name=op.f('ck_repayments_mode')),
    sa.CheckConstraint("typeof(amount) = 'integer' AND amount > 0", name=op.f('ck_repayments_amount_fen')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_repayments_customer_id_customers')),
    sa.ForeignKeyConstraint(['received_by_id'], ['users.id'], name=op.f('fk_repayments_received_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_repayments_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repayments')),
    sa.UniqueConstraint('uid', name=op.f('uq_repayments_uid'))
    )
    with op.batch_alter_table('repayments', schema=None) as batch_op:
        batch_op.create_index('ix_repayments_customer_date', ['customer_id', 'paid_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_repayments_receipt_no'), ['receipt_no'], unique=False)

    op.create_table('agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('credit_limit', sa.Integer(), nullable=False),
    sa.Column('credit_period_days', sa.Integer(), nullable=False),
    sa.Column('settlement_cycle_months', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=False),
    sa.Column('late_fee_enabled', sa.Boolean(), nullable=False),
    sa.Column('late_fee_permille_per_day', sa.Integer(), nullable=False),
    sa.Column('late_fee_grace_days', sa.Integer(), nullable=False),
    sa.Column('terminated_on', sa.Date(), nullable=True),
    sa.CheckConstraint("typeof(credit_limit) = 'integer' AND credit_limit >= 0", name=op.f('ck_agreements_credit_limit_fen')),
    sa.CheckConstraint('settlement_cycle_months BETWEEN 1 AND 3', name=op.f('ck_agreements_cycle')),
    sa.CheckConstraint('valid_to >= valid_from', name=op.f('ck_agreements_validity')),
    sa.ForeignKeyConstraint(['application_id'], ['credit_applications.id'], name=op.f('fk_agreements_application_id_credit_applications')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_agreements_approved_by_id_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_agreements_customer_id_customers')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_agreements_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements')),
    sa.UniqueConstraint('number', name=op.f('uq_agreements_number')),
    sa.UniqueConstraint('uid', name=op.f('uq_agreements_uid'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreements_customer_id'), ['customer_id'], unique=False)

    op.create_table('repayment_balances',
    sa.Column('repayment_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('unapplied', sa.Integer(), nullable=False),
    sa.CheckConstraint("typeof(unapplied) = 'integer' AND unapplied >= 0", name=op.f('ck_repayment_balances_unapplied_fen')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_repayment_balances_customer_id_customers')),
    sa.ForeignKeyConstraint(['repayment_id'], ['repayments.id'], name=op.f('fk_repayment_balances_repayment_id_repayments')),
    sa.PrimaryKeyConstraint('repayment_id', name=op.f('pk_repayment_balances'))
    )
    with op.batch_alter_table('repayment_balances', schema=None) as batch_op:
        batch_op.create_index('ix_repayment_balances_unapplied', ['customer_id', 'repayment_id'], unique=False, sqlite_where=sa.text('unapplied > 0'), postgresql_where=sa.text('unapplied > 0'))

    op.create_table('arrears_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('business_line_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('billing_period', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('voucher_no', sa.String(length=40), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=False),
    sa.Column('signature_confirmed', sa.Boolean(), nullable=False),
    sa.Column('override_by_id', sa.Integer(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("typeof(amount) = 'integer' AND amount > 0", name=op.f('ck_arrears_items_amount_fen')),
    sa.CheckConstraint('(override_by_id IS NULL) = (override_reason IS NULL)', name=op.f('ck_arrears_items_override_has_reason')),
    sa.CheckConstraint('due_date >= business_date', name=op.f('ck_arrears_items_due_after_business')),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_arrears_items_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_arrears_items_branch_id_branches')),
    sa.ForeignKeyConstraint(['business_line_id'], ['business_lines.id'], name=op.f('fk_arrears_items_business_line_id_business_lines')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_arrears_items_customer_id_customers')),
    sa.ForeignKeyConstraint(['handler_id'], ['users.id'], name=op.f('fk_arrears_items_handler_id_users')),
    sa.ForeignKeyConstraint(['override_by_id'], ['users.id'], name=op.f('fk_arrears_items_override_by_id_users')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_arrears_items_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_arrears_items_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_arrears_items')),
    sa.UniqueConstraint('uid', name=op.f('uq_arrears_items_uid'))
    )
    with op.batch_alter_table('arrears_items', schema=None) as batch_op:
        batch_op.create_index('ix_arrears_items_customer_date', ['customer_id', 'business_date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_arrears_items_voucher_no'), ['voucher_no'], unique=False)

    op.create_table('allocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('repayment_id', sa.Integer(), nullable=False),
    sa.Column('arrears_item_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("source IN ('payment','credit')", name=op.f('ck_allocations_source')),
    sa.CheckConstraint("typeof(amount) = 'integer' AND amount > 0", name=op.f('ck_allocations_amount_fen')),
    sa.ForeignKeyConstraint(['arrears_item_id'], ['arrears_items.id'], name=op.f('fk_allocations_arrears_item_id_arrears_items')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_allocations_created_by_id_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_allocations_customer_id_customers')),
    sa.ForeignKeyConstraint(['repayment_id'], ['repayments.id'], name=op.f('fk_allocations_repayment_id_repayments')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_allocations_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocations')),
    sa.UniqueConstraint('uid', name=op.f('uq_allocations_uid'))
    )
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allocations_arrears_item_id'), ['arrears_item_id'], unique=False)
        batch_op.create_index('ix_allocations_customer', ['customer_id', 'effective_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocations_repayment_id'), ['repayment_id'], unique=False)

    op.create_table('item_balances',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('billing_period', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('business_line_id', sa.Integer(), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('open_amount', sa.Integer(), nullable=False),
    sa.CheckConstraint("typeof(open_amount) = 'integer' AND open_amount >= 0", name=op.f('ck_item_balances_open_amount_fen')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_item_balances_customer_id_customers')),
    sa.ForeignKeyConstraint(['item_id'], ['arrears_items.id'], name=op.f('fk_item_balances_item_id_arrears_items')),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_item_balances'))
    )
    with op.batch_alter_table('item_balances', schema=None) as batch_op:
        batch_op.create_index('ix_item_balances_open', ['customer_id', 'business_date', 'item_id'], unique=False, sqlite_where=sa.text('open_amount > 0'), postgresql_where=sa.text('open_amount > 0'))

    op.create_table('reversals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('arrears_item_id', sa.Integer(), nullable=True),
    sa.Column('repayment_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('reversed_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reversed_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(arrears_item_id IS NULL) <> (repayment_id IS NULL)', name=op.f('ck_reversals_one_target')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_reversals_reason')),
    sa.ForeignKeyConstraint(['arrears_item_id'], ['arrears_items.id'], name=op.f('fk_reversals_arrears_item_id_arrears_items')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_reversals_customer_id_customers')),
    sa.ForeignKeyConstraint(['repayment_id'], ['repayments.id'], name=op.f('fk_reversals_repayment_id_repayments')),
    sa.ForeignKeyConstraint(['reversed_by_id'], ['users.id'], name=op.f('fk_reversals_reversed_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_reversals_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reversals')),
    sa.UniqueConstraint('arrears_item_id', name=op.f('uq_reversals_arrears_item_id')),
    sa.UniqueConstraint('repayment_id', name=op.f('uq_reversals_repayment_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_reversals_uid'))
    )
    with op.batch_alter_table('reversals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reversals_customer_id'), ['customer_id'], unique=False)

    op.create_table('write_offs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.LargeBinary(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('arrears_item_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('written_off_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('applied_by_id', sa.Integer(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("typeof(amount) = 'integer' AND amount > 0", name=op.f('ck_write_offs_amount_fen')),
    sa.CheckConstraint('approved_by_id <> applied_by_id', name=op.f('ck_write_offs_four_eyes')),
    sa.ForeignKeyConstraint(['applied_by_id'], ['users.id'], name=op.f('fk_write_offs_applied_by_id_users')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_write_offs_approved_by_id_users')),
    sa.ForeignKeyConstraint(['arrears_item_id'], ['arrears_items.id'], name=op.f('fk_write_offs_arrears_item_id_arrears_items')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_write_offs_customer_id_customers')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_write_offs_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_write_offs')),
    sa.UniqueConstraint('arrears_item_id', name=op.f('uq_write_offs_arrears_item_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_write_offs_uid'))
    )
    with op.batch_alter_table('write_offs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_write_offs_customer_id'), ['customer_id'], unique=False)

    refuse_changes(*LEDGER_TABLES, message="ledger is append-only: {verb} on {table} refused")


def downgrade() -> None:
    allow_changes(*LEDGER_TABLES)
    with op.batch_alter_table('write_offs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_write_offs_customer_id'))

    op.drop_table('write_offs')
    with op.batch_alter_table('reversals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reversals_customer_id'))

    op.drop_table('reversals')
    with op.batch_alter_table('item_balances', schema=None) as batch_op:
        batch_op.drop_index('ix_item_balances_open', sqlite_where=sa.text('open_amount > 0'), postgresql_where=sa.text('open_amount > 0'))

    op.drop_table('item_balances')
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allocations_repayment_id'))
        batch_op.drop_index('ix_allocations_customer')
        batch_op.drop_index(batch_op.f('ix_allocations_arrears_item_id'))

    op.drop_table('allocations')
    with op.batch_alter_table('arrears_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_arrears_items_voucher_no'))
        batch_op.drop_index('ix_arrears_items_customer_date')

    op.drop_table('arrears_items')
    with op.batch_alter_table('repayment_balances', schema=None) as batch_op:
        batch_op.drop_index('ix_repayment_balances_unapplied', sqlite_where=sa.text('unapplied > 0'), postgresql_where=sa.text('unapplied > 0'))

    op.drop_table('repayment_balances')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreements_customer_id'))

    op.drop_table('agreements')
    with op.batch_alter_table('repayments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repayments_receipt_no'))
        batch_op.drop_index('ix_repayments_customer_date')

    op.drop_table('repayments')
    op.drop_table('customer_balances')
    with op.batch_alter_table('credit_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credit_applications_customer_id'))

    op.drop_table('credit_applications')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_customer_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_status'))
        batch_op.drop_index(batch_op.f('ix_customers_phone'))
        batch_op.drop_index(batch_op.f('ix_customers_name'))
        batch_op.drop_index(batch_op.f('ix_customers_branch_id'))
        batch_op.drop_index(batch_op.f('ix_customers_account_manager_id'))

    op.drop_table('customers')
    op.drop_table('users')
    op.drop_table('business_lines')
    op.drop_table('branches')
    op.drop_table('sites')
    op.drop_table('settings')
    drop_server_functions()
