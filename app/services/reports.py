"""Reports for branch heads and finance (postal 16, 19-22, 26; telecom 9.7): aging, the movement
table, the daily business report, the arrears-to-revenue ratio, handler assessment, the list of
long-overdue items and the reconciliation with finance.

``build(desk, actor, request)`` makes any of them from a ``ReportRequest`` (one read transaction, so
every table of a report sees the same ledger); ``details`` lists the items behind an aging figure;
``write_report`` writes a report to .xlsx or .pdf. The report is data with words of the vocabulary
(``app.reports.words``): the screen and the exports say them each in their language.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.aging import AgingGrouping, AgingScheme, bucket_bands, bucket_edges
from app.domain.collection import days_overdue, six_months_overdue_cutoff
from app.domain.customers import GROUP_WORDS
from app.domain.errors import DomainError
from app.domain.money import require_fen
from app.domain.periods import end_of_day, period_of
from app.domain.roles import Permission
from app.reports import words as w
from app.reports.combine import BRANCH_COLUMN, BranchPart, combine
from app.reports.export import Progress, write_pdf, write_xlsx
from app.reports.model import (
    Money, Period, Phrase, Report, ReportColumn, ReportTable, Said, SiteKey, Status, share,
)
from app.reports.request import SCHEME_WORDS, ReportKind, ReportRequest
from app.services.aging import AGED_COLUMN, aging_by, overdue_bounds
from app.services.city import FromBranch, branch_sites, from_branch
from app.services.context import Actor, Desk, UnitOfWork
from app.services.settings import document_settings
from db.figures import RevenueFigure

REVENUE_TARGET = Decimal("0.05")  # 年末欠费不超过业务收入的 5% (postal 2)
MOVEMENT_PARTS = ("opening", "incurred", "collected", "written_off", "reversed", "closing")
EXPORT_FORMATS = ("xlsx", "pdf")

# grouping -> (table key, its name)
GROUPING_TABLES = {
    AgingGrouping.CUSTOMER: ("by_customer", w.BY_CUSTOMER),
    AgingGrouping.BUSINESS_LINE: ("by_business_line", w.BY_BUSINESS_LINE),
    AgingGrouping.CUSTOMER_GROUP: ("by_customer_group", w.BY_CUSTOMER_GROUP),
    AgingGrouping.HANDLER: ("by_handler", w.BY_HANDLER),
    AgingGrouping.BRANCH: ("by_branch", w.BY_BRANCH),
}


def build(desk: Desk, actor: Actor, request: ReportRequest) -> Report:
    """The report ``request`` asks for (its day filled in if it said "today"). At the city office: the
    same report built on each branch's data (the branches the request names, else all), as one."""
    request = request.on(desk.clock.today())
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        sites = branch_sites(uow, request.branches)
        if sites is None:
            return _BUILDERS[request.kind](uow, request)
        bounds = overdue_bounds(uow)  # one set of aging bands for every branch: the city office's
    if request.kind is ReportKind.AGING:
        def builder(branch: UnitOfWork) -> Report:
            return _aging(branch, request, bounds)
    else:
        def builder(branch: UnitOfWork) -> Report:
            return _BUILDERS[request.kind](branch, request)
    parts = [_part(from_branch(desk, site, builder)) for site in sites]
    report = combine(request, parts, all_branches=not request.branches, title=request.kind.words,
                     summed=("structure",))
    _CITY_RULES.get(request.kind, lambda _r: None)(report)
    return report


def details(desk: Desk, actor: Actor, request: ReportRequest, *, group: tuple[str, Any] | SiteKey | None = None,
            bucket: int | None = None) -> ReportTable:
    """The items open at the request's day with their aging bucket (in the request's scheme); only one
    group (a row's key of an aging table, e.g. ``("business_line", 3)``) and bucket if given: the
    drill-down from a figure to its items. At the city office the group's key names its branch
    (``SiteKey``); without a group, the items of every branch the request names."""
    request = request.on(desk.clock.today())
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        codes = (group.site,) if isinstance(group, SiteKey) else request.branches
        sites = branch_sites(uow, codes)
        if sites is None:
            return _details(uow, request, group.key if isinstance(group, SiteKey) else group, bucket)
        bounds = overdue_bounds(uow)
    own_group = group.key if isinstance(group, SiteKey) else group  # a customer group means the same everywhere

    def items(branch: UnitOfWork) -> Report:
        return Report(request, w.TITLE_AGING_DETAILS, [], [_details(branch, request, own_group, bucket, bounds)])
    parts = [_part(from_branch(desk, site, items)) for site in sites]
    if not any(p.report is not None for p in parts):
        return ReportTable("details", w.ITEMS, [BRANCH_COLUMN, *DETAIL_COLUMNS], [], [w.TOTAL, *[""] * 12, 0])
    return combine(request, parts, all_branches=not codes, title=w.TITLE_AGING_DETAILS).tables[0]


def _part(found: FromBranch[Report]) -> BranchPart:
    site, copy = found.site, found.copy
    return BranchPart(site.code, site.name, found.value, copy.data_as_of if copy else None,
                      copy.applied if copy else 0, copy.root if copy else "", found.problem)


def export_format(path: Path, fmt: str | None = None) -> str:
    """``xlsx`` or ``pdf``: as asked, else from the file's suffix."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in EXPORT_FORMATS:
        raise DomainError("report.bad_format", path=str(path))
    return fmt


def write_report(desk: Desk, report: Report, path: Path, fmt: str | None = None, *,
                 progress: Progress | None = None) -> Path:
    """The report as a workbook or a PDF (in the document font chosen in the settings), with the
    integrity root of the ledger it was made from (as of the export, unless the report has its own)."""
    if not any(label is w.INTEGRITY_ROOT for label, _value in report.parameters):
        with desk.reading() as uow:
            report = replace(report, parameters=[*report.parameters, integrity_root(uow, None)])
    if export_format(path, fmt) == "xlsx":
        return write_xlsx(report, path, progress)
    return write_pdf(report, path, font_path=document_settings(desk)["font_path"], progress=progress)


def _money(header: Said) -> ReportColumn:
    return ReportColumn(header, "money", 15)


def _range(request: ReportRequest) -> Phrase:
    return Phrase.of(w.DATE_RANGE, start=request.start, end=request.end)


def band_phrases(scheme: AgingScheme, bounds: tuple[int, ...]) -> list[Phrase]:
    return [Phrase(words, params) for words, params in bucket_bands(scheme, bounds)]


# -- aging ---------------------------------------------------------------------------------------------

def _aging(uow: UnitOfWork, request: ReportRequest, bounds: tuple[int, ...] | None = None) -> Report:
    """账龄分析表: the structure by bucket, then one table per grouping with totals and each row's share;
    ``details`` adds every open item with its bucket. The bands are the database's own unless ``bounds``
    (the city office's, for every branch) are given."""
    as_of, scheme = request.end, request.scheme
    bounds = overdue_bounds(uow) if bounds is None else bounds
    bands = band_phrases(scheme, bounds)
    every = aging_by(uow, as_of, scheme, {*request.groupings, AgingGrouping.BUSINESS_LINE}, bounds)
    figures = {grouping: every[grouping] for grouping in request.groupings}
    structure = every[AgingGrouping.BUSINESS_LINE]
    grand = structure.grand_total
    tables = [ReportTable(
        "structure", w.STRUCTURE, [ReportColumn(w.BAND, "text", 16), _money(w.AMOUNT), ReportColumn(w.SHARE, "percent", 9)],
        [[band, structure.totals[i], structure.share(i)] for i, band in enumerate(bands)],
        [w.TOTAL, grand, share(grand, grand)])]
    columns = [ReportColumn(w.NAME, "text", 28), ReportColumn(w.CODE, "text", 12),
               *[_money(band) for band in bands], _money(w.TOTAL), ReportColumn(w.SHARE, "percent", 9)]
    for grouping, data in figures.items():
        grand = data.grand_total
        if grouping is AgingGrouping.CUSTOMER_GROUP:
            names = [GROUP_WORDS.get(r.key, r.label) for r in data.rows]
        else:
            names = [r.label for r in data.rows]
        rows = [[name, r.extra.get("code", ""), *r.buckets, r.total, share(r.total, grand)]
                for name, r in zip(names, data.rows)]
        key, title = GROUPING_TABLES[grouping]
        tables.append(ReportTable(key, title, columns, rows, [w.TOTAL, "", *data.totals, grand, share(grand, grand)],
                                  keys=[(grouping.value, r.key) for r in data.rows]))
    if request.details:
        tables.append(_details(uow, request, bounds=bounds))
    words = SCHEME_WORDS[scheme]
    return Report(request, Phrase.of(w.TITLE_AGING, scheme=words), [(w.AS_OF, as_of), (w.SCHEME, words)], tables,
                  notes=[w.NOTE_AGING])


DETAIL_COLUMNS = [
    ReportColumn(w.CUSTOMER_CODE, "text", 12), ReportColumn(w.CUSTOMER, "text", 26),
    ReportColumn(w.CUSTOMER_GROUP, "text", 10), ReportColumn(w.BUSINESS_LINE, "text", 10),
    ReportColumn(w.HANDLER, "text", 8), ReportColumn(w.BRANCH, "text", 12), ReportColumn(w.VOUCHER, "text", 20),
    ReportColumn(w.BUSINESS_DATE, "date", 11), ReportColumn(w.BILLING_PERIOD, "period", 8),
    ReportColumn(w.DUE_DATE, "date", 11), ReportColumn(w.DAYS_OVERDUE, "int", 8), ReportColumn(w.BAND, "text", 12),
    _money(w.OPEN)]


def _details(uow: UnitOfWork, request: ReportRequest, group: tuple[str, Any] | None = None,
             bucket: int | None = None, bounds: tuple[int, ...] | None = None) -> ReportTable:
    as_of, scheme = request.end, request.scheme
    bounds = overdue_bounds(uow) if bounds is None else bounds
    bands = band_phrases(scheme, bounds)
    found = uow.reports.aging_details(as_of, uow.desk.clock.today(), AGED_COLUMN[scheme],
                                      bucket_edges(scheme, as_of, bounds), group=group, bucket=bucket)
    groups = GROUP_WORDS
    rows = [[code, name, groups.get(grp, grp), line, handler, branch, voucher, business_date, period, due,
             days_overdue(due, as_of), bands[band], open_]
            for code, name, grp, line, handler, branch, voucher, business_date, period, due, open_, _, band in found]
    return ReportTable("details", w.ITEMS, DETAIL_COLUMNS, rows, [w.TOTAL, *[""] * 11, sum(r[-1] for r in rows)],
                       keys=[r[11] for r in found])


# -- movement (欠费变动表) -------------------------------------------------------------------------------

def _movement(uow: UnitOfWork, request: ReportRequest) -> Report:
    """欠费变动表 (postal 21-22; telecom 9.7): by business line and by branch, with the balance check."""
    start, end = request.start, request.end
    tables: list[ReportTable] = []
    warnings: list[Said] = []
    columns = [ReportColumn(w.ITEM, "text", 16), _money(w.OPENING), _money(w.INCURRED), _money(w.COLLECTED),
               _money(w.WRITTEN_OFF), _money(w.REVERSED), _money(w.CLOSING), _money(w.DIFFERENCE)]
    line_names = uow.reports.names("business_lines")
    for by, key, title, names in (("business_line_id", "by_business_line", w.BY_BUSINESS_LINE, line_names),
                                  ("branch_id", "by_branch", w.BY_BRANCH, uow.reports.names("branches"))):
        figures = uow.reports.movement(start, end, by)
        rows, keys = [], []
        for group in sorted(set().union(*figures.values()), key=lambda k: names.get(k, "")):
            f = [figures[part].get(group, 0) for part in MOVEMENT_PARTS]
            if not any(f):
                continue
            opening, incurred, collected, written_off, reversed_, closing = f
            difference = opening + incurred - collected - written_off - reversed_ - closing
            name = names.get(group, str(group))
            rows.append([name, *f, difference])
            keys.append(group)
            if difference:
                warnings.append(Phrase.of(w.UNBALANCED, table=title, name=name, difference=Money(difference)))
        tables.append(ReportTable(key, title, columns, rows, [w.TOTAL, *[sum(r[i] for r in rows) for i in range(1, 8)]],
                                  keys))
    warnings += _movement_causes(uow, request, line_names)
    notes: list[Said] = [w.NOTE_MOVEMENT, w.NOTE_MOVEMENT_METHOD]
    if not warnings:
        notes.append(w.NOTE_BALANCED)
    return Report(request, w.TITLE_MOVEMENT, [(w.PERIOD, _range(request))], tables, notes, warnings)


def _movement_causes(uow: UnitOfWork, request: ReportRequest, line_names: dict[int, str]) -> list[Said]:
    """Where a difference would come from: an item offset or written off beyond its amount (negative open
    amount in the replay), or, for a period ending today, maintained balances that disagree with the
    replay of the entries (run ``arrears-desk verify``)."""
    end = request.end
    causes: list[Said] = [Phrase.of(w.CAUSE_OVER_OFFSET, voucher=voucher, item=item_id, open=Money(open_amount))
                          for item_id, voucher, open_amount in uow.reports.over_offset_items(end)]
    if end >= uow.desk.clock.today():
        replayed, kept = uow.reports.replayed_and_maintained_by_line(end)
        for line in sorted(set(replayed) | set(kept)):
            if (replayed.get(line) or 0) != (kept.get(line) or 0):
                causes.append(Phrase.of(w.CAUSE_BALANCES_DIFFER, line=line_names.get(line, str(line)),
                                        kept=Money(kept.get(line) or 0), replayed=Money(replayed.get(line) or 0)))
    return causes


# -- daily business report (营业日报单) -----------------------------------------------------------------

def _daily(uow: UnitOfWork, request: ReportRequest) -> Report:
    """营业日报单: per day, items incurred and money collected, by business line and by handler."""
    incurred, collected = uow.reports.daily(request.start, request.end)
    by_line: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_handler: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for offset, found in ((0, incurred), (2, collected)):
        for day, line, handler, n, amount in found:
            by_line[(day, line)][offset] += n
            by_line[(day, line)][offset + 1] += amount
            by_handler[(day, handler)][offset] += n
            by_handler[(day, handler)][offset + 1] += amount
    tables = []
    for key, title, data, label in (("by_business_line", w.BY_BUSINESS_LINE, by_line, w.BUSINESS_LINE),
                                    ("by_handler", w.BY_HANDLER, by_handler, w.HANDLER)):
        rows = [[day, name, *values] for (day, name), values in sorted(data.items())]
        columns = [ReportColumn(w.DATE, "date", 11), ReportColumn(label, "text", 12),
                   ReportColumn(w.ITEMS_INCURRED, "int", 9), _money(w.ARREARS_INCURRED),
                   ReportColumn(w.REPAYMENTS_COUNTED, "int", 9), _money(w.ARREARS_COLLECTED)]
        tables.append(ReportTable(key, title, columns, rows,
                                  [w.TOTAL, "", *[sum(r[i] for r in rows) for i in range(2, 6)]]))
    return Report(request, w.TITLE_DAILY, [(w.PERIOD, _range(request)), integrity_root(uow, end_of_day(request.end))],
                  tables, [w.NOTE_DAILY])


def integrity_root(uow: UnitOfWork, before: datetime | None) -> tuple[Said, Phrase]:
    """完整性根 of the ledger as of ``before`` (a day's end) or, if that is still to come, as of this
    second: printed on a report, it lets ``verify --against`` prove later that history is unchanged."""
    now = uow.desk.clock.now().replace(microsecond=0)
    before = now if before is None or before > now else before
    return w.INTEGRITY_ROOT, Phrase.of(w.ROOT_BEFORE, root=uow.ledger.root(before),
                                       before=before.isoformat(sep=" "))


# -- arrears-to-revenue ratio ----------------------------------------------------------------------------

def _target_status(ratio: Decimal | None) -> Status:
    if ratio is None:
        return Status.NO_REVENUE
    return Status.OVER_TARGET if ratio > REVENUE_TARGET else Status.ON_TARGET


def revenue_ratio_table(uow: UnitOfWork, request: ReportRequest) -> tuple[ReportTable, list[Said]]:
    """Per business line: the year's business revenue to the request's day, the open arrears that day,
    their ratio against the target; with a warning for each line off target."""
    as_of = request.end
    first, last = as_of.year * 100 + 1, period_of(as_of)
    revenue = uow.reports.business_revenue_by_line(first, last)
    arrears = uow.reports.open_by_line(as_of, uow.desk.clock.today())
    rows, warnings = [], []
    for line_id, name in uow.reports.business_lines():
        rev, arr = revenue.get(line_id, 0), arrears.get(line_id, 0)
        if not rev and not arr:
            continue
        ratio = share(arr, rev)
        status = _target_status(ratio)
        if status is Status.NO_REVENUE:
            warnings.append(Phrase.of(w.RATIO_NO_REVENUE, line=name, arrears=Money(arr)))
        elif status is Status.OVER_TARGET:
            warnings.append(Phrase.of(w.RATIO_OVER_TARGET, line=name, arrears=Money(arr), ratio=ratio,
                                      target=REVENUE_TARGET))
        rows.append([name, rev, arr, ratio, REVENUE_TARGET, status])
    total_rev, total_arr = sum(r[1] for r in rows), sum(r[2] for r in rows)
    total_ratio = share(total_arr, total_rev)
    columns = [ReportColumn(w.BUSINESS_LINE, "text", 14), _money(w.REVENUE_THIS_YEAR), _money(w.OUTSTANDING),
               ReportColumn(w.RATIO, "percent", 12), ReportColumn(w.TARGET, "percent", 10),
               ReportColumn(w.STATUS, "status", 10)]
    totals = [w.TOTAL, total_rev, total_arr, total_ratio, REVENUE_TARGET, _target_status(total_ratio)]
    return ReportTable("by_business_line", w.BY_BUSINESS_LINE, columns, rows, totals), warnings


def _ratio(uow: UnitOfWork, request: ReportRequest) -> Report:
    """欠费占收入比 (postal 2): open arrears at the day against the year's business revenue to date
    (agency finance, rent and non-operating income excluded), per business line; target ≤ 5%."""
    table, warnings = revenue_ratio_table(uow, request)
    first, last = request.end.year * 100 + 1, period_of(request.end)
    revenue_period = Phrase.of(w.DATE_RANGE, start=Period(first), end=Period(last))
    return Report(request, w.TITLE_RATIO, [(w.AS_OF, request.end), (w.REVENUE_PERIOD, revenue_period)], [table],
                  [w.NOTE_RATIO], warnings)


# -- handler assessment (考核) --------------------------------------------------------------------------

def _handlers(uow: UnitOfWork, request: ReportRequest) -> Report:
    """经办人考核 (postal 4, 25, 26): outstanding, overdue and over-six-months at the end of the period;
    collected in the period; and the commission base: collected revenue only, nothing collected on an
    item more than six months past due. Entries count as they stood at the end of the period."""
    start, end = request.start, request.end
    figures: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    for handler, outstanding, overdue, old, n, taken_over in uow.reports.handler_standing(
            end, uow.desk.clock.today(), six_months_overdue_cutoff(end)):
        figures[handler][0:4] = [outstanding, overdue, old, n]
        figures[handler][6] = taken_over
    for handler, collected, base in uow.reports.handler_collected(start, end):
        figures[handler][4:6] = [collected, base]
    names = uow.reports.names("users")
    rows = [[names.get(h, str(h)), f[3], f[0], f[1], f[2], f[4], f[5], f[6]]
            for h, f in sorted(figures.items(), key=lambda kv: -kv[1][0])]
    columns = [ReportColumn(w.HANDLER, "text", 10), ReportColumn(w.CUSTOMERS_OWING, "int", 10), _money(w.OUTSTANDING),
               _money(w.OF_WHICH_OVERDUE), _money(w.OVER_SIX_MONTHS), _money(w.COLLECTED), _money(w.COMMISSION_BASE),
               _money(w.TAKEN_OVER)]
    totals = [w.TOTAL, *[sum(r[i] for r in rows) for i in range(1, 8)]]
    return Report(request, w.TITLE_HANDLERS, [(w.PERIOD, _range(request)), (w.BALANCES_AS_OF, end)],
                  [ReportTable("by_handler", w.BY_HANDLER, columns, rows, totals)], [w.NOTE_HANDLERS])


# -- long-overdue list -----------------------------------------------------------------------------------

def _long_overdue(uow: UnitOfWork, request: ReportRequest) -> Report:
    """逾期六个月以上欠费清单 (postal 18(一)) with the investigation note of the cause, if any."""
    as_of = request.end
    rows, keys, missing = [], [], set()
    for code, name, voucher, line, handler, responsible, business_date, due, open_, cause, noted_on, customer_id in (
            uow.reports.long_overdue(as_of, uow.desk.clock.today(), six_months_overdue_cutoff(as_of))):
        if cause is None:
            missing.add(customer_id)
        note = w.NO_INVESTIGATION if cause is None else Phrase.of(w.CAUSE_NOTED, cause=cause, day=noted_on)
        rows.append([code, name, voucher, line, handler, responsible, business_date, due, days_overdue(due, as_of),
                     open_, note])
        keys.append(customer_id)
    columns = [ReportColumn(w.CUSTOMER_CODE, "text", 12), ReportColumn(w.CUSTOMER, "text", 26),
               ReportColumn(w.VOUCHER, "text", 20), ReportColumn(w.BUSINESS_LINE, "text", 10),
               ReportColumn(w.HANDLER, "text", 8), ReportColumn(w.RESPONSIBLE_NOW, "text", 8),
               ReportColumn(w.BUSINESS_DATE, "date", 11), ReportColumn(w.DUE_DATE, "date", 11),
               ReportColumn(w.DAYS_OVERDUE, "int", 8), _money(w.OPEN), ReportColumn(w.INVESTIGATION, "text", 40)]
    totals = [w.TOTAL, *[""] * 8, sum(r[9] for r in rows), ""]
    return Report(request, w.TITLE_LONG_OVERDUE, [(w.AS_OF, as_of)],
                  [ReportTable("list", w.LIST, columns, rows, totals, keys)], [w.NOTE_LONG_OVERDUE],
                  [Phrase.of(w.INVESTIGATIONS_MISSING, count=len(missing))] if missing else [])


# -- reconciliation (业财对账) ---------------------------------------------------------------------------

def _reconciliation(uow: UnitOfWork, request: ReportRequest) -> Report:
    """业财对账 (postal 21-22): the ledger's incurred and collected for a month against the latest totals
    imported from finance or a business system, by business line and by customer; differences listed."""
    period, source = request.period, request.source
    batch, imported = uow.reports.external_figures(source.value, period)
    external = {(line, customer): (incurred, collected) for line, customer, incurred, collected in imported}
    lines = uow.reports.names("business_lines")
    customers = uow.reports.customer_labels()
    ledger: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    incurred, collected = uow.reports.ledger_figures(request.start, request.end)
    for part, found in ((0, incurred), (1, collected)):
        for line, customer, amount in found:
            ledger[(line, None)][part] += amount
            ledger[(None, customer)][part] += amount
    columns = [ReportColumn(w.ITEM, "text", 28), _money(w.LEDGER_INCURRED),
               _money(Phrase.of(w.OTHER_INCURRED, source=source.words)), _money(w.INCURRED_DIFFERENCE),
               _money(w.LEDGER_COLLECTED), _money(Phrase.of(w.OTHER_COLLECTED, source=source.words)),
               _money(w.COLLECTED_DIFFERENCE), ReportColumn(w.RESULT, "status", 8)]
    tables, differences = [], []
    by_customer = any(customer is not None for _, customer in external)
    for key, title, is_line in (("by_business_line", w.BY_BUSINESS_LINE, True), ("by_customer", w.BY_CUSTOMER, False)):
        label: Callable[[tuple], str] = ((lambda k: lines.get(k[0], str(k[0]))) if is_line
                                         else (lambda k: customers.get(k[1], str(k[1]))))
        found = sorted((k for k in set(ledger) | set(external)
                        if (k[0] is not None) == is_line and (k[1] is None) == is_line),
                       key=lambda k: (lines.get(k[0], "") if is_line else customers.get(k[1], "")))
        if not is_line:  # customers only where the other side has customer figures
            found = [k for k in found if k in external or by_customer]
        rows = []
        for k in found:
            ours, theirs = ledger.get(k, [0, 0]), external.get(k)
            if theirs is None:
                row = [label(k), ours[0], None, None, ours[1], None, None, Status.NO_COUNTERPART]
            else:
                d1, d2 = ours[0] - theirs[0], ours[1] - theirs[1]
                row = [label(k), ours[0], theirs[0], d1, ours[1], theirs[1], d2,
                       Status.MATCHES if not d1 and not d2 else Status.DIFFERS]
            rows.append(row)
            if row[-1] is not Status.MATCHES:
                differences.append([Phrase.of(w.DIFFERENCE_ROW, table=title, name=row[0]), *row[1:]])
        totals = [w.TOTAL, *[sum(r[i] or 0 for r in rows) for i in range(1, 7)], ""]
        tables.append(ReportTable(key, title, columns, rows, totals))
    tables.append(ReportTable("differences", w.DIFFERENCES, columns, differences))
    warnings: list[Said] = []
    if batch is None:
        warnings.append(Phrase.of(w.NO_EXTERNAL_FIGURES, period=Period(period), source=source.words))
    elif differences:
        warnings.append(Phrase.of(w.DIFFERENCES_FOUND, count=len(differences)))
    return Report(request, Phrase.of(w.TITLE_RECONCILIATION, source=source.words),
                  [(w.BILLING_PERIOD, Period(period)), (w.OTHER_SIDE, source.words)], tables,
                  [w.NOTE_RECONCILIATION], warnings)


_BUILDERS: dict[ReportKind, Callable[[UnitOfWork, ReportRequest], Report]] = {
    ReportKind.AGING: _aging, ReportKind.MOVEMENT: _movement, ReportKind.DAILY: _daily, ReportKind.RATIO: _ratio,
    ReportKind.HANDLERS: _handlers, ReportKind.LONG_OVERDUE: _long_overdue,
    ReportKind.RECONCILIATION: _reconciliation,
}


def build_here(uow: UnitOfWork, request: ReportRequest) -> Report:
    """The report ``request`` asks for from this database, inside a unit of work already open: 月结 reads a
    month's movement table and reconciliation in the transaction that closes it."""
    return _BUILDERS[request.kind](uow, request.on(uow.desk.clock.today()))


# -- the city office: figures that are not sums ------------------------------------------------------------

def _city_aging_shares(report: Report) -> None:
    """A row's share is of the city's total (the sum of the branches' totals), not of its branch's."""
    for table in report.tables:
        if not table.columns or table.columns[-1].header is not w.SHARE or table.totals is None:
            continue
        total_at = len(table.columns) - 2
        grand = table.totals[total_at]
        for row in [*table.rows, table.totals]:
            row[-1] = share(row[total_at], grand)


def _city_ratio_totals(report: Report) -> None:
    """The city's ratio is its arrears over its revenue (the branches' summed), against the same target."""
    table = next((t for t in report.tables if t.key == "by_business_line"), None)
    if table is None or table.totals is None:  # no branch has sent anything yet
        return
    revenue, arrears = table.totals[2], table.totals[3]
    ratio = share(arrears, revenue)
    table.totals[4:7] = [ratio, REVENUE_TARGET, _target_status(ratio)]


_CITY_RULES: dict[ReportKind, Callable[[Report], None]] = {
    ReportKind.AGING: _city_aging_shares, ReportKind.RATIO: _city_ratio_totals,
}


# -- figures entered by hand -------------------------------------------------------------------------------

def record_revenue(desk: Desk, actor: Actor, period: int, business_line: str, amount: int,
                   category: str = "business") -> None:
    """业务收入 for a period and business line, entered by hand (a later entry replaces it in the ratio)."""
    require_fen(amount, allow_zero=True)
    with desk.use_case(actor, Permission.ENTER_FIGURES) as uow:
        line_id = uow.items.business_lines().get(business_line.upper())
        if line_id is None:
            raise DomainError("business_line.unknown", code=business_line)
        [revenue_id] = uow.figures.add_revenues([RevenueFigure(period, line_id, category, amount)])
        uow.audit("revenue.record", "revenue", revenue_id, after={"period": period, "business_line": business_line,
                                                                  "category": category, "amount": amount})
        uow.commit()
