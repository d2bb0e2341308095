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
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from app import __version__
from app.domain.errors import DomainError
from app.domain.exchange import (
    FORMAT, SILENT_DAYS_WARNING, Decision, Manifest, PackageKind, PackageState, file_name, missing_before,
    place_in_sequence,
)
from app.domain.roles import Permission
from app.documents.files import temp_beside
from app.services import keys
from app.services.context import Actor, Desk
from db.exchange import (
    ExchangeBook, apply_payload, attached, blacklisted_customers, chain_heads, first_broken_link, high_water_marks,
    integrity_root, payload_heads, payload_rows_from_other_sites, record_applied, replace_city_blacklist,
    write_payload,
)
from db.models import ExchangePackage, Site

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


def ensure_key(desk: Desk) -> bytes:
    """The local site's public key, making the key pair at first use (``init`` does it for a new site)."""
    with desk.unit_of_work() as uow:
        site = _local_site(uow.exchange)
        if site.public_key is not None and keys.key_path(site.uid).exists():
            return site.public_key
        if site.public_key is not None:
            keys.load_key(site.uid, site.code)  # refuses, naming where the key should be
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


def _kind_words(kind: str):
    from app.domain.exchange import SITE_KIND_WORDS
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


def _write_package_file(target: Path, manifest: Manifest, key, payload: Path | None) -> bytes:
    """Writes the package beside ``target`` and moves it into place; returns its bytes' manifest."""
    data = manifest.to_bytes()
    temp = temp_beside(target, ".adx-")
    try:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, data)
            zf.writestr(SIGNATURE, keys.sign(key, data))
            if payload is not None:
                zf.write(payload, PAYLOAD)
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return data


@dataclass
class _Package:
    path_name: str
    manifest_bytes: bytes
    signature: bytes
    raw: dict
    zf_bytes: bytes

    @property
    def sha256(self) -> str:
        return _digest(self.manifest_bytes)


def _open_package(name: str, content: bytes) -> _Package:
    import io
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
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


def _check_signature(book: ExchangeBook, package: _Package, manifest: Manifest) -> Site:
    sender = book.peer(manifest.sender)
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


def _extract_payload(package: _Package, manifest: Manifest, folder: Path) -> Path:
    """The payload in a temporary file, checked against the signed manifest's digest."""
    import io
    target = folder / "payload.sqlite3"
    try:
        with zipfile.ZipFile(io.BytesIO(package.zf_bytes)) as zf, zf.open(PAYLOAD) as src, target.open("wb") as dst:
            h = hashlib.sha256()
            for block in iter(lambda: src.read(1 << 20), b""):
                h.update(block)
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
        own = _local_site(uow.exchange)
        kind = own.kind
    ensure_key(desk)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DomainError("exchange.cannot_write", folder=str(folder), reason=error.strerror or str(error)) from None
    if kind == "city":
        return _export_city(desk, actor, folder, progress)
    return _export_branch(desk, actor, folder, progress)


def _city(book: ExchangeBook) -> Site:
    city = book.city()
    if city is None:
        raise DomainError("exchange.no_city")
    return city


def _export_branch(desk: Desk, actor: Actor, folder: Path, progress: Progress | None) -> list[Path]:
    if progress:
        progress(0, 3, "")
    with desk.reading() as uow:
        own = _local_site(uow.exchange)
        city = _city(uow.exchange)
        key = keys.load_key(own.uid, own.code)
        last = uow.exchange.last_out(PackageKind.LEDGER)
        marks_from = json.loads(last.manifest)["marks_to"] if last else {}
        seq, previous = (last.seq + 1, last.sha256) if last else (1, "")
        own_code, own_uid, city_code = own.code, own.uid, city.code
    with tempfile.TemporaryDirectory(prefix="adx-") as tmp:
        payload = Path(tmp) / PAYLOAD
        with attached(desk.engine, payload, write=False) as conn:
            marks_to = high_water_marks(conn)
            counts = write_payload(conn, marks_from, marks_to)
            root = integrity_root(conn)
        if progress:
            progress(1, 3, "")
        manifest = Manifest(format=FORMAT, program=__version__, kind=PackageKind.LEDGER, sender=own_code,
                            sender_uid=own_uid.hex(), addressee=city_code, seq=seq, previous_sha256=previous,
                            made_at=desk.clock.now().isoformat(timespec="seconds"),
                            payload_sha256=_file_digest(payload), root=root, marks_from=marks_from,
                            marks_to=marks_to, counts=counts)
        target = folder / file_name(manifest)
        with desk.use_case(actor, Permission.EXCHANGE_FILES) as uow:
            again = uow.exchange.last_out(PackageKind.LEDGER)
            if (again.seq if again else 0) != seq - 1:
                raise DomainError("exchange.conflict", file=target.name, site=own_code, detail="concurrent export")
            data = _write_package_file(target, manifest, key, payload)
            uow.session.add(ExchangePackage(
                direction="out", kind=PackageKind.LEDGER, site_code=city_code, seq=seq, sha256=_digest(data),
                state=PackageState.SENT, manifest=data.decode(), content=target.read_bytes(), file_name=target.name,
                made_at=manifest.made, handled_at=desk.clock.now()))
            uow.audit("exchange.export", "exchange_package", None,
                      after={"package": target.name, "seq": seq, "rows": sum(counts.values()), "root": root})
            unacknowledged = [p for p in uow.exchange.unacknowledged(PackageKind.LEDGER) if p.seq < seq]
            uow.commit()
    written = [target]
    for package in unacknowledged:  # the same bytes again: a lost or late file heals itself
        again_path = folder / package.file_name
        if not again_path.exists() or again_path.read_bytes() != package.content:
            temp = temp_beside(again_path, ".adx-")
            temp.write_bytes(package.content or b"")
            temp.replace(again_path)
        written.append(again_path)
    if progress:
        progress(3, 3, "")
    return written


def _export_city(desk: Desk, actor: Actor, folder: Path, progress: Progress | None) -> list[Path]:
    with desk.reading() as uow:
        own = _local_site(uow.exchange)
        key = keys.load_key(own.uid, own.code)
        branches = [site.code for site in uow.exchange.peers(kind="branch", active=True)]
        own_code, own_uid = own.code, own.uid
    blacklist = city_blacklist(desk)
    written = []
    for n, branch in enumerate(branches):
        if progress:
            progress(n, len(branches), branch)
        acknowledged, acknowledged_sha256 = _acknowledgement(desk, branch)
        with desk.use_case(actor, Permission.EXCHANGE_FILES) as uow:
            last = uow.exchange.last_out(PackageKind.CITY, branch)
            seq, previous = (last.seq + 1, last.sha256) if last else (1, "")
            manifest = Manifest(format=FORMAT, program=__version__, kind=PackageKind.CITY, sender=own_code,
                                sender_uid=own_uid.hex(), addressee=branch, seq=seq, previous_sha256=previous,
                                made_at=desk.clock.now().isoformat(timespec="seconds"), payload_sha256="",
                                root=integrity_root(uow.session.connection()), acknowledged=acknowledged,
                                acknowledged_sha256=acknowledged_sha256, blacklist=blacklist)
            target = folder / file_name(manifest)
            data = _write_package_file(target, manifest, key, None)
            uow.session.add(ExchangePackage(
                direction="out", kind=PackageKind.CITY, site_code=branch, seq=seq, sha256=_digest(data),
                state=PackageState.SENT, manifest=data.decode(), content=None, file_name=target.name,
                made_at=manifest.made, handled_at=desk.clock.now()))
            uow.audit("exchange.export", "exchange_package", None,
                      after={"package": target.name, "seq": seq, "acknowledged": acknowledged})
            uow.commit()
        written.append(target)
    if progress:
        progress(len(branches), len(branches), "")
    return written


# -- the city office's copies of the branches ------------------------------------------------------------
def replica_folder(desk: Desk) -> Path:
    return desk.path.with_name(desk.path.stem + "-branches")


def replica_path(desk: Desk, code: str) -> Path:
    return replica_folder(desk) / f"{code}.sqlite3"


def open_replica(desk: Desk, code: str, *, create: bool = False) -> Desk | None:
    path = replica_path(desk, code)
    if not path.exists():
        _replicas.pop(path, None)
        if not create:
            return None
    replica = _replicas.get(path)
    if replica is None:
        replica = _replicas[path] = Desk(path, clock=desk.clock)
    replica.clock = desk.clock
    return replica


# The copies opened so far, kept for the process: each import and export opens several, and a Desk opened
# again would check its schema and compile every statement afresh (most of a small package's import time).
# Closing one (``with replica:``) lets go of the file; the next use reconnects to whatever file is there.
_replicas: dict[Path, Desk] = {}


def _applied(replica: Desk, sender: str) -> tuple[dict[int, str], set[int]]:
    with replica.reading() as uow:
        rows = uow.exchange.received(sender, PackageKind.LEDGER)
    return ({seq: sha for seq, sha, state in rows if state == PackageState.APPLIED},
            {seq for seq, _sha, state in rows if state == PackageState.HELD})


def _applied_in_order(desk: Desk, code: str) -> int:
    return _acknowledgement(desk, code)[0]


def _acknowledgement(desk: Desk, code: str) -> tuple[int, str]:
    """The last package of branch ``code`` applied in order here, and its manifest digest ((0, "") if none)."""
    replica = open_replica(desk, code)
    if replica is None:
        return 0, ""
    with replica:
        applied, _held = _applied(replica, code)
    n = 0
    while n + 1 in applied:
        n += 1
    return n, applied.get(n, "")


def city_blacklist(desk: Desk) -> list[list[str]]:
    """全市黑名单: every branch's blacklisted customers, as the city office's copies hold them."""
    found: list[list[str]] = []
    with desk.reading() as uow:
        codes = [site.code for site in uow.exchange.peers(kind="branch")]
    for code in codes:
        replica = open_replica(desk, code)
        if replica is None:
            continue
        with replica, replica.reading() as uow:
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
        own = _local_site(uow.exchange)
        own_code, own_kind = own.code, own.kind
    outcomes = []
    for n, path in enumerate(files):
        if progress:
            progress(n, len(files), Path(path).name)
        outcomes.append(_import_one(desk, actor, Path(path), own_code, own_kind))
    if progress:
        progress(len(files), len(files), "")
    return outcomes


def _import_one(desk: Desk, actor: Actor, path: Path, own_code: str, own_kind: str) -> Outcome:
    try:
        content = path.read_bytes()
    except OSError:
        return _refused(desk, actor, path.name, "", 0, DomainError("exchange.not_package", file=path.name))
    try:
        package = _open_package(path.name, content)
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
    return json.dumps({"code": error.code, "params": {k: str(v) if not hasattr(v, "zh") else v.zh
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
    replica = open_replica(desk, manifest.sender, create=True)
    with replica:
        applied, held = _applied(replica, manifest.sender)
        decision = place_in_sequence(manifest.seq, manifest.previous_sha256, package.sha256, applied)
        name, site, seq = package.path_name, manifest.sender, manifest.seq
        if decision is not Decision.APPLY:  # a damaged file is refused as such, never held or called a duplicate
            try:
                with tempfile.TemporaryDirectory(prefix="adx-") as tmp:
                    _extract_payload(package, manifest, Path(tmp))
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
                apply_payload(conn)
                heads = payload_heads(conn)
                now = chain_heads(conn, list(heads))
                wrong = [c for c, digest in heads.items() if now.get(c) != digest]
                if wrong:
                    raise DomainError("exchange.chain_mismatch", file=name, site=site,
                                      detail=f"chains {wrong[:5]}")
                broken = first_broken_link(conn, None if manifest.seq == 1 or len(heads) > 5000 else list(heads))
                if broken is not None:
                    raise DomainError("exchange.chain_mismatch", file=name, site=site,
                                      detail=f"{broken.table} #{broken.entity_id}")
                if manifest.root and integrity_root(conn) != manifest.root:
                    raise DomainError("exchange.chain_mismatch", file=name, site=site, detail="root")
                record_applied(conn, kind=PackageKind.LEDGER, site_code=site, seq=manifest.seq,
                               sha256=package.sha256, manifest=package.manifest_bytes.decode(), file_name=name,
                               made_at=manifest.made, handled_at=desk.clock.now())
        except IntegrityError as error:
            raise DomainError("exchange.conflict", file=name, site=site, detail=_short(error)) from None


def _short(error: Exception) -> str:
    text = str(getattr(error, "orig", error))
    return text.splitlines()[0][:120]


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
            row_id, file_name, content = row.id, row.file_name, row.content  # read before the session ends
        package = _open_package(file_name, content)
        manifest = _manifest(package)
        decision = place_in_sequence(manifest.seq, manifest.previous_sha256, package.sha256, applied)
        if decision is not Decision.APPLY:
            error = DomainError("exchange.fork", file=file_name, site=site, seq=nxt)
            _mark(replica, row_id, PackageState.REFUSED, error)
            _audit_only(desk, actor, Outcome(file_name, site, nxt, PackageState.REFUSED, error))
            return done
        try:
            _apply_ledger(desk, replica, package, manifest)
        except DomainError as error:
            _mark(replica, row_id, PackageState.REFUSED, error)
            _audit_only(desk, actor, Outcome(file_name, site, nxt, PackageState.REFUSED, error))
            return done
        _audit_only(desk, actor, Outcome(file_name, site, nxt, PackageState.APPLIED))
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
    return DomainError(raw["code"], **raw.get("params", {}))


def _package_rows(book: ExchangeBook) -> list[PackageRow]:
    return [PackageRow(p.direction, PackageKind(p.kind), p.site_code, p.seq, PackageState(p.state),
                       _reason_of(p.reason), p.file_name, p.made_at, p.handled_at) for p in book.packages()]


def exchange_status(desk: Desk, actor: Actor | None = None, *, silent_days: int = SILENT_DAYS_WARNING) -> ExchangeStatus:
    uow = desk.query(actor, Permission.EXCHANGE_FILES) if actor is not None else desk.reading()
    with uow:
        own = _local_site(uow.exchange)
        packages = _package_rows(uow.exchange)
        unacknowledged = [p.seq for p in uow.exchange.unacknowledged(PackageKind.LEDGER)]
        peers_raw = [(p.code, p.name, p.kind, p.revoked_at) for p in uow.exchange.peers()]
        own_code, own_kind = own.code, own.kind
    today = desk.clock.today()
    peers = []
    for code, name, kind, revoked_at in peers_raw:
        received = [p for p in packages if p.direction == "in" and p.site == code]
        applied_up_to, held = 0, 0
        if own_kind == "city" and kind == "branch":
            replica = open_replica(desk, code)
            if replica is not None:
                with replica, replica.reading() as r:
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
        peers.append(PeerRow(code, name, kind, revoked_at is not None, last, applied_up_to, held,
                             days, revoked_at is None and (days is None or days > silent_days)))
    packages.sort(key=lambda p: p.handled_at, reverse=True)
    return ExchangeStatus(own_code, own_kind, packages, unacknowledged, peers)


