"""数据交换: the rules of the packages that travel between branches and the city office.

Each branch owns its customers' ledger; the city office keeps a copy of every branch's ledger and owns its
own decisions and reference lists. A branch sends 台账包 (``ledger`` packages) numbered 1, 2, 3 …; the city
office answers each branch with 市局包 (``city`` packages) carrying its acknowledgement and what it owns.
A package is applied once, in order; one whose predecessor has not arrived is held until it does; the
same number with different content is a fork (a branch restored from an old backup) and is refused.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.domain.words import Words

# The package layout this program writes; it reads this one and every earlier one. 2: a ledger package carries
# the balances its entries move, no longer every balance of each customer it touches.
FORMAT = 2
MOVED_BALANCES_ONLY = 2     # the first format whose packages carry only the balances their entries move
SUFFIX = ".adx"            # ArrearsDesk exchange file
SILENT_DAYS_WARNING = 7    # a branch that has sent nothing for longer is pointed out at the city office
# What the city office decides for every branch (postal 19, telecom 7.4): set there, sent down in every city
# package, read-only at a branch that exchanges with a city office. The business lines travel with them.
CITY_OWNED_SETTINGS = ("collection.ladders", "documents.template")


class PackageKind(StrEnum):
    LEDGER = "ledger"  # 台账包: a branch's new entries, to the city office
    CITY = "city"      # 市局包: the city office's acknowledgement, blacklist and reference lists, to one branch

    @property
    def words(self) -> Words:
        return KIND_WORDS[self]


KIND_WORDS = {PackageKind.LEDGER: Words("台账包", "ledger package"), PackageKind.CITY: Words("市局包", "city package")}


class PackageState(StrEnum):
    SENT = "sent"                  # made here, not yet acknowledged
    ACKNOWLEDGED = "acknowledged"  # the city office confirmed it applied it
    APPLIED = "applied"
    HELD = "held"                  # waits for its predecessor, or for a newer program
    REFUSED = "refused"
    DUPLICATE = "duplicate"        # the same file again: nothing changed
    SUPERSEDED = "superseded"      # an older city package after a newer one: nothing to do

    @property
    def words(self) -> Words:
        return STATE_WORDS[self]


STATE_WORDS = {
    PackageState.SENT: Words("已发出", "sent"),
    PackageState.ACKNOWLEDGED: Words("已确认", "acknowledged"),
    PackageState.APPLIED: Words("已导入", "applied"),
    PackageState.HELD: Words("暂存待处理", "held"),
    PackageState.REFUSED: Words("已拒收", "refused"),
    PackageState.DUPLICATE: Words("重复文件，未改动", "duplicate, nothing changed"),
    PackageState.SUPERSEDED: Words("已有更新的包，未改动", "superseded, nothing changed"),
}

SITE_KIND_WORDS = {"branch": Words("网点", "branch"), "city": Words("市局", "city office")}


@dataclass(frozen=True, slots=True)
class Manifest:
    """清单: what a package is, signed by its sender. ``payload_sha256`` fixes the rows it carries;
    ``root`` is the sender's integrity root when it was made (issue 10: the proof outside the file)."""
    format: int
    program: str
    kind: str
    sender: str            # site code
    sender_uid: str        # site uid, hex
    addressee: str         # site code
    seq: int
    previous_sha256: str   # the manifest digest of package seq-1 from the same sender ("" for the first)
    made_at: str           # ISO moment
    payload_sha256: str
    root: str = ""
    marks_from: dict[str, int] = field(default_factory=dict)
    marks_to: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    acknowledged: int = 0  # city package: the last ledger package of the addressee applied, in order
    acknowledged_sha256: str = ""  # … and its digest, so a branch that forked at that number can tell
    blacklist: list[list[str]] = field(default_factory=list)  # city package: [site, uid hex, name, id number]
    business_lines: list[list[str]] = field(default_factory=list)  # city package: [code, name, sector]
    settings: dict = field(default_factory=dict)  # city package: CITY_OWNED_SETTINGS as the city has them
    # city package: customers moving to the addressee, [from site, uid hex, name, group, contact, phone,
    # address, id number, moved on, reason]
    transfers_in: list[list[str]] = field(default_factory=list)
    directory: list[list[str]] = field(default_factory=list)  # city package: every branch, [code, name]
    # city package: the city office's decisions on the addressee's records not yet answered by its packages
    # (app/domain/city_decisions.py DecisionRecord), oldest first
    decisions: list[dict] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        """The canonical form that is signed (and hashed to name the package)."""
        # the fields as they are (plain JSON values): asdict's deep copy of the lists cost more than the dump
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        raw = json.loads(data.decode())
        if not isinstance(raw, dict):
            raise ValueError("manifest is not an object")
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def made(self) -> datetime:
        return datetime.fromisoformat(self.made_at)


def file_name(manifest: Manifest) -> str:
    """BR01-000041.adx for a branch's ledger package, CITY-BR01-000003.adx for the city's answer."""
    if manifest.kind == PackageKind.LEDGER:
        return f"{manifest.sender}-{manifest.seq:06d}{SUFFIX}"
    return f"{manifest.sender}-{manifest.addressee}-{manifest.seq:06d}{SUFFIX}"


_NAME = re.compile(r"^[A-Za-z0-9]{2,12}(-[A-Za-z0-9]{2,12})?-\d{6}\.adx$")


def looks_like_package(name: str) -> bool:
    return bool(_NAME.match(name))


class Decision(StrEnum):
    APPLY = "apply"
    DUPLICATE = "duplicate"
    FORK = "fork"
    GAP = "gap"


def place_in_sequence(seq: int, previous_sha256: str, sha256: str, applied: dict[int, str]) -> Decision:
    """Where a ledger package stands against the packages already applied from its sender
    (``applied``: seq -> manifest digest): the next one, a repeat, a fork, or ahead of a gap."""
    if seq in applied:
        return Decision.DUPLICATE if applied[seq] == sha256 else Decision.FORK
    last = max(applied, default=0)
    if seq > last + 1:
        return Decision.GAP
    if seq <= last or (seq > 1 and applied.get(seq - 1) != previous_sha256):
        return Decision.FORK  # a number already passed, or a different past behind it
    return Decision.APPLY


def missing_before(seq: int, applied: dict[int, str], held: set[int]) -> list[int]:
    """The package numbers that must still arrive before ``seq`` can be applied."""
    last = max(applied, default=0)
    return [n for n in range(last + 1, seq) if n not in held]
