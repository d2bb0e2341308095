"""The append-only triggers a migration puts on the tables it adds, and takes off again when it is undone:
UPDATE and DELETE abort with one message. A migration names its tables; how they are guarded is said
once, here (the first migrations wrote their own, with older wording, and keep it)."""
from __future__ import annotations

from alembic import op


def refuse_changes(*tables: str) -> None:
    for table in tables:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, 'append-only: {verb} on {table} refused'); END")


def allow_changes(*tables: str) -> None:
    for table in tables:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
