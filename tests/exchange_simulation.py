"""数据交换, simulated (issue 12): one city office and five branches work at the counter while their
package files are lost, duplicated, reordered, truncated and tampered with on the way, and one branch
is restored from an old backup. Every file's outcome is predicted and checked (a refusal also for its
message and for having changed nothing); after a final complete exchange the city office's copy of every
branch holds the branch's own rows and shows its figures to the fen, and ``verify`` passes everywhere.

``run_scenarios(seeds)`` runs seeded scenarios (in worker processes if asked) and returns the failures, each
naming its seed and the scenario's last steps; tests/integration/test_exchange_simulation.py runs it in the
suite, bench/simulation.py for ``make bench``.

A settled customer moves to another branch (客户转移): the branch gives it up, the city office's next package
brings it to the new branch, which takes it on pending a new credit application; after the final exchange
every move the city office knows of has reached its branch, once. A branch may leave its write-offs to finance
at the city office: a clerk applies, city finance approves or rejects from its copy of the branch, the
decision goes down in the city office's packages and the branch books it (or refuses it, said why, when the
item was paid meanwhile); after the final exchange every decision is answered, each approval carried out
booked once in the city user's name. A branch may leave its credit applications to marketing at the city
office (approved with the limit, credit period and cycle granted, or rejected) and city finance reopens a
branch's latest closed month; the clerks sometimes make a decision impossible before it arrives (the
application decided at the branch meanwhile, the customer blacklisted or moved away, the month reopened or a
later one closed there), and the branch must refuse exactly that decision, said why. After the final exchange
every decision is carried out or refused at its branch as predicted, carried out with what was decided in the
city user's name, the city office lists each with the branch's outcome, and its copy equals the branch. The
restored branch is left out of the final
equality (its figures legitimately differ from the city office's copy until the way back, rebuilding it
from that copy, exists): its refusals on both sides are checked, and verify passes on it and on its copy.
"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from app.domain.aging import AgingScheme
from app.domain.customers import PAYMENT_METHODS, StatusAction
from app.domain.errors import DomainError
from app.domain.allocation import NamedTarget
from app.domain.exchange import CITY_OWNED_SETTINGS, PackageState
from app.reports.request import ReportKind, ReportRequest
from app.services import exchange
from app.services.arrears import ArrearsInput, OverLimitOverride, record_arrears, reverse_arrears, write_off
from app.services.context import Desk, FixedClock
from app.services.customers import (CustomerInput, apply_for_credit, approve_credit, change_status, register_customer,
                                    transfer_customer)
from app.services.aging import aging_report
from app.services.reports import build, details
from app.services.repayments import RepaymentInput, apply_credit, record_repayment, reverse_repayment
from app.services.setup import BUSINESS_LINES
from app.services.verify import run_checks
from db.exchange import BALANCES_BY_CUSTOMER, LOG_TABLES, STATE_TABLES
from tests.factories import Staff, make_desk, migrated_database, move_clock
# decisions: write-offs applied at a branch and decided at the city office
from app.domain.periods import add_months
from app.domain.writeoff import Cause, Stage
from app.services.city_decisions import branch_applications, decide_branch_write_off
# decisions: credit decided by marketing at the city office, months reopened by city finance
from app.domain.closing import closed_books, require_reopenable
from app.domain.periods import month_index, period_from_index, period_of
from app.services.city_decisions import (branch_credit_applications, decide_branch_credit, decisions_made,
                                         reopen_branch_month)
from app.services.closing import close_month, reopen_month
from app.services.customers import reject_credit
from app.services.documents import issue_notices
from app.services.settings import set_credit_approved_at
from app.services.settings import set_write_off_approved_at
from app.services.writeoffs import (
    Scan, WriteOffRequest, applications, apply_write_off, approve_write_off, qualifying_items,
)
COURT_FACTS = {"document_no": "(2026)冀0102执1号", "document_date": "2026-01-20", "issued_by": "长安区人民法院"}
COURT_SCAN = Scan("裁定书.pdf", b"%PDF-1.4 ruling")

OPERATIONS = 50        # at the counters, per scenario
START = date(2026, 3, 2)
CODES = ("BR01", "BR02", "BR03", "BR04", "BR05")
LINES = [code for code, _name, _sector in BUSINESS_LINES]
METHODS = sorted(PAYMENT_METHODS)
EXCHANGE_RATE = 0.25  # after an operation, the chance that files move somewhere
MUTATIONS = ("truncated", "payload", "manifest")

# What a refusal at a branch must leave as it was (its own audit record of the refusal aside).
BRANCH_KEPT = tuple(t for t in STATE_TABLES + LOG_TABLES + BALANCES_BY_CUSTOMER if t not in ("audit_log", "ledger_chain"))
# What a refusal at the city office must leave as it was in the branch's copy: everything.
REPLICA_KEPT = STATE_TABLES + LOG_TABLES + BALANCES_BY_CUSTOMER


# -- the sites, built once ----------------------------------------------------------------------------------
@dataclass
class Site:
    code: str
    desk: Desk
    staff: Staff
    template: Path


class World:
    """The city office and the branches, registered with one another once (keys made, setup files
    exchanged, the city office's empty copy of each branch made): every scenario starts from copies of
    these files, opened by the same ``Desk`` objects (released in between), so a scenario pays neither
    for migrations nor for compiling the program's SQL again."""

    def __init__(self, folder: Path) -> None:
        templates, self.live = folder / "templates", folder / "live"
        templates.mkdir(parents=True)
        city, city_staff = make_desk(templates / "city.sqlite3", START, code="CITY", kind="city")
        branches = {code: make_desk(templates / f"{code}.sqlite3", START, code=code) for code in CODES}
        city_identity = exchange.write_identity(city, folder)
        for code, (desk, staff) in branches.items():
            exchange.register_site(city, city_staff.admin, exchange.write_identity(desk, folder))
            exchange.register_site(desk, staff.admin, city_identity)
            # the city office's empty copy, as open_replica makes it (a migrated database) but copied, not migrated
            # again (0.5 s each)
            replica = exchange.replica_path(city, code)
            replica.parent.mkdir(exist_ok=True)
            shutil.copyfile(migrated_database(), replica)
            exchange.open_replica(city, code, create=True).close()
            desk.close()
        self.replica_templates = {code: exchange.replica_path(city, code) for code in CODES}
        city.close()
        shutil.copytree(templates, self.live)
        self.city = Site("CITY", Desk(self.live / "city.sqlite3", clock=FixedClock(START)), city_staff,
                         templates / "city.sqlite3")
        self.branches = {code: Site(code, Desk(self.live / f"{code}.sqlite3", clock=FixedClock(START)), staff,
                                    templates / f"{code}.sqlite3") for code, (_desk, staff) in branches.items()}
        # the city office's copies, opened read-only for the comparisons (the import opens its own)
        self.replicas = {code: Desk(exchange.replica_path(self.city.desk, code), read_only=True,
                                    clock=FixedClock(START)) for code in CODES}
        self.scenario_folder = folder / "scenario"

    def reset(self) -> None:
        """Every file back to its template, the clocks back to the first day."""
        desks = [self.city.desk, *(s.desk for s in self.branches.values()), *self.replicas.values()]
        _forget()
        exchange.release_replicas()  # the city office's copies stay connected between imports
        for desk in desks:
            desk.release()
            desk.clock = FixedClock(START)
        for site in [self.city, *self.branches.values()]:
            _restore_file(site.template, site.desk.path)
        for code, template in self.replica_templates.items():
            _restore_file(template, self.replicas[code].path)
        shutil.rmtree(self.scenario_folder, ignore_errors=True)
        self.scenario_folder.mkdir()

    def close(self) -> None:
        _forget()
        exchange.release_replicas()
        for desk in [self.city.desk, *(s.desk for s in self.branches.values()), *self.replicas.values()]:
            desk.close()


def _restore_file(source: Path, target: Path) -> None:
    _forget(target)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)


# -- package files on their way ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Parcel:
    """One package file as it left its sender (name, bytes) and what its signed manifest says."""
    name: str
    data: bytes
    manifest: dict
    sha256: str

    @classmethod
    def read(cls, path: Path) -> Parcel:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            manifest_bytes = zf.read(exchange.MANIFEST)
        return cls(path.name, data, json.loads(manifest_bytes), hashlib.sha256(manifest_bytes).hexdigest())

    @property
    def seq(self) -> int:
        return self.manifest["seq"]

    @property
    def sender(self) -> str:
        return self.manifest["sender"]

    @property
    def addressee(self) -> str:
        return self.manifest["addressee"]


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def damaged(parcel: Parcel, how: str, rng: random.Random) -> tuple[bytes, str]:
    """The file's bytes damaged ``how``, and the refusal that must follow."""
    if how == "truncated":  # a copy broken off (the stick pulled out too early)
        return parcel.data[:rng.randrange(len(parcel.data))], "exchange.not_package"
    members = _members(parcel.data)
    if how == "payload" and exchange.PAYLOAD in members:  # one bit of the rows changed, the signed manifest kept
        payload = bytearray(members[exchange.PAYLOAD])
        position = rng.randrange(len(payload))
        payload[position] ^= 1 << rng.randrange(8)
        members[exchange.PAYLOAD] = bytes(payload)
        return _zipped(members), "exchange.altered"
    # the manifest rewritten (the old signature kept): another day, another root, another acknowledgement …
    manifest = json.loads(members[exchange.MANIFEST])
    key = rng.choice(["made_at", "root", "counts", "acknowledged"] if manifest["kind"] == "city"
                     else ["made_at", "root", "counts", "marks_to"])
    if key == "made_at":
        manifest[key] = manifest[key].replace("09:", "10:")
    elif key == "root":
        manifest[key] = "0" * 64
    elif key == "acknowledged":
        manifest[key] += 1
    else:
        manifest[key] = {**manifest[key], "arrears_items": manifest[key].get("arrears_items", 0) + 1}
    members[exchange.MANIFEST] = json.dumps(manifest, ensure_ascii=False, sort_keys=True,
                                            separators=(",", ":")).encode()
    return _zipped(members), "exchange.altered"


@dataclass
class Delivery:
    parcel: Parcel
    data: bytes
    refusal: str | None = None  # the refusal a damaged or misdelivered file must meet
    how: str = "intact"


# -- what a branch's clerks know of their own customers (to choose sensible operations) --------------------
@dataclass
class Customer:
    id: int
    name: str
    id_number: str
    status: str
    since: date


@dataclass
class Book:
    customers: dict[int, Customer] = field(default_factory=dict)
    items: list[tuple[int, int]] = field(default_factory=list)       # (item id, customer id)
    repayments: list[tuple[int, int]] = field(default_factory=list)  # (repayment id, customer id)


class Failure(AssertionError):
    pass


# -- one scenario --------------------------------------------------------------------------------------------
class Scenario:
    def __init__(self, world: World, seed: int) -> None:
        self.world, self.seed = world, seed
        self.rng = random.Random(seed)
        self.day = START
        self.city = world.city
        self.branches = world.branches
        self.books = {code: Book() for code in CODES}
        self.counter = 0
        self.log: list[str] = []
        self.to_city: list[Parcel] = []
        self.to_branch: dict[str, list[Parcel]] = {code: [] for code in CODES}
        # what the city office has applied (seq -> manifest digest) and holds (seq -> digest, previous), by branch
        self.applied: dict[str, dict[int, str]] = {code: {} for code in CODES}
        self.held: dict[str, dict[int, tuple[str, str]]] = {code: {} for code in CODES}
        self.restored = self.rng.choice(CODES)
        self.backup_at = self.rng.randrange(3, max(4, OPERATIONS // 3))
        self.restore_at = self.rng.randrange(self.backup_at + 5, max(self.backup_at + 6, OPERATIONS * 3 // 4))
        self.backup: tuple[Path, Book] | None = None
        self.is_restored = False
        self.folder = world.scenario_folder
        self.files = 0
        self.stats: Counter = Counter()
        # decisions: what each credit or reopening decision (hex uid) must come to at its branch, (outcome, code)
        self.predicted: dict[str, tuple[str, str | None]] = {}
        self.reopenings: dict[str, set[str]] = {code: set() for code in CODES}  # on their way (hex uids)

    def note(self, text: str) -> None:
        self.log.append(f"[{self.day}] {text}")

    def fresh_folder(self, prefix: str) -> Path:
        self.files += 1
        folder = self.folder / f"{prefix}-{self.files}"
        folder.mkdir()
        return folder

    # -- the run --------------------------------------------------------------------------------------
    def run(self) -> None:
        for n in range(OPERATIONS):
            if n == self.backup_at:
                self.take_backup()
            if n == self.restore_at:
                self.restore_backup()
            self.operation()
            if self.rng.random() < EXCHANGE_RATE:
                self.exchange_event()
        self.final_exchange()
        self.compare_figures()
        self.verify_everywhere()

    # -- operations at the counter ----------------------------------------------------------------------
    def operation(self, code: str | None = None) -> None:
        code = code or self.rng.choice(CODES)
        book = self.books[code]
        active = [c for c in book.customers.values() if c.status == "active"]
        choices = [("customer", 3 if len(book.customers) < 4 else 1), ("clock", 2)]
        if active:
            choices += [("item", 6), ("status", 0.6)]
        if book.customers:
            choices += [("fifo", 3), ("elsewhere", 0.3)]
        if active:
            choices += [("transfer", 0.5)]
        if any(c.status == "moved_in" for c in book.customers.values()):
            choices += [("welcome", 2)]
        if book.items:
            choices += [("named", 2), ("reverse_item", 1), ("write_off", 1)]
        if book.repayments:
            choices += [("reverse_repayment", 1), ("credit", 0.5)]
        choices += self.decision_choices(code, book)  # decisions: write-offs decided at the city office
        kind = self.rng.choices([c for c, _ in choices], [w for _, w in choices])[0]
        site = self.branches[code]
        self.stats["operations"] += 1
        try:
            getattr(self, f"op_{kind}")(site, book)
        except DomainError as error:  # a refusal at the counter (over the limit, nothing open …): nothing to check
            self.stats[f"operation refused {error.code}"] += 1
            self.note(f"{code} {kind} refused: {error.code}")

    def next(self) -> int:
        self.counter += 1
        return self.counter

    def op_clock(self, _site: Site, _book: Book) -> None:
        self.move_all(self.day + timedelta(days=self.rng.randint(1, 12)))

    def move_all(self, day: date) -> None:
        self.day = day
        for site in [self.city, *self.branches.values()]:
            move_clock(site.desk, self.day)
        for replica in self.world.replicas.values():
            replica.clock = FixedClock(self.day)
        self.note(f"clock moves to {self.day}")

    def op_customer(self, site: Site, book: Book) -> None:
        n = self.next()
        name, id_number = f"{site.code} 客户 {n}", f"91{site.code}{n:06d}"
        customer = register_customer(site.desk, site.staff.clerk, CustomerInput(name=name, id_number=id_number,
                                                                                phone="0311-8888"))
        application = apply_for_credit(site.desk, site.staff.clerk, customer.customer_id, credit_grade="A",
                                       requested_limit=self.rng.choice([200_000, 1_000_000, 5_000_000]),
                                       credit_period_days=self.rng.choice([15, 30, 60]),
                                       settlement_cycle_months=self.rng.choice([1, 1, 2, 3]))
        book.customers[customer.customer_id] = Customer(customer.customer_id, name, id_number, "pending", self.day)
        if self.credit_at_city(site.code):  # decisions: the application goes up, the decision comes down
            self.stats["credit applied for at a branch whose marketing sits at the city office"] += 1
            self.note(f"{site.code} customer #{customer.customer_id}, credit #{application.application_id} applied for")
            return
        approve_credit(site.desk, site.staff.marketing, application.application_id)
        book.customers[customer.customer_id].status = "active"
        self.note(f"{site.code} customer #{customer.customer_id}")

    def op_elsewhere(self, site: Site, book: Book) -> None:
        """A customer another branch blacklisted asks this one for credit: refused by the city-wide list."""
        entries = _rows(site.desk.path, "SELECT site_code, name, id_number FROM city_blacklist")
        if not entries:
            return self.op_fifo(site, book)
        other, name, id_number = self.rng.choice(entries)
        customer = register_customer(site.desk, site.staff.clerk, CustomerInput(name=name, id_number=id_number))
        book.customers[customer.customer_id] = Customer(customer.customer_id, name, id_number, "pending", self.day)
        try:
            apply_for_credit(site.desk, site.staff.clerk, customer.customer_id, credit_grade="A",
                             requested_limit=100_000)
        except DomainError as refused:
            self.expect(refused.code == "exchange.blacklisted_elsewhere" and other in refused.message()
                        and id_number in refused.message("en"), f"{site.code} credit for {name}: {refused}")
        else:
            raise Failure(f"{site.code} gave credit to {name}, blacklisted at {other}")
        self.note(f"{site.code} refused credit to {name}, blacklisted at {other}")

    def op_item(self, site: Site, book: Book) -> None:
        customer = self.rng.choice([c for c in book.customers.values() if c.status == "active"])
        back = self.rng.randint(0, min(20, (self.day - customer.since).days))
        business_date = self.day - timedelta(days=back)
        period = business_date.year * 100 + business_date.month
        if self.rng.random() < 0.2 and business_date.month > 1 and \
                (business_date.year * 100 + business_date.month - 1) >= customer.since.year * 100 + customer.since.month:
            period -= 1  # billed to the month before (账期 lags the business date)
        data = ArrearsInput(customer.id, self.rng.choice(LINES), business_date, self.rng.randint(1, 300_000),
                            f"{site.code}-PZ{self.next()}", billing_period=period,
                            signature_confirmed=self.rng.random() < 0.5)
        override = OverLimitOverride(site.staff.head, "客户承诺月底结清") if self.rng.random() < 0.5 else None
        item = record_arrears(site.desk, site.staff.clerk, data, override, large_confirmed=True)
        book.items.append((item.item_id, customer.id))
        self.note(f"{site.code} item #{item.item_id} {data.amount} for #{customer.id}")

    def _repayment(self, site: Site, book: Book, customer_id: int, amount: int, targets=()) -> None:
        paid_on = self.day - timedelta(days=self.rng.randint(0, 3))
        data = RepaymentInput(customer_id, amount, paid_on, self.rng.choice(METHODS), f"{site.code}-SJ{self.next()}",
                              targets=targets)
        result = record_repayment(site.desk, site.staff.clerk, data)
        book.repayments.append((result.repayment_id, customer_id))
        self.note(f"{site.code} repayment #{result.repayment_id} {amount} from #{customer_id}"
                  f"{' named' if targets else ''}")

    def op_fifo(self, site: Site, book: Book) -> None:
        customer = self.rng.choice(list(book.customers.values()))
        self._repayment(site, book, customer.id, self.rng.randint(1, 400_000))

    def op_named(self, site: Site, book: Book) -> None:
        item_id, customer_id = self.rng.choice(book.items)
        part = self.rng.choice([None, self.rng.randint(1, 50_000)])
        self._repayment(site, book, customer_id, (part or 0) + self.rng.randint(1, 200_000),
                        (NamedTarget(item_id, part),))

    def op_credit(self, site: Site, book: Book) -> None:
        _repayment_id, customer_id = self.rng.choice(book.repayments)
        apply_credit(site.desk, site.staff.clerk, customer_id)
        self.note(f"{site.code} credit applied for #{customer_id}")

    def op_reverse_item(self, site: Site, book: Book) -> None:
        item_id, _customer_id = self.rng.choice(book.items)
        reverse_arrears(site.desk, site.staff.clerk, item_id, "登记错误")
        self.note(f"{site.code} item #{item_id} reversed")

    def op_reverse_repayment(self, site: Site, book: Book) -> None:
        repayment_id, _customer_id = self.rng.choice(book.repayments)
        reverse_repayment(site.desk, site.staff.clerk, repayment_id, "转账退回")
        self.note(f"{site.code} repayment #{repayment_id} reversed")

    def op_write_off(self, site: Site, book: Book) -> None:
        item_id, _customer_id = self.rng.choice(book.items)
        write_off(site.desk, site.staff.clerk, site.staff.finance, item_id, reason="企业注销", evidence="工商注销证明")
        self.note(f"{site.code} item #{item_id} written off")

    def op_status(self, site: Site, book: Book) -> None:
        customer = self.rng.choice([c for c in book.customers.values() if c.status == "active"])
        action = self.rng.choice([StatusAction.BLACKLIST, StatusAction.BLACKLIST, StatusAction.SUSPEND,
                                  StatusAction.TERMINATE])
        info = change_status(site.desk, site.staff.head, customer.id, action, "长期拖欠")
        customer.status = info.status
        self.note(f"{site.code} #{customer.id} {action.value}")

    def op_transfer(self, site: Site, book: Book) -> None:
        """A customer whose account is settled moves to another branch."""
        settled = {customer_id for (customer_id,) in _rows(site.desk.path, SETTLED)}
        candidates = [c for c in book.customers.values() if c.status == "active" and c.id in settled]
        if not candidates:
            return self.op_customer(site, book)
        customer = self.rng.choice(candidates)
        to = self.rng.choice([code for code in CODES if code != site.code])
        info = transfer_customer(site.desk, site.staff.head, customer.id, to, "客户搬迁")
        customer.status = info.status
        self.stats["customers moved"] += 1
        self.note(f"{site.code} #{customer.id} moves to {to}")

    def op_welcome(self, site: Site, book: Book) -> None:
        """A customer moved in from another branch applies for credit here and is approved."""
        customer = self.rng.choice([c for c in book.customers.values() if c.status == "moved_in"])
        application = apply_for_credit(site.desk, site.staff.clerk, customer.id, credit_grade="B",
                                       requested_limit=500_000, credit_period_days=30, settlement_cycle_months=1)
        if self.credit_at_city(site.code):  # decisions: approved (or not) at the city office
            customer.status = "pending"
            self.note(f"{site.code} #{customer.id} (moved in) applies, the city office decides")
            return
        approve_credit(site.desk, site.staff.marketing, application.application_id)
        customer.status, customer.since = "active", self.day
        self.stats["moved customers approved"] += 1
        self.note(f"{site.code} #{customer.id} (moved in) approved")

    def learn_moved_in(self, site: Site) -> None:
        """The branch's clerks see the customers the city office's package brought in."""
        book = self.books[site.code]
        for customer_id, name, id_number in _rows(site.desk.path, MOVED_IN):
            if customer_id not in book.customers:
                book.customers[customer_id] = Customer(customer_id, name, id_number, "moved_in", self.day)

    # -- the old backup ---------------------------------------------------------------------------------
    def take_backup(self) -> None:
        site = self.branches[self.restored]
        _forget(site.desk.path)
        site.desk.release()  # the last connection closed: the write-ahead log is in the file
        target = self.folder / f"{self.restored}-backup.sqlite3"
        shutil.copyfile(site.desk.path, target)
        self.backup = (target, copy.deepcopy(self.books[self.restored]))
        self.note(f"{self.restored} backed up")

    def restore_backup(self) -> None:
        """The branch's disk fails and yesterday's backup is put back. First the city office must have
        applied something the backup does not know (so the backup is really old); afterwards the city
        office's acknowledgement is ahead of the branch, and the branch's next package is a fork."""
        code, site = self.restored, self.branches[self.restored]
        backup, book = self.backup
        in_backup = _rows(backup, "SELECT coalesce(max(seq), 0) FROM exchange_packages WHERE direction = 'out'")[0][0]
        for _day in range(self.rng.randint(0, 3)):  # the branch worked on after the backup, sending packages
            self.operation(code)
            self.to_city += [Parcel.read(p) for p in self.export(site)]
        parcels = sorted(map(Parcel.read, self.export(site)), key=lambda p: p.seq)
        # the city office gets them in order up to one the backup does not know; the later ones stay on the
        # way (they may still arrive, after the branch has sent new packages under the same numbers)
        upto = self.rng.choice([in_backup + 1, self.rng.randint(in_backup + 1, parcels[-1].seq)])
        self.to_city += [p for p in parcels if p.seq > upto]
        outcomes = self.deliver_to_city([Delivery(p, p.data) for p in parcels if p.seq <= upto])
        self.expect(all(o.state in (PackageState.APPLIED, PackageState.DUPLICATE) for o in outcomes),
                    f"{code} before the restore: {outcomes}")
        sent_before = self.in_order(code)
        _forget(site.desk.path)
        site.desk.release()
        _restore_file(backup, site.desk.path)
        self.books[code] = book
        self.is_restored = True
        move_clock(site.desk, self.day)  # the backup's last entry may be a month old: the head confirms the date
        sent = self.last_sent(site)
        self.note(f"{code} restored from its backup: sent {sent}, the city office has applied {sent_before}")
        # the city office's answer acknowledges more than this database ever sent
        answer = [p for p in map(Parcel.read, exchange.export_packages(self.city.desk, self.city.staff.admin,
                                                                        self.fresh_folder("city-out")))
                  if p.addressee == code]
        self.expect(answer[0].manifest["acknowledged"] == sent_before > sent, f"{code} answer {answer[0].manifest}")
        self.deliver_to_branch(site, [Delivery(answer[0], answer[0].data, "exchange.restored_here")])
        # and the branch's next package is a fork of the one the city office applied
        self.op_customer(site, self.books[code])
        fresh = [Parcel.read(p) for p in self.export(site)]
        self.expect(fresh[0].seq == sent + 1, f"{code} exports {fresh[0].seq} after {sent}")
        outcomes = self.deliver_to_city([Delivery(fresh[0], fresh[0].data)])
        self.expect(outcomes[0].state == PackageState.REFUSED and outcomes[0].reason.code == "exchange.fork",
                    f"{code} forked package: {outcomes[0]}")

    # -- files moving --------------------------------------------------------------------------------------
    def exchange_event(self) -> None:
        event = self.rng.choices(["branch_export", "city_import", "city_export", "branch_import"], [4, 3, 2, 3])[0]
        if event == "branch_export":
            site = self.branches[self.rng.choice(CODES)]
            self.to_city += [Parcel.read(p) for p in self.export(site)]
        elif event == "city_import":
            self.deliver_to_city(self.pick(self.to_city))
        elif event == "city_export":
            for path in exchange.export_packages(self.city.desk, self.city.staff.admin, self.fresh_folder("city-out")):
                parcel = Parcel.read(path)
                self.expect(parcel.manifest["acknowledged"] == self.in_order(parcel.addressee),
                            f"{parcel.name} acknowledges {parcel.manifest['acknowledged']}")
                self.to_branch[parcel.addressee].append(parcel)
        else:
            code = self.rng.choice(CODES)
            deliveries = self.pick(self.to_branch[code])
            if self.rng.random() < 0.2:  # a file meant for another branch lands here
                other = self.rng.choice([p for c in CODES if c != code for p in self.to_branch[c]] or [None])
                if other is not None:
                    deliveries.append(Delivery(other, other.data, "exchange.not_for_us", "misdelivered"))
            self.deliver_to_branch(self.branches[code], deliveries)

    def export(self, site: Site) -> list[Path]:
        last = self.last_sent(site)
        paths = exchange.export_packages(site.desk, site.staff.head, self.fresh_folder(f"{site.code}-out"))
        parcels = [Parcel.read(p) for p in paths]
        self.expect(parcels[0].seq == last + 1 and sorted(p.seq for p in parcels[1:]) == self.unacknowledged(site)[:-1],
                    f"{site.code} export after {last}: {[p.name for p in parcels]}")
        self.note(f"{site.code} exports {[p.seq for p in parcels]}")
        return paths

    def pick(self, transit: list[Parcel]) -> list[Delivery]:
        """The files taken from a stick: some lost, some left for later, some twice, some damaged, shuffled."""
        rng, out, kept = self.rng, [], []
        for parcel in transit:
            fate = rng.random()
            if fate < 0.1:
                self.note(f"{parcel.name} lost")
            elif fate < 0.3:
                kept.append(parcel)
            else:
                out.append(Delivery(parcel, parcel.data))
                if rng.random() < 0.15:
                    out.append(Delivery(parcel, parcel.data, how="again"))
                if rng.random() < 0.15:
                    kept.append(parcel)
            if rng.random() < 0.15:
                how = rng.choice(MUTATIONS)
                data, refusal = damaged(parcel, how, rng)
                out.append(Delivery(parcel, data, refusal, how))
        transit[:] = kept
        rng.shuffle(out)
        return out

    def write(self, deliveries: list[Delivery]) -> list[Path]:
        """The files on a stick, each under its package's name (a second copy of a name, in a folder of its own)."""
        folder = self.fresh_folder("stick")
        paths, seen = [], set()
        for n, delivery in enumerate(deliveries):
            path = folder / delivery.parcel.name
            if delivery.parcel.name in seen:
                (folder / str(n)).mkdir()
                path = folder / str(n) / delivery.parcel.name
            seen.add(delivery.parcel.name)
            path.write_bytes(delivery.data)
            paths.append(path)
        return paths

    # -- at the city office ---------------------------------------------------------------------------------
    def in_order(self, code: str) -> int:
        n = 0
        while n + 1 in self.applied[code]:
            n += 1
        return n

    def predict_at_city(self, parcel: Parcel) -> tuple[PackageState, str | None, tuple[int, ...]]:
        """What the city office must do with an intact package (and the model of its copies updated)."""
        code, seq, sha, previous = parcel.sender, parcel.seq, parcel.sha256, parcel.manifest["previous_sha256"]
        applied, held = self.applied[code], self.held[code]
        if seq in applied:
            return (PackageState.DUPLICATE, None, ()) if applied[seq] == sha else (PackageState.REFUSED, "exchange.fork", ())
        last = max(applied, default=0)
        if seq > last + 1:
            if seq in held:
                return (PackageState.DUPLICATE, None, ()) if held[seq][0] == sha else \
                    (PackageState.REFUSED, "exchange.fork", ())
            held[seq] = (sha, previous)
            return PackageState.HELD, "exchange.gap", ()
        if seq > 1 and applied.get(seq - 1) != previous:
            return PackageState.REFUSED, "exchange.fork", ()
        applied[seq] = sha
        held.pop(seq, None)
        unblocked = []
        while seq + 1 in held:
            seq += 1
            held_sha, held_previous = held.pop(seq)
            if held_previous != applied[seq - 1]:
                break  # refused as a fork when its turn comes
            applied[seq] = held_sha
            unblocked.append(seq)
        return PackageState.APPLIED, None, tuple(unblocked)

    def deliver_to_city(self, deliveries: list[Delivery]) -> list[exchange.Outcome]:
        """Imports the files, intact ones in batches, each one expected to be refused on its own (to see
        that it changed nothing)."""
        results, batch = [], []
        paths = self.write(deliveries)
        for delivery, path in zip(deliveries, paths):
            if delivery.refusal is None:
                expected = self.predict_at_city(delivery.parcel)
                if expected[0] is not PackageState.REFUSED:
                    batch.append((delivery, path, expected))
                    continue
                delivery.refusal = expected[1]
            results += self._city_batch(batch)
            batch = []
            results.append(self._city_refusal(delivery, path))
        results += self._city_batch(batch)
        return results

    def _city_batch(self, batch) -> list[exchange.Outcome]:
        if not batch:
            return []
        outcomes = exchange.import_packages(self.city.desk, self.city.staff.admin, [path for _, path, _ in batch])
        for (delivery, _path, (state, reason, unblocked)), outcome in zip(batch, outcomes):
            self.note(f"city imports {delivery.parcel.name} ({delivery.how}): {outcome.state}"
                      f"{' +' + str(outcome.also_applied) if outcome.also_applied else ''}")
            self.count("city office", outcome)
            got = (outcome.state, outcome.reason.code if outcome.reason else None, outcome.also_applied)
            self.expect(got == (state, reason, unblocked), f"city imports {delivery.parcel.name} ({delivery.how}): "
                        f"expected {(state, reason, unblocked)}, got {got} {outcome.message('en')}")
            if outcome.reason is not None:
                self.check_message(outcome, delivery.parcel)
        return outcomes

    def _city_refusal(self, delivery: Delivery, path: Path) -> exchange.Outcome:
        code = delivery.parcel.sender
        before = self.replica_state(code)
        [outcome] = exchange.import_packages(self.city.desk, self.city.staff.admin, [path])
        self.count("city office", outcome)
        self.note(f"city imports {delivery.parcel.name} ({delivery.how}): {outcome.state} "
                  f"{outcome.reason.code if outcome.reason else ''}")
        self.expect(outcome.state == PackageState.REFUSED and outcome.reason is not None
                    and outcome.reason.code == delivery.refusal,
                    f"city imports {delivery.parcel.name} ({delivery.how}): expected {delivery.refusal}, got "
                    f"{outcome.state} {outcome.message('en')}")
        self.check_message(outcome, delivery.parcel)
        self.expect(self.replica_state(code) == before,
                    f"city refused {delivery.parcel.name} ({delivery.how}) but the copy of {code} changed")
        return outcome

    def replica_state(self, code: str) -> dict:
        path = exchange.replica_path(self.city.desk, code)
        state = _content(path, REPLICA_KEPT)
        state["packages"] = _rows(path, "SELECT seq, sha256, state FROM exchange_packages "
                                        "WHERE state IN ('applied', 'held') ORDER BY seq, state")
        return state

    # -- at a branch ----------------------------------------------------------------------------------------
    def last_sent(self, site: Site) -> int:
        return _rows(site.desk.path, "SELECT coalesce(max(seq), 0) FROM exchange_packages "
                                     "WHERE direction = 'out'")[0][0]

    def unacknowledged(self, site: Site) -> list[int]:
        return [seq for (seq,) in _rows(site.desk.path, "SELECT seq FROM exchange_packages WHERE direction = 'out'"
                                                        " AND state = 'sent' ORDER BY seq")]

    def predict_at_branch(self, site: Site, parcel: Parcel) -> tuple[PackageState, str | None]:
        applied = dict(_rows(site.desk.path, "SELECT seq, sha256 FROM exchange_packages WHERE direction = 'in'"
                                             " AND kind = 'city' AND state = 'applied'"))
        if applied.get(parcel.seq) == parcel.sha256:
            return PackageState.DUPLICATE, None
        if applied and parcel.seq <= max(applied):
            return PackageState.SUPERSEDED, None
        sent = dict(_rows(site.desk.path, "SELECT seq, sha256 FROM exchange_packages WHERE direction = 'out'"))
        acknowledged = parcel.manifest["acknowledged"]
        if acknowledged > max(sent, default=0):
            return PackageState.REFUSED, "exchange.restored_here"
        if acknowledged and sent[acknowledged] != parcel.manifest["acknowledged_sha256"]:
            return PackageState.REFUSED, "exchange.acknowledged_other"  # restored, and new packages sent since
        return PackageState.APPLIED, None

    def deliver_to_branch(self, site: Site, deliveries: list[Delivery]) -> None:
        for delivery, path in zip(deliveries, self.write(deliveries)):
            expected = (PackageState.REFUSED, delivery.refusal) if delivery.refusal else \
                self.predict_at_branch(site, delivery.parcel)
            before = _content(site.desk.path, BRANCH_KEPT + ("city_blacklist", "exchange_out")) \
                if expected[0] is PackageState.REFUSED else None
            [outcome] = exchange.import_packages(site.desk, site.staff.head, [path])
            self.count("branch", outcome)
            self.note(f"{site.code} imports {delivery.parcel.name} ({delivery.how}): {outcome.state}")
            got = (outcome.state, outcome.reason.code if outcome.reason else None)
            self.expect(got == expected, f"{site.code} imports {delivery.parcel.name} ({delivery.how}): expected "
                        f"{expected}, got {got} {outcome.message('en')}")
            if outcome.reason is not None:
                self.check_message(outcome, delivery.parcel)
            if before is not None:
                self.expect(_content(site.desk.path, BRANCH_KEPT + ("city_blacklist", "exchange_out")) == before,
                            f"{site.code} refused {delivery.parcel.name} ({delivery.how}) but changed")
            if outcome.state is PackageState.APPLIED:
                self.check_acknowledged(site)
                self.learn_moved_in(site)
                self.learn_decided(site)

    def check_acknowledged(self, site: Site) -> None:
        """What a branch takes as acknowledged is what the city office applied: the same packages."""
        for seq, sha in _rows(site.desk.path, "SELECT seq, sha256 FROM exchange_packages WHERE direction = 'out'"
                                              " AND state = 'acknowledged'"):
            self.expect(self.applied[site.code].get(seq) == sha,
                        f"{site.code} takes its package {seq} as acknowledged, but the city office applied "
                        f"{'another package ' + str(seq) if seq in self.applied[site.code] else 'no package ' + str(seq)}")

    def check_message(self, outcome: exchange.Outcome, parcel: Parcel) -> None:
        for lang in ("zh_CN", "en"):
            text = outcome.message(lang)
            self.expect("{" not in text and text != outcome.reason.code, f"message of {outcome.reason.code}: {text}")
            if "file" in outcome.reason.params:
                self.expect(parcel.name in text, f"{outcome.reason.code} does not name the file: {text}")
        if outcome.reason.code == "exchange.fork":
            self.expect(parcel.sender in outcome.message() and str(parcel.seq) in outcome.message("en"),
                        f"fork message: {outcome.message()}")

    # -- the end ----------------------------------------------------------------------------------------------
    def final_exchange(self) -> None:
        """Every branch exports (its unacknowledged packages again); the city office imports all of it,
        and whatever was still on the way, in any order; its answers go back to every branch."""
        parcels = [Parcel.read(p) for code in CODES for p in self.export(self.branches[code])] + self.to_city
        self.to_city = []
        self.rng.shuffle(parcels)
        self.deliver_to_city([Delivery(p, p.data) for p in parcels])
        for code in CODES:
            if code != self.restored or not self.is_restored:
                self.expect(not self.held[code] and self.in_order(code) == self.last_sent(self.branches[code]),
                            f"city office after the final exchange: {code} applied up to {self.in_order(code)}, "
                            f"held {sorted(self.held[code])}, sent {self.last_sent(self.branches[code])}")
        before = {code: self.moved_in(code) for code in CODES}
        self.answer_every_branch()
        # a branch that took in a moved customer with the answer, or carried out (or refused) a decision of the
        # city office, sends that on in one more package, so the copies are whole again; the city office's
        # answer to it carries nothing new but the acknowledgement
        compared = [code for code in CODES if code != self.restored or not self.is_restored]
        told = "SELECT hex(decision_uid), outcome FROM city_decisions_taken ORDER BY 1"
        again = [code for code in compared if self.moved_in(code) != before[code] or _rows(
            self.branches[code].desk.path, told) != _rows(exchange.replica_path(self.city.desk, code), told)]
        if again:
            self.deliver_to_city([Delivery(p, p.data) for code in again
                                  for p in map(Parcel.read, self.export(self.branches[code]))])
            self.answer_every_branch(again)
        self.settle_decisions()  # decisions
        self.check_moves()
        for code in CODES:
            if code != self.restored or not self.is_restored:
                self.expect(self.unacknowledged(self.branches[code]) == [],
                            f"{code} still waits for {self.unacknowledged(self.branches[code])}")

    def answer_every_branch(self, only: list[str] | None = None) -> None:
        answers = [Parcel.read(p) for p in exchange.export_packages(self.city.desk, self.city.staff.admin,
                                                                      self.fresh_folder("city-out"))]
        for parcel in answers:
            if only is None or parcel.addressee in only:
                self.deliver_to_branch(self.branches[parcel.addressee], [Delivery(parcel, parcel.data)])

    def moved_in(self, code: str) -> set[tuple[str, str]]:
        """(from branch, customer uid) of the customers ``code`` took on from other branches."""
        return set(_rows(self.branches[code].desk.path, "SELECT t.other_site, hex(c.uid) FROM customer_transfers t"
                                                        " JOIN customers c ON c.id = t.customer_id"
                                                        " WHERE t.direction = 'in'"))

    def check_moves(self) -> None:
        """Every move the city office knows of (from its copies of the branches it came from) reached its
        branch once, the same customer (uid, name, id number), and nothing else arrived there."""
        gone = {code: _rows(exchange.replica_path(self.city.desk, code),
                            "SELECT t.other_site, hex(c.uid), c.name, c.id_number FROM customer_transfers t"
                            " JOIN customers c ON c.id = t.customer_id WHERE t.direction = 'out'") for code in CODES}
        for code in CODES:
            if code == self.restored and self.is_restored:
                continue  # what the city office sent before the restore is in no file of that branch now
            expected = sorted((origin, uid, name, number) for origin in CODES for to, uid, name, number in gone[origin]
                              if to == code)
            arrived = sorted(_rows(self.branches[code].desk.path,
                                   "SELECT t.other_site, hex(c.uid), c.name, c.id_number FROM customer_transfers t"
                                   " JOIN customers c ON c.id = t.customer_id WHERE t.direction = 'in'"))
            self.expect(arrived == expected, f"{code}: customers moved in {arrived}, the city office knows {expected}")

    def compare_figures(self) -> None:
        """For every branch (but the restored one): the city office's copy holds the branch's rows, and the
        report services show the same figures on both; one branch a scenario (by turns) gets every report
        compared, as of several days."""
        blacklisted = {code: _rows(exchange.replica_path(self.city.desk, code),
                                   "SELECT hex(uid), name, id_number FROM customers WHERE status = 'blacklisted'")
                       for code in CODES}
        compared = [code for code in CODES if code != self.restored or not self.is_restored]
        in_full = self.rng.choice(compared)
        past = START + timedelta(days=self.rng.randint(0, max(0, (self.day - START).days)))
        for code in compared:
            site, replica = self.branches[code], self.world.replicas[code]
            replica.release()
            differences = _differences(site.desk.path, replica.path)
            self.expect(not differences, f"{code}: the city office's copy differs: {differences}")
            actor = site.staff.head
            for day in (self.day, past):
                self.expect(aging_report(site.desk, actor, day) == aging_report(replica, actor, day),
                            f"{code}: aging as of {day} differs at the city office")
            request = ReportRequest(ReportKind.AGING, as_of=self.day)
            self.expect(details(site.desk, actor, request).rows == details(replica, actor, request).rows,
                        f"{code}: the open items differ at the city office")
            if code == in_full:
                self.compare_reports(site, replica, past)
            expected = sorted([c, uid, name, number] for c in CODES if c != code
                              for uid, name, number in blacklisted[c])
            self.expect(sorted([c, uid, name, number] for c, uid, name, number in _rows(
                site.desk.path, "SELECT site_code, hex(customer_uid), name, id_number FROM city_blacklist")) == expected,
                f"{code}: the city-wide blacklist is not every other branch's blacklist")

    def compare_reports(self, site: Site, replica: Desk, past: date) -> None:
        """The movement table over the scenario (opening and closing replayed), aging in both schemes with
        every grouping, as of today (the maintained balances) and a past day (replayed), the open items."""
        requests = [ReportRequest(ReportKind.MOVEMENT, as_of=self.day, start=self.rng.choice([START, past])),
                    ReportRequest(ReportKind.AGING, as_of=self.day, scheme=AgingScheme.TELECOM),
                    ReportRequest(ReportKind.AGING, as_of=self.day), ReportRequest(ReportKind.AGING, as_of=past)]
        actor = site.staff.head
        for request in requests:
            ours, theirs = build(site.desk, actor, request), build(replica, actor, request)
            for mine, copied in zip(ours.tables, theirs.tables, strict=True):
                self.expect((mine.rows, mine.totals) == (copied.rows, copied.totals),
                            f"{site.code}: {request.kind} as of {request.as_of} ({mine.key}) differs at the city office")
            self.expect(ours.warnings == theirs.warnings == [], f"{site.code}: {request.kind} warns {ours.warnings}")
        request = ReportRequest(ReportKind.AGING, as_of=past)
        self.expect(details(site.desk, actor, request).rows == details(replica, actor, request).rows,
                    f"{site.code}: the open items as of {past} differ at the city office")

    def verify_everywhere(self) -> None:
        desks = [("city office", self.city.desk)] + [(code, self.branches[code].desk) for code in CODES] + \
            [(f"the city office's copy of {code}", self.world.replicas[code]) for code in CODES]
        for name, desk in desks:
            failed = [f"{c.name}: {c.failures}" for c in run_checks(desk) if not c.ok]
            self.expect(not failed, f"verify fails at {name}: {failed}")

    # -- decisions: write-offs applied at a branch, decided at the city office, booked at the branch -------
    def decision_choices(self, code: str, book: Book) -> list[tuple[str, float]]:
        [(write_offs_at, credit_at, open_write_offs, pending_credit, closes)] = _rows(
            self.branches[code].desk.path, DECISION_STATE)
        found = [] if write_offs_at == '"city"' else [("finance_at_city", 1.5)]
        if book.items:
            found += [("wo_apply", 3)]
        if open_write_offs:
            found += [("wo_decide", 8)]
        # credit decided by marketing at the city office, months closed at the branch and reopened by city finance
        if credit_at != '"city"':
            found += [("marketing_at_city", 1.5)]
        else:
            found += [("cr_apply", 1)]
            if pending_credit:
                found += [("cr_decide", 4)]
        if not self.reopening_on_its_way(code):  # one at a time, so that what it comes to is known
            found += [("close_month", 0.6), ("reopen", 1.2 if closes else 0.5)]
        return found

    def approved_at(self, code: str) -> str:
        found = _rows(self.branches[code].desk.path, "SELECT value FROM settings WHERE key = 'write_off.approved_at'")
        return json.loads(found[0][0]) if found else "branch"

    def op_finance_at_city(self, site: Site, _book: Book) -> None:
        set_write_off_approved_at(site.desk, site.staff.admin, "city")
        self.stats["branches leaving write-offs to the city office"] += 1
        self.note(f"{site.code} write-offs approved at the city office from now on")

    def op_wo_apply(self, site: Site, book: Book) -> None:
        """A clerk applies for a write-off of (part of) an item more than three months overdue."""
        items = [q for q in qualifying_items(site.desk, site.staff.clerk) if q.open_amount > q.applied_for]
        if not items:  # nothing qualifies yet: time passes until the oldest open item is three months overdue
            [(due,)] = _rows(site.desk.path, OLDEST_OPEN_DUE)
            if due is None:
                return self.op_fifo(site, book) if book.customers else None
            self.move_all(max(self.day, add_months(date.fromisoformat(due), 3) + timedelta(days=1)))
            items = [q for q in qualifying_items(site.desk, site.staff.clerk) if q.open_amount > q.applied_for]
            if not items:
                return
        q = self.rng.choice(items)
        amount = self.rng.choice([None, self.rng.randint(1, q.open_amount - q.applied_for)])
        info = apply_write_off(site.desk, site.staff.clerk, WriteOffRequest(
            q.item_id, Cause.COURT, "法院终结执行", dict(COURT_FACTS), (COURT_SCAN,), amount))
        self.stats["write-offs applied"] += 1
        self.note(f"{site.code} write-off #{info.application_id} applied for item #{q.item_id} ({info.amount})")

    def op_wo_decide(self, site: Site, book: Book) -> None:
        """Finance decides an application waiting for it: at the city office (from its copy of the branch,
        maybe behind) where the branch's finance sits there, else at the branch."""
        if self.approved_at(site.code) == "city":
            waiting = [r for r in branch_applications(self.city.desk, self.city.staff.finance, site.code)
                       if r.pending is None and r.stage is Stage.AWAITING_APPROVAL]
            if not waiting:  # the city office has nothing of it yet: the branch's files are taken there now
                self.deliver_to_city([Delivery(p, p.data) for p in map(Parcel.read, self.export(site))])
                waiting = [r for r in branch_applications(self.city.desk, self.city.staff.finance, site.code)
                           if r.pending is None and r.stage is Stage.AWAITING_APPROVAL]
            if not waiting:
                return self.op_wo_apply(site, book)
            row = self.rng.choice(waiting)
            approve = self.rng.random() < 0.8
            decide_branch_write_off(self.city.desk, self.city.staff.finance, site.code, row.info.application_id,
                                    "write_off_approve" if approve else "write_off_reject", "" if approve else "证据不足")
            self.stats[f"write-offs {'approved' if approve else 'rejected'} at the city office"] += 1
            self.note(f"city {'approves' if approve else 'rejects'} {site.code} write-off #{row.info.application_id}")
            if approve and self.rng.random() < 0.25:  # the customer pays meanwhile: the branch will refuse it
                self._repayment(site, book, row.info.customer_id, row.info.amount,
                                (NamedTarget(row.info.item_id, row.info.amount),))
            return
        waiting = [a for a in applications(site.desk, site.staff.finance) if a.stage is Stage.AWAITING_APPROVAL]
        if not waiting:
            return self.op_wo_apply(site, book)
        chosen = self.rng.choice(waiting)
        approve_write_off(site.desk, site.staff.finance, chosen.application_id)
        self.stats["write-offs approved at the branch"] += 1
        self.note(f"{site.code} approves its write-off #{chosen.application_id}")

    # -- decisions: credit decided by marketing at the city office ------------------------------------------
    def credit_at_city(self, code: str) -> bool:
        return _rows(self.branches[code].desk.path, CREDIT_AT)[0][0] == '"city"'

    def op_marketing_at_city(self, site: Site, _book: Book) -> None:
        set_credit_approved_at(site.desk, site.staff.admin, "city")
        self.stats["branches leaving credit to the city office"] += 1
        self.note(f"{site.code} credit approved at the city office from now on")

    def op_cr_apply(self, site: Site, book: Book) -> None:
        """A customer applies for credit (again: a rejected applicant, or a renewal of a running agreement)."""
        waiting = {customer_id for (customer_id,) in _rows(site.desk.path, PENDING_CREDIT)}
        candidates = [c for c in book.customers.values() if c.status in ("pending", "active") and c.id not in waiting]
        if not candidates:
            return self.op_customer(site, book)
        customer = self.rng.choices(candidates, [2 if c.status == "active" else 1 for c in candidates])[0]
        application = apply_for_credit(site.desk, site.staff.clerk, customer.id, credit_grade="A",
                                       requested_limit=self.rng.choice([300_000, 2_000_000]),
                                       credit_period_days=self.rng.choice([15, 30, 60]),
                                       settlement_cycle_months=self.rng.choice([1, 2]))
        self.note(f"{site.code} #{customer.id} ({customer.status}) applies for credit #{application.application_id}")

    def op_cr_decide(self, site: Site, book: Book) -> None:
        """Marketing at the city office decides a pending application from its copy of the branch (the branch's
        files taken there first if the copy has none); sometimes the branch makes it impossible before the
        decision arrives: it decides the application itself, or blacklists the customer."""
        city = self.city.staff.marketing

        def waiting():
            return [r for r in branch_credit_applications(self.city.desk, city, site.code) if r.pending is None]
        rows = waiting()
        if not rows and self.rng.random() < 0.5:  # sometimes the branch's files are taken there now
            self.deliver_to_city([Delivery(p, p.data) for p in map(Parcel.read, self.export(site))])
            rows = waiting()
        if not rows:
            return self.op_cr_apply(site, book)
        row = self.rng.choice(rows)
        approve = self.rng.random() < 0.8
        terms = {}
        if approve and self.rng.random() < 0.6:
            terms = {"credit_limit": self.rng.choice([None, row.info.requested_limit // 2]),
                     "credit_period_days": self.rng.choice([0, 45, 90, 180]),
                     "settlement_cycle_months": self.rng.choice([1, 2, 3])}
        decide_branch_credit(self.city.desk, city, site.code, row.info.application_id,
                             "credit_approve" if approve else "credit_reject", reason="同意" if approve else "资料不全",
                             **terms)
        uid = self.last_decision()
        self.stats[f"credit {'approved' if approve else 'rejected'} at the city office"] += 1
        self.note(f"city {'approves' if approve else 'rejects'} {site.code} credit #{row.info.application_id} {terms}")
        predicted = ("done", None)
        if self.rng.random() < 0.35:
            customer = book.customers.get(row.info.customer_id)
            active = customer is not None and customer.status == "active"
            due = _rows(site.desk.path, OPEN_DUE.format(customer=customer.id))[0][0] if active else None
            if approve and due is not None and self.rng.random() < 0.7:
                predicted = self.blacklist_meanwhile(site, customer, date.fromisoformat(due)) or predicted
            else:
                predicted = self.decided_here_meanwhile(site, book, row.info.application_id, row.info.customer_id)
        self.predicted[uid] = predicted

    def decided_here_meanwhile(self, site: Site, book: Book, application_id: int, customer_id: int):
        """The branch goes back to deciding credit itself for a moment and decides the application first."""
        set_credit_approved_at(site.desk, site.staff.admin, "branch")
        try:
            if self.rng.random() < 0.5:
                approve_credit(site.desk, site.staff.marketing, application_id)
                customer = book.customers.get(customer_id)
                if customer is not None:
                    customer.status, customer.since = "active", self.day
            else:
                reject_credit(site.desk, site.staff.marketing, application_id, "客户撤回")
        except DomainError as error:  # moved away meanwhile: the branch refuses the city's decision for that
            self.note(f"{site.code} cannot decide credit #{application_id} itself: {error.code}")
            return "refused", error.code
        finally:
            set_credit_approved_at(site.desk, site.staff.admin, "city")
        self.stats["credit decided at the branch before the city's decision arrived"] += 1
        self.note(f"{site.code} decides credit #{application_id} itself before the city's decision arrives")
        return "refused", "credit.not_pending"

    def blacklist_meanwhile(self, site: Site, customer: Customer, due: date):
        """The customer's debt falls overdue and gets a written notice; its pay-by date passes and the head
        blacklists the customer."""
        try:
            self.move_all(max(self.day, due + timedelta(days=1)))
            issue_notices(site.desk, site.staff.head, [customer.id], out=self.fresh_folder("notice") / "notice.pdf")
            self.move_all(self.day + timedelta(days=11))
            info = change_status(site.desk, site.staff.head, customer.id, StatusAction.BLACKLIST, "恶意欠费")
        except DomainError as error:
            self.note(f"{site.code} could not blacklist #{customer.id}: {error.code}")
            return None
        customer.status = info.status
        self.stats["customers blacklisted before the city's credit approval arrived"] += 1
        self.note(f"{site.code} #{customer.id} blacklisted before the city's credit approval arrives")
        return "refused", "credit.blacklist_history"

    def learn_decided(self, site: Site) -> None:
        """The branch's clerks see which of their applicants the city office's decisions made customers."""
        book = self.books[site.code]
        waiting = [c.id for c in book.customers.values() if c.status == "pending"]
        if not waiting:
            return
        found = dict(_rows(site.desk.path, f"SELECT id, status FROM customers WHERE id IN ({','.join(map(str, waiting))})"))
        for customer_id in waiting:
            if found.get(customer_id, "pending") != "pending":
                book.customers[customer_id].status, book.customers[customer_id].since = found[customer_id], self.day

    def last_decision(self) -> str:
        return _rows(self.city.desk.path, "SELECT hex(uid) FROM city_decisions ORDER BY id DESC LIMIT 1")[0][0]

    # -- decisions: months closed at the branch, reopened by finance at the city office ---------------------
    def closed_through(self, path: Path) -> int | None:
        return closed_books(_rows(path, "SELECT kind, period FROM month_closings ORDER BY id")).through

    def next_to_close(self, path: Path) -> int | None:
        through = self.closed_through(path)
        period = period_of(START) if through is None else period_from_index(month_index(through) + 1)
        return period if period < period_of(self.day) else None

    def op_close_month(self, site: Site, _book: Book) -> None:
        """月结 of the branch's next month (the month has ended; no finance figures imported: explained)."""
        period = self.next_to_close(site.desk.path)
        if period is None:
            return
        close_month(site.desk, site.staff.finance, period, "财务、业务系统数据未导入")
        self.stats["months closed"] += 1
        self.note(f"{site.code} closes {period}")

    def reopening_on_its_way(self, code: str) -> bool:
        made = self.reopenings[code]
        if made:
            taken = {uid for (uid,) in _rows(self.branches[code].desk.path,
                                             "SELECT hex(decision_uid) FROM city_decisions_taken")}
            made -= taken
        return bool(made)

    def op_reopen(self, site: Site, book: Book) -> None:
        """City finance reopens the latest closed month of its copy of the branch (which may be behind: the
        branch has closed a later month, or the month was reopened there); sometimes the branch reopens it
        itself, or closes the next month, before the decision arrives. What the branch must do with it follows
        from the branch's months when the decision is made, since no other close or reopening reaches the
        branch while this one is on its way."""
        if self.closed_through(site.desk.path) is None:  # nothing closed yet: finance closes a month first
            self.op_close_month(site, book)
        copy = exchange.replica_path(self.city.desk, site.code)
        period = self.closed_through(copy)
        if period is None:  # the copy has no close yet: sometimes the branch's files are taken there now
            if self.closed_through(site.desk.path) is None or self.rng.random() < 0.5:
                return
            self.deliver_to_city([Delivery(p, p.data) for p in map(Parcel.read, self.export(site))])
            period = self.closed_through(copy)
            if period is None:
                return
        reopen_branch_month(self.city.desk, self.city.staff.finance, site.code, period, REOPEN_REASON)
        uid = self.last_decision()
        self.reopenings[site.code].add(uid)
        self.stats["months reopened by the city office"] += 1
        self.note(f"city reopens {site.code} {period}")
        if period == self.closed_through(site.desk.path) and self.rng.random() < 0.4:
            later = self.next_to_close(site.desk.path)
            if self.rng.random() < 0.5 or later is None:
                reopen_month(site.desk, site.staff.finance, period, "网点自行反结账")
                self.note(f"{site.code} reopens {period} itself before the city's decision arrives")
            else:
                close_month(site.desk, site.staff.finance, later, "财务、业务系统数据未导入")
                self.note(f"{site.code} closes {later} before the city's decision to reopen {period} arrives")
        history = _rows(site.desk.path, "SELECT kind, period FROM month_closings ORDER BY id")
        try:
            require_reopenable(period, closed_books(history), REOPEN_REASON)
            self.predicted[uid] = ("done", None)
        except DomainError as error:
            self.predicted[uid] = ("refused", error.code)

    def settle_decisions(self) -> None:
        """After the final answers (and the branches' last word on what they did with the decisions): every
        decision the city office made is answered at its branch, each write-off approval carried out is one
        write-off in the city user's name for the amount approved, and no application is decided twice."""
        compared = [code for code in CODES if code != self.restored or not self.is_restored]
        for code in compared:
            path = self.branches[code].desk.path
            made = _rows(self.city.desk.path, f"SELECT hex(uid), kind, amount FROM city_decisions "
                                              f"WHERE branch_code = '{code}'")
            taken = {uid: (outcome, reason) for uid, outcome, reason in _rows(
                path, "SELECT hex(decision_uid), outcome, reason FROM city_decisions_taken")}
            self.expect({uid for uid, _k, _a in made} <= set(taken),
                        f"{code}: decisions of the city office not answered: "
                        f"{sorted({uid for uid, _k, _a in made} - set(taken))}")
            for _uid, outcome, reason in [(u, *taken[u]) for u, _k, _a in made]:
                self.stats[f"city decisions {outcome}{' ' + json.loads(reason)['code'] if reason else ''}"] += 1
            approved = sorted(a for uid, kind, a in made if kind == "write_off_approve" and taken[uid][0] == "done")
            booked = sorted(a for (a,) in _rows(path, "SELECT w.amount FROM write_offs w JOIN users u ON u.id = "
                                                      "w.approved_by_id JOIN sites s ON s.id = u.site_id "
                                                      "WHERE s.kind = 'city'"))
            self.expect(approved == booked, f"{code}: the city office approved {approved}, booked {booked}")
            twice = _rows(path, "SELECT application_id FROM write_off_decisions WHERE kind IN "
                                "('approved', 'rejected', 'withdrawn') GROUP BY application_id HAVING count(*) > 1")
            self.expect(not twice, f"{code}: applications decided twice: {twice}")
            self.check_credit_and_reopenings(code, taken)

    def check_credit_and_reopenings(self, code: str, taken: dict[str, tuple[str, str]]) -> None:
        """Each credit decision and reopening came to what was predicted (a customer moved away meanwhile
        refuses a credit decision too), one carried out did what was decided in the city user's name and one
        refused changed nothing; the city office lists every decision with the branch's outcome."""
        path = self.branches[code].desk.path
        made = _rows(self.city.desk.path, "SELECT hex(d.uid), d.kind, hex(d.subject_uid), d.period, d.amount,"
                                          " d.credit_period_days, d.settlement_cycle_months, d.reason, u.username"
                                          f" FROM city_decisions d JOIN users u ON u.id = d.decided_by_id"
                                          f" WHERE d.branch_code = '{code}' ORDER BY d.id")
        outcomes = []
        for uid, kind, subject, period, amount, days, months, reason, user in made:
            outcome, refusal = taken[uid]
            refused = json.loads(refusal)["code"] if refusal else None
            outcomes.append((kind, outcome, refused))
            self.stats[f"city {kind} {outcome}{' ' + refused if refused else ''}"] += 1
            if kind.startswith("write_off"):
                continue
            predicted = self.predicted.get(uid)
            moved = kind.startswith("credit") and _rows(path, MOVED_AWAY.format(uid=subject))[0][0]
            if predicted is not None and not (moved and refused == "transfer.moved_away"):
                self.expect((outcome, refused) == predicted, f"{code}: the city's {kind} {uid[:8]} came to "
                            f"{(outcome, refused)} at the branch, not {predicted}")
            by_city = f"CITY/{user}"
            if kind == "credit_approve":
                agreement = _rows(path, AGREEMENT_OF.format(uid=subject))
                self.expect(agreement == [(amount, days, months, by_city)] if outcome == "done" else
                            all(a[-1] != by_city for a in agreement),
                            f"{code}: credit approval {uid[:8]} ({outcome}) left the agreements {agreement}, the "
                            f"city granted {(amount, days, months)}")
            elif kind == "credit_reject":
                decided = _rows(path, APPLICATION_OF.format(uid=subject))
                self.expect(decided == [("rejected", by_city, reason)] if outcome == "done" else
                            decided[0][1] != by_city,
                            f"{code}: credit rejection {uid[:8]} ({outcome}): the application is {decided}")
            elif outcome == "done":
                reopened = _rows(path, REOPENING_OF.format(uid=uid))
                self.expect(reopened == [("reopen", period, by_city, reason)],
                            f"{code}: the city reopened {period} ({uid[:8]}), the branch recorded {reopened}")
        listed = [(m.kind.value, m.outcome.value, m.refusal.code if m.refusal else None)
                  for m in decisions_made(self.city.desk, self.city.staff.finance, code)]
        self.expect(sorted(listed) == sorted(outcomes), f"{code}: the city office lists its decisions as {listed}, "
                    f"the branch did {outcomes}")

    def expect(self, condition: bool, what: str) -> None:
        if not condition:
            raise Failure(what)

    def failure(self, error: Exception) -> str:
        where = "" if isinstance(error, Failure) else "\n" + "".join(traceback.format_exception(error)[-6:])
        return (f"seed {self.seed}: {error}{where}\n  last steps:\n    " + "\n    ".join(self.log[-40:]))

    def count(self, where: str, outcome: exchange.Outcome) -> None:
        self.stats[f"{where} {outcome.state}{' ' + outcome.reason.code if outcome.reason else ''}"] += 1
        if outcome.also_applied:
            self.stats[f"{where} unblocked held packages"] += 1


# decisions: what a branch has left to the city office and waiting for a decision, and its months closed
DECISION_STATE = ("SELECT (SELECT value FROM settings WHERE key = 'write_off.approved_at'),"
                  " (SELECT value FROM settings WHERE key = 'credit.approved_at'),"
                  " (SELECT count(*) FROM write_off_applications a WHERE NOT EXISTS (SELECT 1 FROM write_off_decisions d"
                  "  WHERE d.application_id = a.id AND d.kind IN ('approved', 'rejected', 'withdrawn'))),"
                  " (SELECT count(*) FROM credit_applications WHERE status = 'pending'),"
                  " (SELECT count(*) FROM month_closings WHERE kind = 'close')")
MOVED_AWAY = ("SELECT count(*) FROM customer_transfers t JOIN credit_applications a ON a.customer_id = t.customer_id"
              " WHERE t.direction = 'out' AND hex(a.uid) = '{uid}'")
AGREEMENT_OF = ("SELECT g.credit_limit, g.credit_period_days, g.settlement_cycle_months, u.username FROM agreements g"
                " JOIN credit_applications a ON a.id = g.application_id JOIN users u ON u.id = g.approved_by_id"
                " WHERE hex(a.uid) = '{uid}'")
APPLICATION_OF = ("SELECT a.status, u.username, a.decision_note FROM credit_applications a"
                  " LEFT JOIN users u ON u.id = a.decided_by_id WHERE hex(a.uid) = '{uid}'")
REOPENING_OF = ("SELECT m.kind, m.period, u.username, m.reason FROM city_decisions_taken t"
                " JOIN month_closings m ON m.id = t.month_closing_id JOIN users u ON u.id = m.recorded_by_id"
                " WHERE hex(t.decision_uid) = '{uid}'")
REOPEN_REASON = "补录漏记欠费"
CREDIT_AT = "SELECT (SELECT value FROM settings WHERE key = 'credit.approved_at')"
PENDING_CREDIT = "SELECT customer_id FROM credit_applications WHERE status = 'pending'"
OPEN_DUE = ("SELECT min(i.due_date) FROM item_balances b JOIN arrears_items i ON i.id = b.item_id"
            " WHERE b.open_amount > 0 AND i.customer_id = {customer}")
# decisions: write-off applications at a branch still waiting for a decision
OLDEST_OPEN_DUE = ("SELECT min(i.due_date) FROM item_balances b JOIN arrears_items i ON i.id = b.item_id"
                   " WHERE b.open_amount > 0")
OPEN_APPLICATIONS = ("SELECT count(*) FROM write_off_applications a WHERE NOT EXISTS (SELECT 1 FROM write_off_decisions d"
                     " WHERE d.application_id = a.id AND d.kind IN ('approved', 'rejected', 'withdrawn'))")
# Active customers with nothing open and no 预存款: the ones a branch may let move elsewhere.
SETTLED = ("SELECT c.id FROM customers c LEFT JOIN customer_balances b ON b.customer_id = c.id"
           " WHERE c.status = 'active' AND coalesce(b.open_total, 0) = 0 AND coalesce(b.unapplied_credit, 0) = 0")
MOVED_IN = ("SELECT c.id, c.name, c.id_number FROM customers c JOIN customer_transfers t ON t.customer_id = c.id"
            " WHERE t.direction = 'in' AND c.status = 'pending'")


def _rows(path: Path, sql: str) -> list[tuple]:
    """The rows ``sql`` reads from the file, over a read-only connection kept open per file (a new
    connection costs more than a scenario's small queries: it reads the schema again each time)."""
    return _reader(path).execute(sql).fetchall()


def _reader(path: Path) -> sqlite3.Connection:
    con = _READERS.get(path)
    if con is None:
        con = _READERS[path] = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return con


_READERS: dict[Path, sqlite3.Connection] = {}


def _forget(path: Path | None = None) -> None:
    """Closes the reader of ``path`` (of every file): before the file is replaced, or its last writer closes
    it to fold the write-ahead log in (another open connection would keep the log)."""
    for known in [path] if path is not None else list(_READERS):
        con = _READERS.pop(known, None)
        if con is not None:
            con.close()


def _differences(branch: Path, copied: Path) -> list[str]:
    """The tables in which the city office's copy is not the branch's database row for row; the audit
    trail and the hash chain of the copy must be the branch's up to the last row the copy has (the branch
    has recorded the final import since)."""
    con = sqlite3.connect(f"file:{branch}?mode=ro", uri=True)
    try:
        con.execute("ATTACH DATABASE ? AS copied", (f"file:{copied}?mode=ro",))
        found = []
        for table in REPLICA_KEPT:
            if table in ("audit_log", "ledger_chain"):
                mine = f"SELECT * FROM main.{table} WHERE id <= (SELECT coalesce(max(id), 0) FROM copied.{table})"
            else:
                mine = f"SELECT * FROM main.{table}"
            theirs = f"SELECT * FROM copied.{table}"
            if table == "settings":  # what the city office decides arrives with the final import, after the export
                city = ", ".join(f"'{key}'" for key in (*CITY_OWNED_SETTINGS, "exchange.directory"))
                mine, theirs = (f"{q} WHERE key NOT IN ({city})" for q in (mine, theirs))
            n = con.execute(f"SELECT (SELECT count(*) FROM ({mine} EXCEPT {theirs})),"
                            f" (SELECT count(*) FROM ({theirs} EXCEPT {mine}))").fetchone()
            if n != (0, 0):
                found.append(f"{table}: {n[0]} rows only at the branch, {n[1]} only in the copy")
        return found
    finally:
        con.close()


def _content(path: Path, tables: tuple[str, ...]) -> dict[str, str]:
    """A digest of every row of ``tables`` (``exchange_out``: the states of the packages sent), read in one
    transaction over the file's kept reader (taken before and after every refusal: a new connection each
    time read the schema again)."""
    con = _reader(path)
    found = {}
    con.execute("BEGIN")
    try:
        for table in tables:
            sql = "SELECT seq, sha256, state FROM exchange_packages WHERE direction = 'out' ORDER BY seq" \
                if table == "exchange_out" else f"SELECT * FROM {table} ORDER BY rowid"
            found[table] = hashlib.sha256(repr(con.execute(sql).fetchall()).encode()).hexdigest()
    finally:
        con.execute("COMMIT")
    return found


# -- running many ------------------------------------------------------------------------------------------
MEMORY = Path("/dev/shm")
MEMORY_NEEDED = 1 << 30  # a worker's sites take about 30 MB; the rest is room for whatever else uses it
SITES_PREFIX = "arrears-desk-simulation-"
STALE_SECONDS = 6 * 3600  # older than any run


@contextmanager
def sites_folder(otherwise: Path) -> Iterator[Path]:
    """Where the simulated offices keep their files: a folder in memory (tmpfs) where the machine has one with
    room, removed afterwards; ``otherwise`` on disk. The files are as real either way (SQLite, the packages on
    their way); in memory the two workers do not queue for the disk. Measured side by side on this machine
    (two processes at once, as in CI): 2.24 s and 2.53 s a scenario in memory, 2.69 s and 3.42 s on disk."""
    try:
        roomy = MEMORY.is_dir() and os.access(MEMORY, os.W_OK) and shutil.disk_usage(MEMORY).free > MEMORY_NEEDED
    except OSError:
        roomy = False
    if not roomy:
        yield otherwise
        return
    for stale in MEMORY.glob(f"{SITES_PREFIX}*"):  # a run killed outright leaves its folder in memory
        with suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=SITES_PREFIX, dir=MEMORY) as folder:
        yield Path(folder)


@dataclass
class Run:
    """What a batch of scenarios came to: the failures (each naming its seed) and what happened, counted."""
    scenarios: int
    failures: list[str]
    counts: Counter


def run_scenarios(seeds, folder: Path, *, workers: int = 1) -> Run:
    """Each seed's scenario, in ``workers`` processes (each builds its own sites under ``folder`` once). The seeds
    are handed out one at a time to whichever worker is free: a scenario takes 1 to 5 s, and dealing them out in
    advance (every other seed to each) left one worker running alone for the last tens of seconds."""
    seeds = list(seeds)
    workers = max(1, min(workers, len(seeds)))
    if workers == 1:
        return _run_here(seeds, folder)
    failures: list[str] = []
    counts: Counter = Counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                             initargs=(folder,)) as pool:
        for failure, stats in pool.map(_run_in_worker, seeds):
            if failure is not None:
                failures.append(failure)
            counts.update(stats)
    return Run(len(seeds), failures, counts)


_WORLD: World | None = None  # a worker process's sites, built once (_start_worker)


def _start_worker(folder: Path) -> None:
    """In a fresh process, set up as the test suite sets up the program (tests/conftest.py: the cheapest
    password hashes, commits not waiting for the disk; the key folder and the log come in the environment),
    and its sites built under a folder of its own."""
    global _WORLD
    from multiprocessing.util import Finalize

    from argon2 import PasswordHasher, profiles

    import db.engine
    from app.services import passwords
    passwords.HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
    db.engine.SYNCHRONOUS = "NORMAL"
    here = folder / f"worker-{multiprocessing.current_process().pid}"
    here.mkdir(parents=True, exist_ok=True)
    _WORLD = World(here)
    Finalize(None, _WORLD.close, exitpriority=10)  # when the worker ends, its files let go


def _run_in_worker(seed: int) -> tuple[str | None, Counter]:
    return _run_one(_WORLD, seed)


def _run_one(world: World, seed: int) -> tuple[str | None, Counter]:
    """One scenario from the sites' templates: its failure (None if it passed) and what happened in it."""
    world.reset()
    scenario = Scenario(world, seed)
    try:
        scenario.run()
    except Exception as error:  # every failing seed is reported, with what led to it
        return scenario.failure(error), scenario.stats
    return None, scenario.stats


def _run_here(seeds: list[int], folder: Path) -> Run:
    folder.mkdir(parents=True, exist_ok=True)
    world = World(folder)
    failures: list[str] = []
    counts: Counter = Counter()
    try:
        for seed in seeds:
            failure, stats = _run_one(world, seed)
            if failure is not None:
                failures.append(failure)
            counts.update(stats)
    finally:
        world.close()
    return Run(len(seeds), failures, counts)
