"""Aging (账龄分析) as of any date, in the telecom and the overdue-days scheme, by customer,
business line, handler or branch.

As of today the maintained open amounts are used; as of a past date the open amounts are recomputed
from the entries up to that date (``db.queries.ITEM_OPEN_AS_OF``), so history is never rewritten by
what happened later.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, text

from app.domain.aging import (
    AgingGrouping, AgingReport, AgingRow, AgingScheme, bucket_labels, validate_bounds,
)
from app.domain.periods import month_index, period_from_index, period_of
from app.domain.roles import Permission
from app.services.context import Actor, Desk, UnitOfWork
from app.services.settings import get_setting
from db.models import Branch, BusinessLine, Customer, User
from db.queries import ITEM_OPEN_AS_OF

_GROUP_COLUMN = {
    AgingGrouping.CUSTOMER: "customer_id",
    AgingGrouping.BUSINESS_LINE: "business_line_id",
    AgingGrouping.HANDLER: "handler_id",
    AgingGrouping.BRANCH: "branch_id",
}


def aging_report(desk: Desk, actor: Actor, as_of: date | None = None, *,
                 scheme: AgingScheme | str = AgingScheme.OVERDUE,
                 grouping: AgingGrouping | str = AgingGrouping.CUSTOMER,
                 bounds: tuple[int, ...] | None = None) -> AgingReport:
    scheme, grouping = AgingScheme(scheme), AgingGrouping(grouping)
    as_of = as_of or desk.clock.today()
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        if bounds is None:
            bounds = tuple(get_setting(uow, "aging.overdue_bounds"))
        bounds = validate_bounds(bounds)
        sql, params = aging_sql(as_of, scheme, grouping, bounds, current=as_of >= desk.clock.today())
        result = uow.session.execute(text(sql), params).all()
        labels = _labels(uow, grouping)
        rows = []
        for r in result:
            key = r[0]
            label, extra = labels.get(key, (str(key), {}))
            rows.append(AgingRow(key, label, [int(v) for v in r[1:]], extra))
        rows.sort(key=lambda row: (-row.total, str(row.label)))
        return AgingReport(as_of, scheme, grouping, bucket_labels(scheme, bounds), rows)


def aging_sql(as_of: date, scheme: AgingScheme, grouping: AgingGrouping, bounds: tuple[int, ...],
              *, current: bool) -> tuple[str, dict]:
    """The SQL for one aging report; buckets are compared as dates/periods so no per-row date math."""
    params: dict = {"as_of": as_of.isoformat()}
    if scheme is AgingScheme.TELECOM:
        p = month_index(period_of(as_of))
        for k in range(3):
            params[f"p{k}"] = period_from_index(p - k)
        bucket = ("CASE WHEN billing_period >= :p0 THEN 0 WHEN billing_period >= :p1 THEN 1 "
                  "WHEN billing_period >= :p2 THEN 2 ELSE 3 END")
        n = 4
    else:
        params["d0"] = as_of.isoformat()
        cases = ["WHEN due_date >= :d0 THEN 0"]
        for k, high in enumerate(bounds, start=1):
            params[f"d{k}"] = (as_of - timedelta(days=high)).isoformat()
            cases.append(f"WHEN due_date >= :d{k} THEN {k}")
        bucket = "CASE " + " ".join(cases) + f" ELSE {len(bounds) + 1} END"
        n = len(bounds) + 2
    source = ("SELECT customer_id, business_line_id, handler_id, branch_id, billing_period, due_date, open_amount "
              "FROM item_balances WHERE open_amount > 0") if current else \
        f"SELECT * FROM ({ITEM_OPEN_AS_OF}) WHERE open_amount > 0"
    column = _GROUP_COLUMN[grouping]
    sums = ", ".join(f"SUM(CASE WHEN b = {k} THEN open_amount ELSE 0 END)" for k in range(n))
    sql = (f"SELECT g, {sums} FROM (SELECT {column} AS g, open_amount, {bucket} AS b FROM ({source})) "
           f"GROUP BY g")
    return sql, params


def _labels(uow: UnitOfWork, grouping: AgingGrouping) -> dict:
    s = uow.session
    if grouping is AgingGrouping.CUSTOMER:
        return {r.id: (r.name, {"code": r.code or ""}) for r in s.execute(select(Customer.id, Customer.name, Customer.code))}
    if grouping is AgingGrouping.BUSINESS_LINE:
        return {r.id: (r.name, {"code": r.code}) for r in s.execute(select(BusinessLine.id, BusinessLine.name, BusinessLine.code))}
    if grouping is AgingGrouping.HANDLER:
        return {r.id: (r.display_name, {"code": r.username}) for r in s.execute(select(User.id, User.display_name, User.username))}
    return {r.id: (r.name, {"code": r.code}) for r in s.execute(select(Branch.id, Branch.name, Branch.code))}
