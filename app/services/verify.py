"""``arrears-desk verify``: check every ledger invariant on a database file, recomputing from the
entries rather than trusting the maintained balances."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from app.domain.periods import period_of
from app.domain.errors import DomainError
from app.domain.roles import ROLE_PERMISSIONS, Permission
from app.services.context import Desk, UnitOfWork
from app.services.reports import printed_daily_differences
from app.services.closing import closed_month_checks, snapshot_checks
from db.models import APPEND_ONLY_TABLES
from db.verify import SINCE_THE_POINT, VerifiedPoint

MONEY_COLUMNS = {
    "arrears_items": ["amount"], "repayments": ["amount"], "allocations": ["amount"], "write_offs": ["amount"], "recoveries": ["amount"],
    "agreements": ["credit_limit"], "credit_applications": ["requested_limit"],
    "item_balances": ["open_amount"], "repayment_balances": ["unapplied"],
    "customer_balances": ["open_total", "unapplied_credit"],
    "customer_line_balances": ["open_total", "overdue_total"],
    "customer_overdue": ["overdue_total", "largest_line"],  # issue 15, queue
}


@dataclass
class Check:
    name: str
    failures: list[str] = field(default_factory=list)
    failure_count: int = 0

    @property
    def ok(self) -> bool:
        return self.failure_count == 0


# The invariants of the ledger, by the key of their query in ``db.verify.VIOLATIONS``, as the report names them.
INVARIANTS: list[tuple[str, str]] = [
    ("item_balances", "每笔欠费的未核销金额 = 金额 - 有效核销 - 坏账核销 (item_balances)"),
    ("repayment_balances", "每笔收款的预存款余额 = 金额 - 有效核销 (repayment_balances)"),
    ("customer_balances", "客户余额 = 各笔欠费未核销合计；预存款 = 各笔收款余额合计 (customer_balances)"),
    ("offset_within_item", "核销不超过欠费金额"),
    ("offset_within_repayment", "核销不超过收款金额"),
    ("balance_identity", "客户余额 = 欠费 - 收款 + 预存款 - 坏账核销"),
    ("offset_customer", "核销的客户、欠费、收款一致"),
    ("offset_date", "核销生效日不早于欠费发生日"),
    ("correction_customer", "冲正、坏账核销属于同一客户"),
    ("item_agreement", "欠费属于客户本人的有效协议期内"),
    ("due_date", "到期日不早于业务日期"),
    ("voucher_unique", "有效凭证号不重复"),
    ("settlement_cycle", "欠费结算周期为 1-3 个月"),
    ("credit_approver", "信用审批人不是申请人"),
    ("write_off_approver", "坏账核销审批人不是申请人"),
    ("recovery_within_write_off", "收回已核销坏账不超过核销金额，且属于同一客户"),
    ("override_authorised", "超额度记欠都有负责人授权和原因"),
    ("uid_and_site", "每条记录有全局唯一标识 (uid) 和网点 (site_id)"),
    ("customer_line_balances", "每个客户各业务专业的未核销合计、笔数与最早到期日 (customer_line_balances)"),
    ("customer_line_overdue", "每个客户各业务专业在记账日前到期的未核销合计与笔数 (催缴工作台, customer_line_balances)"),
    ("customer_collection_state",  # issue 14, queue
     "每个客户最近一次催收、承诺、升级决定与调查日期 (催缴工作台, customer_collection_state)"),
    ("customer_overdue",  # issue 15, queue
     "每个客户在记账日前到期的未核销合计、笔数、最早到期日与最大业务专业金额 (催缴工作台, customer_overdue)"),
]


def override_roles() -> list[str]:
    """The roles whose people may authorise arrears over the credit limit (授权超额度记欠)."""
    return sorted(role.value for role, granted in ROLE_PERMISSIONS.items()
                  if Permission.OVERRIDE_CREDIT_LIMIT in granted)


# Where a chain broke, as the report names it.
CHAINED_TABLE_WORDS = {"arrears_items": "欠费", "repayments": "收款", "allocations": "核销", "reversals": "冲正",
                       "write_offs": "坏账核销", "audit_log": "审计记录", "recoveries": "收回已核销坏账"}
BREAK_WORDS = {"changed": "内容、归属或顺序与链不符", "missing": "记录已不存在", "time": "记录时间与链不符"}


def chain_words(chain: int) -> str:
    return f"客户 #{chain}" if chain > 0 else (f"用户 #{-chain}" if chain < 0 else "网点")


def verify_database(path: Path | str, *, against: str | None = None, before: datetime | None = None,
                    full: bool = True, record: bool = False) -> list[Check]:
    """Every check; with ``against`` (a root printed on a report or kept elsewhere) also whether the
    history recorded before ``before`` (all of it if None) still has that root.

    ``full=False``: incremental, from the point the last passing verify recorded (``Scope``), or full
    when there is none or it lies beyond the file's history (a restored copy); ``against`` is always full.
    ``record``: after a verify that passed, remember its point in the file for the next incremental one
    (the checks themselves only read: the point is written in a transaction of its own afterwards)."""
    desk = Desk(path, read_only=True)  # a check changes nothing in the file it checks
    try:
        found, point = _run_checks(desk, against=against, before=before, full=full or against is not None)
        if against is None:
            found += _replica_checks(desk)
    finally:
        desk.close()
    if record and point is not None and all(check.ok for check in found):
        _record_point(path, point, on_server=desk.server is not None)
    return found


def _record_point(path: Path | str, point: VerifiedPoint, *, on_server: bool = False) -> None:
    """Only into a file meant to be written: a write-protected copy (its mode says so even to root) or one
    in a read-only folder stays byte-identical, and its next verify is a full one. A database on a server
    keeps it like a file (issue 15: pglocks): its point is a mark in commit order (``LedgerChecks.begin``)."""
    if on_server:
        _write_point(path, point)
        return
    path = Path(path)
    try:
        writable = bool(path.stat().st_mode & 0o200) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    except OSError:
        writable = False
    if not writable:
        return
    _write_point(path, point)


def _write_point(path: Path | str, point: VerifiedPoint) -> None:
    try:
        desk = Desk(path, create=False)
    except DomainError:
        return
    try:
        with desk.unit_of_work() as uow:
            uow.checks.record_point(point)
            uow.commit()
    except DomainError:
        pass
    finally:
        desk.close()


def _replica_checks(desk: Desk) -> list[Check]:
    """At the city office, the same checks on its copy of every branch (数据交换): each named by branch."""
    from app.services.exchange import replica_codes, replica_location
    found: list[Check] = []
    for code in replica_codes(desk):  # files beside the city's file, or on a server its replica schemas
        replica = Desk(replica_location(desk, code), read_only=True)
        try:
            for check in run_checks(replica):
                check.name = f"网点副本 {code}：{check.name}"
                found.append(check)
        finally:
            replica.close()
    return found


def integrity_root(path: Path | str, before: datetime | None = None) -> str:
    desk = Desk(path, read_only=True)
    try:
        with desk.reading() as uow:
            return uow.checks.root(before)
    finally:
        desk.close()


def normalised_root(text: str) -> str:
    """A root as typed or copied from paper: spaces, dashes and case do not matter."""
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")


def _check(name: str, problems: list, sample: int) -> Check:
    return Check(name, [", ".join(str(v) for v in p) if isinstance(p, tuple) else str(p) for p in problems[:sample]],
                 len(problems))


# How many older links (before the verified point) an incremental verify re-hashes against their rows, the
# slice moving on each time: every old row is compared with its link again within ceil(links / this) verifies.
REHASH_PER_VERIFY = 100_000
# And how many customers (by id, moving on each time) have their balances recomputed from all their entries
# besides those with entries since the point: a maintained balance changed by hand (balances are derived,
# not chained) is caught within ceil(customers / this) verifies.
RECHECK_PER_VERIFY = 2_000


class Scope(NamedTuple):
    """What one verify covers. ``point`` None: everything (--full). Otherwise the last verified point:
    every link after it, the customers with entries after it (``customers``), the point itself (its
    root and row counts) and the slice ``rehash`` = (after, through) of the older links."""
    point: VerifiedPoint | None
    customers: int = 0
    rehash: tuple[int, int] = (0, 0)
    rechecked: int = 0  # the last customer id of this verify's slice

    @property
    def full(self) -> bool:
        return self.point is None


def run_checks(desk: Desk, *, sample: int = 5, against: str | None = None,
               before: datetime | None = None, full: bool = True) -> list[Check]:
    return _run_checks(desk, sample=sample, against=against, before=before, full=full)[0]


def _run_checks(desk: Desk, *, sample: int = 5, against: str | None = None, before: datetime | None = None,
                full: bool = True) -> tuple[list[Check], VerifiedPoint | None]:
    """The checks of ``CHECKS`` in one transaction that is never committed (the recomputed figures live in
    temporary tables), and the point they verified up to (None: on a server, postings were still in flight
    when the checks began, so their newest link is no mark to start from)."""
    with desk.unit_of_work() as uow:
        in_commit_order = uow.checks.begin()  # a file: memory bounded; a server: one snapshot at a commit mark
        scope = _scope(uow, full)
        found: list[Check] = []
        for check in CHECKS:
            found += check(uow, scope, sample)
        if against is not None:
            root = uow.checks.root(before)
            when = "全部记录" if before is None else f"{before.isoformat(sep=' ')} 之前的记录"
            found.append(Check(f"与外部保存的完整性根一致（{when}）",
                               [] if root == normalised_root(against) else [f"现在算得 {root}，外部保存的是 {against}"],
                               0 if root == normalised_root(against) else 1))
        rehashed = scope.rehash[1] if not scope.full else 0
        point = uow.checks.point_now(desk.clock.now(), rehashed, scope.rechecked) if in_commit_order else None
    return found, point


def _scope(uow: UnitOfWork, full: bool) -> Scope:
    checks = uow.checks
    point = None if full else checks.point()
    if point is None or point.link > checks.point_now_link():
        return Scope(None)  # never verified, or the file is older than its point (restored): everything
    start = point.rehashed if point.rehashed < point.link else 0
    customers, rechecked = checks.scope_since(point.link, point.rechecked, RECHECK_PER_VERIFY)
    return Scope(point, customers, (start, min(start + REHASH_PER_VERIFY, point.link)), rechecked)


def _storage(uow: UnitOfWork, scope: Scope, sample: int) -> list[Check]:
    """The file: SQLite's own checks read every page, so only a full verify runs them."""
    checks = uow.checks
    found = []
    if scope.full:
        found.append(_check("服务器索引有效 (pg_index)" if checks.on_server else "SQLite 完整性 (integrity_check)",
                            checks.integrity_problems(), sample))
        foreign = checks.foreign_key_problems()
        found.append(Check("外键完整 (foreign_key_check)", [str(p) for p in foreign[:sample]], len(foreign)))
    triggers = checks.triggers()
    missing = [f"{t}_no_{v}" for t in APPEND_ONLY_TABLES for v in ("update", "delete")
               if f"{t}_no_{v}" not in triggers]
    found.append(Check("台账表只增不改 (UPDATE/DELETE 触发器)", missing[:sample], len(missing)))
    money = Check("金额均为整数分 (INTEGER fen)" + _of_scope(scope))
    money_columns = [(table, column) for table, columns in MONEY_COLUMNS.items() for column in columns]
    for (table, column), n in zip(money_columns, checks.not_integer_counts(money_columns, scoped=not scope.full)):
        if n:
            money.failure_count += n
            money.failures.append(f"{table}.{column}: {n} 行不是整数")
    found.append(money)
    return found


def _closes_to_check(uow: UnitOfWork, scope: Scope) -> list[int] | None:
    """The month closes whose figures and snapshot a verify checks: every one (None) in a full verify; in an
    incremental one those made since the point, and those of the months an entry recorded since the point is
    dated in or before (history before the point is the point's root's to prove, so only an entry since it
    can have moved a closed month)."""
    if scope.full:
        return None
    point = scope.point
    since = uow.checks.earliest_day_since(point)
    return [r.id for r in uow.closings.records()
            if r.kind == "close" and ((r.root_through or 0) > point.link or r.recorded_at >= point.at
                                      or (since is not None and r.period >= period_of(since)))]


def _month_snapshots(uow: UnitOfWork, scope: Scope, sample: int) -> list[Check]:
    """月末快照 (issue 14): every held month-end snapshot equals a replay of the entries up to its day; an
    incremental verify checks the snapshots of the closes made since the verified point (each from the
    snapshot before it: a month's entries), --full all of them."""
    return [_check("月末快照与按台账重算的月末未核销一致" + _of_months(scope),
                   snapshot_checks(uow, _closes_to_check(uow, scope)), sample)]


def _of_months(scope: Scope) -> str:
    return "" if scope.full else "（核验点以来新月结的，及有记录日期落在其中或之前的月份）"


def _of_entries(scope: Scope) -> str:
    return "" if scope.full else f"（核验点 #{scope.point.link} 之后新记的）"


def _of_scope(scope: Scope) -> str:
    return "" if scope.full else f"（核验点以来有记录的及轮到的共 {scope.customers:,} 个客户）"


def _verified_point(uow: UnitOfWork, scope: Scope, sample: int) -> list[Check]:
    """Incremental only: the last verified point still holds, i.e. the chain heads up to it hash to the root
    it recorded (history changed and re-chained is caught, however old); and a slice of the older links is
    re-hashed against their rows (a row changed or removed under its link is caught when its slice comes
    round, within ceil(links / REHASH_PER_VERIFY) verifies, and always by --full)."""
    if scope.full:
        return []
    checks, point = uow.checks, scope.point
    root = checks.point_root(point)
    after, through = scope.rehash
    broken = checks.broken_links(after, through)
    return [
        _check(f"上次核验点（{point.at:%Y-%m-%d %H:%M}，链记录 #{point.link}）仍然成立：此前的链头仍算得当时的完整性根",
               [] if root == point.root else [f"现在算得 {root}，核验时记录的是 {point.root}"], sample),
        _check(f"核验点之前的链记录逐条重算哈希（#{after + 1}–#{through}，每次核验轮换一段）",
               [_broken_words(b) for b in broken], sample)]


def _broken_words(b) -> str:
    return f"{chain_words(b.chain)} 的链断于{CHAINED_TABLE_WORDS[b.table]} #{b.entity_id}：{BREAK_WORDS[b.problem]}"


def _ledger(uow: UnitOfWork, scope: Scope, sample: int) -> list[Check]:
    """The invariants, on balances recomputed from the entries (of the customers in scope)."""
    checks = uow.checks
    checks.recompute(scoped=not scope.full)
    roles = override_roles()
    return [_check(name + (_of_entries(scope) if key in SINCE_THE_POINT else _of_scope(scope)),
                   checks.violations(key, override_roles=roles, since=scope.point), sample) for key, name in INVARIANTS]


def _chains(uow: UnitOfWork, scope: Scope, sample: int) -> list[Check]:
    """防篡改链: every link (after the verified point) re-hashed; every row (after it) linked and audited."""
    checks, point = uow.checks, scope.point
    since = "" if scope.full else f"（核验点 #{point.link} 之后）"
    broken = checks.broken_links(0 if scope.full else point.link)
    return [
        _check("防篡改链完整（逐条重算哈希，指出每条链第一处断点）" + since, [_broken_words(b) for b in broken], sample),
        _check("每条台账与审计记录都在链上" + since, [
            f"{CHAINED_TABLE_WORDS[table]} #{row_id} 不在链上" for table, row_id in checks.unlinked_rows(point)], sample),
        _check("每笔台账记录都有审计记录" + since, [
            f"{CHAINED_TABLE_WORDS[table]} #{row_id} 没有审计记录"
            for table, row_id in checks.entries_without_audit(point)], sample),
        # the root a package carries is made from the kept heads (ledger_chain_heads), not by seeking each chain's end
        _check("记存的链头与每条链的最后一条记录一致 (ledger_chain_heads)",
               [f"{chain_words(chain)} 记存的链头不是其最后一条链记录" for chain in checks.kept_heads_wrong(point)],
               sample)]


def _closed_books(uow: UnitOfWork, scope: Scope, sample: int) -> list[Check]:
    """Books that stay closed: every daily report printed still has the root on its paper; every closed
    month its movement and root (incremental: those an entry since the point could have moved)."""
    return [
        _check("已打印的营业日报单重印仍与原件相同（数字与日终完整性根）", [
            f"{p.first_day}至{p.last_day}（{p.printed_at:%Y-%m-%d %H:%M} 打印）：{'、'.join(x.zh for x in what)}不符"
            for p, what in printed_daily_differences(uow)], sample),
        _check("已月结月份的欠费变动表与月结时的完整性根未变" + _of_months(scope),
               closed_month_checks(uow, _closes_to_check(uow, scope)), sample)]


# Every check verify runs, in report order: (unit of work, scope, sample size) -> checks. A new check is
# one more function here; ``scope.full`` tells it whether to cover everything or what came after the point.
CHECKS: list[Callable[[UnitOfWork, Scope, int], list[Check]]] = [_storage, _verified_point, _ledger, _chains,
                                                                 _closed_books, _month_snapshots]
