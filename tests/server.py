"""The tests on a PostgreSQL server (issue 15): ``ARREARS_DESK_TEST_BACKEND=postgresql`` runs the same tests
with every desk that ``tests.factories.make_desk`` makes on a database of its own on the server whose URL is
in ``ARREARS_DESK_TEST_PG`` (``tools/pg_test_server.sh`` starts a throwaway one and prints it).

Each (day, site code, kind) is migrated and given its users once, as a template database; a test's desk is
``CREATE DATABASE … TEMPLATE`` of it (a file copy on the server), dropped when the test ends."""
from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

BACKEND = os.environ.get("ARREARS_DESK_TEST_BACKEND", "sqlite")
ON_SERVER = BACKEND == "postgresql"

_templates: dict[tuple[date, str, str], tuple[str, object]] = {}
_made: list[str] = []
_numbers = itertools.count(1)


def admin_url() -> str:
    url = os.environ.get("ARREARS_DESK_TEST_PG")
    if not url:
        raise RuntimeError("ARREARS_DESK_TEST_BACKEND=postgresql needs ARREARS_DESK_TEST_PG "
                           "(the URL tools/pg_test_server.sh prints)")
    return url


def database_url(name: str) -> str:
    return make_url(admin_url()).set(database=name).render_as_string(hide_password=False)


def _admin(sql: str, *args) -> None:
    import psycopg
    url = make_url(admin_url())
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                         autocommit=True) as con:
        con.execute(sql, args or None)


def new_database(template: str | None = None) -> str:
    """A fresh, empty (or ``template``'s copy) database on the test server; dropped after the test."""
    name = f"t{os.getpid()}_{next(_numbers)}"
    _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    _made.append(name)
    return name


def drop_made_databases() -> None:
    while _made:
        _admin(f'DROP DATABASE IF EXISTS "{_made.pop()}" WITH (FORCE)')


def make_desk(path: Path, today: date, code: str, kind: str, make_users: Callable):
    from app.services.context import Desk, FixedClock
    key = (today, code, kind)
    if key not in _templates:
        name = f"tpl{os.getpid()}_{next(_numbers)}"
        _admin(f'CREATE DATABASE "{name}"')
        desk = Desk(database_url(name), clock=FixedClock(today))
        staff = make_users(desk, code, kind)
        desk.close()
        _templates[key] = (name, staff)
    template, staff = _templates[key]
    name = new_database(template)
    desk = Desk(database_url(name), clock=FixedClock(today))
    # each copy is a site of its own: its own global id, so its own signing key (made when first needed)
    with desk.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE sites SET uid = decode(md5(random()::text), 'hex'), public_key = NULL"
                             " WHERE is_local")
    return desk, staff


_PLACEHOLDER = re.compile(r"\?")


def rows(desk, sql: str, *args) -> list[tuple]:
    """``tests.factories.rows`` on the server: plain psycopg, SQLite's ``?`` placeholders made ``%s``."""
    import psycopg
    url = desk.server
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database) as con:
        return [tuple(r) for r in con.execute(_PLACEHOLDER.sub("%s", sql.replace("%", "%%")), args or None).fetchall()]


def execute(desk, sql: str, *args) -> None:
    import psycopg
    url = desk.server
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database) as con:
        con.execute(_PLACEHOLDER.sub("%s", sql.replace("%", "%%")), args or None)


def drop_templates() -> None:
    for name, _ in _templates.values():
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _templates.clear()


# Tests that do not run on the server yet, each with its reason (README "Server mode" names them all; a test
# holds the two lists equal). A key is a test file, or a file::test. Every entry is work still to do.
EXCLUDED: dict[str, str] = {
    # ledger modules (pgb)
    "tests/integration/test_notice_batch.py": "the benchmark's notice desk (bench/collection.py _notice_desk) clones "
        "its customers in SQLite SQL (randomblob, printf, a recursive temp table): not yet written for the server",
    "tests/integration/test_write_off_workflow.py::test_upgrading_a_database_with_one_write_off_per_item_keeps_"
        "its_chains_and_allows_parts": "fakes revision 0008 by rebuilding the table from sqlite_master's CREATE "
        "text: a server variant of that old schema is not written yet (the upgrade 0010 itself runs on the server)",
}


def excluded_reason(nodeid: str) -> str | None:
    for key, reason in EXCLUDED.items():
        if nodeid == key or nodeid.startswith(key + "::") or nodeid.startswith(key + "["):
            return reason
    return None
