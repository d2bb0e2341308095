"""The branch dashboard's figures: outstanding at each of the last twelve month ends, the aging
structure, the top overdue customers, the monthly collection rate, and the revenue ratio.

The month-end balances come from one pass over each entry table, not twelve replays: an item counts
from its business date until the month it is reversed, an offset from its effective date until its
item or its repayment is reversed, a write-off from its date. Summed per month and accumulated, this
is the same figure as replaying the ledger as of each month end (tests compare the two).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.periods import add_months, last_day_of_period, month_index, period_from_index, period_of
from app.domain.roles import Permission
from app.reports.model import share
from app.services import reports
from app.services.aging import aging_report
from app.domain.aging import AgingGrouping
from app.services.context import Actor, Desk


@dataclass(frozen=True, slots=True)
class MonthFigure:
    period: int            # YYYYMM
    outstanding: int       # open at the month end (or at as_of for the current month), fen
    incurred: int
    collected: int
    collection_rate: Decimal | None  # collected / (opening + incurred)


@dataclass(frozen=True, slots=True)
class Dashboard:
    as_of: date
    months: list[MonthFigure]
    aging_labels: tuple[str, ...]
    aging_amounts: list[int]
    top_overdue: list[tuple[str, int]]   # customer name, overdue fen
    revenue_ratio: Decimal | None
    revenue_target: Decimal


MONTHLY_DELTAS = """
SELECT substr(business_date, 1, 7), SUM(amount), 0, 0 FROM arrears_items GROUP BY 1
UNION ALL
SELECT substr(r.reversed_on, 1, 7), -SUM(i.amount), 0, 0 FROM reversals r
  JOIN arrears_items i ON i.id = r.arrears_item_id GROUP BY 1
UNION ALL
SELECT substr(a.effective_on, 1, 7), 0, SUM(a.amount), 0 FROM allocations a GROUP BY 1
UNION ALL
SELECT substr(MIN(COALESCE(ri.reversed_on, '9999'), COALESCE(rp.reversed_on, '9999')), 1, 7), 0, -SUM(a.amount), 0
  FROM allocations a
  LEFT JOIN reversals ri ON ri.arrears_item_id = a.arrears_item_id
  LEFT JOIN reversals rp ON rp.repayment_id = a.repayment_id
  WHERE ri.id IS NOT NULL OR rp.id IS NOT NULL
  GROUP BY 1
UNION ALL
SELECT substr(written_off_on, 1, 7), 0, 0, SUM(amount) FROM write_offs GROUP BY 1
"""


def month_end_balances(con, first: int, last: int) -> dict[int, tuple[int, int]]:
    """(open at the start of the month, open at its end) for each period."""
    deltas: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for month, items, offsets, written_off in con.execute(MONTHLY_DELTAS):
        if month is None or month.startswith("9999"):
            continue
        p = int(month[:4]) * 100 + int(month[5:7])
        deltas[p][0] += items
        deltas[p][1] += offsets
        deltas[p][2] += written_off
    out, balance = {}, 0
    for p in sorted(k for k in deltas if k < first):
        d = deltas[p]
        balance += d[0] - d[1] - d[2]
    for index in range(month_index(first), month_index(last) + 1):
        p = period_from_index(index)
        d = deltas.get(p, [0, 0, 0])
        opening = balance
        balance += d[0] - d[1] - d[2]
        out[p] = (opening, balance)
    return out


def dashboard(desk: Desk, actor: Actor, as_of: date | None = None) -> Dashboard:
    as_of = as_of or desk.clock.today()
    last = period_of(as_of)
    first = period_of(add_months(as_of.replace(day=1), -11))
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        con = uow.session.connection().connection.driver_connection
        balances = month_end_balances(con, first, last)
        incurred_by_month = dict(con.execute(
            "SELECT CAST(substr(business_date, 1, 4) || substr(business_date, 6, 2) AS INTEGER), SUM(amount) "
            "FROM arrears_items i WHERE business_date >= ? AND NOT EXISTS "
            "(SELECT 1 FROM reversals r WHERE r.arrears_item_id = i.id) GROUP BY 1",
            (f"{first // 100}-{first % 100:02d}-01",)))
        # Collected: offsets that stood (not bounced, not on an item reversed later), by effective month.
        collected_by_month = dict(con.execute(
            "SELECT CAST(substr(effective_on, 1, 4) || substr(effective_on, 6, 2) AS INTEGER), SUM(amount) "
            "FROM allocations a WHERE effective_on >= ? "
            "AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = a.repayment_id) "
            "AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = a.arrears_item_id) GROUP BY 1",
            (f"{first // 100}-{first % 100:02d}-01",)))
        top = list(con.execute(
            "SELECT c.name, SUM(b.open_amount) FROM item_balances b JOIN customers c ON c.id = b.customer_id "
            "WHERE b.open_amount > 0 AND b.due_date < ? GROUP BY b.customer_id ORDER BY 2 DESC LIMIT 10",
            (as_of.isoformat(),)))
    months = []
    for p, (opening, outstanding) in balances.items():
        incurred, collected = incurred_by_month.get(p, 0), collected_by_month.get(p, 0)
        months.append(MonthFigure(p, outstanding, incurred, collected, share(collected, opening + incurred)))
    structure = aging_report(desk, actor, as_of, grouping=AgingGrouping.BUSINESS_LINE)
    ratio_report = reports.ratio(desk, actor, as_of)
    return Dashboard(as_of, months, structure.bucket_labels, structure.totals, [(n, a) for n, a in top],
                     ratio_report.tables[0].totals[3], reports.REVENUE_TARGET)


def month_end(period: int, as_of: date) -> date:
    return min(last_day_of_period(period), as_of)
