"""Create and upgrade the schema with Alembic at start; refuse a database newer than the program."""
from __future__ import annotations

import ast
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

if TYPE_CHECKING:  # Alembic is imported only to migrate (it was a fifth of the start-up's imports)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

from db.engine import make_engine

MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseRefused(Exception):
    """The file cannot be opened as our database; ``code`` names why (see app.domain.errors)."""

    def __init__(self, code: str, /, **params: str) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config
    cfg = Config()  # its options go through configparser: a % (a path with Chinese in it, URL-quoted) is doubled
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision() -> str:
    return _revisions()[1]


def _where(engine: Engine) -> str:
    """The database as a message names it: the file's path, or the server's URL without a password."""
    if engine.dialect.name == "sqlite":
        return str(engine.url.database)
    return engine.url.render_as_string(hide_password=True)


def current_revision(engine: Engine) -> str | None:
    if engine.dialect.name != "sqlite":
        return _server_revision(engine)
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")).first()
        if not has_table:
            others = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar_one()
            if others:
                raise DatabaseRefused("db.not_database", path=str(engine.url.database))
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_file(path: Path, *, create: bool = True) -> None:
    """Look at the file before anything opens it for writing, and refuse what is not our database: a
    folder, a missing or empty file (unless ``create``), another program's file or SQLite database, a
    database from a newer program. Only reads: a refused file is left exactly as it was."""
    if path.is_dir():
        raise DatabaseRefused("db.is_directory", path=str(path))
    if not path.exists() or path.stat().st_size == 0:
        if create:
            return
        raise DatabaseRefused("db.not_found" if not path.exists() else "db.empty", path=str(path))
    with path.open("rb") as fh:  # sqlite3 is lazy about the header: it would take any file for an empty one
        if fh.read(16) != b"SQLite format 3\x00":
            raise DatabaseRefused("db.not_database", path=str(path))
    engine = make_engine(path, read_only=True)
    try:
        known_revision(engine)
    finally:
        engine.dispose()


def known_revision(engine: Engine) -> str | None:
    """The schema revision of the file (None for an empty database); refuses a foreign or newer one."""
    current = current_revision(engine)
    if current is not None and current not in _revisions()[0]:
        raise DatabaseRefused("db.newer", db_rev=current, path=_where(engine))
    return current


def require_head(engine: Engine) -> None:
    """A file opened only to be read must already have this program's schema (it cannot be upgraded)."""
    current = known_revision(engine)
    if current != _revisions()[1]:
        raise DatabaseRefused("db.needs_upgrade", path=_where(engine))


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config())


_ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


@functools.cache
def _revisions() -> tuple[frozenset[str], str]:
    """Every revision the program knows, and its head, read from the migration files' ``revision`` and
    ``down_revision`` lines without importing Alembic (opening an up-to-date database needs no more);
    Alembic's own walk decides whenever the files are not one simple chain."""
    links: dict[str, object] = {}
    for file in sorted((MIGRATIONS / "versions").glob("[0-9]*.py")):
        found = dict(_ASSIGNED.findall(file.read_text(encoding="utf-8")))
        try:
            links[ast.literal_eval(found["revision"])] = ast.literal_eval(found.get("down_revision", "None"))
        except (KeyError, ValueError, SyntaxError):
            return _walked_revisions()
    pointed = set(links.values())
    heads = [rev for rev in links if rev not in pointed]
    if len(heads) != 1 or not all(down is None or isinstance(down, str) and down in links for down in pointed):
        return _walked_revisions()
    return frozenset(links), heads[0]


def _walked_revisions() -> tuple[frozenset[str], str]:
    script = _script()
    return frozenset(rev.revision for rev in script.walk_revisions()), script.get_current_head()


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """A copy of the database as the older program left it, in ``backups`` beside it, before a migration
    changes it (never removed automatically): ``before-upgrade-<revision>-<time>.sqlite3``."""
    from datetime import datetime

    from db.backup import copy_file_database
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}-before-upgrade-{revision}-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    copy_file_database(path, target)
    return target


def upgrade(engine: Engine) -> None:
    """Bring the schema to the program's head; refuse a database from a newer program."""
    current = known_revision(engine)
    if current is not None and current == _revisions()[1]:
        return
    if engine.dialect.name != "sqlite":
        return _upgrade_server(engine, current)
    if current is not None:
        backup_before_upgrade(Path(engine.url.database), current)
    from alembic import command
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


# -- server mode (issue 15) ------------------------------------------------------------------------------------

# Two workstations starting the new program at once: one migrates, the other waits and finds it done.
UPGRADE_LOCK = 0x41525245  # "ARRE": pg_advisory_xact_lock's key for the schema upgrade


def _server_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        tables = conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")).scalars().all()
        if "alembic_version" not in tables:
            if tables:
                raise DatabaseRefused("db.not_database", path=_where(engine))
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _upgrade_server(engine: Engine, current: str | None) -> None:
    """Migrate a server's database in one transaction (PostgreSQL's DDL is transactional: a failed upgrade
    leaves the old schema as it was). Only the schema's owner may: the program's everyday role has no
    right to create or alter tables, and then the message says who must run the upgrade. No file copy is
    made before (the server's own backups, pg_dump, are the administrator's; README "Server mode")."""
    from alembic import command
    from sqlalchemy.exc import ProgrammingError
    cfg = alembic_config(engine)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
            if current_revision_in(conn) == _revisions()[1]:
                return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            raise DatabaseRefused("db.server_upgrade_by_owner", path=_where(engine),
                                  db_rev=current or "-", head=_revisions()[1]) from error
        raise


def current_revision_in(conn) -> str | None:
    found = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if found else None
