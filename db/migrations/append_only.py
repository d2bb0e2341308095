"""The append-only triggers a migration puts on the tables it adds, and takes off again when it is undone:
UPDATE and DELETE abort with one message. A migration names its tables; how they are guarded is said
once, here (the first migrations wrote their own wording, and keep it through ``message``).

On PostgreSQL (server mode, issue 15) the same triggers call one function that raises the same message;
only the owner of a table may drop or disable its triggers, and the program's own role is not the owner
(README, "Server mode")."""
from __future__ import annotations

from alembic import op

# What a refused change says (SQLite's RAISE(ABORT, ...) and PostgreSQL's RAISE EXCEPTION alike).
DEFAULT_MESSAGE = "append-only: {verb} on {table} refused"


def on_server() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def refuse_changes(*tables: str, message: str = DEFAULT_MESSAGE) -> None:
    for table in tables:
        for verb in ("UPDATE", "DELETE"):
            text = message.format(verb=verb, table=table)
            if on_server():
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                           f"FOR EACH ROW EXECUTE FUNCTION arrears_desk_refuse_change('{text}')")
            else:
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{text}'); END")


def allow_changes(*tables: str) -> None:
    for table in tables:
        for verb in ("update", "delete"):
            if on_server():
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb} ON {table}")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def server_functions() -> None:
    """What the schema needs from the server before its first table (PostgreSQL only): the trigger
    function that refuses a change, and ``typeof`` as SQLite answers it for the integer-money checks
    (``typeof(amount) = 'integer'``): on the server the column's type already makes it an integer."""
    if not on_server():
        return
    op.execute("CREATE OR REPLACE FUNCTION arrears_desk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
               "BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END $$")
    op.execute("CREATE OR REPLACE FUNCTION typeof(anyelement) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
               "SELECT CASE WHEN $1 IS NULL THEN 'null' "
               "WHEN pg_typeof($1) IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN 'integer' "
               "WHEN pg_typeof($1) IN ('real'::regtype, 'double precision'::regtype, 'numeric'::regtype) "
               "THEN 'real' WHEN pg_typeof($1) = 'bytea'::regtype THEN 'blob' ELSE 'text' END $$")


def drop_server_functions() -> None:
    if on_server():
        op.execute("DROP FUNCTION IF EXISTS arrears_desk_refuse_change()")
        op.execute("DROP FUNCTION IF EXISTS typeof(anyelement)")
