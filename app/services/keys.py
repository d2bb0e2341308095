"""签名密钥: each site's Ed25519 key, which signs the exchange packages it sends.

The private key lives outside the database and its backups, in the user's own data folder
(%LOCALAPPDATA%\\ArrearsDesk\\keys on Windows, ~/.local/share/ArrearsDesk/keys on Linux; or the folder in
``ARREARS_DESK_KEYS``), one file per site, readable by its owner only. Whoever copies the database does
not get the key; a lost key is replaced by making a new one and having the other side register it again.
Ed25519 from ``cryptography``: a well-reviewed signature scheme, small keys, fast to check.
"""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from platformdirs import user_data_dir

from app.domain.errors import DomainError

KEYS_ENV = "ARREARS_DESK_KEYS"


def key_folder() -> Path:
    override = os.environ.get(KEYS_ENV)
    if override:
        return Path(override)
    return Path(user_data_dir("ArrearsDesk", appauthor=False)) / "keys"


def key_path(site_uid: bytes) -> Path:
    return key_folder() / f"{site_uid.hex()}.ed25519"


def make_key(site_uid: bytes) -> bytes:
    """A new private key for the site, written readable by its owner only; returns the public key.
    A previous key of the site is kept beside it (renamed), never overwritten."""
    path = key_path(site_uid)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        n = 1
        while path.with_suffix(f".old{n}").exists():
            n += 1
        path.rename(path.with_suffix(f".old{n}"))
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(raw)
    return public_key_of(key)


def public_key_of(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def load_key(site_uid: bytes, site_code: str) -> Ed25519PrivateKey:
    path = key_path(site_uid)
    try:
        return Ed25519PrivateKey.from_private_bytes(path.read_bytes())
    except (OSError, ValueError):
        raise DomainError("exchange.no_key", site=site_code, path=str(path)) from None


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    return key.sign(data)


def signature_holds(public_key: bytes, data: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
