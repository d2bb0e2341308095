"""市局汇总: what the city office reads of its branches.

The city office's own database holds no branch ledger: each registered branch's rows are in the city
office's copy of that branch's database (``app.services.exchange.replica_location``: a file beside the city's,
or on a server a schema of the city's database), a normal ArrearsDesk database with the branch's own ids. A
city-wide figure is the branch's own figure built on each copy, opened read-only here (the import is the only
writer of a copy). How current a copy is: the time the branch made the last package applied to it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from app.domain.closing import closed_books
from app.domain.errors import DomainError
from app.domain.exchange import Manifest
from app.domain.roles import Permission
from app.domain.words import Words
from app.services.context import Actor, Desk, UnitOfWork
from app.services.exchange import replica_exists, replica_location

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BranchSite:
    """A branch registered at the city office."""
    code: str
    name: str
    revoked: bool = False

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True, slots=True)
class BranchCopy:
    """How current the city office's copy of a branch is."""
    data_as_of: datetime | None  # when the branch made the last package applied here (None: nothing yet)
    applied: int                 # packages applied in order, 1 … n
    root: str                    # the integrity root of the copy ("" if nothing applied)
    closed_through: int | None = None  # the branch closed its books (月结) up to this month, as the copy shows


@dataclass(frozen=True, slots=True)
class FromBranch(Generic[T]):
    """What was read from one branch's copy: the figures, or why there are none."""
    site: BranchSite
    value: T | None = None
    copy: BranchCopy | None = None
    problem: Words | None = None  # the copy cannot be read (the message in both languages)


def local_site(uow: UnitOfWork) -> tuple[str, str]:
    """(code, kind) of this database's own site: kind ``branch`` or ``city``."""
    site = uow.exchange.local_site()
    if site is None:
        raise DomainError("site.missing")
    return site.code, site.kind


def branch_sites(uow: UnitOfWork, codes: Sequence[str] = ()) -> list[BranchSite] | None:
    """At the city office, the registered branches (those in ``codes`` if any; an unknown code is
    refused); at a branch, None (its figures are its own). ``codes`` naming only the branch itself is
    its own report; naming others is refused there."""
    own_code, kind = local_site(uow)
    if kind != "city":
        if codes and tuple(codes) != (own_code,):
            raise DomainError("report.branches_at_city_only", site=own_code)
        return None
    sites = [BranchSite(p.code, p.name, p.revoked_at is not None) for p in uow.exchange.peers(kind="branch")]
    known = {s.code for s in sites}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise DomainError("report.unknown_branch", site=", ".join(unknown), known=", ".join(sorted(known)) or "—")
    return [s for s in sites if not codes or s.code in codes]


def branches(desk: Desk, actor: Actor) -> list[BranchSite] | None:
    """The branches a city office's reports can show (None at a branch): for the branch filter."""
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        return branch_sites(uow)


def copy_state(uow: UnitOfWork, code: str) -> BranchCopy:
    """How current the copy of branch ``code`` is. Its integrity root is the one the branch signed in the
    last package applied (the import checked the copy's own root against it, and nothing else writes
    the copy's ledger), so it is read, not computed again."""
    applied = dict(uow.reports.ledger_packages_applied(code))
    in_order = 0
    while in_order + 1 in applied:
        in_order += 1
    if not in_order:
        return BranchCopy(None, 0, "")
    try:
        root = Manifest.from_bytes((uow.reports.applied_manifest(code, in_order) or "").encode()).root
    except (TypeError, ValueError):
        root = ""
    return BranchCopy(applied[in_order], in_order, root or uow.ledger.root(None),
                      closed_books(uow.closings.history()).through)


def from_branch(desk: Desk, site: BranchSite, read: Callable[[UnitOfWork], T]) -> FromBranch[T]:
    """``read`` on the city office's copy of ``site`` (opened read-only, one read transaction, with the
    city office's clock), with how current the copy is; nothing read if no package has been applied. A
    copy that cannot be read (damaged, made by a newer program …) is reported with the reason, so the
    other branches' figures still show."""
    if not replica_exists(desk, site.code):
        return FromBranch(site)
    try:
        with Desk(replica_location(desk, site.code), read_only=True, clock=desk.clock) as copy, copy.reading() as uow:
            state = copy_state(uow, site.code)
            if not state.applied:
                return FromBranch(site, copy=state)
            return FromBranch(site, read(uow), state)
    except DomainError as error:
        return FromBranch(site, problem=Words(error.message("zh_CN"), error.message("en")))
