"""``arrears-desk verify``: check every ledger invariant on a database file, recomputing from the
entries rather than trusting the maintained balances."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from app.services.context import Desk
from db.models import APPEND_ONLY_TABLES
from db.queries import ITEM_BALANCES_RECOMPUTED, REPAYMENT_BALANCES_RECOMPUTED, customer_balances_from

MONEY_COLUMNS = {
    "arrears_items": ["amount"], "repayments": ["amount"], "allocations": ["amount"], "write_offs": ["amount"],
    "agreements": ["credit_limit"], "credit_applications": ["requested_limit"],
    "item_balances": ["open_amount"], "repayment_balances": ["unapplied"],
    "customer_balances": ["open_total", "unapplied_credit"],
}


@dataclass
class Check:
    name: str
    failures: list[str] = field(default_factory=list)
    failure_count: int = 0

    @property
    def ok(self) -> bool:
        return self.failure_count == 0


# (name, SQL returning one row per violation: first column an id, the rest details)
_VIOLATION_QUERIES: list[tuple[str, str]] = [
    # v_items / v_repayments / v_customers: temp tables of the figures recomputed from the entries.
    ("每笔欠费的未核销金额 = 金额 - 有效核销 - 坏账核销 (item_balances)",
     """SELECT v.item_id, v.open_amount AS recomputed, b.open_amount AS maintained FROM v_items v
        LEFT JOIN item_balances b ON b.item_id = v.item_id
        WHERE b.open_amount IS NOT v.open_amount OR b.customer_id IS NOT v.customer_id
           OR b.due_date IS NOT v.due_date OR b.billing_period IS NOT v.billing_period
           OR b.business_date IS NOT v.business_date OR b.business_line_id IS NOT v.business_line_id
           OR b.handler_id IS NOT v.handler_id OR b.branch_id IS NOT v.branch_id
        UNION ALL SELECT b.item_id, NULL, b.open_amount FROM item_balances b
        WHERE NOT EXISTS (SELECT 1 FROM arrears_items i WHERE i.id = b.item_id)"""),
    ("每笔收款的预存款余额 = 金额 - 有效核销 (repayment_balances)",
     """SELECT v.repayment_id, v.unapplied AS recomputed, b.unapplied AS maintained FROM v_repayments v
        LEFT JOIN repayment_balances b ON b.repayment_id = v.repayment_id
        WHERE b.unapplied IS NOT v.unapplied OR b.customer_id IS NOT v.customer_id
        UNION ALL SELECT b.repayment_id, NULL, b.unapplied FROM repayment_balances b
        WHERE NOT EXISTS (SELECT 1 FROM repayments p WHERE p.id = b.repayment_id)"""),
    ("客户余额 = 各笔欠费未核销合计；预存款 = 各笔收款余额合计 (customer_balances)",
     """SELECT v.customer_id, v.open_total, b.open_total, v.unapplied_credit, b.unapplied_credit FROM v_customers v
        LEFT JOIN customer_balances b ON b.customer_id = v.customer_id
        WHERE b.open_total IS NOT v.open_total OR b.unapplied_credit IS NOT v.unapplied_credit"""),
    ("核销不超过欠费金额", "SELECT item_id, open_amount FROM v_items WHERE open_amount < 0"),
    ("核销不超过收款金额", "SELECT repayment_id, unapplied FROM v_repayments WHERE unapplied < 0"),
    ("客户余额 = 欠费 - 收款 + 预存款 - 坏账核销",
     """SELECT c.customer_id, c.open_total, items - paid + c.unapplied_credit - written FROM customer_balances c
        JOIN (SELECT cu.id AS cid,
              COALESCE((SELECT SUM(amount) FROM arrears_items i WHERE i.customer_id = cu.id
                        AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = i.id)), 0) AS items,
              COALESCE((SELECT SUM(amount) FROM repayments p WHERE p.customer_id = cu.id
                        AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = p.id)), 0) AS paid,
              COALESCE((SELECT SUM(w.amount) FROM write_offs w WHERE w.customer_id = cu.id
                        AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = w.arrears_item_id)), 0)
                  AS written
              FROM customers cu) t ON t.cid = c.customer_id
        WHERE c.open_total <> items - paid + c.unapplied_credit - written"""),
    ("核销的客户、欠费、收款一致",
     """SELECT a.id, a.customer_id, i.customer_id, p.customer_id FROM allocations a
        JOIN arrears_items i ON i.id = a.arrears_item_id JOIN repayments p ON p.id = a.repayment_id
        WHERE a.customer_id <> i.customer_id OR a.customer_id <> p.customer_id"""),
    ("核销生效日不早于欠费发生日",
     """SELECT a.id, a.effective_on, i.business_date FROM allocations a JOIN arrears_items i ON i.id = a.arrears_item_id
        WHERE a.effective_on < i.business_date"""),
    ("冲正、坏账核销属于同一客户",
     """SELECT r.id, r.customer_id FROM reversals r
        LEFT JOIN arrears_items i ON i.id = r.arrears_item_id LEFT JOIN repayments p ON p.id = r.repayment_id
        WHERE r.customer_id <> COALESCE(i.customer_id, p.customer_id)
        UNION ALL SELECT w.id, w.customer_id FROM write_offs w JOIN arrears_items i ON i.id = w.arrears_item_id
        WHERE w.customer_id <> i.customer_id"""),
    ("欠费属于客户本人的有效协议期内",
     """SELECT i.id, i.business_date, g.valid_from, g.valid_to FROM arrears_items i JOIN agreements g ON g.id = i.agreement_id
        WHERE g.customer_id <> i.customer_id OR i.business_date < g.valid_from OR i.business_date > g.valid_to"""),
    ("到期日不早于业务日期", "SELECT id, business_date, due_date FROM arrears_items WHERE due_date < business_date"),
    ("有效凭证号不重复",
     """SELECT voucher_no, COUNT(*) FROM arrears_items i
        WHERE NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = i.id)
        GROUP BY voucher_no HAVING COUNT(*) > 1"""),
    ("欠费结算周期为 1-3 个月",
     "SELECT id, settlement_cycle_months FROM agreements WHERE settlement_cycle_months NOT BETWEEN 1 AND 3"),
    ("信用审批人不是申请人",
     """SELECT a.id, a.applied_by_id, a.decided_by_id FROM credit_applications a WHERE a.decided_by_id = a.applied_by_id
        UNION ALL SELECT g.id, ca.applied_by_id, g.approved_by_id FROM agreements g
        JOIN credit_applications ca ON ca.id = g.application_id WHERE g.approved_by_id = ca.applied_by_id"""),
    ("坏账核销审批人不是申请人",
     "SELECT id, applied_by_id, approved_by_id FROM write_offs WHERE applied_by_id = approved_by_id"),
    ("超额度记欠都有负责人授权和原因",
     """SELECT i.id, i.override_by_id FROM arrears_items i LEFT JOIN users u ON u.id = i.override_by_id
        WHERE i.override_by_id IS NOT NULL AND (u.role <> 'branch_head' OR length(trim(i.override_reason)) = 0)"""),
    ("每条记录有全局唯一标识 (uid) 和网点 (site_id)",
     " UNION ALL ".join(f"SELECT id, '{t}' FROM {t} WHERE length(uid) <> 16 OR site_id IS NULL"
                        for t in ("arrears_items", "repayments", "allocations", "reversals", "write_offs",
                                  "customers", "agreements", "credit_applications", "users", "branches"))),
]


def verify_database(path: Path | str) -> list[Check]:
    desk = Desk(path, create=False)
    try:
        return run_checks(desk)
    finally:
        desk.close()


def run_checks(desk: Desk, *, sample: int = 5) -> list[Check]:
    checks: list[Check] = []
    with desk.engine.connect() as conn:
        check = Check("SQLite 完整性 (integrity_check)")
        result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
        if result != ["ok"]:
            check.failures, check.failure_count = result[:sample], len(result)
        checks.append(check)

        check = Check("外键完整 (foreign_key_check)")
        rows = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        check.failures = [str(tuple(r)) for r in rows[:sample]]
        check.failure_count = len(rows)
        checks.append(check)

        check = Check("台账表只增不改 (UPDATE/DELETE 触发器)")
        triggers = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
        missing = [f"{t}_no_{v}" for t in APPEND_ONLY_TABLES for v in ("update", "delete") if f"{t}_no_{v}" not in triggers]
        check.failures, check.failure_count = missing[:sample], len(missing)
        checks.append(check)

        check = Check("金额均为整数分 (INTEGER fen)")
        for table, columns in MONEY_COLUMNS.items():
            for column in columns:
                n = conn.exec_driver_sql(
                    f"SELECT COUNT(*) FROM {table} WHERE typeof({column}) <> 'integer'").scalar_one()
                if n:
                    check.failure_count += n
                    check.failures.append(f"{table}.{column}: {n} 行不是整数")
        checks.append(check)

        conn.exec_driver_sql(f"CREATE TEMP TABLE v_items AS {ITEM_BALANCES_RECOMPUTED}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE v_repayments AS {REPAYMENT_BALANCES_RECOMPUTED}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE v_customers AS {customer_balances_from('v_items', 'v_repayments')}")
        for name, sql in _VIOLATION_QUERIES:
            check = Check(name)
            rows = conn.execute(text(sql)).all()
            check.failure_count = len(rows)
            check.failures = [", ".join(str(v) for v in r) for r in rows[:sample]]
            checks.append(check)
    return checks
