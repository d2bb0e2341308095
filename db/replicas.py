"""The city office on a PostgreSQL server (issue 15): its copy of each branch (副本) is a schema of the city's own
database, ``replica_<code>``, instead of a SQLite file beside the city's file.

One database for the whole city: one pg_dump, one set of grants. A replica is opened as any database is, by a
URL: the city's, with the connection's ``search_path`` set to the replica's schema (``replica_url``). Every table,
the Alembic version table and the schema's own copies of the functions the migrations create (the append-only
trigger function, ``typeof``) are made inside that schema by the same migrations, so a replica is a complete
ArrearsDesk database of the branch's ids, checked and reported on by the same code as the city's own.
``pg_temp`` is named last in the path so that a scratch table (a payload being applied) never hides a table of
the replica (PostgreSQL searches the session's temporary tables first unless the path names them)."""
from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

PREFIX = "replica_"
_CODE = re.compile(r"^[A-Za-z0-9_]{1,40}$")


class BadSiteCode(ValueError):
    """A site code that cannot name a schema (only letters, digits and ``_`` do)."""


def replica_schema(code: str) -> str:
    """The schema that holds branch ``code``'s replica: ``replica_br01`` for BR01."""
    if not _CODE.fullmatch(code):
        raise BadSiteCode(code)
    return PREFIX + code.lower()


def replica_url(city: URL, code: str) -> URL:
    """The URL that opens branch ``code``'s replica in the city's database ``city`` (its search path)."""
    query = {k: v for k, v in city.query.items() if k != "options"}
    return city.set(query={**query, "options": f"-csearch_path={replica_schema(code)},pg_temp"})


def create_replica_schema(engine: Engine, code: str) -> bool:
    """Make the (empty) schema of branch ``code``'s replica in ``engine``'s database, run as the database's owner
    (the application's role may not create schemas; its rights on the new one come from the default privileges
    ``db.server.grant_application_role`` set). False when this role may not: the owner must (README)."""
    from sqlalchemy.exc import ProgrammingError
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{replica_schema(code)}"'))
    except ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            return False
        raise
    return True


def replica_exists(conn: Connection, code: str) -> bool:
    """Whether ``conn``'s database holds a migrated replica of branch ``code``."""
    return bool(conn.execute(text("SELECT to_regclass(:name) IS NOT NULL"),
                             {"name": f'"{replica_schema(code)}".alembic_version'}).scalar())


def replica_schemas(conn: Connection) -> list[str]:
    """The replica schemas of ``conn``'s database that hold a migrated replica, by name."""
    return list(conn.execute(text(
        "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
        " WHERE c.relname = 'alembic_version' AND n.nspname LIKE :prefix ORDER BY n.nspname"),
        {"prefix": PREFIX.replace("_", r"\_") + "%"}).scalars())
