"""``arrears-desk demo``: a realistic demo ledger, fast enough for millions of items.

Several branches' customers in every customer group and status; business lines; monthly arrears;
prompt, slow, prepaying and bad payers (so there are part payments, unapplied credit, overdue and
long-overdue items); bounced repayments and mistaken items reversed and re-entered; a few write-offs.

The ledger is simulated customer by customer with the same allocation rule the services use
(``allocate_fifo``), written with bulk inserts, and its maintained balances come from the simulation,
not from SQL, so that ``verify`` really cross-checks the two.
"""
from __future__ import annotations

import os
import tempfile
import heapq
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

from sqlalchemy import select

from app.domain.allocation import OpenItem, allocate_fifo
from app.domain.arrears import AgreementTerms, item_terms
from app.domain.errors import DomainError
from app.domain.periods import add_months
from app.domain.repayments import offset_effective_on
from app.domain.roles import Role
from app.services.auth import add_user
from app.services.memory import without_cycle_collection
from app.services.context import Desk, FixedClock
from app.services.customers import CustomerInput, clean_customer
from app.services.setup import create_site, site_info
from db.engine import analyze, filling, is_server
from db.figures import RevenueFigure
from db.ids import UID_KEEP, UID_MARKS
from db.ledger import row_type
from db.models import (
    Agreement, Allocation, ArrearsItem, Branch, BusinessLine, CollectionRecord, CreditApplication, Customer,
    CustomerBalance, Escalation, ItemBalance, Repayment, RepaymentBalance, Reversal, User, WriteOff,
)

DEMO_PASSWORD = "demo12345"

_CITIES = "石家庄 保定 邯郸 邢台 衡水 沧州 廊坊 唐山 秦皇岛 张家口 承德 晋州 辛集 藁城 正定".split()
_WORDS = ("恒信 华泰 金源 鼎盛 宏达 瑞丰 兴业 博远 天成 永安 润泽 中诚 嘉禾 聚鑫 众和 安泰 新宇 同创 "
          "银河 海纳 德隆 广源 盛世 开元 万通 汇丰 东方 北辰 世纪 长城").split()
_TRADES = ("商贸 物流 科技 电子 食品 建材 医药 印务 文化 电器 服装 机械 化工 农业 传媒 教育 汽配 家居").split()
_SUFFIX = ("有限公司", "有限责任公司", "股份有限公司", "经营部", "商行")
_SURNAMES = "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗".split()
_GIVEN = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 建 国".split()
_BRANCHES = (("城东支局", "E"), ("城西支局", "W"), ("开发区营业部", "K"), ("南关邮政所", "S"))
_GROUPS = (("government", 0.45), ("key_account", 0.15), ("public", 0.25), ("ecommerce", 0.10), ("other", 0.05))
_BEHAVIOURS = (("prompt", 0.55), ("slow", 0.25), ("prepay", 0.05), ("bad", 0.10), ("new", 0.05))
_METHODS = ("transfer", "transfer", "cash", "collection", "wechat", "cheque")


@dataclass
class DemoSummary:
    customers: int = 0
    items: int = 0
    repayments: int = 0
    allocations: int = 0
    reversals: int = 0
    write_offs: int = 0
    seconds: float = 0.0


@dataclass
class DemoCancelled(Exception):
    """Raised from a progress callback to stop generating (the caller discards the file)."""


@dataclass
class _Ids:
    customer: int = 0
    application: int = 0
    agreement: int = 0
    item: int = 0
    repayment: int = 0
    allocation: int = 0
    reversal: int = 0
    write_off: int = 0
    contact: int = 0
    escalation: int = 0


# Each list of _Rows fills one table, in this order (parents before the rows that point at them).
_TABLES = {"customers": Customer, "applications": CreditApplication, "agreements": Agreement, "items": ArrearsItem,
           "item_balances": ItemBalance, "repayments": Repayment, "repayment_balances": RepaymentBalance,
           "allocations": Allocation, "reversals": Reversal, "write_offs": WriteOff,
           "customer_balances": CustomerBalance, "collection_records": CollectionRecord, "escalations": Escalation}
CustomerRow, ApplicationRow, AgreementRow, ItemRow, ItemBalanceRow, RepaymentRow, RepaymentBalanceRow, \
    AllocationRow, ReversalRow, WriteOffRow, CustomerBalanceRow, ContactRow, EscalationRow = (
        row_type(model.__table__) for model in _TABLES.values())


@dataclass
class _Rows:
    customers: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    items: list = field(default_factory=list)
    item_balances: list = field(default_factory=list)
    repayments: list = field(default_factory=list)
    repayment_balances: list = field(default_factory=list)
    allocations: list = field(default_factory=list)
    reversals: list = field(default_factory=list)
    write_offs: list = field(default_factory=list)
    customer_balances: list = field(default_factory=list)
    collection_records: list = field(default_factory=list)
    escalations: list = field(default_factory=list)

    def size(self) -> int:
        return len(self.items) + len(self.allocations)


def generate_demo(path: Path | str, *, customers: int = 300, months: int = 18, items_per_month: float = 4.0,
                  seed: int = 20261125, today: date | None = None,
                  progress: Callable[[int, int], None] | None = None, site_code: str = "DEMO") -> DemoSummary:
    """Fill a new database file with a demo ledger. Refuses a database that already has a site.
    ``site_code`` tells demo branches apart (the exchange's benchmark builds several, each with its own
    ``seed``).

    The demo is built in a temporary file beside ``path`` and moved into place only when complete, so a
    run that is killed or fails leaves ``path`` as it was (absent, or the empty database it was)."""
    started = time.perf_counter()
    today = today or date.today()
    if is_server(path):  # server mode (issue 15: pgui): filled in place (a server has no file to swap in)
        return _generate_on_server(path, customers, months, items_per_month, seed, today, progress, started,
                                   site_code)
    path = Path(path)
    if path.exists() and path.stat().st_size:
        with Desk(path, clock=FixedClock(today)) as existing:
            if existing.has_site():
                raise DomainError("site.exists", name=site_info(existing).name)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.demo-", suffix=".sqlite3", dir=path.parent)
    os.close(handle)
    temp = Path(name)
    try:
        desk = Desk(temp, clock=FixedClock(today))
        try:
            summary = _generate(desk, customers, months, items_per_month, seed, today, progress, started, site_code)
        finally:
            desk.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(temp, path)
        return summary
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)


def _generate_on_server(url: str, customers: int, months: int, items_per_month: float, seed: int, today: date,
                        progress, started: float, site_code: str) -> DemoSummary:
    """A server's empty database filled directly: the ledger in one transaction (all or nothing); a run
    that fails after the site is created leaves that site and its users, and the next run refuses it."""
    with Desk(url, clock=FixedClock(today)) as desk:
        if desk.has_site():
            raise DomainError("site.exists", name=site_info(desk).name)
        return _generate(desk, customers, months, items_per_month, seed, today, progress, started, site_code)


def _generate(desk: Desk, n_customers: int, months: int, items_per_month: float, seed: int, today: date,
              progress, started: float, site_code: str = "DEMO") -> DemoSummary:
    rng = random.Random(seed)
    admin = create_site(desk, code=site_code, name="示范市邮政局城东支局" if site_code == "DEMO" else
                        f"示范市邮政局{site_code}支局", admin_username="admin", admin_password=DEMO_PASSWORD)
    staff: dict[str, list[int]] = {r.value: [] for r in Role}
    with desk.unit_of_work(admin) as uow:
        site_id = uow.site_id
        branch_ids = [uow.session.scalar(select(Branch.id))]
        for name, code in _BRANCHES[1:]:
            branch = Branch(site_id=site_id, code=f"{site_code}{code}", name=name)
            uow.session.add(branch)
            uow.session.flush()
            branch_ids.append(branch.id)
        people = [("head", "王建国", Role.BRANCH_HEAD), ("marketing", "赵市场", Role.MARKETING),
                  ("marketing2", "钱营销", Role.MARKETING), ("finance", "孙财务", Role.FINANCE),
                  ("audit", "周审计", Role.AUDIT)]
        clerks_per_branch = {}
        for b, branch_id in enumerate(branch_ids):
            clerks_per_branch[branch_id] = []
            for k in range(3):
                username = f"clerk{b + 1}{k + 1}"
                people.append((username, rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN),
                               Role.COUNTER))
        hashed = uow.session.get(User, admin.user_id).password_hash  # DEMO_PASSWORD's, made with the site
        for username, name, role in people:
            user = add_user(uow, username, name, role, DEMO_PASSWORD,
                            branch_ids[int(username[5]) - 1] if username.startswith("clerk") else branch_ids[0],
                            hashed=hashed)
            staff[role.value].append(user.id)
            if role is Role.COUNTER:
                clerks_per_branch[user.branch_id].append(user.id)
        lines = {r.code: r.id for r in uow.session.execute(select(BusinessLine.code, BusinessLine.id))}
        uow.audit("demo.generate", "site", site_id, after={"customers": n_customers, "months": months,
                                                           "items_per_month": items_per_month, "seed": seed})
        uow.commit()

    sim = _Simulation(rng, site_id, today, months, items_per_month, branch_ids, clerks_per_branch, staff,
                      list(lines.values()), admin.user_id)
    summary = DemoSummary()
    # Kept through the filling, the indexes the load reads: the chains' heads, and each flush's customers'
    # collection state (made again from their records: without these, a scan of all records per customer)
    kept = ("ix_ledger_chain_chain", "ix_collection_records_customer", "ix_escalations_customer",
            "ix_investigations_customer_id")
    with filling(desk.engine, keep=kept), desk.unit_of_work(admin) as uow, without_cycle_collection():
        rows = _Rows()
        for index in range(n_customers):
            sim.customer(index, rows)
            if rows.size() > 200_000:
                _flush(uow, rows, summary)
                rows = _Rows()
            if progress and index % 200 == 0:
                progress(index, n_customers)
        _flush(uow, rows, summary)
        # 业务收入 per month and line, so the revenue ratio has a base: about 15-30 times what goes on credit.
        uow.figures.add_revenues([RevenueFigure(period, line_id, "business", amount * rng.randint(15, 30))
                                  for (period, line_id), amount in sorted(sim.on_credit.items())])
        uow.commit()
    analyze(desk.engine)
    summary.customers = n_customers
    summary.seconds = time.perf_counter() - started
    if progress:
        progress(n_customers, n_customers)
    return summary


def _flush(uow, rows: _Rows, summary: DemoSummary) -> None:
    for name, model in _TABLES.items():
        uow.ledger.load(model.__table__, getattr(rows, name))
    summary.items += len(rows.items)
    summary.repayments += len(rows.repayments)
    summary.allocations += len(rows.allocations)
    summary.reversals += len(rows.reversals)
    summary.write_offs += len(rows.write_offs)


_CONTACT_RESULTS = ("电话无人接听", "已提醒，客户称财务正在走流程", "客户表示资金紧张，申请延期",
                    "客户对部分欠费有疑问，待核实", "客户答应尽快安排付款")
_CHANNEL_RESULTS = {"sms": "已发送缴费提醒短信", "letter": "已寄送书面催缴函", "agency": "已委托催收机构跟进",
                    "visit": "上门未见到负责人，留下催缴材料"}


def _pick(rng: random.Random, weighted) -> str:
    x, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if x < acc:
            return value
    return weighted[-1][0]


class _Item:
    __slots__ = ("id", "business_date", "amount", "open", "reversed", "reopened_on", "allocs", "row")

    def __init__(self, item_id: int, business_date: date, amount: int, row: ItemRow) -> None:
        self.id, self.business_date, self.amount, self.open = item_id, business_date, amount, amount
        self.reversed = False
        self.reopened_on: date | None = None  # the day a bounce last put money back on it (offset rule)
        self.allocs: list[list] = []  # [repayment, amount]
        self.row = row


class _Payment:
    __slots__ = ("id", "amount", "unapplied", "reversed", "allocs")

    def __init__(self, repayment_id: int, amount: int) -> None:
        self.id, self.amount, self.unapplied, self.reversed = repayment_id, amount, amount, False
        self.allocs: list[list] = []  # [item, amount]


class _Simulation:
    """One customer's life, event by event, in business-date order."""

    def receipt_no(self, clerk: int, day: date) -> str:
        """A receipt book per clerk and day (SJ03-261127-0001 …): every number used, so the cash-up finds no gap."""
        n = self.receipts[clerk, day] = self.receipts.get((clerk, day), 0) + 1
        return f"SJ{clerk:02d}-{day:%y%m%d}-{n:04d}"

    def __init__(self, rng, site_id, today, months, items_per_month, branch_ids, clerks, staff, line_ids, admin_id):
        self.rng, self.site_id, self.today, self.months = rng, site_id, today, months
        self.items_per_month, self.branch_ids, self.clerks, self.staff = items_per_month, branch_ids, clerks, staff
        self.line_ids, self.admin_id = line_ids, admin_id
        self.start = add_months(today.replace(day=1), -months)
        self.ids = _Ids()
        self.receipts: dict[tuple[int, date], int] = {}  # (clerk, day) -> receipts written: numbers run per clerk
        self.uid_rng = random.Random(rng.getrandbits(64))
        self.uid_ms = int(time.time() * 1000)
        self.on_credit: dict[tuple[int, int], int] = {}  # (billing period, business line) -> amount recorded
        # No entry is stamped later than the demo's own clock or the real time: the clock check would take
        # a later stamp for a workstation clock running behind.
        self.last_stamp = min(FixedClock(today).now(), datetime.now().replace(microsecond=0))

    def uid(self) -> bytes:
        # UUIDv7 layout, like db.ids.new_uid, but reproducible from the seed and cheap in bulk.
        value = self.uid_ms << 80 | self.uid_rng.getrandbits(80)
        self.uid_ms += 1
        return (value & UID_KEEP | UID_MARKS).to_bytes(16, "big")

    def customer(self, index: int, rows: _Rows) -> None:
        rng, ids = self.rng, self.ids
        ids.customer += 1
        cid = ids.customer
        branch_id = self.branch_ids[index % len(self.branch_ids)]
        manager = rng.choice(self.clerks[branch_id])
        group = _pick(rng, _GROUPS)
        behaviour = _pick(rng, _BEHAVIOURS)
        if group == "public":
            name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(("", *_GIVEN))
        else:
            name = (rng.choice(_CITIES) + rng.choice(_WORDS) + rng.choice(_TRADES) + rng.choice(_SUFFIX))
        name = f"{name}{'' if index < 500 else f'（{index // 500 + 1}）'}"
        code = f"DEMO{cid:06d}"
        created = datetime.combine(self.start, datetime.min.time()) + timedelta(hours=9)
        contact = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        address = f"{rng.choice(_CITIES)}市{rng.choice(_WORDS)}路{rng.randrange(1, 300)}号"
        id_number = f"91130{rng.randrange(10**13):013d}"
        # Kept as a clerk's typing would be (app.domain.text), like every other way a customer comes in.
        typed = clean_customer(CustomerInput(name, group, contact, phone, address, id_number))
        name, contact, phone, address, id_number = (typed[key] for key in (
            "name", "contact_person", "phone", "address", "id_number"))

        if behaviour == "new" and rng.random() < 0.4:
            # Registered, credit application waiting for marketing: no agreement, no arrears.
            rows.customers.append(CustomerRow(
                id=cid, uid=self.uid(), site_id=self.site_id, code=None, name=name, customer_group=group,
                contact_person=contact, phone=phone, address=address, id_number=id_number, branch_id=branch_id,
                account_manager_id=manager, status="pending", created_at=created, wants_reminders=False))
            ids.application += 1
            rows.applications.append(ApplicationRow(
                id=ids.application, uid=self.uid(), site_id=self.site_id, customer_id=cid, applied_by_id=manager,
                applied_at=created, credit_grade="B", requested_limit=5_000_000, requested_period_days=30,
                requested_cycle_months=1, requested_term_months=12, note="新客户记欠申请", status="pending",
                decided_by_id=None, decided_at=None, decision_note=""))
            rows.customer_balances.append(CustomerBalanceRow(customer_id=cid, open_total=0, unapplied_credit=0))
            return

        first_month = self.start if behaviour != "new" else add_months(self.today.replace(day=1), -rng.randrange(1, 4))
        cycle = rng.choice((1, 1, 1, 2, 3))
        period_days = rng.choice((15, 30, 30, 30, 45, 60))
        grade = rng.choice(("AAA", "AA", "A", "A", "B", "B", "C"))
        size = rng.paretovariate(2.2) * 0.55  # a few large customers, many small ones
        monthly_items = self.items_per_month * size
        avg_amount = int(rng.lognormvariate(11.0, 0.9))  # fen; about 600 元 median
        limit = max(1_000_000, int(avg_amount * monthly_items * (cycle + period_days / 30 + 2) * 1.5) // 100_000 * 100_000)

        # Yearly agreements from the first month on; each renewal ends the one before.
        agreements: list[AgreementTerms] = []
        valid_from = first_month
        while valid_from <= self.today:
            valid_to = add_months(valid_from, 12) - timedelta(days=1)
            ids.application += 1
            ids.agreement += 1
            applied_at = datetime.combine(valid_from, datetime.min.time()) + timedelta(hours=9)
            approver = rng.choice(self.staff["marketing"])
            rows.applications.append(ApplicationRow(
                id=ids.application, uid=self.uid(), site_id=self.site_id, customer_id=cid, applied_by_id=manager,
                applied_at=applied_at, credit_grade=grade, requested_limit=limit, requested_period_days=period_days,
                requested_cycle_months=cycle, requested_term_months=12, note="", status="approved",
                decided_by_id=approver, decided_at=applied_at + timedelta(hours=3), decision_note=""))
            renewed = valid_to < self.today
            rows.agreements.append(AgreementRow(
                id=ids.agreement, uid=self.uid(), site_id=self.site_id, customer_id=cid, application_id=ids.application,
                number=f"XYDEMO{valid_from.year}{ids.agreement:07d}", credit_limit=limit,
                credit_period_days=period_days, settlement_cycle_months=cycle, valid_from=valid_from,
                valid_to=valid_to, approved_by_id=approver, approved_at=applied_at + timedelta(hours=3),
                late_fee_enabled=False, late_fee_permille_per_day=3, late_fee_grace_days=0,
                terminated_on=valid_to + timedelta(days=1) if renewed else None))
            agreements.append(AgreementTerms(ids.agreement, valid_from, valid_to, limit, cycle, period_days))
            valid_from = valid_to + timedelta(days=1)

        stop_month = None
        if behaviour == "bad":
            stop_month = add_months(self.today.replace(day=1), -rng.randrange(2, min(self.months, 20) + 1))
        preferred = rng.sample(self.line_ids, k=rng.choice((1, 1, 2, 3)))

        events: list = []
        seq = 0

        def push(day: date, kind: int, payload) -> None:
            nonlocal seq
            if day <= self.today:
                seq += 1
                heapq.heappush(events, (day, kind, seq, payload))

        # Arrears items, month by month.
        month = first_month
        last_items_month = add_months(stop_month, 3) if stop_month else None
        while month <= self.today:
            if last_items_month and month > last_items_month:
                break
            count = int(monthly_items) + (1 if rng.random() < monthly_items % 1 else 0)
            last_day = (add_months(month, 1) - timedelta(days=1)).day
            for _ in range(count):
                day = month.replace(day=rng.randrange(1, last_day + 1))
                # Random sizes come from a float distribution; the amount itself is settled in integer fen.
                amount = max(100, avg_amount * round(rng.lognormvariate(0, 0.6) * 100) // 100 // 10 * 10)
                push(day, 0, (amount, rng.choice(preferred)))
            # Settlement: after each cycle ends, a payment by the customer's habits.
            cycle_index = ((month.year - first_month.year) * 12 + month.month - first_month.month)
            if (cycle_index + 1) % cycle == 0 and behaviour != "prepay":
                due = add_months(month, 1) - timedelta(days=1) + timedelta(days=period_days)
                if behaviour in ("prompt", "new"):
                    push(due - timedelta(days=rng.randrange(0, min(period_days, 20) + 1)), 1, ("cycle", 100, month))
                elif behaviour == "slow":
                    push(due + timedelta(days=rng.randrange(5, 75)), 1, ("cycle", rng.randint(50, 100), month))
                elif behaviour == "bad" and month < stop_month:
                    push(due + timedelta(days=rng.randrange(10, 120)), 1, ("cycle", rng.randint(30, 90), month))
            if behaviour == "prepay":
                items_expected = max(1, round(monthly_items))
                expected = avg_amount * items_expected * rng.randint(100, 150) // 100 // 1000 * 1000 + 1000
                push(month.replace(day=min(5, last_day)), 1, ("prepay", expected, month))
                push(month.replace(day=last_day), 2, None)
            month = add_months(month, 1)

        items: list[_Item] = []
        fifo_start = 0
        payments: list[_Payment] = []
        agreement_index = 0
        status = "active"
        cycle_sums: dict[date, int] = {}

        last_stamp, randrange = self.last_stamp, rng.randrange

        def recorded(day: date) -> datetime:  # the hour, then the minute, drawn as always
            at = datetime(day.year, day.month, day.day, randrange(8, 18), randrange(60))
            return at if at < last_stamp else last_stamp

        def offset(payment: _Payment, day: date, source: str, amount: int, clerk: int) -> None:
            nonlocal fifo_start
            while fifo_start < len(items) and items[fifo_start].open == 0:
                fifo_start += 1
            # The oldest open items (of the next 400) until they cover the amount: allocate_fifo would stop
            # there anyway, and a bad payer's hundreds of open items need not be copied for every payment.
            candidates, by_id, covered = [], {}, 0
            for it in items[fifo_start:fifo_start + 400]:
                if it.open > 0:
                    candidates.append(OpenItem(it.id, it.business_date, it.open))
                    by_id[it.id] = it
                    covered += it.open
                    if covered >= amount:
                        break
            plan = allocate_fifo(amount, candidates)
            for o in plan.offsets:
                item = by_id[o.item_id]
                item.open -= o.amount
                payment.unapplied -= o.amount
                link = [payment, o.amount]
                item.allocs.append(link)
                payment.allocs.append([item, o.amount])
                ids.allocation += 1
                rows.allocations.append(AllocationRow(
                    id=ids.allocation, uid=self.uid(), site_id=self.site_id, repayment_id=payment.id,
                    arrears_item_id=item.id, customer_id=cid, amount=o.amount,
                    effective_on=offset_effective_on(day, item.business_date, item.reopened_on), source=source, created_by_id=clerk,
                    created_at=recorded(day)))

        while events:
            day, kind, _, payload = heapq.heappop(events)
            clerk = rng.choice(self.clerks[branch_id])
            if kind == 0:  # an arrears item (or a re-entry after a reversal)
                amount, line_id = payload[0], payload[1]
                voucher = payload[2] if len(payload) > 2 else f"PZ{day:%Y%m%d}{self.ids.item + 1:08d}"
                while agreement_index + 1 < len(agreements) and day > agreements[agreement_index].valid_to:
                    agreement_index += 1
                terms = item_terms(agreements[agreement_index], day)
                ids.item += 1
                row = ItemRow(
                    id=ids.item, uid=self.uid(), site_id=self.site_id, customer_id=cid,
                    agreement_id=terms.agreement.agreement_id, business_line_id=line_id, branch_id=branch_id,
                    business_date=day, billing_period=terms.billing_period, due_date=terms.due_date, amount=amount,
                    voucher_no=voucher, handler_id=manager, signature_confirmed=rng.random() < 0.9,
                    override_by_id=None, override_reason=None, note="", recorded_by_id=clerk,
                    recorded_at=recorded(day))
                item = _Item(ids.item, day, amount, row)
                items.append(item)
                rows.items.append(row)
                cycle_sums[day.replace(day=1)] = cycle_sums.get(day.replace(day=1), 0) + amount
                key = (terms.billing_period, line_id)
                self.on_credit[key] = self.on_credit.get(key, 0) + amount
                if len(payload) == 2 and rng.random() < 0.003:  # a mistake, reversed and re-entered
                    fix_day = min(self.today, day + timedelta(days=rng.randrange(0, 4)))
                    push(fix_day, 3, ("item", item, fix_day))
                    push(fix_day, 0, (max(100, amount + rng.choice((-1, 1)) * rng.randrange(1, 50) * 100),
                                      line_id, voucher))
            elif kind == 1:  # a repayment
                mode, value, month = payload
                if mode == "cycle":
                    owed = sum(cycle_sums.get(add_months(month, -k), 0) for k in range(cycle))
                    amount = owed * value // 100 // 100 * 100  # value: the share paid, in percent
                    if amount <= 0:
                        continue
                else:
                    amount = value
                ids.repayment += 1
                payment = _Payment(ids.repayment, amount)
                payments.append(payment)
                rows.repayments.append(RepaymentRow(
                    id=ids.repayment, uid=self.uid(), site_id=self.site_id, customer_id=cid, amount=amount,
                    paid_on=day, method=rng.choice(_METHODS), receipt_no=self.receipt_no(clerk, day),
                    received_by_id=clerk, mode="fifo", note="", recorded_at=recorded(day)))
                offset(payment, day, "payment", amount, clerk)
                if rng.random() < 0.004:  # bounced: reversed a few days later
                    push(min(self.today, day + timedelta(days=rng.randrange(2, 10))), 3, ("repayment", payment, None))
            elif kind == 2:  # apply prepaid credit to what came in this month
                for payment in payments:
                    if payment.unapplied > 0 and not payment.reversed:
                        offset(payment, day, "credit", payment.unapplied, clerk)
            else:  # a reversal
                what, target, _ = payload
                if target.reversed:
                    continue
                target.reversed = True
                ids.reversal += 1
                if what == "item":
                    for link in target.allocs:
                        payment, amount = link
                        if not payment.reversed:
                            payment.unapplied += amount
                    target.open = 0
                    rows.reversals.append(ReversalRow(
                        id=ids.reversal, uid=self.uid(), site_id=self.site_id, arrears_item_id=target.id,
                        repayment_id=None, customer_id=cid, reversed_on=day, reason="金额录入错误，冲正后重录",
                        reversed_by_id=clerk, created_at=recorded(day)))
                else:
                    for item, amount in target.allocs:
                        if not item.reversed:
                            item.open += amount
                            item.reopened_on = day
                            fifo_start = 0
                    target.unapplied = 0
                    rows.reversals.append(ReversalRow(
                        id=ids.reversal, uid=self.uid(), site_id=self.site_id, arrears_item_id=None,
                        repayment_id=target.id, customer_id=cid, reversed_on=day, reason="银行退票",
                        reversed_by_id=clerk, created_at=recorded(day)))

        # Where bad payers end up: suspended, terminated or blacklisted; the worst items written off.
        overdue_days = max(((self.today - it.row.due_date).days for it in items if it.open > 0), default=0)
        if behaviour == "bad" and overdue_days > 30:
            status = "suspended"
            if overdue_days > 180:
                status = rng.choice(("suspended", "terminated", "blacklisted", "blacklisted"))
        elif behaviour == "slow" and overdue_days > 90 and rng.random() < 0.3:
            status = "suspended"
        if status in ("terminated", "blacklisted"):
            rows.agreements[-1] = rows.agreements[-1]._replace(terminated_on=self.today)
        if status == "blacklisted":
            for it in items:
                if it.open > 0 and (self.today - it.row.due_date).days > 365 and rng.random() < 0.5:
                    ids.write_off += 1
                    rows.write_offs.append(WriteOffRow(
                        id=ids.write_off, uid=self.uid(), site_id=self.site_id, arrears_item_id=it.id, customer_id=cid,
                        amount=it.open, written_off_on=self.today, reason="债务人注销，催收无果（逾期一年以上）",
                        evidence="工商注销证明、催收记录", applied_by_id=self.staff["branch_head"][0],
                        approved_by_id=self.staff["finance"][0], created_at=recorded(self.today)))
                    it.open = 0

        rows.customers.append(CustomerRow(
            id=cid, uid=self.uid(), site_id=self.site_id, code=code, name=name, customer_group=group,
            contact_person=contact, phone=phone, address=address, id_number=id_number, branch_id=branch_id,
            account_manager_id=manager, status=status, created_at=created,
            wants_reminders=cid % 4 == 0))  # 到期提醒: every fourth customer asked for it
        open_total = 0
        for it in items:
            r = it.row
            rows.item_balances.append(ItemBalanceRow(
                item_id=it.id, customer_id=cid, business_date=r.business_date, billing_period=r.billing_period,
                due_date=r.due_date, business_line_id=r.business_line_id, handler_id=r.handler_id,
                branch_id=r.branch_id, open_amount=it.open))
            open_total += it.open
        credit = 0
        for p in payments:
            rows.repayment_balances.append(RepaymentBalanceRow(repayment_id=p.id, customer_id=cid, unapplied=p.unapplied))
            credit += p.unapplied
        rows.customer_balances.append(CustomerBalanceRow(customer_id=cid, open_total=open_total,
                                                         unapplied_credit=credit))
        self.collection_history(cid, manager, items, rows)

    def collection_history(self, cid: int, manager: int, items: list, rows: _Rows) -> None:
        """催收记录 over the last half year of an overdue spell, and the first two ladder steps confirmed by
        the account manager as they came; later steps wait for the branch head (as in a real branch)."""
        rng, today, ids = self.rng, self.today, self.ids
        overdue = [it for it in items if it.open > 0 and it.row.due_date < today]
        if not overdue:
            return
        oldest = min(it.row.due_date for it in overdue)
        amount = sum(it.open for it in overdue)
        day = max(oldest, today - timedelta(days=180)) + timedelta(days=rng.randrange(1, 8))
        while day <= today:
            channel = _pick(rng, (("phone", 0.5), ("sms", 0.25), ("visit", 0.15), ("letter", 0.07), ("agency", 0.03)))
            promised = day + timedelta(days=rng.randrange(3, 15)) if rng.random() < 0.35 else None
            result = "客户承诺按期付款" if promised is not None else _CHANNEL_RESULTS.get(channel) or \
                rng.choice(_CONTACT_RESULTS)
            follow = day + timedelta(days=rng.randrange(7, 22))
            ids.contact += 1
            at = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
            rows.collection_records.append(ContactRow(
                id=ids.contact, uid=self.uid(), site_id=self.site_id, customer_id=cid, contacted_on=day,
                channel=channel, handler_id=manager, result=result, promised_on=promised, promised_amount=None,
                next_follow_up=follow, notice_id=None, corrects_id=None, recorded_by_id=manager, recorded_at=at,
                result_code=None))
            day = follow
        for step, action, days in ((1, "remind", 1), (2, "notice", 15)):
            if (today - oldest).days >= days + 3 and rng.random() < 0.85:
                on = oldest + timedelta(days=days + rng.randrange(0, 3))
                ids.escalation += 1
                rows.escalations.append(EscalationRow(
                    id=ids.escalation, uid=self.uid(), site_id=self.site_id, customer_id=cid, step=step,
                    action=action, decision="confirmed", days_overdue=(on - oldest).days, overdue_amount=amount,
                    note="", decided_by_id=manager, decided_on=on,
                    decided_at=datetime.combine(on, datetime.min.time()) + timedelta(hours=11)))
