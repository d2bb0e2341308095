"""Server mode (issue 15): what only a PostgreSQL server has: the application's own role.

Two roles use a server's database. Its **owner** creates and upgrades the schema (``arrears-desk init``
connected as the owner) and owns every table, so only it may drop or disable the append-only triggers. The
**application role**, which the workstations sign in with, may read and write rows and nothing else: no
CREATE, no ALTER, no DROP, no TRUNCATE, no trigger. ``grant_application_role`` gives it exactly that, now
and for every table a later upgrade adds (default privileges)."""
from __future__ import annotations

import re

from sqlalchemy import Connection, text

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class BadRoleName(ValueError):
    pass


def grant_application_role(conn: Connection, role: str) -> None:
    """Let ``role`` (an existing login role) use this database as the program does, run as its owner."""
    if not _ROLE_NAME.fullmatch(role):
        raise BadRoleName(role)  # an identifier goes into the statements below: only a plain name is accepted
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    for statement in (
            f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {role}',
            f'GRANT USAGE ON SCHEMA "{schema}" TO {role}',
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO {role}',
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {role}',
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}',
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT USAGE, SELECT ON SEQUENCES TO {role}'):
        conn.execute(text(statement))
    # issue 15 (pgcity): a city office's replica schemas (db.replicas), those there now and those made later
    from db.replicas import replica_schemas
    for replica in replica_schemas(conn):
        for statement in (f'GRANT USAGE ON SCHEMA "{replica}" TO {role}',
                          f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{replica}" TO {role}',
                          f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{replica}" TO {role}'):
            conn.execute(text(statement))
    for statement in (f"ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO {role}",
                      f"ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
                      f"ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO {role}"):
        conn.execute(text(statement))
