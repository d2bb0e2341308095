"""备份与恢复: copies of the database kept where the branch head chooses (a USB drive, another disk), made
automatically at least daily and on exit, and a restore that checks a copy before it replaces anything.

A copy is made with SQLite's online backup API, so it is consistent even while clerks post. Copies are
named ``arrears-YYYYMMDD-HHMMSS.sqlite3``; those older than the kept days are removed, never any other
file. Restoring first checks the copy (SQLite's integrity check and every ``verify`` check) and keeps the
database it replaces beside it (``…-before-restore-….sqlite3``), so nothing is lost by a wrong choice.
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.errors import DomainError, FieldError
from app.domain.roles import Permission
from app.documents.files import temp_beside
from app.services.context import Actor, Desk
from app.services.failures import os_reason
from app.services.settings import get_setting, put_setting
from db.backup import copy_database, fold_log, integrity_problems

_NAME = re.compile(r"^arrears-(\d{8}-\d{6})\.sqlite3$")
DEFAULT_KEEP_DAYS = 30


def _refuse_server(desk: Desk) -> None:
    """A copy here is a copy of the database file; a database on a server is backed up by its administrator
    (pg_dump, the server's own backups), which this program neither replaces nor can check (issue 15)."""
    if desk.server is not None:
        raise DomainError("backup.server_database", path=desk.location)


def backup_folder(desk: Desk) -> Path:
    """The folder the branch head chose (setting ``backup.folder``), else ``backups`` beside the database."""
    _refuse_server(desk)
    with desk.reading() as uow:
        chosen = get_setting(uow, "backup.folder")
    return Path(chosen) if chosen else desk.path.parent / "backups"


def _keep_days(desk: Desk) -> int:
    with desk.reading() as uow:
        return int(get_setting(uow, "backup.keep_days"))


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    made_at: datetime
    size: int


def backups(folder: Path) -> list[BackupFile]:
    """The copies in ``folder``, newest first."""
    found = []
    for path in folder.glob("arrears-*.sqlite3") if folder.is_dir() else []:
        match = _NAME.match(path.name)
        if match:
            found.append(BackupFile(path, datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"), path.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def backup_database(desk: Desk, folder: Path | None = None, *, actor: Actor | None = None,
                    progress: Callable[[int, int], None] | None = None) -> Path:
    """A copy now (立即备份); with ``actor`` (who must be allowed to manage backups) the copy is recorded in
    the audit trail (automatic copies are not, or every exit would add a record). Old copies beyond the
    kept days are removed. ``progress(done, total)`` may raise to stop: nothing is left behind then."""
    if actor is not None:
        with desk.query(actor, Permission.MANAGE_BACKUPS):
            pass
    _refuse_server(desk)
    folder = Path(folder) if folder is not None else backup_folder(desk)
    target = folder / f"arrears-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    temp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp = temp_beside(target, ".backup-")
        temp.unlink()  # the backup API creates the file itself
        copy_database(desk.engine, temp, progress)
        os.replace(temp, target)
    except OSError as error:
        raise DomainError("backup.cannot_write", folder=str(folder), reason=os_reason(error)) from None
    finally:
        if temp is not None and temp.exists():
            temp.unlink(missing_ok=True)  # an unfinished copy (stopped, or the drive failed)
    if actor is not None:
        with desk.use_case(actor, Permission.MANAGE_BACKUPS) as uow:
            uow.audit("backup.made", "database", None, after={"file": str(target)})
            uow.commit()
    _prune(folder, _keep_days(desk))
    return target


def _prune(folder: Path, keep_days: int) -> None:
    limit = datetime.now() - timedelta(days=keep_days)
    kept = backups(folder)
    for old in kept[1:]:  # the newest copy stays whatever its age
        if old.made_at < limit:
            old.path.unlink(missing_ok=True)


def backup_if_due(desk: Desk, *, hours: int = 24) -> Path | None:
    """The automatic copy (at start and on exit): made when the newest copy is older than ``hours``; none of a
    database on a server (its administrator's backups)."""
    if desk.server is not None:
        return None
    folder = backup_folder(desk)
    newest = next(iter(backups(folder)), None)
    if newest is not None and datetime.now() - newest.made_at < timedelta(hours=hours):
        return None
    return backup_database(desk, folder)


def check_backup(path: Path) -> list[str]:
    """What is wrong with a copy (empty when it may be restored): SQLite's integrity check, then every
    ``verify`` check."""
    from app.services.verify import verify_database
    path = Path(path)
    if not path.is_file():
        raise DomainError("backup.not_found", file=str(path))
    problems = integrity_problems(path)
    if problems:
        return problems
    try:
        return [check.name for check in verify_database(path) if not check.ok]
    except DomainError as error:
        return [error.message()]


def restore_database(backup: Path, target: Path, *, os_user: str = "", host: str = "", by: str = "") -> Path:
    """从备份恢复: the checked copy replaces ``target`` (which is kept beside it first). Returns where the
    replaced database was kept. Refused, with nothing changed, when the copy fails a check."""
    backup, target = Path(backup), Path(target)
    problems = check_backup(backup)
    if problems:
        raise DomainError("backup.bad_file", file=backup.name, problems="；".join(problems[:3]))
    kept = target.with_name(f"{target.stem}-before-restore-{datetime.now():%Y%m%d-%H%M%S}{target.suffix}")
    try:
        if target.exists():
            fold_log(target)  # so the kept file is whole
            shutil.copyfile(target, kept)
        temp = temp_beside(target, ".restore-")
        shutil.copyfile(backup, temp)
        for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(temp, target)
    except OSError as error:
        raise DomainError("backup.cannot_write", folder=str(target.parent), reason=os_reason(error)) from None
    with Desk(target) as desk, desk.unit_of_work() as uow:
        uow.audit("backup.restored", "database", None,
                  after={"from": backup.name, "kept": kept.name if target.exists() else None,
                         "os_user": os_user, "host": host, **({"by": by} if by else {})})
        uow.commit()
    return kept


# -- 系统设置 > 备份 (the branch head or the administrator) -------------------------------------------
@dataclass(frozen=True, slots=True)
class BackupStatus:
    folder: Path
    chosen: bool          # False: the default folder beside the database
    keep_days: int
    copies: list[BackupFile]


KEEP_DAYS_RANGE = (1, 3650)


def backup_status(desk: Desk, actor: Actor) -> BackupStatus:
    """Where copies go, how long they are kept, and the copies there (newest first)."""
    with desk.query(actor, Permission.MANAGE_BACKUPS) as uow:
        chosen = get_setting(uow, "backup.folder")
        keep = int(get_setting(uow, "backup.keep_days"))
    _refuse_server(desk)
    folder = Path(chosen) if chosen else desk.path.parent / "backups"
    return BackupStatus(folder, bool(chosen), keep, backups(folder))


def set_backup_settings(desk: Desk, actor: Actor, *, folder: str, keep_days: int) -> None:
    """The folder (empty: ``backups`` beside the database) and the days copies are kept; audited."""
    low, high = KEEP_DAYS_RANGE
    if not low <= keep_days <= high:
        raise FieldError("keep_days", "backup.keep_days", low=low, high=high)
    with desk.use_case(actor, Permission.MANAGE_BACKUPS) as uow:
        if get_setting(uow, "backup.folder") != folder.strip():
            put_setting(uow, "backup.folder", folder.strip())
        if int(get_setting(uow, "backup.keep_days")) != keep_days:
            put_setting(uow, "backup.keep_days", keep_days)
        uow.commit()


def restore_in_place(desk: Desk, actor: Actor, backup: Path) -> Path:
    """从备份恢复 from the app: the open database lets go of its file (``Desk.release``), the checked copy
    takes its place and the next use opens the restored file. The caller has closed every screen and
    waited for every background task first; everyone signs in again. Returns where the replaced
    database was kept."""
    import getpass
    import socket
    with desk.query(actor, Permission.MANAGE_BACKUPS):
        pass
    _refuse_server(desk)
    problems = check_backup(backup)  # before letting go of anything
    if problems:
        raise DomainError("backup.bad_file", file=Path(backup).name, problems="；".join(problems[:3]))
    desk.release()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    return restore_database(backup, desk.path, os_user=user, host=socket.gethostname(), by=actor.username)
