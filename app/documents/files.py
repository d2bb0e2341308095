"""Saving a document or an export: drawn into a temporary file beside the target, then moved into place,
so a failure never leaves half a file under the real name.

The temporary file is created with the permissions any file the user saves gets (0666 less the umask,
e.g. 0644 or 0664): the operating system applies the umask when the file is created, so nothing here
reads or changes the process's umask (which other threads share). ``tempfile.mkstemp`` would make it
0600 and the saved document would stay unreadable to the colleagues and the backup that the folder is
shared with. On Windows the mode bits do not apply: the file takes the access rights (NTFS ACLs)
inherited from the folder it is created in, which a move within that folder keeps.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_CLOEXEC", 0)


def temp_beside(target: Path, prefix: str) -> Path:
    """A new, empty file in ``target``'s folder (created if missing), named ``prefix`` + random + the
    target's suffix, with the user's default permissions. Raises ``OSError``."""
    folder = Path(target).parent
    folder.mkdir(parents=True, exist_ok=True)
    for _attempt in range(100):
        path = folder / f"{prefix}{secrets.token_hex(8)}{Path(target).suffix}"
        try:
            handle = os.open(path, _FLAGS, 0o666)
        except FileExistsError:
            continue
        os.close(handle)
        return path
    raise FileExistsError(f"no free temporary name in {folder}")
