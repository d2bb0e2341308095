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

from app.domain.errors import DomainError

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


def default_db_path(platform: str = sys.platform, env: Mapping[str, str] = os.environ,
                    exists: Callable[[PurePath], bool] = lambda p: Path(p).is_file()) -> PurePath | str:
    """``ARREARS_DESK_DB`` if set; else the machine-wide database; a ledger already kept per user (an
    earlier version's default) is still found when there is no machine-wide one yet."""
    override = env.get(DB_ENV)
    if override:
        from db.engine import PasswordInUrl, is_server
        try:
            return override if is_server(override) else Path(override)  # server mode: a PostgreSQL URL, kept as is
        except PasswordInUrl:
            return override  # opening it refuses it with the message (db.password_in_url), never a traceback
    shared = data_folder(platform, env) / DB_FILE
    earlier = per_user_folder(platform, env)
    if earlier is not None and not exists(shared) and exists(earlier / DB_FILE):
        return earlier / DB_FILE
    return shared


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
