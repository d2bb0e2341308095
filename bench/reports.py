"""The reports issue's figures: exporting 100,000 aging detail rows to .xlsx against a bare openpyxl
write of the same rows, and importing 50,000 arrears rows with validation (calamine and openpyxl
read-only both measured)."""
from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from bench.chain import hash_chain

from app.domain.periods import format_period
from app.imports.reader import read_sheet
from app.reports import words as w
from app.reports.export import write_xlsx, yuan
from app.reports.model import Report, say
from app.reports.request import ReportRequest
from app.services.context import Desk, FixedClock
from app.services.imports import check_file, run_import
from app.services.reports import details


def plain_rows(table) -> tuple[list, list[list]]:
    """The header and cells as the workbook holds them (words in Chinese, periods as text), made before
    the bare write is timed."""
    kinds = [c.kind for c in table.columns]
    rows = [[format_period(v) if k == "period" else v if v is None or isinstance(v, (str, int, date)) else say(v)
             for v, k in zip(row, kinds)] for row in table.rows]
    return [say(c.header) for c in table.columns], rows


def bare_openpyxl(path: Path, table, header: list, rows: list[list]) -> None:
    """The same cell values, written with no title, formats, widths or styles."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("rows")
    ws.append(header)
    kinds = [c.kind for c in table.columns]
    for row in rows:
        ws.append([yuan(v) if k == "money" and isinstance(v, int) else v for v, k in zip(row, kinds)])
    wb.save(path)


def bench_export(desk: Desk, actor, report, today: date, median_time, rows: int = 100_000) -> None:
    request = ReportRequest("aging", today)
    table = details(desk, actor, request)
    table.rows = table.rows[:rows]
    table.keys = None
    folder = Path(tempfile.mkdtemp(prefix="arrears-bench-export-"))
    wrapped = Report(request, w.TITLE_AGING_DETAILS, [(w.AS_OF, today)], [table])
    header, plain = plain_rows(table)
    t_ours = median_time(lambda: write_xlsx(wrapped, folder / "ours.xlsx"), 3)
    t_base = median_time(lambda: bare_openpyxl(folder / "bare.xlsx", table, header, plain), 3)
    report.add(f"aging export, {len(table.rows):,} detail rows to .xlsx", t_ours, t_base, "<= 1.3x bare openpyxl",
               t_ours <= 1.3 * t_base, baseline_name="bare openpyxl write")


def _import_desk(folder: Path, customers: int) -> tuple[Desk, object, list[str], date]:
    from tests.factories import approved_customer, make_desk
    start = date(2026, 1, 5)
    desk, staff = make_desk(folder / "import.sqlite3", start)
    for n in range(customers):
        approved_customer(desk, staff, f"导入测试客户{n:04d}", limit=100_000_000)
    codes = [c for (c,) in sqlite3.connect(desk.path).execute("SELECT code FROM customers ORDER BY id")]
    today = start + timedelta(days=60)
    desk.clock = FixedClock(today)
    return desk, staff.clerk, codes, start


def _write_import_file(path: Path, codes: list[str], start: date, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("导入数据")
    ws.append(["客户代码", "业务专业", "业务日期", "金额", "凭证号", "客户签字确认", "备注"])
    lines = ["函件", "包件", "代理速递", "集邮", "报刊零售"]
    for n in range(rows):
        ws.append([codes[n % len(codes)], lines[n % len(lines)], start + timedelta(days=n % 50),
                   f"{(n % 900) + 10}.{n % 100:02d}", f"IMP{n:07d}", "是" if n % 3 else "否", ""])
    wb.save(path)


def bench_import(report, rows: int = 50_000, customers: int = 200) -> None:
    """Every import figure is a median of five runs (after one uncounted), each into a fresh copy of the
    same branch, the baseline's runs alternating with ours."""
    import shutil

    from bench.__main__ import MIN_RUNS, paired_times, raw_connection
    folder = Path(tempfile.mkdtemp(prefix="arrears-bench-import-"))
    desk, clerk, codes, start = _import_desk(folder, customers)
    today = desk.clock.today()
    template = desk.path
    desk.close()
    path = folder / "arrears.xlsx"
    _write_import_file(path, codes, start, rows)
    t_calamine, t_openpyxl = paired_times(lambda: read_sheet(path, engine="calamine"),
                                          lambda: read_sheet(path, engine="openpyxl"))
    report.add(f"read {rows:,} rows of .xlsx (python-calamine)", t_calamine, t_openpyxl, "faster than openpyxl",
               t_calamine < t_openpyxl, baseline_name="openpyxl read-only")
    copies = iter(range(10 * MIN_RUNS))

    def fresh() -> Desk:
        target = folder / f"run-{next(copies)}.sqlite3"
        shutil.copyfile(template, target)
        return Desk(target, clock=FixedClock(today))

    def imported(engine: str, chained: bool = True, steps: dict | None = None):
        def run() -> None:
            desk = fresh()
            try:
                t0 = time.perf_counter()
                check = check_file(desk, clerk, "arrears", path, engine=engine)
                assert check.clean, check.issues[:3]
                with hash_chain(chained):
                    t1 = time.perf_counter()
                    result = run_import(desk, clerk, "arrears", path, engine=engine)
                    if steps is not None:
                        steps.setdefault("check", []).append(t1 - t0)
                        steps.setdefault("import", []).append(time.perf_counter() - t1)
                assert result.imported == rows
            finally:
                desk.close()
        return run

    def raw_baseline() -> None:
        """The same rows read and inserted with plain sqlite3 executemany (the program's PRAGMAs), no
        validation at all."""
        raw_db = folder / "raw.sqlite3"
        for f in folder.glob("raw.sqlite3*"):
            f.unlink()
        sheet = read_sheet(path, engine="calamine")
        con = raw_connection(raw_db)
        con.execute("CREATE TABLE items (code TEXT, line TEXT, day TEXT, amount INTEGER, voucher TEXT UNIQUE)")
        con.execute("BEGIN")
        con.executemany("INSERT INTO items VALUES (?,?,?,?,?)",
                        [(r[0], r[1], str(r[2]), int(str(r[3]).replace(".", "")), r[4]) for _, r in sheet.rows])
        con.execute("COMMIT")
        con.close()

    steps: dict[str, list[float]] = {}
    t_ours, t_raw = paired_times(imported("calamine", steps=steps), raw_baseline)
    report.add(f"import {rows:,} arrears rows, checked then imported (calamine)", t_ours, t_raw,
               "< 15 s", t_ours < 15, baseline_name="read + bare executemany", key="import 50k (calamine)")
    t_openpyxl_import, t_raw2 = paired_times(imported("openpyxl"), raw_baseline)
    report.add(f"import {rows:,} arrears rows, checked then imported (openpyxl)", t_openpyxl_import, t_raw2,
               "< 15 s", t_openpyxl_import < 15, baseline_name="read + bare executemany")
    # What tamper evidence costs: the import step with and without the chain links, alternating.
    chained_steps: dict[str, list[float]] = {}
    unchained_steps: dict[str, list[float]] = {}
    paired_times(imported("calamine", steps=chained_steps), imported("calamine", False, unchained_steps))
    t_import = statistics.median(chained_steps["import"][1:])
    t_unchained = statistics.median(unchained_steps["import"][1:])
    report.add(f"  that import's {rows * 2:,} hash-chain links' cost (import step)", t_import, t_unchained,
               "<= 1.5x without", t_import <= 1.5 * t_unchained, baseline_name="without links")
