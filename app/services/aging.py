"""Aging (账龄分析) as of any date, in the telecom and the overdue-days scheme, by customer,
business line, handler or branch.

As of today the maintained open amounts are used; as of a past date the open amounts are recomputed
from the entries up to that date (``db.queries.ITEM_OPEN_AS_OF``), so history is never rewritten by
what happened later.
"""
from __future__ import annotations

from datetime import date, timedelta


from app.domain.aging import (
    AgingGrouping, AgingReport, AgingRow, AgingScheme, bucket_labels, validate_bounds,
)
from app.domain.customers import CUSTOMER_GROUPS
from app.domain.periods import month_index, period_from_index, period_of
from app.domain.roles import Permission
from app.services.context import Actor, Desk
from app.services.settings import get_setting
from db.queries import ITEM_OPEN_AS_OF

_GROUP_COLUMN = {
    AgingGrouping.CUSTOMER: "customer_id",
    AgingGrouping.BUSINESS_LINE: "business_line_id",
    AgingGrouping.HANDLER: "handler_id",
    AgingGrouping.BRANCH: "branch_id",
    AgingGrouping.CUSTOMER_GROUP: "(SELECT c.customer_group FROM customers c WHERE c.id = customer_id)",
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
        if grouping is AgingGrouping.CUSTOMER_GROUP:
            labelled = f"SELECT a.*, NULL, a.g FROM ({sql}) a ORDER BY a.total DESC"
        else:
            table, label, code = _LABELS[grouping]
            labelled = (f"SELECT a.*, t.{label}, t.{code} FROM ({sql}) a LEFT JOIN {table} t ON t.id = a.g "
                        f"ORDER BY a.total DESC, t.{label}")
        # Tens of thousands of rows: straight from the driver cursor, inside the same transaction.
        cursor = uow.session.connection().connection.driver_connection.execute(labelled, params)
        rows = [AgingRow(r[0], r[-2] if r[-2] is not None else CUSTOMER_GROUPS.get(r[0], str(r[0])), list(r[2:-2]),
                         {"code": r[-1] or ""}) for r in cursor]
        return AgingReport(as_of, scheme, grouping, bucket_labels(scheme, bounds), rows)


def aging_sql(as_of: date, scheme: AgingScheme, grouping: AgingGrouping, bounds: tuple[int, ...],
              *, current: bool) -> tuple[str, dict]:
    """One pass over the open rows, one SUM per bucket. Buckets compare dates/periods as they are
    stored (ISO text, YYYYMM integers), so there is no date arithmetic per row."""
    params: dict = {"as_of": as_of.isoformat()}
    if scheme is AgingScheme.TELECOM:
        column, p = "billing_period", month_index(period_of(as_of))
        edges = [period_from_index(p - k) for k in range(3)]  # this month, last month, the month before
    else:
        column = "due_date"
        edges = [as_of.isoformat()] + [(as_of - timedelta(days=high)).isoformat() for high in bounds]
    conditions = [f"{column} >= :e0"]
    for k in range(1, len(edges)):
        conditions.append(f"{column} < :e{k - 1} AND {column} >= :e{k}")
    conditions.append(f"{column} < :e{len(edges) - 1}")
    params.update({f"e{k}": edge for k, edge in enumerate(edges)})
    sums = ", ".join(f"SUM(CASE WHEN {c} THEN open_amount ELSE 0 END)" for c in conditions)
    source = "item_balances" if current else f"({ITEM_OPEN_AS_OF})"
    group = _GROUP_COLUMN[grouping]
    return (f"SELECT {group} AS g, SUM(open_amount) AS total, {sums} FROM {source} WHERE open_amount > 0 "
            f"GROUP BY {group}", params)


# grouping -> (table, label column, code column)
_LABELS = {
    AgingGrouping.CUSTOMER: ("customers", "name", "code"),
    AgingGrouping.BUSINESS_LINE: ("business_lines", "name", "code"),
    AgingGrouping.HANDLER: ("users", "display_name", "username"),
    AgingGrouping.BRANCH: ("branches", "name", "code"),
}
