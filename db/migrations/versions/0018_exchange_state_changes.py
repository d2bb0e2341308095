"""exchange: the state rows changed since a branch's previous package

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-27

A package carried the whole of every state table (customers, agreements, credit applications, balances …)
each time: at 20,000 customers, 155,000 rows copied out and compared row by row at the city office for a
day of 2,000 entries. Triggers note each row inserted or changed in ``state_changes``; a package carries
the rows noted after its predecessor's mark. The city office applies packages strictly in order, so what
the previous packages carried plus these rows is the branch's state.
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

# As they are at this revision (db.exchange.STATE_TABLES may grow; a later migration adds its triggers).
STATE_TABLES = ("sites", "branches", "users", "business_lines", "settings", "customers", "credit_applications",
                "agreements", "customer_balances")


def upgrade() -> None:
    op.create_table(
        "state_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_key", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state_changes")),
        sqlite_autoincrement=True,  # never an id again once deleted (the notes of acknowledged packages are)
    )
    if op.get_bind().dialect.name != "sqlite":
        return  # server mode: no state log yet; a package carries the state tables whole (db.exchange)
    for table in STATE_TABLES:
        for verb in ("insert", "update"):
            op.execute(f"CREATE TRIGGER {table}_noted_{verb} AFTER {verb.upper()} ON {table} BEGIN "
                       f"INSERT INTO state_changes (table_name, row_key) VALUES ('{table}', NEW.rowid); END")


def downgrade() -> None:
    for table in STATE_TABLES if op.get_bind().dialect.name == "sqlite" else ():
        for verb in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_noted_{verb}")
    op.drop_table("state_changes")
