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
import hashlib
import json
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.cashup import day_is_over, print_binds
from app.domain.customers import PAYMENT_METHOD_WORDS
from app.domain.words import Words
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
    Money, Period, Phrase, Report, ReportColumn, ReportTable, Said, SiteKey, Status, StreamedRows, say, share,
)
from app.reports.request import SCHEME_WORDS, ReportKind, ReportRequest
from app.services.aging import AGED_COLUMN, aging_by, overdue_bounds
from app.services.city import FromBranch, branch_sites, from_branch
from app.services.context import Actor, Desk, UnitOfWork
from app.services.settings import document_settings
from db.daybook import Printed
from db.figures import RevenueFigure
from db.reports import DAILY_LINES

DAILY_PRINTED = "daily.print"  # audit action: a daily report printed after its day ended

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
                      copy.applied if copy else 0, copy.root if copy else "", found.problem,
                      copy.closed_through if copy else None)


def export_format(path: Path, fmt: str | None = None) -> str:
    """``xlsx`` or ``pdf``: as asked, else from the file's suffix."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in EXPORT_FORMATS:
        raise DomainError("report.bad_format", path=str(path))
    return fmt


def write_report(desk: Desk, report: Report, path: Path, fmt: str | None = None, *,
                 progress: Progress | None = None, actor: Actor | None = None) -> Path:
    """The report as a workbook or a PDF (in the document font chosen in the settings), with the
    integrity root of the ledger it was made from (as of the export, unless the report has its own).
    Written by ``actor``, a daily report of days already over is kept as printed (``record_daily_print``)."""
    if not any(label is w.INTEGRITY_ROOT for label, _value in report.parameters):
        with desk.reading() as uow:
            report = replace(report, parameters=[*report.parameters, integrity_root(uow, None)])
    if export_format(path, fmt) == "xlsx":
        written = write_xlsx(report, path, progress)
    else:
        written = write_pdf(report, path, font_path=document_settings(desk)["font_path"], progress=progress)
    if actor is not None:
        record_daily_print(desk, actor, report)
    return written


def export_report(desk: Desk, actor: Actor, request: ReportRequest, path: Path, fmt: str | None = None, *,
                  progress: Progress | None = None) -> Report:
    """``build`` and ``write_report`` in one: an aging report with its details, of this branch, to .xlsx is
    built and written in one read transaction, its item rows streaming from the database into the
    workbook in chunks (a million rows: memory stays flat). Returns the report written."""
    request = request.on(desk.clock.today())
    if not (request.kind is ReportKind.AGING and request.details and export_format(path, fmt) == "xlsx"):
        report = build(desk, actor, request)
        write_report(desk, report, path, fmt, progress=progress, actor=actor)
        return report
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        if branch_sites(uow, request.branches) is not None:  # the city office combines its branches' reports
            report = None
        else:
            with uow.reports.streaming():
                bounds = overdue_bounds(uow)
                report = _aging(uow, replace(request, details=False), bounds)
                report = replace(report, request=request,
                                 tables=[*report.tables, _details_streamed(uow, request, bounds)])
                write_report(desk, report, path, fmt, progress=progress, actor=actor)
    if report is None:
        report = build(desk, actor, request)
        write_report(desk, report, path, fmt, progress=progress, actor=actor)
    return report


def _details_streamed(uow: UnitOfWork, request: ReportRequest, bounds: tuple[int, ...]) -> ReportTable:
    """``_details`` of every open item, its rows read as they are written (``StreamedRows``)."""
    as_of, scheme = request.end, request.scheme
    bands = band_phrases(scheme, bounds)
    count, total, found = uow.reports.aging_details_streamed(as_of, uow.desk.clock.today(), AGED_COLUMN[scheme],
                                                             bucket_edges(scheme, as_of, bounds))
    groups = GROUP_WORDS
    rows = ([code, name, groups.get(grp, grp), line, handler, branch, voucher, business_date, period, due,
             days_overdue(due, as_of), bands[band], open_]
            for code, name, grp, line, handler, branch, voucher, business_date, period, due, open_, _, band in found)
    return ReportTable("details", w.ITEMS, DETAIL_COLUMNS, StreamedRows(count, rows), [w.TOTAL, *[""] * 11, total])


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
               _money(w.WRITTEN_OFF), _money(w.REVERSED), _money(w.CLOSING), _money(w.DIFFERENCE),
               _money(w.RECOVERED)]
    line_names = uow.reports.names("business_lines")
    for by, key, title, names in (("business_line_id", "by_business_line", w.BY_BUSINESS_LINE, line_names),
                                  ("branch_id", "by_branch", w.BY_BRANCH, uow.reports.names("branches"))):
        figures = uow.reports.movement(start, end, by)
        rows, keys = [], []
        for group in sorted(set().union(*figures.values()), key=lambda k: names.get(k, "")):
            f = [figures[part].get(group, 0) for part in MOVEMENT_PARTS]
            recovered = figures["recovered"].get(group, 0)  # outside the balance (writeoff)
            if not any(f) and not recovered:
                continue
            opening, incurred, collected, written_off, reversed_, closing = f
            difference = opening + incurred - collected - written_off - reversed_ - closing
            name = names.get(group, str(group))
            rows.append([name, *f, difference, recovered])
            keys.append(group)
            if difference:
                warnings.append(Phrase.of(w.UNBALANCED, table=title, name=name, difference=Money(difference)))
        tables.append(ReportTable(key, title, columns, rows, [w.TOTAL, *[sum(r[i] for r in rows) for i in range(1, 9)]],
                                  keys))
    warnings += _movement_causes(uow, request, line_names)
    notes: list[Said] = [w.NOTE_MOVEMENT, w.NOTE_MOVEMENT_METHOD, w.NOTE_RECOVERED]
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
    """营业日报单 (postal 16) by posting day (入账日): per day every kind of line (``DAILY_LINES``: items
    incurred, items reversed, money paid in, bounces), summed, by payment method, by business line and by
    handler or receiver. What undoes an earlier entry is a negative line on the day it was made, so a day
    once over never changes; a copy printed after that is recorded (``record_daily_print``) and a reprint
    is checked against it: same figures, same integrity root as of the day's end."""
    tables = _daily_tables(uow, request)
    root_label, root = integrity_root(uow, end_of_day(request.end))
    notes: list[Said] = [w.NOTE_DAILY]
    warnings: list[Said] = []
    if not day_is_over(request.end, uow.desk.clock.now()):
        notes.append(Phrase.of(w.NOTE_DAILY_NOT_FINAL, day=request.end))
    elif (printed := uow.daybook.first_print(request.start, request.end)) is not None:
        what = print_differences(printed, tables, dict(root.params)["root"])
        at = printed.printed_at.replace(microsecond=0).isoformat(sep=" ")
        if what:
            said = Words("、".join(x.zh for x in what), ", ".join(x.en for x in what))
            warnings.append(Phrase.of(w.DAILY_PRINT_DIFFERS, at=at, what=said))
        else:
            notes.append(Phrase.of(w.NOTE_DAILY_FIRST_PRINT, at=at, by=printed.printed_by))
    return Report(request, w.TITLE_DAILY, [(w.PERIOD, _range(request)), (root_label, root)], tables, notes, warnings)


def _daily_tables(uow: UnitOfWork, request: ReportRequest) -> list[ReportTable]:
    """The daily report's tables: by kind of line, by payment method, by business line, by person."""
    lines = uow.reports.daily(request.start, request.end)
    return [
        _daily_table("by_line_kind", w.BY_LINE_KIND, lines, None, None),
        _daily_table("by_payment_method", w.BY_PAYMENT_METHOD, [x for x in lines if x.method],
                     ReportColumn(w.PAYMENT_METHOD, "text", 12), lambda x: PAYMENT_METHOD_WORDS.get(x.method, x.method)),
        _daily_table("by_business_line", w.BY_BUSINESS_LINE, [x for x in lines if x.business_line],
                     ReportColumn(w.BUSINESS_LINE, "text", 12), lambda x: x.business_line),
        _daily_table("by_handler", w.BY_HANDLER, [x for x in lines if x.person],
                     ReportColumn(w.PERSON, "text", 12), lambda x: x.person),
    ]


def _daily_table(key: str, title: Said, lines: list, column: ReportColumn | None,
                 label: Callable[[Any], Any] | None) -> ReportTable:
    """The day's lines summed per (day, [label,] kind): count and fen. A table of one kind of net (new
    arrears, or money) has its total; one that mixes them has none, and without a label column each day's
    nets follow as rows of their own."""
    summed: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    order = {kind: i for i, kind in enumerate(DAILY_LINES)}
    nets = list(dict.fromkeys(w.DAILY_LINE_NET[kind] for kind in DAILY_LINES))
    for x in lines:
        name = label(x) if label else None
        for place in [(order[x.kind], say(name) if name is not None else "", x.kind, name)] + (
                [] if column else [(len(order) + nets.index(w.DAILY_LINE_NET[x.kind]), "", w.DAILY_LINE_NET[x.kind], None)]):
            figures = summed[(x.day, *place)]
            figures[0] += x.count
            figures[1] += x.amount
    rows = [[day, *([name] if column else []), w.DAILY_LINE_WORDS.get(kind, kind), *figures]
            for (day, _o, _s, kind, name), figures in sorted(summed.items(), key=lambda kv: kv[0][:3])]
    columns = [ReportColumn(w.DATE, "date", 11), *([column] if column else []), ReportColumn(w.LINE_KIND, "text", 16),
               ReportColumn(w.COUNT, "int", 8), _money(w.AMOUNT)]
    totals = None
    if column and len({w.DAILY_LINE_NET[x.kind] for x in lines}) <= 1:
        totals = [w.TOTAL, "", "", sum(r[-2] for r in rows), sum(r[-1] for r in rows)]
    return ReportTable(key, title, columns, rows, totals)


def daily_figures(tables: list[ReportTable]) -> str:
    """The figures of a daily report as kept with its print (JSON: every table's rows and totals, words in
    Chinese as on paper)."""
    return json.dumps({t.key: [[say(v) if not isinstance(v, int) else v for v in row]
                               for row in [*t.rows, t.totals or []]] for t in tables},
                      ensure_ascii=False, sort_keys=True)


def print_differences(printed: Printed, tables: list[ReportTable], root: str) -> list[Words]:
    """What differs between a daily report as printed and as built now: its figures, its root."""
    return [words for words, same in ((w.DIFFERS_FIGURES, printed.digest == _digest(daily_figures(tables))),
                                      (w.DIFFERS_ROOT, printed.root == root)) if not same]


def printed_daily_differences(uow: UnitOfWork) -> list[tuple[Printed, list[Words]]]:
    """Every daily report kept as printed that a reprint would no longer match, with what differs."""
    found = []
    for printed in uow.daybook.prints():
        request = ReportRequest(ReportKind.DAILY, printed.last_day, start=printed.first_day)
        tables = _daily_tables(uow, request)
        what = print_differences(printed, tables, uow.ledger.root(end_of_day(printed.last_day)))
        if what:
            found.append((printed, what))
    return found


def _digest(figures: str) -> str:
    return hashlib.sha256(figures.encode()).hexdigest()


def record_daily_print(desk: Desk, actor: Actor, report: Report) -> bool:
    """打印日报: a daily report printed after its last day ended is kept as printed (days, figures, root;
    audited), the first time; a reprint is checked against it when built (``_daily``). Returns whether
    this print was recorded (not for a day still open, nor for a reprint, nor at the city office)."""
    request = report.request
    if request.kind is not ReportKind.DAILY:
        return False
    with desk.use_case(actor, Permission.VIEW_REPORTS) as uow:
        now = desk.clock.now()
        if not print_binds(request.end, now, uow.timeline.latest_entry_at()) \
                or uow.daybook.first_print(request.start, request.end) is not None \
                or branch_sites(uow, request.branches) is not None:
            return False
        # the figures from the ledger, not from whoever handed the report in
        figures = daily_figures(_daily_tables(uow, request))
        root = uow.ledger.root(end_of_day(request.end))
        print_id = uow.daybook.add_print(site_id=uow.site_id, first_day=request.start, last_day=request.end,
                                         root=root, figures=figures, digest=_digest(figures),
                                         printed_by_id=actor.user_id, printed_at=now)
        uow.audit(DAILY_PRINTED, "daily_report_print", print_id,
                  after={"first_day": request.start.isoformat(), "last_day": request.end.isoformat(), "root": root})
        uow.commit()
        return True


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
    bad_debt = uow.write_offs.by_handler(start, end)  # 谁经办、谁负责 (postal 18(四), 24, 25; writeoff)
    for handler in bad_debt:
        figures[handler]  # a handler with only written-off items still answers for them
    names = uow.reports.names("users")
    rows = [[names.get(h, str(h)), f[3], f[0], f[1], f[2], f[4], f[5], f[6], *bad_debt.get(h, (0, 0))]
            for h, f in sorted(figures.items(), key=lambda kv: -kv[1][0])]
    columns = [ReportColumn(w.HANDLER, "text", 10), ReportColumn(w.CUSTOMERS_OWING, "int", 10), _money(w.OUTSTANDING),
               _money(w.OF_WHICH_OVERDUE), _money(w.OVER_SIX_MONTHS), _money(w.COLLECTED), _money(w.COMMISSION_BASE),
               _money(w.TAKEN_OVER), _money(w.WRITTEN_OFF_IN_PERIOD), _money(w.RECOVERED_IN_PERIOD)]
    totals = [w.TOTAL, *[sum(r[i] for r in rows) for i in range(1, 10)]]
    tables = [ReportTable("by_handler", w.BY_HANDLER, columns, rows, totals), _by_supervisor(uow, figures, bad_debt)]
    return Report(request, w.TITLE_HANDLERS, [(w.PERIOD, _range(request)), (w.BALANCES_AS_OF, end)],
                  tables, [w.NOTE_HANDLERS])


def _by_supervisor(uow: UnitOfWork, figures: dict[int, list[int]], bad_debt: dict[int, tuple[int, int]]) -> ReportTable:
    """The second responsible person (postal 8(四), 25): each branch head shares what the handlers of their
    branch answer for, written off and recovered included."""
    heads = uow.write_offs.supervisors()
    by_head: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for handler, f in figures.items():
        part = by_head[heads.get(handler)]
        part[0] += f[0]
        part[1] += f[2]
        part[2:4] = [a + b for a, b in zip(part[2:4], bad_debt.get(handler, (0, 0)))]
    names = uow.reports.names("users")
    rows = [[names.get(h, "") if h is not None else "", *f] for h, f in sorted(by_head.items(), key=lambda kv: -kv[1][0])]
    columns = [ReportColumn(w.SUPERVISOR, "text", 10), _money(w.OUTSTANDING), _money(w.OVER_SIX_MONTHS),
               _money(w.WRITTEN_OFF_IN_PERIOD), _money(w.RECOVERED_IN_PERIOD)]
    return ReportTable("by_supervisor", w.BY_SUPERVISOR, columns, rows,
                       [w.TOTAL, *[sum(r[i] for r in rows) for i in range(1, 5)]])


# -- 账销案存登记簿 (writeoff) ------------------------------------------------------------------------------

def _write_offs(uow: UnitOfWork, request: ReportRequest) -> Report:
    """坏账核销登记簿 (postal 18(三)): every written-off debt up to the day, who answers for it and what has
    been recovered since; it stays open for recovery (账销案存)."""
    from app.services.writeoffs import register_lines  # the register's one home; imported late (it imports us not)
    as_of = request.end
    lines = register_lines(uow, as_of)
    rows = [[l.customer, l.voucher_no, l.business_line, l.handler, l.due_date, l.written_off_on, l.cause, l.evidence,
             l.applied_by, l.reviewed_by, l.approved_by, l.amount, l.recovered, l.still_out] for l in lines]
    columns = [ReportColumn(w.CUSTOMER, "text", 24), ReportColumn(w.VOUCHER, "text", 16),
               ReportColumn(w.BUSINESS_LINE, "text", 10), ReportColumn(w.HANDLER, "text", 8),
               ReportColumn(w.DUE_DATE, "date", 11), ReportColumn(w.WRITE_OFF_DATE, "date", 11),
               ReportColumn(w.WRITE_OFF_CAUSE, "text", 22), ReportColumn(w.EVIDENCE, "text", 36),
               ReportColumn(w.APPLIED_BY, "text", 8), ReportColumn(w.REVIEWED_BY, "text", 8),
               ReportColumn(w.APPROVED_BY, "text", 8), _money(w.WRITTEN_OFF), _money(w.RECOVERED_SO_FAR),
               _money(w.STILL_OUT)]
    totals = [w.TOTAL, *[""] * 10, *[sum(r[i] for r in rows) for i in (11, 12, 13)]]
    return Report(request, w.TITLE_WRITE_OFFS, [(w.AS_OF, as_of)],
                  [ReportTable("list", w.LIST, columns, rows, totals, [l.customer_id for l in lines])],
                  [w.NOTE_WRITE_OFFS])


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
    ReportKind.RECONCILIATION: _reconciliation, ReportKind.WRITE_OFFS: lambda uow, r: _write_offs(uow, r),
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
