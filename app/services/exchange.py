"""数据交换: branches and the city office exchange signed package files (USB stick, shared folder).

- A branch's ``export`` writes its next 台账包 (everything new since its previous package) and writes
  again every package the city office has not yet acknowledged, so a lost file heals itself.
- The city office applies a branch's package into its copy of that branch's database (a replica beside
  the city office's own file, ``<file>-branches/<CODE>.sqlite3``): same ids, so the branch's hash chains
  and integrity root are reproduced byte for byte, and are checked to be.
- The city office's ``export`` writes one 市局包 per branch: the acknowledgement (the last package applied
  in order) and the city-wide blacklist.

Import is one transaction per package, idempotent, and order-safe; every refusal changes nothing and says
why (app/domain/errors.py, ``exchange.*``).
"""
from __future__ import annotations

import hashlib
import json
import tempfile
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from app import __version__
from app.domain.errors import DomainError
from app.domain.exchange import (
    CITY_OWNED_SETTINGS, FORMAT, MOVED_BALANCES_ONLY, SITE_KIND_WORDS, SUFFIX, Decision, Manifest, PackageKind,
    PackageState, file_name, missing_before, place_in_sequence,
)
from app.domain.roles import Permission
from app.domain.words import Words
from app.documents.files import temp_beside
from app.services import keys
from app.services.context import Actor, Desk
from app.services.failures import FILE_EXISTS, log_detail, os_reason
from app.services.customers import take_transferred_customer
from app.services.settings import get_setting, put_setting
from db.exchange import (
    ExchangeBook, apply_payload, attached, become_branch_copy, blacklisted_customers, customers_moved_away,
    export_payload, first_broken_link, heads_differing, integrity_root, kept_heads_differing, last_link, mark_resent,
    payload_rows_from_other_sites, record_applied, replace_city_blacklist, ship_whole_state_next, sought_root,
    touched_balances_wrong,
)
from db.exchange import balances_moved_unexplained  # issue 12 (link): a busy day's balances
from db.commit_order import PostingsInFlight
from db.backup import copy_database
from db.copy import copy_rows  # issue 15 (pgcity): a replica schema's copy for a branch to rebuild from
from db.models import ExchangePackage, Site
from db import replicas  # issue 15 (pgcity): a city office's replicas as schemas on a server
from sqlalchemy.engine import URL

MANIFEST, SIGNATURE, PAYLOAD = "manifest.json", "manifest.sig", "payload.sqlite3"
IDENTITY_MARK = "arrears_desk_site"
Progress = Callable[[int, int, str], None]


# -- sites and their keys --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SiteIdentity:
    """交换设置文件: what another site needs to check this site's files."""
    uid: bytes
    code: str
    name: str
    kind: str
    public_key: bytes

    def to_json(self) -> str:
        return json.dumps({IDENTITY_MARK: 1, "uid": self.uid.hex(), "code": self.code, "name": self.name,
                           "kind": self.kind, "public_key": self.public_key.hex()}, ensure_ascii=False, indent=1)


def _local_site(book: ExchangeBook) -> Site:
    site = book.local_site()
    if site is None:
        raise DomainError("site.missing")
    return site


def _local_site_row(book: ExchangeBook):
    """``_local_site`` for reading only: its columns, no entity."""
    site = book.local_site_row()
    if site is None:
        raise DomainError("site.missing")
    return site


def ensure_key(desk: Desk) -> bytes:
    """The local site's public key, making the key pair at first use (``init`` does it for a new site)."""
    with desk.unit_of_work() as uow:
        site = _local_site(uow.exchange)
        if site.public_key is not None:
            key = keys.load_key(site.uid, site.code)  # refuses, naming where the key should be
            if keys.public_key_of(key) != site.public_key:
                raise DomainError("exchange.key_mismatch", site=site.code, path=str(keys.key_path(site.uid)))
            return site.public_key
        site.public_key = keys.make_key(site.uid)
        uow.audit("exchange.key_made", "site", site.id, after={"code": site.code})
        uow.commit()
        return site.public_key


def renew_key(desk: Desk, actor: Actor) -> SiteIdentity:
    """A new key pair for this site (the old one lost or exposed); the other side must register the new
    setup file, after which files signed with the old key are refused."""
    with desk.use_case(actor, Permission.MANAGE_SITES) as uow:
        site = _local_site(uow.exchange)
        site.public_key = keys.make_key(site.uid)
        uow.audit("exchange.key_renewed", "site", site.id, after={"code": site.code})
        uow.commit()
    return own_identity(desk)


def own_identity(desk: Desk) -> SiteIdentity:
    public_key = ensure_key(desk)
    with desk.reading() as uow:
        site = _local_site(uow.exchange)
        return SiteIdentity(site.uid, site.code, site.name, site.kind, public_key)


def write_identity(desk: Desk, out: Path) -> Path:
    identity = own_identity(desk)
    out = Path(out)
    if out.is_dir():
        out = out / f"{identity.code}-identity.json"
    out.write_text(identity.to_json(), encoding="utf-8")
    return out


def read_identity(path: Path) -> SiteIdentity:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get(IDENTITY_MARK) != 1 or raw.get("kind") not in ("branch", "city"):
            raise ValueError
        identity = SiteIdentity(bytes.fromhex(raw["uid"]), str(raw["code"]), str(raw["name"]), raw["kind"],
                                bytes.fromhex(raw["public_key"]))
        if len(identity.uid) != 16 or len(identity.public_key) != 32:
            raise ValueError
        return identity
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise DomainError("exchange.bad_identity", file=Path(path).name) from None


def register_site(desk: Desk, actor: Actor, path: Path) -> str:
    """登记网点: the city office registers a branch from its setup file, a branch registers the city
    office. Registering a known site again takes its new key (a lost key replaced) and lifts a revocation.
    Returns what happened: ``registered`` or ``rekeyed``."""
    identity = read_identity(path)
    with desk.use_case(actor, Permission.MANAGE_SITES) as uow:
        own = _local_site(uow.exchange)
        if identity.uid == own.uid or identity.code == own.code:
            raise DomainError("exchange.own_identity", file=Path(path).name)
        if identity.kind == own.kind:
            raise DomainError("exchange.same_kind", kind=_kind_words(own.kind), other=_kind_words(
                "city" if own.kind == "branch" else "branch"))
        known = uow.exchange.peer(identity.code)
        if identity.kind == "city" and known is None:
            city = uow.exchange.city()
            if city is not None:
                raise DomainError("exchange.second_city", site=city.code, other=identity.code)
        if known is None:
            site = Site(uid=identity.uid, code=identity.code, name=identity.name, kind=identity.kind,
                        is_local=False, public_key=identity.public_key, created_at=desk.clock.now())
            uow.session.add(site)
            uow.session.flush()
            outcome = "registered"
        else:
            site = known
            site.name, site.uid, site.public_key, site.revoked_at = (identity.name, identity.uid,
                                                                     identity.public_key, None)
            outcome = "rekeyed"
        uow.audit(f"exchange.site_{outcome}", "site", site.id,
                  after={"code": site.code, "name": site.name, "kind": site.kind,
                         "key": hashlib.sha256(identity.public_key).hexdigest()[:16]})
        uow.commit()
    return outcome


def revoke_site(desk: Desk, actor: Actor, code: str) -> None:
    with desk.use_case(actor, Permission.MANAGE_SITES) as uow:
        site = uow.exchange.peer(code.strip().upper())
        if site is None:
            raise DomainError("exchange.site_unknown", site=code)
        site.revoked_at = desk.clock.now()
        uow.audit("exchange.site_revoked", "site", site.id, after={"code": site.code})
        uow.commit()


def _kind_words(kind: str) -> Words:
    return SITE_KIND_WORDS[kind]


# -- package files ---------------------------------------------------------------------------------------
def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class _Drawn:
    """A package drawn into a temporary file beside its target, moved into place once it is recorded (so a
    file under the package's name is always one this site has on record)."""

    def __init__(self, target: Path, manifest: Manifest, key, payload: Path | None) -> None:
        self.target = target
        self.manifest_bytes = manifest.to_bytes()
        self.temp = temp_beside(target, ".adx-")
        try:
            # level 1: compression was three quarters of a full history's export at level 6; 8-13% larger
            with zipfile.ZipFile(self.temp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                zf.writestr(MANIFEST, self.manifest_bytes)
                zf.writestr(SIGNATURE, keys.sign(key, self.manifest_bytes))
                if payload is not None:
                    zf.write(payload, PAYLOAD)
        except BaseException:
            self.discard()
            raise

    @property
    def sha256(self) -> str:
        return _digest(self.manifest_bytes)

    def place(self) -> Path:
        self.temp.replace(self.target)
        return self.target

    def discard(self) -> None:
        self.temp.unlink(missing_ok=True)


def _write_package_file(target: Path, manifest: Manifest, key, payload: Path | None) -> bytes:
    """Writes the package and moves it into place at once (a file not recorded anywhere, e.g. a copy)."""
    drawn = _Drawn(target, manifest, key, payload)
    drawn.place()
    return drawn.manifest_bytes


@dataclass
class _Package:
    path_name: str
    manifest_bytes: bytes
    signature: bytes
    raw: dict
    source: Path | bytes  # the file, read as it is needed (a package may be hundreds of MB), or a held copy's bytes

    @property
    def sha256(self) -> str:
        return _digest(self.manifest_bytes)

    @property
    def zf_bytes(self) -> bytes:
        """The whole file (kept when the package is held)."""
        return self.source if isinstance(self.source, bytes) else self.source.read_bytes()


def _zip(source: Path | bytes) -> zipfile.ZipFile:
    import io
    return zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))


def _open_package(name: str, content: Path | bytes) -> _Package:
    try:
        with _zip(content) as zf:
            names = set(zf.namelist())
            if not {MANIFEST, SIGNATURE} <= names or names - {MANIFEST, SIGNATURE, PAYLOAD}:
                raise ValueError("unexpected members")
            manifest_bytes = zf.read(MANIFEST)
            signature = zf.read(SIGNATURE)
        raw = json.loads(manifest_bytes.decode())
        if not isinstance(raw, dict) or not isinstance(raw.get("format"), int):
            raise ValueError("no format")
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, UnicodeDecodeError, OSError):
        raise DomainError("exchange.not_package", file=name) from None
    return _Package(name, manifest_bytes, signature, raw, content)


def _manifest(package: _Package) -> Manifest:
    try:
        return Manifest.from_bytes(package.manifest_bytes)
    except (TypeError, ValueError):
        raise DomainError("exchange.not_package", file=package.path_name) from None


def _check_signature(book: ExchangeBook, package: _Package, manifest: Manifest):
    """The sender's site (its columns) if the file is signed by it, registered and not revoked; else refused."""
    sender = book.peer_row(manifest.sender)
    if sender is None:
        raise DomainError("exchange.unknown_site", file=package.path_name, site=manifest.sender)
    if sender.revoked_at is not None:
        raise DomainError("exchange.revoked_site", file=package.path_name, site=sender.code,
                          when=sender.revoked_at.strftime("%Y-%m-%d %H:%M"))
    if sender.uid.hex() != manifest.sender_uid:
        raise DomainError("exchange.wrong_key", file=package.path_name, site=sender.code)
    if sender.public_key is None or not keys.signature_holds(sender.public_key, package.manifest_bytes,
                                                             package.signature):
        # A changed file and a file signed with a key not registered here look the same: the message names both.
        raise DomainError("exchange.altered", file=package.path_name, site=sender.code)
    return sender


def _signed_again(path: Path, key, public_key: bytes) -> bool:
    """An own package file signed before the key was renewed gets its signature made again with the
    current key (the manifest, and so the package's identity, stays the same). True if it did."""
    with zipfile.ZipFile(path) as zf:
        manifest_bytes = zf.read(MANIFEST)
        if keys.signature_holds(public_key, manifest_bytes, zf.read(SIGNATURE)):
            return False
        temp = temp_beside(path, ".adx-")
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as again:
            again.writestr(MANIFEST, manifest_bytes)
            again.writestr(SIGNATURE, keys.sign(key, manifest_bytes))
            if PAYLOAD in zf.namelist():
                with zf.open(PAYLOAD) as src, again.open(PAYLOAD, "w") as dst:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        dst.write(block)
    temp.replace(path)
    return True


def _extract_payload(package: _Package, manifest: Manifest, folder: Path | None) -> Path | None:
    """The payload in a temporary file in ``folder``, checked against the signed manifest's digest; with no
    folder, only checked (a package that is not applied: held, a duplicate, a fork is refused as damaged if it
    is, and nothing needs writing for that)."""
    target = folder / "payload.sqlite3" if folder is not None else None
    try:
        with _zip(package.source) as zf, zf.open(PAYLOAD) as src, \
                (target.open("wb") if target is not None else nullcontext()) as dst:
            h = hashlib.sha256()
            for block in iter(lambda: src.read(1 << 20), b""):
                h.update(block)
                if dst is not None:
                    dst.write(block)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError):
        raise DomainError("exchange.not_package", file=package.path_name) from None
    if h.hexdigest() != manifest.payload_sha256:
        raise DomainError("exchange.altered", file=package.path_name)
    return target


# -- export ----------------------------------------------------------------------------------------------
def export_packages(desk: Desk, actor: Actor, folder: Path, *, progress: Progress | None = None) -> list[Path]:
    """数据导出: at a branch, its next ledger package plus every one not yet acknowledged; at the city
    office, one city package per registered branch. Returns the files written."""
    folder = Path(folder)
    with desk.query(actor, Permission.EXCHANGE_FILES) as uow:
        # what the export starts from, read in the transaction that checks the user's right to it
        own = _local_site_row(uow.exchange)
        start = _Start(own.kind, own.code, own.uid, own.public_key)
        if own.kind != "city":
            city = _city(uow.exchange)
            last = uow.exchange.last_out(PackageKind.LEDGER)
            start.city_code = city.code
            start.last = (last.seq, last.sha256, json.loads(last.manifest)["marks_to"]) if last else None
    start.key = _own_key(desk, start)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DomainError("exchange.cannot_write", folder=str(folder), reason=os_reason(error)) from None
    if start.kind == "city":
        with _replicas_held():
            return _export_city(desk, actor, folder, progress)
    return _export_branch(desk, actor, folder, progress, start)


@dataclass
class _Start:
    """The site an export is made at, as read when it began (and its signing key, checked)."""
    kind: str
    code: str
    uid: bytes
    public_key: bytes | None
    city_code: str = ""
    last: tuple[int, str, dict] | None = None  # a branch's last ledger package: seq, digest, marks
    key: object = None


def _own_key(desk: Desk, start: _Start):
    """The site's signing key, checked against the public key on record (``ensure_key``, without reading the
    site again when it has one)."""
    if start.public_key is None:
        start.public_key = ensure_key(desk)
    key = keys.load_key(start.uid, start.code)  # refuses, naming where the key should be
    if keys.public_key_of(key) != start.public_key:
        raise DomainError("exchange.key_mismatch", site=start.code, path=str(keys.key_path(start.uid)))
    return key


def _city(book: ExchangeBook) -> Site:
    city = book.city()
    if city is None:
        raise DomainError("exchange.no_city")
    return city


def _export_branch(desk: Desk, actor: Actor, folder: Path, progress: Progress | None, start: _Start) -> list[Path]:
    if progress:
        progress(0, 3, "")
    key, public_key = start.key, start.public_key
    marks_from = start.last[2] if start.last else {}
    seq, previous = (start.last[0] + 1, start.last[1]) if start.last else (1, "")
    own_code, own_uid, city_code = start.code, start.uid, start.city_code
    with tempfile.TemporaryDirectory(prefix="adx-") as tmp:
        payload = Path(tmp) / PAYLOAD
        try:
            marks_to, counts, root = export_payload(desk.engine, payload, marks_from)
        except PostingsInFlight as waited:
            raise DomainError("exchange.postings_in_flight", seconds=waited.args[0]) from None
        if progress:
            progress(1, 3, "")
        manifest = Manifest(format=FORMAT, program=__version__, kind=PackageKind.LEDGER, sender=own_code,
                            sender_uid=own_uid.hex(), addressee=city_code, seq=seq, previous_sha256=previous,
                            made_at=desk.clock.now().isoformat(timespec="seconds"),
                            payload_sha256=_file_digest(payload), root=root, marks_from=marks_from,
                            marks_to=marks_to, counts=counts)
        target = folder / file_name(manifest)
        drawn = _Drawn(target, manifest, key, payload)
        try:
            with desk.use_case(actor, Permission.EXCHANGE_FILES) as uow:
                again = uow.exchange.last_out(PackageKind.LEDGER)
                if (again.seq if again else 0) != seq - 1:
                    raise DomainError("exchange.conflict", file=target.name, site=own_code, detail=Words("本机同时进行了另一次导出", "another export ran at the same time"))
                row = ExchangePackage(
                    direction="out", kind=PackageKind.LEDGER, site_code=city_code, seq=seq, sha256=drawn.sha256,
                    state=PackageState.SENT, manifest=drawn.manifest_bytes.decode(), content=None,
                    file_name=target.name, made_at=manifest.made, handled_at=desk.clock.now())
                uow.session.add(row)
                uow.session.flush()
                uow.exchange.keep_file(row.id, drawn.temp)
                uow.audit("exchange.export", "exchange_package", None,
                          after={"package": target.name, "seq": seq, "rows": sum(counts.values()), "root": root})
                written = [target]
                for package in uow.exchange.unacknowledged(PackageKind.LEDGER):
                    if package.seq < seq:  # the same bytes again: a lost or late file heals itself
                        path = _write_again(uow.exchange, package.id, folder / package.file_name)
                        if _signed_again(path, key, public_key):  # signed before the key was renewed
                            uow.exchange.keep_file(package.id, path)
                        written.append(path)
                uow.commit()
        except BaseException:
            drawn.discard()
            raise
        drawn.place()  # on record first: if this fails, the next export writes the package again
    if progress:
        progress(3, 3, "")
    return written


def _write_again(book: ExchangeBook, package_id: int, path: Path) -> Path:
    """A package sent before, written again from the bytes kept, unless the file is there unchanged."""
    if path.exists():
        with path.open("rb") as fh:
            if all(block == fh.read(len(block)) for block in book.content_blocks(package_id)) and not fh.read(1):
                return path
    temp = temp_beside(path, ".adx-")
    with temp.open("wb") as fh:
        for block in book.content_blocks(package_id):
            fh.write(block)
    temp.replace(path)
    return path


def _export_city(desk: Desk, actor: Actor, folder: Path, progress: Progress | None) -> list[Path]:
    from app.services.city_decisions import made_by_branch  # noqa: PLC0415 - it reads the replicas opened here
    with desk.reading() as uow:
        own = _local_site_row(uow.exchange)
        key = keys.load_key(own.uid, own.code)
        every = [site.code for site in uow.exchange.peers(kind="branch")]
        active = uow.exchange.peers(kind="branch", active=True)
        branches = [site.code for site in active]
        directory = [[site.code, site.name] for site in active]
        own_code, own_uid = own.code, own.uid
        lines = uow.exchange.business_lines()
        owned = {name: get_setting(uow, name) for name in CITY_OWNED_SETTINGS}
        made = made_by_branch(uow)
    # each copy of a branch read once, for everything the packages carry from it
    facts = {code: _copy_facts(desk, code, made.get(code, [])) for code in dict.fromkeys(every + branches)}
    blacklist = [entry for code in every for entry in facts[code].blacklist]
    moves: dict[str, list[list[str]]] = {}
    for code in every:
        for to, rows in facts[code].moved_away.items():
            moves.setdefault(to, []).extend([code, *row] for row in rows)
    written = []
    for n, branch in enumerate(branches):
        if progress:
            progress(n, len(branches), branch)
        acknowledged, acknowledged_sha256 = facts[branch].applied_in_order
        moving = [move for move in moves.get(branch, []) if move[0] != branch]
        decisions = facts[branch].decisions  # decisions: what the city office decided, going down
        with desk.use_case(actor, Permission.EXCHANGE_FILES) as uow:
            last = uow.exchange.last_out(PackageKind.CITY, branch)
            seq, previous = (last.seq + 1, last.sha256) if last else (1, "")
            manifest = Manifest(format=FORMAT, program=__version__, kind=PackageKind.CITY, sender=own_code,
                                sender_uid=own_uid.hex(), addressee=branch, seq=seq, previous_sha256=previous,
                                made_at=desk.clock.now().isoformat(timespec="seconds"), payload_sha256="",
                                root=integrity_root(uow.session.connection()), acknowledged=acknowledged,
                                acknowledged_sha256=acknowledged_sha256, blacklist=blacklist,
                                business_lines=lines, settings=owned, transfers_in=moving,
                                directory=[entry for entry in directory if entry[0] != branch],
                                decisions=decisions)
            target = folder / file_name(manifest)
            drawn = _Drawn(target, manifest, key, None)
            try:
                uow.session.add(ExchangePackage(
                    direction="out", kind=PackageKind.CITY, site_code=branch, seq=seq, sha256=drawn.sha256,
                    state=PackageState.SENT, manifest=drawn.manifest_bytes.decode(), content=None,
                    file_name=target.name, made_at=manifest.made, handled_at=desk.clock.now()))
                uow.audit("exchange.export", "exchange_package", None,
                          after={"package": target.name, "seq": seq, "acknowledged": acknowledged})
                uow.commit()
            except BaseException:
                drawn.discard()
                raise
        written.append(drawn.place())
    if progress:
        progress(len(branches), len(branches), "")
    return written


# -- the city office's copies of the branches ------------------------------------------------------------
def replica_folder(desk: Desk) -> Path:
    """Where a city office on a file keeps its copies of the branches (files beside its own)."""
    if desk.path is None:  # server mode (issue 15): the replicas are schemas of the city's database
        raise ValueError("a city office on a server has no replica folder (replica_location names its schemas)")
    return desk.path.with_name(desk.path.stem + "-branches")


def replica_path(desk: Desk, code: str) -> Path:
    return replica_folder(desk) / f"{code}.sqlite3"


def replica_location(desk: Desk, code: str) -> Path | URL:
    """Where branch ``code``'s replica is: a file beside the city's file, or on a server the schema
    ``replica_<code>`` of the city's own database (db.replicas; opened by a URL naming it)."""
    if desk.server is None:
        return replica_path(desk, code)
    try:
        return replicas.replica_url(desk.server, code)
    except replicas.BadSiteCode:
        raise DomainError("exchange.site_unknown", site=code) from None


def replica_exists(desk: Desk, code: str) -> bool:
    if desk.server is None:
        return replica_path(desk, code).exists()
    with desk.reading() as uow:
        return uow.exchange.replica_exists(code)


def replica_codes(desk: Desk) -> list[str]:
    """The branches the city office holds a replica of, by code (files: by their names)."""
    if desk.server is None:
        folder = replica_folder(desk)
        return [path.stem for path in sorted(folder.glob("*.sqlite3"))] if folder.is_dir() else []
    with desk.reading() as uow:
        return uow.exchange.replica_codes()


def open_replica(desk: Desk, code: str, *, create: bool = False) -> Desk | None:
    """Branch ``code``'s replica as a Desk (migrated), or None when there is none (and not ``create``).
    On a server a new replica's schema is created by the city's connection, which must be the database's owner's
    (``arrears-desk init --db URL`` run as the owner creates every registered branch's)."""
    location = replica_location(desk, code)
    key = str(location)
    if key not in _replicas or desk.server is None:
        if not replica_exists(desk, code):
            _replicas.pop(key, None)
            if not create:
                return None
            if desk.server is not None and not replicas.create_replica_schema(desk.engine, code):
                raise DomainError("exchange.replica_by_owner", site=code, location=desk.location)
    replica = _replicas.get(key)
    if replica is None:
        replica = _replicas[key] = Desk(location, clock=desk.clock)
    replica.clock = desk.clock
    return replica


def upgrade_replicas(desk: Desk) -> list[str]:
    """On a server, run as the database's owner: a replica schema for every registered branch, each migrated to
    this program's schema (a replica is upgraded with the city's database, by the same person). Returns the
    branches' codes. A city office on a file upgrades each copy as it opens it: nothing to do here."""
    if desk.server is None:
        return []
    with desk.reading() as uow:
        own = uow.exchange.local_site()
        if own is None or own.kind != "city":
            return []
        codes = sorted({site.code for site in uow.exchange.peers(kind="branch")} | set(uow.exchange.replica_codes()))
    for code in codes:
        replica = open_replica(desk, code, create=True)
        if replica is not None:
            replica.close()
    return codes


# The copies opened so far, kept for the process: each import and export opens several, and a Desk opened
# again would check its schema and compile every statement afresh (most of a small package's import time).
_replicas: dict[str, Desk] = {}  # by location
# The copies that stay connected once used, least recently used first. Reconnecting to a copy (the connection's
# settings, the schema read again, the log checkpointed and removed at every close) cost more than a small
# package's rows, and a city office reads every copy at every export and import; a bounded number stays
# connected so that a city office with many branches (and a test run with many city offices) keeps few files open.
REPLICAS_CONNECTED = 16
_connected: OrderedDict[str, Desk] = OrderedDict()
_connected_lock = threading.Lock()


def release_replicas() -> None:
    """Let go of every copy's file (before a copy's file is replaced, or when the city office closes): the next
    use reconnects to whatever file is there."""
    with _connected_lock:
        held = list(_connected.values())
        _connected.clear()
    for replica in held:
        replica.close()


@contextmanager
def _replicas_held():
    """Kept for the callers' structure: the copies used inside stay connected (``_using``)."""
    yield


@contextmanager
def _using(replica: Desk):
    """``replica`` for a block; it stays connected afterwards (the least recently used beyond
    ``REPLICAS_CONNECTED`` lets go of its file)."""
    key = str(replica.path or replica.location)
    with _connected_lock:
        _connected[key] = replica
        _connected.move_to_end(key)
        gone = []
        while len(_connected) > REPLICAS_CONNECTED:
            gone.append(_connected.popitem(last=False)[1])
    for old in gone:
        old.close()
    yield replica


using_replica = _using  # for the city office's decisions (app/services/city_decisions.py)


def _applied(replica: Desk, sender: str) -> tuple[dict[int, str], set[int]]:
    with replica.reading() as uow:
        rows = uow.exchange.received(sender, PackageKind.LEDGER)
    return ({seq: sha for seq, sha, state in rows if state == PackageState.APPLIED},
            {seq for seq, _sha, state in rows if state == PackageState.HELD})


def _applied_in_order(desk: Desk, code: str) -> tuple[int, str]:
    """The last package from the branch applied with all before it, and its digest."""
    replica = open_replica(desk, code)
    if replica is None:
        return 0, ""
    with _using(replica):
        applied, _held = _applied(replica, code)
    n = 0
    while n + 1 in applied:
        n += 1
    return n, applied.get(n, "")


@dataclass
class _CopyFacts:
    """What a city package carries from the city office's copy of a branch."""
    blacklist: list[list[str]] = field(default_factory=list)  # [code, uid, name, id number]
    moved_away: dict[str, list] = field(default_factory=dict)  # by the branch the customers go to
    applied_in_order: tuple[int, str] = (0, "")
    decisions: list[dict] = field(default_factory=list)


def _copy_facts(desk: Desk, code: str, made: list) -> _CopyFacts:
    """``city_blacklist``, ``customers_moving``, ``_applied_in_order`` and ``decisions_for`` of one branch, read from
    its copy in one transaction (a city export asked each in a transaction of its own, per branch)."""
    from app.services.city_decisions import records_waiting  # noqa: PLC0415
    replica = open_replica(desk, code)
    if replica is None:
        return _CopyFacts(decisions=records_waiting(made, set()))
    with _using(replica), replica.reading() as uow:
        conn = uow.session.connection()
        blacklist = [[code, uid.hex(), name, id_number] for uid, name, id_number in blacklisted_customers(conn)]
        moved_away = customers_moved_away(conn)
        applied = {seq: sha for seq, sha, state in uow.exchange.received(code, PackageKind.LEDGER)
                   if state == PackageState.APPLIED}
        taken = set(uow.city_decisions.taken(d.uid for d in made)) if made else set()
    n = 0
    while n + 1 in applied:
        n += 1
    return _CopyFacts(blacklist, moved_away, (n, applied.get(n, "")), records_waiting(made, taken))


def customers_moving(desk: Desk) -> dict[str, list[list[str]]]:
    """Every customer some branch gave up, by the branch it goes to, as the city office's copies hold them
    (each copy read once for all the branches)."""
    found: dict[str, list[list[str]]] = {}
    with desk.reading() as uow:
        codes = [site.code for site in uow.exchange.peers(kind="branch")]
    for other in codes:
        replica = open_replica(desk, other)
        if replica is None:
            continue
        with _using(replica), replica.reading() as uow:
            for to, rows in customers_moved_away(uow.session.connection()).items():
                found.setdefault(to, []).extend([other, *row] for row in rows)
    return found


def city_blacklist(desk: Desk) -> list[list[str]]:
    """全市黑名单: every branch's blacklisted customers, as the city office's copies hold them."""
    found: list[list[str]] = []
    with desk.reading() as uow:
        codes = [site.code for site in uow.exchange.peers(kind="branch")]
    for code in codes:
        replica = open_replica(desk, code)
        if replica is None:
            continue
        with _using(replica), replica.reading() as uow:
            found += [[code, uid.hex(), name, id_number]
                      for uid, name, id_number in blacklisted_customers(uow.session.connection())]
    return found


# -- import ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one file: its state, and for anything but ``applied`` the reason."""
    file: str
    site: str
    seq: int
    state: PackageState
    reason: DomainError | None = None
    also_applied: tuple[int, ...] = field(default=())  # held packages that this one unblocked

    def message(self, lang: str = "zh_CN") -> str:
        return self.reason.message(lang) if self.reason else self.state.words.zh if lang == "zh_CN" \
            else self.state.words.en


def import_packages(desk: Desk, actor: Actor, files: Sequence[Path], *,
                    progress: Progress | None = None) -> list[Outcome]:
    """数据导入: each file on its own, one transaction each; the outcome of every file, in the order given."""
    with desk.query(actor, Permission.EXCHANGE_FILES) as uow:
        own = _local_site_row(uow.exchange)
        own_code, own_kind = own.code, own.kind
    outcomes = []
    with _replicas_held():
        for n, path in enumerate(files):
            if progress:
                progress(n, len(files), Path(path).name)
            outcomes.append(_import_one(desk, actor, Path(path), own_code, own_kind))
    if progress:
        progress(len(files), len(files), "")
    return outcomes


def _import_one(desk: Desk, actor: Actor, path: Path, own_code: str, own_kind: str) -> Outcome:
    try:
        package = _open_package(path.name, path)  # an unreadable file too: "not a package"
    except DomainError as error:
        return _refused(desk, actor, path.name, "", 0, error)
    raw = package.raw
    sender, seq = str(raw.get("sender", "")), raw.get("seq", 0) if isinstance(raw.get("seq"), int) else 0
    if raw["format"] > FORMAT:
        error = DomainError("exchange.newer_format", file=path.name, program=str(raw.get("program", "?")),
                            format=raw["format"])
        return _held_newer(desk, actor, package, sender, seq, error)
    try:
        manifest = _manifest(package)
        if manifest.addressee != own_code:
            raise DomainError("exchange.not_for_us", file=path.name, addressee=manifest.addressee, site=own_code)
        wanted = PackageKind.LEDGER if own_kind == "city" else PackageKind.CITY
        if manifest.kind != wanted:
            raise DomainError("exchange.wrong_direction", file=path.name, kind=PackageKind(manifest.kind).words,
                              role=_kind_words(own_kind))
        with desk.reading() as uow:
            _check_signature(uow.exchange, package, manifest)
    except DomainError as error:
        return _refused(desk, actor, path.name, sender, seq, error)
    if own_kind == "city":
        return _import_ledger(desk, actor, package, manifest)
    return _import_city(desk, actor, package, manifest)


def _record(desk: Desk, actor: Actor | None, row: ExchangePackage, outcome: Outcome, *, audit: bool = True) -> Outcome:
    """The package's record in ``desk``; audited there unless ``desk`` is a copy of a branch (whose
    ledger and audit trail must stay the branch's own, byte for byte)."""
    with desk.unit_of_work(actor) as uow:
        uow.session.add(row)
        if not audit:
            uow.commit()
            return outcome
        uow.audit("exchange.import", "exchange_package", None,
                  after={"package": outcome.file, "site": outcome.site, "seq": outcome.seq, "state": outcome.state,
                         "reason": outcome.reason.code if outcome.reason else None})
        uow.commit()
    return outcome


def _reason_json(error: DomainError | None) -> str | None:
    if error is None:
        return None
    return json.dumps({"code": error.code, "params": {k: {"zh": v.zh, "en": v.en} if isinstance(v, Words) else str(v)
                                                     for k, v in error.params.items()}}, ensure_ascii=False)


def _refused(desk: Desk, actor: Actor, name: str, sender: str, seq: int, error: DomainError,
             package: _Package | None = None, where: Desk | None = None) -> Outcome:
    outcome = Outcome(name, sender, seq, PackageState.REFUSED, error)
    row = ExchangePackage(direction="in", kind=str((package.raw.get("kind") if package else None) or "ledger")
                          if (package and package.raw.get("kind") in ("ledger", "city")) else "ledger",
                          site_code=sender or "?", seq=seq, sha256=package.sha256 if package else "",
                          state=PackageState.REFUSED, reason=_reason_json(error),
                          manifest=package.manifest_bytes.decode(errors="replace") if package else "",
                          content=None, file_name=name, made_at=desk.clock.now(), handled_at=desk.clock.now())
    if where is not None:
        _record(where, None, row, outcome, audit=False)
        _audit_only(desk, actor, outcome)
        return outcome
    return _record(desk, actor, row, outcome)


def _audit_only(desk: Desk, actor: Actor, outcome: Outcome) -> None:
    with desk.unit_of_work(actor) as uow:
        uow.audit("exchange.import", "exchange_package", None,
                  after={"package": outcome.file, "site": outcome.site, "seq": outcome.seq, "state": outcome.state,
                         "reason": outcome.reason.code if outcome.reason else None})
        uow.commit()


def _held_newer(desk: Desk, actor: Actor, package: _Package, sender: str, seq: int, error: DomainError) -> Outcome:
    outcome = Outcome(package.path_name, sender, seq, PackageState.HELD, error)
    row = ExchangePackage(direction="in", kind="ledger" if package.raw.get("kind") != "city" else "city",
                          site_code=sender or "?", seq=seq, sha256=package.sha256, state=PackageState.HELD,
                          reason=_reason_json(error), manifest=package.manifest_bytes.decode(errors="replace"),
                          content=package.zf_bytes, file_name=package.path_name, made_at=desk.clock.now(),
                          handled_at=desk.clock.now())
    return _record(desk, actor, row, outcome)


def _import_ledger(desk: Desk, actor: Actor, package: _Package, manifest: Manifest) -> Outcome:
    """At the city office: a branch's ledger package into the copy of that branch."""
    try:
        replica = open_replica(desk, manifest.sender, create=True)
    except DomainError as error:  # on a server: no replica schema yet, and only the owner may make one
        return _refused(desk, actor, package.path_name, manifest.sender, manifest.seq, error, package)
    with _using(replica):
        applied, held = _applied(replica, manifest.sender)
        decision = place_in_sequence(manifest.seq, manifest.previous_sha256, package.sha256, applied)
        name, site, seq = package.path_name, manifest.sender, manifest.seq
        if decision is not Decision.APPLY:  # a damaged file is refused as such, never held or called a duplicate
            try:
                _extract_payload(package, manifest, None)
            except DomainError as error:
                return _refused(desk, actor, name, site, seq, error, package, where=replica)
        if decision is Decision.DUPLICATE:
            outcome = Outcome(name, site, seq, PackageState.DUPLICATE)
            _audit_only(desk, actor, outcome)
            return outcome
        if decision is Decision.FORK:
            return _refused(desk, actor, name, site, seq,
                            DomainError("exchange.fork", file=name, site=site, seq=seq), package, where=replica)
        if decision is Decision.GAP:
            if seq in held and _held_sha256(replica, site, seq) != package.sha256:
                # another package under a number already held: a fork (a branch restored from a backup)
                return _refused(desk, actor, name, site, seq,
                                DomainError("exchange.fork", file=name, site=site, seq=seq), package, where=replica)
            if seq in held:
                outcome = Outcome(name, site, seq, PackageState.DUPLICATE)
                _audit_only(desk, actor, outcome)
                return outcome
            missing = missing_before(seq, applied, held | {seq})
            error = DomainError("exchange.gap", site=site, missing="、".join(map(str, missing)) or str(seq - 1),
                                file=name, seq=seq)
            outcome = Outcome(name, site, seq, PackageState.HELD, error)
            _record(replica, None, ExchangePackage(
                direction="in", kind=PackageKind.LEDGER, site_code=site, seq=seq, sha256=package.sha256,
                state=PackageState.HELD, reason=_reason_json(error), manifest=package.manifest_bytes.decode(),
                content=package.zf_bytes, file_name=name, made_at=manifest.made, handled_at=desk.clock.now()), outcome,
                audit=False)
            _audit_only(desk, actor, outcome)
            return outcome
        try:
            _apply_ledger(desk, replica, package, manifest)
        except DomainError as error:
            return _refused(desk, actor, name, site, seq, error, package, where=replica)
        _audit_only(desk, actor, Outcome(name, site, seq, PackageState.APPLIED))
        unblocked = _apply_held(desk, actor, replica, site)
    return Outcome(name, site, seq, PackageState.APPLIED, also_applied=tuple(unblocked))


def _held_sha256(replica: Desk, site: str, seq: int) -> str | None:
    with replica.reading() as uow:
        row = uow.exchange.held(site, seq)
        return row.sha256 if row is not None else None


def _apply_ledger(desk: Desk, replica: Desk, package: _Package, manifest: Manifest) -> None:
    """One transaction in the replica: the rows, the checks, the record of the package."""
    name, site = package.path_name, manifest.sender
    with tempfile.TemporaryDirectory(prefix="adx-") as tmp:
        payload = _extract_payload(package, manifest, Path(tmp))
        try:
            with attached(replica.engine, payload, write=True) as conn:
                sender_site = ExchangeBook.payload_sender_site(conn)
                foreign = payload_rows_from_other_sites(conn, sender_site) if sender_site is not None else []
                if foreign:
                    raise DomainError("exchange.foreign_rows", file=name, site=site,
                                      rows="、".join(f"{t} #{i}" for t, i in foreign[:5]))
                checked = last_link(conn)  # the links up to here were checked when their packages were applied
                # the balances its entries cannot move stay as they were (checked when they last moved): only the
                # others are recomputed, unless it changes one of those too (a first package: all of them)
                moved_only = manifest.format >= MOVED_BALANCES_ONLY  # what its balances are (app.domain.exchange)
                only_moved = checked > 0 and not balances_moved_unexplained(conn, moved_only=moved_only)
                apply_payload(conn, moved_only=moved_only)
                wrong = heads_differing(conn)
                if wrong:
                    raise DomainError("exchange.chain_mismatch", file=name, site=site,
                                      detail=f"chains {wrong[:5]}")
                broken = first_broken_link(conn, checked)
                if broken is not None:
                    raise DomainError("exchange.chain_mismatch", file=name, site=site,
                                      detail=f"{broken.table} #{broken.entity_id}")
                wrong = kept_heads_differing(conn, checked)  # every chain it linked has its head kept
                if wrong:
                    raise DomainError("exchange.chain_mismatch", file=name, site=site,
                                      detail=f"chains {wrong[:5]}")
                wrong = touched_balances_wrong(conn, only_moved=only_moved)
                if wrong:
                    raise DomainError("exchange.balances_wrong", file=name, site=site,
                                      detail="、".join(f"{t} #{i}" for t, i in wrong))
                if manifest.root and integrity_root(conn) != manifest.root:
                    raise DomainError("exchange.chain_mismatch", file=name, site=site, detail="root")
                record_applied(conn, kind=PackageKind.LEDGER, site_code=site, seq=manifest.seq,
                               sha256=package.sha256, manifest=package.manifest_bytes.decode(), file_name=name,
                               made_at=manifest.made, handled_at=desk.clock.now())
        except IntegrityError as error:
            log_detail(f"exchange.conflict: {name}", error)  # the SQL detail goes to the log
            raise DomainError("exchange.conflict", file=name, site=site,
                              detail=Words("包内记录与已导入的记录重复", "its rows repeat rows already applied")) from None


def _apply_held(desk: Desk, actor: Actor, replica: Desk, site: str) -> list[int]:
    """Held packages that can go now, in order."""
    done = []
    while True:
        applied, _held = _applied(replica, site)
        nxt = max(applied, default=0) + 1
        with replica.reading() as uow:
            row = uow.exchange.held(site, nxt)
            if row is None or row.content is None:
                return done
            row_id, row_name, content = row.id, row.file_name, row.content
        package = _open_package(row_name, content)
        manifest = _manifest(package)
        decision = place_in_sequence(manifest.seq, manifest.previous_sha256, package.sha256, applied)
        if decision is not Decision.APPLY:
            error = DomainError("exchange.fork", file=row_name, site=site, seq=nxt)
            _mark(replica, row_id, PackageState.REFUSED, error)
            _audit_only(desk, actor, Outcome(row_name, site, nxt, PackageState.REFUSED, error))
            return done
        try:
            _apply_ledger(desk, replica, package, manifest)
        except DomainError as error:
            _mark(replica, row_id, PackageState.REFUSED, error)
            _audit_only(desk, actor, Outcome(row_name, site, nxt, PackageState.REFUSED, error))
            return done
        _audit_only(desk, actor, Outcome(row_name, site, nxt, PackageState.APPLIED))
        done.append(nxt)


def _mark(where: Desk, row_id: int, state: PackageState, error: DomainError | None) -> None:
    with where.unit_of_work() as uow:
        row = uow.session.get(ExchangePackage, row_id)
        row.state, row.reason, row.content = state, _reason_json(error), None
        uow.commit()


def _import_city(desk: Desk, actor: Actor, package: _Package, manifest: Manifest) -> Outcome:
    """At a branch: the city office's acknowledgement and lists."""
    name, site, seq = package.path_name, manifest.sender, manifest.seq
    with desk.use_case(actor, Permission.EXCHANGE_FILES) as uow:
        applied = {seq: sha for seq, sha, state in uow.exchange.received(site, PackageKind.CITY)
                   if state == PackageState.APPLIED}
        if seq in applied and applied[seq] == package.sha256:
            state, error = PackageState.DUPLICATE, None
        elif applied and seq <= max(applied):
            state, error = PackageState.SUPERSEDED, None
        else:
            last_sent = uow.exchange.last_out(PackageKind.LEDGER)
            sent = last_sent.seq if last_sent else 0
            if manifest.acknowledged > sent:
                error = DomainError("exchange.restored_here", acknowledged=manifest.acknowledged, sent=sent)
                state = PackageState.REFUSED
            elif manifest.acknowledged and manifest.acknowledged_sha256 and manifest.acknowledged_sha256 != \
                    uow.exchange.sent_sha256(PackageKind.LEDGER, manifest.acknowledged):
                # restored from a backup and sent new packages since: the city office has the old ones
                error = DomainError("exchange.acknowledged_other", acknowledged=manifest.acknowledged)
                state = PackageState.REFUSED
            else:
                state, error = PackageState.APPLIED, None
                uow.exchange.acknowledge_up_to(PackageKind.LEDGER, manifest.acknowledged)
                replace_city_blacklist(uow.session.connection(), [
                    (s, bytes.fromhex(u), n, i) for s, u, n, i in manifest.blacklist if s != manifest.addressee])
                _take_city_decisions(uow, manifest)
                _take_decisions(uow, manifest)  # decisions: the city office's, carried out here or refused
        uow.session.add(ExchangePackage(
            direction="in", kind=PackageKind.CITY, site_code=site, seq=seq, sha256=package.sha256, state=state,
            reason=_reason_json(error), manifest=package.manifest_bytes.decode(), content=None, file_name=name,
            made_at=manifest.made, handled_at=desk.clock.now()))
        outcome = Outcome(name, site, seq, state, error)
        uow.audit("exchange.import", "exchange_package", None,
                  after={"package": name, "site": site, "seq": seq, "state": state,
                         "acknowledged": manifest.acknowledged, "reason": error.code if error else None})
        uow.commit()
    return outcome


def _take_city_decisions(uow, manifest: Manifest) -> None:
    """What the city office owns, as it sent it: business lines and the settings it decides."""
    changed = uow.exchange.take_business_lines(uow.site_id, manifest.business_lines)
    if get_setting(uow, "exchange.directory") != manifest.directory:
        put_setting(uow, "exchange.directory", manifest.directory)
    for key, value in manifest.settings.items():
        if key in CITY_OWNED_SETTINGS and get_setting(uow, key) != value:
            put_setting(uow, key, value)
            changed.append(key)
    if changed:
        uow.audit("exchange.city_decisions", "exchange_package", None, after={"seq": manifest.seq, "changed": changed})
    for from_site, uid, name, group, contact, phone, address, id_number, moved_on, reason in manifest.transfers_in:
        take_transferred_customer(uow, uid=bytes.fromhex(uid), from_site=from_site, name=name, group=group,
                                  contact=contact, phone=phone, address=address, id_number=id_number,
                                  transferred_on=date.fromisoformat(moved_on), reason=reason)


# -- decisions made at the city office (app/services/city_decisions.py) ----------------------------------
def _decisions_for(desk: Desk, branch: str) -> list[dict]:
    from app.services.city_decisions import decisions_for  # noqa: PLC0415 - it reads the replicas opened here
    return decisions_for(desk, branch)


def _take_decisions(uow, manifest: Manifest) -> None:
    from app.services.city_decisions import take_city_decisions  # noqa: PLC0415
    take_city_decisions(uow, manifest.sender, manifest.seq, manifest.decisions)


# -- what stands -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PackageRow:
    direction: str
    kind: PackageKind
    site: str
    seq: int
    state: PackageState
    reason: DomainError | None
    file_name: str
    made_at: datetime
    handled_at: datetime


@dataclass(frozen=True, slots=True)
class PeerRow:
    """A site this one exchanges with."""
    code: str
    name: str
    kind: str
    revoked: bool
    last_received: datetime | None
    applied_up_to: int
    held: int
    silent_days: int | None
    silent_too_long: bool


@dataclass(frozen=True, slots=True)
class ExchangeStatus:
    site: str
    kind: str
    packages: list[PackageRow]
    unacknowledged: list[int]
    peers: list[PeerRow]


def _reason_of(text: str | None) -> DomainError | None:
    if not text:
        return None
    raw = json.loads(text)
    return DomainError(raw["code"], **{k: Words(v["zh"], v["en"]) if isinstance(v, dict) else v
                                       for k, v in raw.get("params", {}).items()})


def _package_rows(book: ExchangeBook) -> list[PackageRow]:
    return [PackageRow(p.direction, PackageKind(p.kind), p.site_code, p.seq, PackageState(p.state),
                       _reason_of(p.reason), p.file_name, p.made_at, p.handled_at) for p in book.packages()]


def exchange_status(desk: Desk, actor: Actor | None = None, *, silent_days: int | None = None) -> ExchangeStatus:
    """What was sent and received, what waits for acknowledgement, and each site exchanged with: the last
    package received from it and whether that is longer ago than ``silent_days`` (the setting
    ``exchange.warn_after_days`` unless given)."""
    uow = desk.query(actor, Permission.EXCHANGE_FILES) if actor is not None else desk.reading()
    with uow:
        if silent_days is None:
            silent_days = int(get_setting(uow, "exchange.warn_after_days"))
        own = _local_site(uow.exchange)
        packages = _package_rows(uow.exchange)
        unacknowledged = [p.seq for p in uow.exchange.unacknowledged(PackageKind.LEDGER)]
        peers_raw = [(p.code, p.name, p.kind, p.revoked_at, p.created_at) for p in uow.exchange.peers()]
        own_code, own_kind = own.code, own.kind
    today = desk.clock.today()
    peers = []
    for code, name, kind, revoked_at, registered_at in peers_raw:
        received = [p for p in packages if p.direction == "in" and p.site == code]
        applied_up_to, held = 0, 0
        if own_kind == "city" and kind == "branch":
            replica = open_replica(desk, code)
            if replica is not None:
                with _using(replica), replica.reading() as r:
                    received = _package_rows(r.exchange)
                packages += received
                applied = {p.seq for p in received if p.state == PackageState.APPLIED}
                while applied_up_to + 1 in applied:
                    applied_up_to += 1
                held = sum(1 for p in received if p.state == PackageState.HELD)
        else:
            applied_up_to = max((p.seq for p in received if p.state == PackageState.APPLIED), default=0)
        last = max((p.made_at for p in received if p.state == PackageState.APPLIED), default=None)
        days = (today - last.date()).days if last else None
        # silent since its last package, or since it was registered if nothing has come yet
        quiet = (today - (last or registered_at).date()).days
        peers.append(PeerRow(code, name, kind, revoked_at is not None, last, applied_up_to, held,
                             days, revoked_at is None and quiet > silent_days))
    packages.sort(key=lambda p: p.handled_at, reverse=True)
    return ExchangeStatus(own_code, own_kind, packages, unacknowledged, peers)




# -- the way back after a branch restored an old backup --------------------------------------------------
COPY_KIND = "copy"  # 市局副本: the city office's copy of one branch, signed, to rebuild that branch from


def write_branch_copy(desk: Desk, actor: Actor, code: str, out: Path) -> Path:
    """At the city office: its copy of a branch's database (everything applied from it, in order), signed,
    for the branch to rebuild from after a restored backup forked its chains."""
    with desk.use_case(actor, Permission.EXCHANGE_FILES) as uow:
        own = _local_site(uow.exchange)
        if own.kind != "city":
            raise DomainError("exchange.not_city")
        site = uow.exchange.peer(code.strip().upper())
        if site is None or site.kind != "branch":
            raise DomainError("exchange.site_unknown", site=code)
        key = keys.load_key(own.uid, own.code)
        own_code, own_uid, code = own.code, own.uid, site.code
    replica = open_replica(desk, code)
    if replica is None:
        raise DomainError("exchange.site_unknown", site=code)
    out = Path(out)
    if out.is_dir():
        out = out / f"{own_code}-{code}-copy{SUFFIX}"
    with _using(replica), tempfile.TemporaryDirectory(prefix="adx-") as tmp:
        payload = Path(tmp) / PAYLOAD
        _copy_replica(replica, payload)
        applied, _sha = _applied_in_order(desk, code)
        with replica.reading() as uow:
            root = sought_root(uow.session.connection())  # (the chains' own, not the heads kept with them)
        manifest = Manifest(format=FORMAT, program=__version__, kind=COPY_KIND, sender=own_code,
                            sender_uid=own_uid.hex(), addressee=code, seq=applied, previous_sha256="",
                            made_at=desk.clock.now().isoformat(timespec="seconds"),
                            payload_sha256=_file_digest(payload), root=root, acknowledged=applied)
        _write_package_file(out, manifest, key, payload)
    with desk.use_case(actor, Permission.EXCHANGE_FILES) as uow:
        uow.audit("exchange.copy_written", "site", None, after={"site": code, "up_to": applied, "root": root})
        uow.commit()
    return out


def _copy_replica(replica: Desk, payload: Path) -> None:
    """The replica whole into a new SQLite file: SQLite's online backup of a replica file, or on a server
    (issue 15) every row of the replica's schema copied into a new file of this program's schema (db/copy.py,
    as copy-db does the other way)."""
    if replica.server is None:
        copy_database(replica.engine, payload)
        return
    with Desk(payload, clock=replica.clock) as file:
        with file.unit_of_work() as into, replica.reading() as read:
            copy_rows(read.session, into.session)
            into.commit()


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """重建结果: the rebuilt database, the last package the city office had (and its root, checked), and
    the branch's own packages applied on top (to be sent again)."""
    path: Path
    up_to: int
    root: str
    reapplied: tuple[int, ...]
    skipped: tuple[str, ...]


def rebuild_branch(current: Desk, copy_file: Path, target: Path, own_packages: Sequence[Path] = ()) -> Rebuilt:
    """从市局副本重建: a new database at ``target`` from the city office's copy of this branch, checked
    against the integrity root of the last package the city applied, plus this branch's own packages
    the city never got (files still on the stick, or kept unacknowledged in ``current``), in order.
    ``current`` (the database as it is, e.g. restored from an old backup) gives the city office's key and
    is left unchanged; the clerks move to ``target`` once it is checked."""
    target = Path(target)
    if target.exists():
        raise DomainError("exchange.cannot_write", folder=str(target), reason=FILE_EXISTS)
    with current.reading() as uow:
        own = _local_site(uow.exchange)
        city = _city(uow.exchange)
        own_code, city_code = own.code, city.code
        kept = [(p.file_name, b"".join(uow.exchange.content_blocks(p.id)))
                for p in uow.exchange.unacknowledged(PackageKind.LEDGER)]
    copy = _open_package(Path(copy_file).name, Path(copy_file).read_bytes())
    manifest = _manifest(copy)
    if manifest.kind != COPY_KIND or manifest.addressee != own_code:
        raise DomainError("exchange.not_for_us", file=copy.path_name, addressee=manifest.addressee, site=own_code)
    with current.reading() as uow:
        _check_signature(uow.exchange, copy, manifest)
    temp = temp_beside(target, ".rebuild-")
    try:
        with tempfile.TemporaryDirectory(prefix="adx-") as tmp:
            payload = _extract_payload(copy, manifest, Path(tmp))
            temp.write_bytes(payload.read_bytes())
        rebuilt = Desk(temp, clock=current.clock)
        with rebuilt:
            with rebuilt.reading() as uow:
                root = sought_root(uow.session.connection())  # the copy's chains, not the heads it carries
            if root != manifest.root:
                raise DomainError("exchange.chain_mismatch", file=copy.path_name, site=own_code, detail="root")
            with rebuilt.unit_of_work() as uow:
                up_to = become_branch_copy(uow.session.connection(), city_code)
                uow.commit()
            reapplied, skipped = _reapply_own(rebuilt, own_code, city_code,
                                              [(p.name, p.read_bytes()) for p in map(Path, own_packages)] + kept)
            with rebuilt.unit_of_work() as uow:
                ship_whole_state_next(uow.session.connection())  # the copy's state log is not this branch's
                uow.audit("exchange.rebuilt", "site", None,
                          after={"from_copy": copy.path_name, "up_to": up_to, "root": root,
                                 "reapplied": reapplied, "skipped": skipped})
                uow.commit()
        temp.replace(target)
    except BaseException:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return Rebuilt(target, up_to, root, tuple(reapplied), tuple(skipped))


def _reapply_own(rebuilt: Desk, own_code: str, city_code: str,
                 files: list[tuple[str, bytes]]) -> tuple[list[int], list[str]]:
    """This branch's own packages after the copy, each checked against the branch's own key, in order;
    a package from the fork (a number the city already has) or not next in line is skipped."""
    by_seq: dict[int, tuple[_Package, Manifest]] = {}
    skipped = []
    for name, content in files:
        try:
            package = _open_package(name, content)
            manifest = _manifest(package)
        except DomainError:
            skipped.append(name)
            continue
        if manifest.kind != PackageKind.LEDGER or manifest.sender != own_code:
            skipped.append(name)
            continue
        by_seq.setdefault(manifest.seq, (package, manifest))
    with rebuilt.reading() as uow:
        own = _local_site(uow.exchange)
        public_key = own.public_key
    done = []
    for seq in sorted(by_seq):
        package, manifest = by_seq[seq]
        applied = {s: sha for s, sha, state in _out_sent(rebuilt)}
        if place_in_sequence(seq, manifest.previous_sha256, package.sha256, applied) is not Decision.APPLY \
                or public_key is None or not keys.signature_holds(public_key, package.manifest_bytes, package.signature):
            skipped.append(package.path_name)
            continue
        _apply_ledger(rebuilt, rebuilt, package, manifest)
        with rebuilt.unit_of_work() as uow:
            mark_resent(uow.session.connection(), seq, city_code, package.zf_bytes)
            uow.commit()
        done.append(seq)
    return done, skipped


def _out_sent(desk: Desk) -> list[tuple[int, str, str]]:
    with desk.reading() as uow:
        return [(p.seq, p.sha256, p.state) for p in uow.exchange.packages() if p.direction == "out"]
