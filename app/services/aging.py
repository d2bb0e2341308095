"""Aging (账龄分析) as of any date, in the telecom and the overdue-days scheme, by customer,
business line, customer group, handler or branch.

As of today the maintained open amounts are used; as of a past date the open amounts are recomputed
from the entries up to that date (``db.standing.open_items_as_of`` decides), so history is never
rewritten by what happened later.
"""
from __future__ import annotations

from datetime import date

from app.domain.aging import (
    AgingGrouping, AgingReport, AgingRow, AgingScheme, bucket_edges, bucket_labels, validate_bounds,
)
from app.domain.customers import CUSTOMER_GROUPS
from app.domain.roles import Permission
from app.services.context import Actor, Desk, UnitOfWork
from app.services.settings import get_setting

# The stored column each scheme ages by.
AGED_COLUMN = {AgingScheme.OVERDUE: "due_date", AgingScheme.TELECOM: "billing_period"}


def overdue_bounds(uow: UnitOfWork) -> tuple[int, ...]:
    return validate_bounds(tuple(get_setting(uow, "aging.overdue_bounds")))


def aging_report(desk: Desk, actor: Actor, as_of: date | None = None, *,
                 scheme: AgingScheme | str = AgingScheme.OVERDUE,
                 grouping: AgingGrouping | str = AgingGrouping.CUSTOMER,
                 bounds: tuple[int, ...] | None = None) -> AgingReport:
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        return aging_in(uow, as_of or desk.clock.today(), AgingScheme(scheme), AgingGrouping(grouping), bounds)


def aging_in(uow: UnitOfWork, as_of: date, scheme: AgingScheme, grouping: AgingGrouping,
             bounds: tuple[int, ...] | None = None) -> AgingReport:
    """The aging inside an open unit of work (the reports build several from one snapshot)."""
    bounds = overdue_bounds(uow) if bounds is None else validate_bounds(bounds)
    rows = uow.reports.aging(as_of, uow.desk.clock.today(), grouping.value, AGED_COLUMN[scheme],
                             bucket_edges(scheme, as_of, bounds))
    if grouping is AgingGrouping.CUSTOMER_GROUP:
        made = [AgingRow(r[0], CUSTOMER_GROUPS.get(r[0], str(r[0])), list(r[2:-2]), {"code": r[0]}) for r in rows]
    else:
        made = [AgingRow(r[0], str(r[0]) if r[-2] is None else r[-2], list(r[2:-2]), {"code": r[-1] or ""})
                for r in rows]
    return AgingReport(as_of, scheme, grouping, bucket_labels(scheme, bounds), made)
