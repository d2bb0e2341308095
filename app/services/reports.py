"""Reports for branch heads and finance (postal 16, 19-22, 26; telecom 9.7): aging, the movement
table, the daily business report, the arrears-to-revenue ratio, handler assessment and the list of
long-overdue items. Each returns a ``Report`` that the app shows and exports to .xlsx and .pdf.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.domain.aging import AgingGrouping, AgingScheme, bucket_labels, overdue_bucket, telecom_bucket
from app.domain.customers import CUSTOMER_GROUPS
from app.domain.errors import DomainError
from app.domain.money import format_fen
from app.domain.periods import add_months, last_day_of_period, period_of
from app.domain.roles import Permission
from app.reports.model import Report, ReportColumn, ReportTable, share
from app.services.aging import aging_report
from app.services.collection import balances_as_of
from app.services.context import Actor, Desk, UnitOfWork
from app.services.settings import get_setting
from db.models import BusinessLine, Revenue
from db.queries import ITEM_OPEN_AS_OF

GROUPING_TITLES = {
    AgingGrouping.CUSTOMER: "按客户", AgingGrouping.BUSINESS_LINE: "按业务专业",
    AgingGrouping.CUSTOMER_GROUP: "按客户群", AgingGrouping.HANDLER: "按经办人", AgingGrouping.BRANCH: "按网点",
}
SCHEME_TITLES = {AgingScheme.OVERDUE: "逾期天数账龄", AgingScheme.TELECOM: "账期账龄（电信口径）"}
REVENUE_TARGET = Decimal("0.05")  # 年末欠费不超过业务收入的 5% (postal 2)


def _money(header: str) -> ReportColumn:
    return ReportColumn(header, "money", 15)


# -- aging ---------------------------------------------------------------------------------------------

def aging(desk: Desk, actor: Actor, as_of: date | None = None, *, scheme: AgingScheme | str = AgingScheme.OVERDUE,
          groupings: list[AgingGrouping | str] | None = None, details: bool = False) -> Report:
    """账龄分析表: one table per grouping, with totals and each bucket's share; ``details`` adds every
    open item with its bucket (the drill-down list)."""
    scheme = AgingScheme(scheme)
    as_of = as_of or desk.clock.today()
    groupings = [AgingGrouping(g) for g in (groupings or list(GROUPING_TITLES))]
    tables = []
    for grouping in groupings:
        data = aging_report(desk, actor, as_of, scheme=scheme, grouping=grouping)
        columns = [ReportColumn("名称", "text", 28), ReportColumn("代码", "text", 12)]
        columns += [_money(label) for label in data.bucket_labels] + [_money("合计"), ReportColumn("占比", "percent", 9)]
        grand = data.grand_total
        rows = [[r.label, r.extra.get("code", ""), *r.buckets, r.total, share(r.total, grand)] for r in data.rows]
        totals = ["合计", "", *data.totals, grand, share(grand, grand)]
        table = ReportTable(GROUPING_TITLES[grouping], columns, rows, totals,
                            keys=[(grouping.value, r.key) for r in data.rows])
        tables.append(table)
    structure = aging_report(desk, actor, as_of, scheme=scheme, grouping=AgingGrouping.BUSINESS_LINE)
    tables.insert(0, ReportTable(
        "账龄结构", [ReportColumn("账龄段", "text", 16), _money("金额"), ReportColumn("占比", "percent", 9)],
        [[label, structure.totals[i], structure.share(i)] for i, label in enumerate(structure.bucket_labels)],
        ["合计", structure.grand_total, share(structure.grand_total, structure.grand_total)]))
    if details:
        tables.append(aging_details(desk, actor, as_of, scheme=scheme))
    return Report("aging", f"欠费账龄分析表（{SCHEME_TITLES[scheme]}）",
                  [("截至日期", as_of.isoformat()), ("口径", SCHEME_TITLES[scheme])], tables,
                  notes=["金额单位：元；占比为该段金额占欠费总额的比例。"])


def aging_details(desk: Desk, actor: Actor, as_of: date, *, scheme: AgingScheme = AgingScheme.OVERDUE,
                  filter_by: tuple[str, object] | None = None, bucket: int | None = None) -> ReportTable:
    """Every item open at ``as_of`` with its aging bucket; optionally only one grouping key and bucket
    (the drill-down from a figure to its items)."""
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        bounds = tuple(get_setting(uow, "aging.overdue_bounds"))
        labels = bucket_labels(scheme, bounds)
        source = "item_balances" if as_of >= desk.clock.today() else f"({ITEM_OPEN_AS_OF})"
        where, params = ["o.open_amount > 0"], {"as_of": as_of.isoformat()}
        if filter_by is not None:
            column = {"customer": "o.customer_id", "business_line": "o.business_line_id", "handler": "o.handler_id",
                      "branch": "o.branch_id", "customer_group": "c.customer_group"}[filter_by[0]]
            where.append(f"{column} = :key")
            params["key"] = filter_by[1]
        sql = f"""
            SELECT c.code, c.name, c.customer_group, bl.name, u.display_name, br.name, i.voucher_no,
                   o.business_date, o.billing_period, o.due_date, o.open_amount, o.item_id
            FROM {source} o JOIN arrears_items i ON i.id = o.item_id
            JOIN customers c ON c.id = o.customer_id JOIN business_lines bl ON bl.id = o.business_line_id
            JOIN users u ON u.id = o.handler_id JOIN branches br ON br.id = o.branch_id
            WHERE {' AND '.join(where)} ORDER BY c.code, o.business_date, o.item_id"""
        con = uow.session.connection().connection.driver_connection
        rows, keys = [], []
        for code, name, group, line, handler, branch, voucher, bd, bp, due, open_, item_id in con.execute(sql, params):
            due_d = date.fromisoformat(due)
            b = telecom_bucket(bp, as_of) if scheme is AgingScheme.TELECOM else overdue_bucket(due_d, as_of, bounds)
            if bucket is not None and b != bucket:
                continue
            rows.append([code, name, CUSTOMER_GROUPS.get(group, group), line, handler, branch, voucher,
                         date.fromisoformat(bd), f"{bp // 100}-{bp % 100:02d}", due_d, max(0, (as_of - due_d).days),
                         labels[b], open_])
            keys.append(item_id)
    columns = [ReportColumn("客户代码", "text", 12), ReportColumn("客户", "text", 26), ReportColumn("客户群", "text", 10),
               ReportColumn("业务专业", "text", 10), ReportColumn("经办人", "text", 8), ReportColumn("网点", "text", 12),
               ReportColumn("凭证号", "text", 20), ReportColumn("业务日期", "date", 11), ReportColumn("账期", "text", 8),
               ReportColumn("到期日", "date", 11), ReportColumn("逾期天数", "int", 8), ReportColumn("账龄段", "text", 12),
               _money("未核销金额")]
    total = sum(r[-1] for r in rows)
    return ReportTable("欠费明细", columns, rows, ["合计", *[""] * 11, total], keys=keys)


# -- movement (欠费变动表) -------------------------------------------------------------------------------

MOVEMENT_PARTS = ("opening", "incurred", "collected", "written_off", "reversed", "closing")


def movement_figures(uow: UnitOfWork, start: date, end: date, by: str) -> dict[int, dict[str, int]]:
    """Each part of opening + incurred - collected - written off - reversed = closing, per business line
    or branch (``by`` is ``business_line_id`` or ``branch_id``), each from the entries by its own route:
    opening and closing replay the ledger as of the day before ``start`` and as of ``end``."""
    con = uow.session.connection().connection.driver_connection
    before, s, e = (start - timedelta(days=1)).isoformat(), start.isoformat(), end.isoformat()
    out: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MOVEMENT_PARTS, 0))

    def add(part: str, sql: str, params: dict) -> None:
        for key, amount in con.execute(sql, params):
            out[key][part] += amount or 0

    add("opening", f"SELECT {by}, SUM(open_amount) FROM ({ITEM_OPEN_AS_OF}) GROUP BY {by}", {"as_of": before})
    add("closing", f"SELECT {by}, SUM(open_amount) FROM ({ITEM_OPEN_AS_OF}) GROUP BY {by}", {"as_of": e})
    add("incurred", f"SELECT {by}, SUM(amount) FROM arrears_items WHERE business_date BETWEEN :s AND :e GROUP BY {by}",
        {"s": s, "e": e})
    item_alive = "NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = i.id AND r.reversed_on <= :e)"
    add("collected", f"""
        SELECT i.{by}, SUM(a.amount) FROM allocations a JOIN arrears_items i ON i.id = a.arrears_item_id
        WHERE a.effective_on BETWEEN :s AND :e AND {item_alive}
          AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = a.repayment_id AND r.reversed_on <= :e)
        GROUP BY i.{by}""", {"s": s, "e": e})
    # A repayment that bounced in the period re-opens what it had closed before the period.
    add("collected", f"""
        SELECT i.{by}, -SUM(a.amount) FROM allocations a JOIN arrears_items i ON i.id = a.arrears_item_id
        JOIN reversals r ON r.repayment_id = a.repayment_id
        WHERE a.effective_on < :s AND r.reversed_on BETWEEN :s AND :e AND {item_alive}
        GROUP BY i.{by}""", {"s": s, "e": e})
    add("written_off", f"""
        SELECT i.{by}, SUM(w.amount) FROM write_offs w JOIN arrears_items i ON i.id = w.arrears_item_id
        WHERE w.written_off_on BETWEEN :s AND :e GROUP BY i.{by}""", {"s": s, "e": e})
    # A reversed item leaves with what was open on it when the period began (or all of it, if new).
    add("reversed", f"""
        SELECT i.{by}, SUM(CASE WHEN i.business_date >= :s THEN i.amount ELSE COALESCE(o.open_amount, 0) END)
        FROM reversals r JOIN arrears_items i ON i.id = r.arrears_item_id
        LEFT JOIN ({ITEM_OPEN_AS_OF.replace(':as_of', ':before')}) o ON o.item_id = i.id
        WHERE r.reversed_on BETWEEN :s AND :e AND i.business_date <= :e
        GROUP BY i.{by}""", {"s": s, "e": e, "before": before})
    return dict(out)


def names_by_line(con) -> dict[int, str]:
    return dict(con.execute("SELECT id, name FROM business_lines"))


def _movement_causes(uow: UnitOfWork, end: date, *, by_line: dict[int, str]) -> list[str]:
    """Where a difference would come from: an item offset or written off beyond its amount (negative open
    amount in the replay), or, for a period ending today, maintained balances that disagree with the
    replay of the entries (run ``arrears-desk verify``)."""
    con = uow.session.connection().connection.driver_connection
    causes = []
    for item_id, voucher, open_amount in con.execute(
            f"SELECT o.item_id, i.voucher_no, o.open_amount FROM ({ITEM_OPEN_AS_OF}) o "
            f"JOIN arrears_items i ON i.id = o.item_id WHERE o.open_amount < 0 LIMIT 20", {"as_of": end.isoformat()}):
        causes.append(f"原因：欠费 {voucher}（#{item_id}）核销超过其金额，未核销额为 {format_fen(open_amount)} 元。")
    if end >= uow.desk.clock.today():
        replay = dict(con.execute(f"SELECT business_line_id, SUM(open_amount) FROM ({ITEM_OPEN_AS_OF}) "
                                  f"GROUP BY 1", {"as_of": end.isoformat()}))
        kept = dict(con.execute("SELECT business_line_id, SUM(open_amount) FROM item_balances GROUP BY 1"))
        for line in sorted(set(replay) | set(kept)):
            if (replay.get(line) or 0) != (kept.get(line) or 0):
                causes.append(f"原因：{by_line.get(line, line)} 的维护余额 {format_fen(kept.get(line) or 0)} 与按分录重放的 "
                              f"{format_fen(replay.get(line) or 0)} 不一致，请运行数据校验（arrears-desk verify）。")
    return causes


def movement(desk: Desk, actor: Actor, start: date, end: date) -> Report:
    """欠费变动表 (postal 21-22; telecom 9.7): by business line and by branch, with the balance check."""
    tables, warnings = [], []
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        con = uow.session.connection().connection.driver_connection
        for by, title, table in (("business_line_id", "按业务专业", "business_lines"), ("branch_id", "按网点", "branches")):
            names = dict(con.execute(f"SELECT id, name FROM {table}"))
            figures = movement_figures(uow, start, end, by)
            rows, keys = [], []
            for key in sorted(figures, key=lambda k: names.get(k, "")):
                f = figures[key]
                diff = f["opening"] + f["incurred"] - f["collected"] - f["written_off"] - f["reversed"] - f["closing"]
                if not any(f.values()):
                    continue
                rows.append([names.get(key, str(key)), *[f[p] for p in MOVEMENT_PARTS], diff])
                keys.append(key)
                if diff:
                    warnings.append(f"{title}“{names.get(key, key)}”不平衡：差额 {format_fen(diff)} 元。")
            totals = ["合计", *[sum(r[i] for r in rows) for i in range(1, 8)]]
            columns = [ReportColumn("项目", "text", 16), _money("期初余额"), _money("本期新增"), _money("本期收回"),
                       _money("本期核销坏账"), _money("本期冲正"), _money("期末余额"), _money("差额")]
            tables.append(ReportTable(title, columns, rows, totals, keys))
        warnings += _movement_causes(uow, end, by_line=names_by_line(con))
    notes = ["期初余额 + 本期新增 - 本期收回 - 本期核销坏账 - 本期冲正 = 期末余额；差额应为零。",
             "期初、期末按截至日重放台账计算；收回含退票冲回（负数）；冲正为被冲正欠费在期初的未核销额（本期新增的按全额）。"]
    if not warnings:
        notes.append("平衡检查：各行差额均为零。")
    return Report("movement", "欠费变动表", [("期间", f"{start.isoformat()} 至 {end.isoformat()}")], tables, notes,
                  warnings)


# -- daily business report (营业日报单) -----------------------------------------------------------------

def daily(desk: Desk, actor: Actor, start: date, end: date) -> Report:
    """营业日报单 (postal 16): arrears incurred and collected per day and business line, and per handler."""
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        con = uow.session.connection().connection.driver_connection
        params = {"s": start.isoformat(), "e": end.isoformat()}
        by_line: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        by_handler: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for day, line, handler, n, amount in con.execute("""
                SELECT i.business_date, bl.name, u.display_name, COUNT(*), SUM(i.amount) FROM arrears_items i
                JOIN business_lines bl ON bl.id = i.business_line_id JOIN users u ON u.id = i.handler_id
                WHERE i.business_date BETWEEN :s AND :e GROUP BY 1, 2, 3""", params):
            by_line[(day, line)][0] += n
            by_line[(day, line)][1] += amount
            by_handler[(day, handler)][0] += n
            by_handler[(day, handler)][1] += amount
        for day, line, handler, n, amount in con.execute("""
                SELECT a.effective_on, bl.name, u.display_name, COUNT(DISTINCT a.repayment_id), SUM(a.amount)
                FROM allocations a JOIN arrears_items i ON i.id = a.arrears_item_id
                JOIN repayments p ON p.id = a.repayment_id
                JOIN business_lines bl ON bl.id = i.business_line_id JOIN users u ON u.id = p.received_by_id
                WHERE a.effective_on BETWEEN :s AND :e
                  AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = a.repayment_id)
                  AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = a.arrears_item_id)
                GROUP BY 1, 2, 3""", params):
            by_line[(day, line)][2] += n
            by_line[(day, line)][3] += amount
            by_handler[(day, handler)][2] += n
            by_handler[(day, handler)][3] += amount
    columns = [ReportColumn("日期", "date", 11), ReportColumn("业务专业", "text", 12), ReportColumn("新增笔数", "int", 9),
               _money("新增欠费"), ReportColumn("收回笔数", "int", 9), _money("收回欠费")]
    tables = []
    for title, data, label in (("按业务专业", by_line, "业务专业"), ("按经办人", by_handler, "经办人")):
        rows = [[date.fromisoformat(day), name, *values] for (day, name), values in sorted(data.items())]
        cols = [columns[0], ReportColumn(label, "text", 12), *columns[2:]]
        tables.append(ReportTable(title, cols, rows, ["合计", "", *[sum(r[i] for r in rows) for i in range(2, 6)]]))
    return Report("daily", "营业日报单（欠费）", [("期间", f"{start.isoformat()} 至 {end.isoformat()}")], tables,
                  ["新增按业务受理日期；收回按核销生效日期（已冲正的不计）；经办人：新增为欠费经办人，收回为收款人。"])


# -- arrears-to-revenue ratio ----------------------------------------------------------------------------

def ratio(desk: Desk, actor: Actor, as_of: date | None = None) -> Report:
    """欠费占收入比 (postal 2): open arrears at ``as_of`` against the year's business revenue to date
    (agency finance, rent and non-operating income excluded), per business line; target ≤ 5%."""
    as_of = as_of or desk.clock.today()
    first, last = as_of.year * 100 + 1, period_of(as_of)
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        con = uow.session.connection().connection.driver_connection
        lines = list(con.execute("SELECT id, name FROM business_lines ORDER BY id"))
        revenue = dict(con.execute("""
            SELECT business_line_id, SUM(amount) FROM revenues r
            WHERE r.category = 'business' AND r.period BETWEEN ? AND ?
              AND r.id = (SELECT MAX(x.id) FROM revenues x WHERE x.period = r.period
                          AND x.business_line_id = r.business_line_id AND x.category = r.category)
            GROUP BY business_line_id""", (first, last)))
        source = "item_balances" if as_of >= desk.clock.today() else f"({ITEM_OPEN_AS_OF})"
        arrears = dict(con.execute(f"SELECT business_line_id, SUM(open_amount) FROM {source} WHERE open_amount > 0 "
                                   f"GROUP BY business_line_id", {"as_of": as_of.isoformat()}))
    rows, warnings = [], []
    for line_id, name in lines:
        rev, arr = revenue.get(line_id, 0), arrears.get(line_id, 0)
        if not rev and not arr:
            continue
        r = share(arr, rev)
        status = "无收入数据" if r is None else ("超标" if r > REVENUE_TARGET else "达标")
        if status != "达标":
            warnings.append(f"{name}：欠费 {format_fen(arr)} 元，" + (
                "本年尚无业务收入数据" if r is None else f"占业务收入 {r * 100:.2f}%，超过 5% 的目标"))
        rows.append([name, rev, arr, r, REVENUE_TARGET, status])
    total_rev, total_arr = sum(r[1] for r in rows), sum(r[2] for r in rows)
    total_ratio = share(total_arr, total_rev)
    totals = ["合计", total_rev, total_arr, total_ratio, REVENUE_TARGET,
              "无收入数据" if total_ratio is None else ("超标" if total_ratio > REVENUE_TARGET else "达标")]
    columns = [ReportColumn("业务专业", "text", 14), _money("本年业务收入"), _money("欠费余额"),
               ReportColumn("欠费占收入比", "percent", 12), ReportColumn("目标上限", "percent", 10),
               ReportColumn("状态", "text", 10)]
    return Report("ratio", "欠费占业务收入比例", [("截至日期", as_of.isoformat()),
                                                  ("收入期间", f"{first // 100}-01 至 {last // 100}-{last % 100:02d}")],
                  [ReportTable("按业务专业", columns, rows, totals)],
                  ["业务收入不含代理金融、租赁及营业外收入；同一期间、专业的收入以最后录入的为准。"], warnings)


# -- handler assessment (考核) --------------------------------------------------------------------------

def handlers(desk: Desk, actor: Actor, start: date, end: date) -> Report:
    """经办人考核 (postal 4, 25, 26): outstanding, overdue and over-six-months at ``end``; collected in
    the period; and the commission base: collected revenue only, nothing collected on an item more
    than six months past due."""
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        con = uow.session.connection().connection.driver_connection
        e = end.isoformat()
        six = add_months(end, -6).isoformat()
        source = "item_balances" if end >= desk.clock.today() else f"({ITEM_OPEN_AS_OF})"
        figures: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
        for handler, outstanding, overdue, old, n in con.execute(f"""
                SELECT handler_id, SUM(open_amount), SUM(CASE WHEN due_date < :e THEN open_amount ELSE 0 END),
                       SUM(CASE WHEN due_date < :six THEN open_amount ELSE 0 END), COUNT(DISTINCT customer_id)
                FROM {source} WHERE open_amount > 0 GROUP BY handler_id""", {"as_of": e, "e": e, "six": six}):
            figures[handler][0:4] = [outstanding, overdue, old, n]
        for handler, collected, base in con.execute("""
                SELECT i.handler_id, SUM(a.amount),
                       SUM(CASE WHEN NOT over_six_months(i.due_date, a.effective_on) THEN a.amount ELSE 0 END)
                FROM allocations a JOIN arrears_items i ON i.id = a.arrears_item_id
                WHERE a.effective_on BETWEEN :s AND :e
                  AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = a.repayment_id)
                  AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = a.arrears_item_id)
                GROUP BY i.handler_id""", {"s": start.isoformat(), "e": e}):
            figures[handler][4:6] = [collected, base]
        names = dict(con.execute("SELECT id, display_name FROM users"))
    rows = [[names.get(h, str(h)), f[3], f[0], f[1], f[2], f[4], f[5]]
            for h, f in sorted(figures.items(), key=lambda kv: -kv[1][0])]
    columns = [ReportColumn("经办人", "text", 10), ReportColumn("欠费客户数", "int", 10), _money("欠费余额"),
               _money("其中逾期"), _money("逾期超6个月"), _money("本期收回"), _money("可计提成收回额")]
    totals = ["合计", sum(r[1] for r in rows), *[sum(r[i] for r in rows) for i in range(2, 7)]]
    return Report("handlers", "经办人欠费考核表", [("期间", f"{start.isoformat()} 至 {end.isoformat()}"),
                                                 ("余额截至", end.isoformat())],
                  [ReportTable("按经办人", columns, rows, totals)],
                  ["可计提成收回额：本期实际收回的欠费，不含收回时已逾期超过6个月的欠费（邮政第二十六条）。"])


# -- long-overdue list -----------------------------------------------------------------------------------

def long_overdue(desk: Desk, actor: Actor, as_of: date | None = None) -> Report:
    """逾期六个月以上欠费清单 (postal 18(一)) with the investigation note of the cause, if any."""
    as_of = as_of or desk.clock.today()
    six = add_months(as_of, -6).isoformat()
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        con = uow.session.connection().connection.driver_connection
        table = balances_as_of(uow, as_of)
        rows, keys = [], []
        for code, name, voucher, line, handler, bd, due, open_, cause, cid in con.execute(f"""
                SELECT c.code, c.name, i.voucher_no, bl.name, u.display_name, i.business_date, i.due_date,
                       b.open_amount,
                       (SELECT v.cause || '（' || v.noted_on || '）' FROM investigations v WHERE v.customer_id = c.id
                        ORDER BY v.noted_on DESC, v.id DESC LIMIT 1), c.id
                FROM {table} b JOIN arrears_items i ON i.id = b.item_id JOIN customers c ON c.id = b.customer_id
                JOIN business_lines bl ON bl.id = i.business_line_id JOIN users u ON u.id = i.handler_id
                WHERE b.open_amount > 0 AND b.due_date < ? ORDER BY c.code, i.business_date""", (six,)):
            due_d = date.fromisoformat(due)
            rows.append([code, name, voucher, line, handler, date.fromisoformat(bd), due_d, (as_of - due_d).days,
                         open_, cause or "（未填写调查说明）"])
            keys.append(cid)
    columns = [ReportColumn("客户代码", "text", 12), ReportColumn("客户", "text", 26), ReportColumn("凭证号", "text", 20),
               ReportColumn("业务专业", "text", 10), ReportColumn("经办人", "text", 8), ReportColumn("业务日期", "date", 11),
               ReportColumn("到期日", "date", 11), ReportColumn("逾期天数", "int", 8), _money("未核销金额"),
               ReportColumn("原因调查", "text", 40)]
    missing = len({r[0] for r in rows if r[-1] == "（未填写调查说明）"})
    return Report("long_overdue", "逾期六个月以上欠费清单", [("截至日期", as_of.isoformat())],
                  [ReportTable("清单", columns, rows, ["合计", *[""] * 7, sum(r[8] for r in rows), ""], keys)],
                  ["逾期六个月以上的欠费须查明原因并加大清收力度，且不计提成（邮政第十八条、第二十六条）。"],
                  [f"{missing} 户客户尚未填写原因调查说明。"] if missing else [])




def record_revenue(desk: Desk, actor: Actor, period: int, business_line: str, amount: int,
                   category: str = "business") -> None:
    """业务收入 for a period and business line, entered by hand (a later entry replaces it in the ratio)."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise DomainError("amount.not_positive", text=str(amount))
    with desk.use_case(actor, Permission.ENTER_FIGURES) as uow:
        line_id = uow.session.scalar(select(BusinessLine.id).where(BusinessLine.code == business_line))
        if line_id is None:
            raise DomainError("business_line.unknown", code=business_line)
        row = Revenue(site_id=uow.site_id, period=period, business_line_id=line_id, category=category, amount=amount,
                      recorded_by_id=actor.user_id, recorded_at=desk.clock.now())
        uow.session.add(row)
        uow.session.flush()
        uow.audit("revenue.record", "revenue", row.id, after={"period": period, "business_line": business_line,
                                                              "category": category, "amount": amount})
        uow.commit()


def reconciliation(desk: Desk, actor: Actor, period: int, source: str = "finance") -> Report:
    """业财对账 (postal 21-22): the ledger's incurred and collected for a month against the latest totals
    imported from finance or a business system, by business line and by customer; differences listed."""
    start = date(period // 100, period % 100, 1)
    end = last_day_of_period(period)
    params = {"s": start.isoformat(), "e": end.isoformat()}
    with desk.query(actor, Permission.VIEW_REPORTS) as uow:
        con = uow.session.connection().connection.driver_connection
        batch = con.execute("SELECT MAX(batch_id) FROM external_totals WHERE source = ? AND period = ?",
                            (source, period)).fetchone()[0]
        external: dict[tuple, tuple[int, int]] = {}
        if batch is not None:
            for line, customer, incurred, collected in con.execute(
                    "SELECT business_line_id, customer_id, incurred, collected FROM external_totals "
                    "WHERE batch_id = ? AND source = ? AND period = ?", (batch, source, period)):
                external[(line, customer)] = (incurred, collected)
        lines = dict(con.execute("SELECT id, name FROM business_lines"))
        names = dict(con.execute("SELECT id, COALESCE(code, '') || ' ' || name FROM customers"))
        ledger: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        alive = ("NOT EXISTS (SELECT 1 FROM reversals r WHERE r.arrears_item_id = i.id AND r.reversed_on <= :e)")
        for line, customer, amount in con.execute(
                f"SELECT business_line_id, customer_id, SUM(amount) FROM arrears_items i WHERE business_date "
                f"BETWEEN :s AND :e AND {alive} GROUP BY 1, 2", params):
            ledger[(line, None)][0] += amount
            ledger[(None, customer)][0] += amount
        for line, customer, amount in con.execute(f"""
                SELECT i.business_line_id, i.customer_id, SUM(a.amount) FROM allocations a
                JOIN arrears_items i ON i.id = a.arrears_item_id
                WHERE a.effective_on BETWEEN :s AND :e AND {alive}
                  AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.repayment_id = a.repayment_id
                                  AND r.reversed_on <= :e)
                GROUP BY 1, 2""", params):
            ledger[(line, None)][1] += amount
            ledger[(None, customer)][1] += amount
    source_name = {"finance": "财务", "business": "业务系统"}.get(source, source)
    columns = [ReportColumn("项目", "text", 28), _money("台账新增"), _money(f"{source_name}新增"), _money("新增差额"),
               _money("台账收回"), _money(f"{source_name}收回"), _money("收回差额"), ReportColumn("结果", "text", 8)]
    tables, differences = [], []
    for title, is_line in (("按业务专业", True), ("按客户", False)):
        keys = sorted({k for k in set(ledger) | set(external) if (k[0] is not None) == is_line and
                       (k[1] is None) == is_line},
                      key=lambda k: (lines.get(k[0], "") if is_line else names.get(k[1], "")))
        if not is_line:  # customers only where the other side has customer figures
            keys = [k for k in keys if k in external or any(e[1] is not None for e in external)]
        rows = []
        for k in keys:
            ours = ledger.get(k, [0, 0])
            theirs = external.get(k)
            label = lines.get(k[0], str(k[0])) if is_line else names.get(k[1], str(k[1]))
            if theirs is None:
                row = [label, ours[0], None, None, ours[1], None, None, "对方无数据"]
            else:
                d1, d2 = ours[0] - theirs[0], ours[1] - theirs[1]
                row = [label, ours[0], theirs[0], d1, ours[1], theirs[1], d2, "相符" if not d1 and not d2 else "不符"]
            rows.append(row)
            if row[-1] != "相符":
                differences.append([f"{title}：{label}", *row[1:]])
        totals = ["合计", *[sum(r[i] or 0 for r in rows) for i in range(1, 7)], ""]
        tables.append(ReportTable(title, columns, rows, totals))
    tables.append(ReportTable("差异清单", columns, differences))
    warnings = [] if batch is not None else [f"尚未导入 {period // 100}-{period % 100:02d} 的{source_name}对账数据。"]
    if differences and batch is not None:
        warnings.append(f"有 {len(differences)} 项不符，见“差异清单”。")
    return Report("reconciliation", f"业财对账表（台账与{source_name}）",
                  [("账期", f"{period // 100}-{period % 100:02d}"), ("对方", source_name)], tables,
                  ["台账新增按业务受理日期、收回按核销生效日期计（均不含已冲正）；对方数据以该账期最后一次导入为准。"],
                  warnings)


REPORTS = {"aging": aging, "movement": movement, "daily": daily, "ratio": ratio, "handlers": handlers,
           "long_overdue": long_overdue}
