"""What the program can tell about its database before opening it (issue 14, start): the sign-in dialog
is painted first and the database opened while the user types; a password typed before the opening is over
is checked meanwhile, on the other core (the Argon2 check lets go of Python's lock)."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from db.glance import local_site_name, stored_password


def site_name_at_a_glance(target: Path | str) -> str | None:
    """The local site's name of a database file that looks ready to sign in to; None for a server (its
    driver and the password it may ask for come first), a new file (the first start), or anything
    else that the full opening has to look at."""
    if _is_server(target):  # a server's URL (issue 15: pgui)
        return None
    return local_site_name(Path(target))


@dataclass(frozen=True)
class PasswordCheckedAhead:
    """预先核对: a name and password checked against the hash the file held for that name (no user: a
    stand-in hash, at the same cost), before the database was open. Signing in (app.services.auth.login)
    takes ``matched`` as its own check only while the user's hash is still that one; the sign-in's rules
    (lock-out, disabled account, the audit record) are all applied there as always."""
    username: str = field(repr=False)  # (people type their password there)
    password_hash: str | None = field(repr=False)  # None: no user had the name
    matched: bool
    _password_digest: bytes = field(repr=False)

    def covers(self, username: str, password_hash: str | None, password: str) -> bool:
        """Whether this check was of ``password`` for ``username`` against ``password_hash``."""
        return (username == self.username and password_hash == self.password_hash
                and hmac.compare_digest(_digest(password), self._password_digest))


def check_password_ahead(target: Path | str, username: str, password: str) -> PasswordCheckedAhead | None:
    """The password checked against the hash a database file holds for ``username`` (stripped, as signing
    in looks it up), read at a glance; None where the file cannot be read that way (a server, a new or
    damaged file): signing in checks it then."""
    if _is_server(target):
        return None
    from app.services import passwords  # (Argon2 loaded once a password is typed: the dialog paints without it)
    username = username.strip()
    stored = stored_password(Path(target), username)
    if stored is None:
        return None
    hasher = passwords.HASHER
    checked = stored.password_hash if stored.password_hash is not None else passwords.stand_in_hash(hasher)
    matched = passwords.matches(hasher, checked, password) and stored.password_hash is not None
    return PasswordCheckedAhead(username, stored.password_hash, matched, _digest(password))


# The password is compared by a keyed digest, the key made anew in each process: what the check keeps in memory
# until signing in is over is worth nothing to anyone who reads it without the key.
_DIGEST_KEY = secrets.token_bytes(32)


def _digest(password: str) -> bytes:
    return hmac.new(_DIGEST_KEY, password.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()


def _is_server(target: Path | str) -> bool:
    return not isinstance(target, Path) and "://" in target
