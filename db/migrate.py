"""Create and upgrade the schema with Alembic at start; refuse a database newer than the program."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseRefused(Exception):
    """The file cannot be opened as our database; ``code`` names why (see app.domain.errors)."""

    def __init__(self, code: str, /, **params: str) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")).first()
        if not has_table:
            others = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar_one()
            if others:
                raise DatabaseRefused("db.not_database", path=str(engine.url.database))
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_file(path: Path) -> None:
    """A file that exists must be an SQLite database (header check; sqlite3 is lazy about it)."""
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise DatabaseRefused("db.not_database", path=str(path))


def upgrade(engine: Engine) -> None:
    """Bring the schema to the program's head; refuse a database from a newer program."""
    try:
        current = current_revision(engine)
    except sqlite3.DatabaseError:
        raise DatabaseRefused("db.not_database", path=str(engine.url.database)) from None
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise DatabaseRefused("db.newer", db_rev=current, path=str(engine.url.database))
        if current == script.get_current_head():
            return
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
