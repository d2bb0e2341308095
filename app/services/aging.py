"""Aging (账龄分析) as of any date, in the telecom and the overdue-days scheme, by customer,
business line, customer group, handler or branch.

As of today the maintained open amounts are used; as of a past date the open amounts are recomputed
from the entries up to that date (``db.standing.open_items_as_of`` decides), so history is never
rewritten by what happened later.
"""
from __future__ import annotations

from collections.abc import Iterable
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


_CELL_INDEX = {AgingGrouping.CUSTOMER: 0, AgingGrouping.BUSINESS_LINE: 1, AgingGrouping.HANDLER: 2,
               AgingGrouping.BRANCH: 3}


def aging_by(uow: UnitOfWork, as_of: date, scheme: AgingScheme, groupings: Iterable[AgingGrouping],
             bounds: tuple[int, ...] | None = None) -> dict[AgingGrouping, AgingReport]:
    """The aging by several groupings from one pass over the open items (the report shows five; one pass
    each would read the open items five times): the same rows as ``aging_in`` for each grouping."""
    bounds = overdue_bounds(uow) if bounds is None else validate_bounds(bounds)
    cells = uow.reports.aging_cells(as_of, uow.desk.clock.today(), AGED_COLUMN[scheme],
                                    bucket_edges(scheme, as_of, bounds))
    labels = bucket_labels(scheme, bounds)
    out: dict[AgingGrouping, AgingReport] = {}
    for grouping in groupings:
        if grouping is AgingGrouping.CUSTOMER_GROUP:
            group_of = uow.reports.customer_groups()
            keyed = ((group_of.get(cell[0]), cell) for cell in cells)
        else:
            index = _CELL_INDEX[grouping]
            keyed = ((cell[index], cell) for cell in cells)
        parts: dict = {}
        for key, cell in keyed:
            if key in parts:
                parts[key].append(cell[4:])
            else:
                parts[key] = [cell[4:]]
        sums = {key: list(found[0]) if len(found) == 1 else list(map(sum, zip(*found))) for key, found in parts.items()}
        if grouping is AgingGrouping.CUSTOMER_GROUP:
            rows = [AgingRow(key, CUSTOMER_GROUPS.get(key, str(key)), buckets, {"code": key})
                    for key, buckets in sums.items()]
            rows.sort(key=lambda r: (-r.total, str(r.key)))
        else:
            names = uow.reports.labels(grouping.value)
            rows = []
            for key, buckets in sums.items():
                name, code = names.get(key, (None, None))
                rows.append(AgingRow(key, str(key) if name is None else name, buckets, {"code": code or ""}))
            # as the single-grouping query orders: biggest first, then by the stored name
            rows.sort(key=lambda r: (-r.total, r.label if r.key in names else ""))
        out[grouping] = AgingReport(as_of, scheme, grouping, labels, rows)
    return out
