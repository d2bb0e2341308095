"""Where ArrearsDesk keeps its ledger on a PC, and where it must not.

The default database is machine-wide on Windows (``%PROGRAMDATA%\\ArrearsDesk``), so the staff of a branch
who sign in to Windows under different accounts work in one ledger; elsewhere it is the user's data folder.
A database on a network share (a UNC path, a mapped network drive, an NFS/SMB mount) is refused: SQLite's
locking over SMB is unreliable and two PCs writing through it corrupt the file. Each function takes the
platform and environment so the Windows rules are tested on any machine.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path, PurePath, PureWindowsPath

from app.domain.errors import DomainError, FieldError
from app.domain.text import clean_text
from app.domain.words import Words

APP_NAME = "ArrearsDesk"
DB_ENV = "ARREARS_DESK_DB"
DB_FILE = "arrears.sqlite3"
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "afs", "davfs", "fuse.davfs2"}


def data_folder(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> PurePath:
    """The machine's ArrearsDesk folder: %PROGRAMDATA%\\ArrearsDesk on Windows (the installer lets every
    user of the PC write there), the user's data folder (~/.local/share/ArrearsDesk) elsewhere."""
    if platform == "win32":
        return PureWindowsPath(env.get("PROGRAMDATA") or env.get("ALLUSERSPROFILE") or r"C:\ProgramData", APP_NAME)
    from platformdirs import user_data_dir
    return Path(user_data_dir(APP_NAME, appauthor=False))


def per_user_folder(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> PurePath | None:
    """Where versions before the machine-wide default kept the ledger on Windows (%LOCALAPPDATA%)."""
    if platform == "win32" and env.get("LOCALAPPDATA"):
        return PureWindowsPath(env["LOCALAPPDATA"], APP_NAME)
    return None


def _read_text(path: PurePath) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def default_db_path(platform: str = sys.platform, env: Mapping[str, str] = os.environ,
                    exists: Callable[[PurePath], bool] = lambda p: Path(p).is_file(),
                    read: Callable[[PurePath], str | None] = _read_text) -> PurePath | str:
    """``ARREARS_DESK_DB`` if set; else the server database chosen at first start on this machine; else the
    machine-wide database; a ledger already kept per user (an earlier version's default) is still found when
    there is no machine-wide one yet."""
    override = env.get(DB_ENV)
    if override:
        from db.engine import PasswordInUrl, is_server
        try:
            return override if is_server(override) else Path(override)  # server mode: a PostgreSQL URL, kept as is
        except PasswordInUrl:
            return override  # opening it refuses it with the message (db.password_in_url), never a traceback
    chosen = remembered_server(platform, env, read)
    if chosen:
        return chosen
    shared = data_folder(platform, env) / DB_FILE
    earlier = per_user_folder(platform, env)
    if earlier is not None and not exists(shared) and exists(earlier / DB_FILE):
        return earlier / DB_FILE
    return shared


# 数据库在服务器上 (issue 15): the first-start dialog's choice, kept in the machine's ArrearsDesk folder so every
# Windows account of the counter PC opens the same server database. Its URL only: never a password.
SERVER_FILE = "server.txt"
SERVER_HOST = Words("服务器", "server")
SERVER_DATABASE = Words("数据库", "database")
SERVER_USER = Words("用户名", "user name")


def server_address(host: str, port: int | str, database: str, user: str) -> str:
    """The URL of a database on a PostgreSQL server from what the first-start dialog asks (server, port,
    database, user name); each refused with a message naming it when empty, too long or hiding characters."""
    host = clean_text("host", host, SERVER_HOST, max_len=253, required=True)
    database = clean_text("database", database, SERVER_DATABASE, max_len=63, required=True)
    user = clean_text("user", user, SERVER_USER, max_len=63, required=True)
    try:
        number = int(str(port).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise FieldError("port", "server.bad_port", port=str(port).strip())
    from db.engine import server_address as url_of
    return url_of(host, number, database, user)


def remembered_server(platform: str = sys.platform, env: Mapping[str, str] = os.environ,
                      read: Callable[[PurePath], str | None] = _read_text) -> str | None:
    """The server database this machine was set to at first start, or None (a database file)."""
    text = (read(data_folder(platform, env) / SERVER_FILE) or "").strip()
    if not text:
        return None
    from db.engine import PasswordInUrl, is_server
    try:
        return text if is_server(text) else None
    except PasswordInUrl:
        return text  # opening it refuses it with the message; never silently the local file instead


def remember_server(url: str, platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> Path:
    """From now on this machine opens ``url`` (delete the file to go back to the database file)."""
    path = Path(data_folder(platform, env)) / SERVER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(url + "\n", encoding="utf-8")
    return path


def _windows_drive_type(root: str) -> int:
    import ctypes
    return ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]


def _mount_table() -> str:
    try:
        return Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def is_network_path(path: PurePath | str, platform: str = sys.platform,
                    drive_type: Callable[[str], int] | None = None,
                    mounts: Callable[[], str] | None = None) -> bool:
    """On a network share: a UNC path (\\\\server\\share\\…) or a mapped network drive on Windows; a folder
    mounted over NFS/SMB elsewhere."""
    if platform == "win32":
        windows = PureWindowsPath(str(path))
        if windows.drive.startswith(("\\\\", "//")):
            return not windows.drive.upper().startswith(("\\\\?\\", "\\\\.\\")) or "\\UNC\\" in windows.drive.upper()
        if len(windows.drive) == 2 and windows.drive[1] == ":":
            return (drive_type or _windows_drive_type)(windows.drive + "\\") == DRIVE_REMOTE
        return False
    target = os.path.abspath(str(path))
    best, kind = "", ""
    for line in (mounts or _mount_table)().splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind in NETWORK_FILESYSTEMS


def refuse_network_share(path: Path) -> None:
    if is_network_path(path):
        raise DomainError("db.network_share", path=str(path))
