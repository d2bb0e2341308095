"""Password hashes (Argon2id, argon2-cffi) without the database layers: signing in (app.services.auth) and
the check of a password typed before the database is open (app.services.start) use the same rules."""
from __future__ import annotations

import base64
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import ARGON2_VERSION

# The parameters new hashes are made with (argon2-cffi's, RFC 9106 low-memory); read at each use, one setting for
# signing in and the check ahead of it (the tests put the cheapest parameters here).
HASHER = PasswordHasher()


def matches(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    """Whether ``password`` is the one ``password_hash`` was made from (a malformed hash matches nothing)."""
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def stand_in_hash(hasher: PasswordHasher) -> str:
    """A stand-in Argon2 hash with ``hasher``'s own parameters and random salt and digest: checking a
    password against it costs exactly what checking a user's does, and no password matches it."""
    def b64(size: int) -> str:
        return base64.b64encode(secrets.token_bytes(size)).decode().rstrip("=")
    return (f"$argon2{hasher.type.name.lower()}$v={ARGON2_VERSION}$m={hasher.memory_cost},t={hasher.time_cost},"
            f"p={hasher.parallelism}${b64(hasher.salt_len)}${b64(hasher.hash_len)}")
