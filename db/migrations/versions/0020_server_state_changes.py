"""exchange on a server: the state rows changed since a branch's previous package

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-27

0018 noted changed state rows on SQLite files only: a branch on a PostgreSQL server sent its state tables
whole in every package. The same triggers on the server, one function for all of them. A note's ``row_key``
is the row's integer key (SQLite's is its rowid); ``settings``, keyed by text, is noted by the key's
``hashtext``: a note that two keys share sends both rows, never neither.
"""
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# As they are at this revision, each with its key column (db.exchange.STATE_TABLES may grow).
STATE_KEYS = {"sites": "id", "branches": "id", "users": "id", "business_lines": "id", "settings": "key",
              "customers": "id", "credit_applications": "id", "agreements": "id", "customer_balances": "customer_id"}
TEXT_KEYED = ("settings",)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # a file has had its triggers since 0018
    op.execute("CREATE OR REPLACE FUNCTION arrears_desk_note_state_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
               "DECLARE k text := to_jsonb(NEW) ->> TG_ARGV[0]; "
               "BEGIN INSERT INTO state_changes (table_name, row_key) "
               "VALUES (TG_TABLE_NAME, CASE WHEN TG_NARGS > 1 THEN hashtext(k) ELSE k::integer END); "
               "RETURN NULL; END $$")
    for table, key in STATE_KEYS.items():
        arguments = f"'{key}', 'text'" if table in TEXT_KEYED else f"'{key}'"
        for verb in ("insert", "update"):
            op.execute(f"CREATE TRIGGER {table}_noted_{verb} AFTER {verb.upper()} ON {table} FOR EACH ROW "
                       f"EXECUTE FUNCTION arrears_desk_note_state_change({arguments})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in STATE_KEYS:
        for verb in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_noted_{verb} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS arrears_desk_note_state_change()")
