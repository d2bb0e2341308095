"""Exports that stream: an aging report with its item details goes to .xlsx in one read transaction, the
item rows read from the database in chunks while the workbook is written (never a list of every item),
and a table longer than a sheet holds goes on over further sheets, each with its title and header."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.reports import export
from app.reports.model import StreamedRows, say
from app.reports.request import ReportRequest
from app.services import reports
from app.services.auth import login
from app.services.context import Cancelled, Desk, FixedClock
from app.services.demo import DEMO_PASSWORD, generate_demo
from db.reports import Reports
from tests import server

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    """The demo ledger, in a file or (``ARREARS_DESK_TEST_BACKEND=postgresql``) a database on the server."""
    path = tmp_path_factory.mktemp("streamed") / "ledger.sqlite3"
    if server.ON_SERVER:
        path = server.database_url(server.new_database())
    kept = server.kept_beyond_the_test() if server.ON_SERVER else []  # for the module, not its first test
    generate_demo(path, customers=20, months=8, seed=11, today=TODAY)
    desk = Desk(path, clock=FixedClock(TODAY))
    yield desk, login(desk, "head", DEMO_PASSWORD)
    desk.close()
    server.drop_databases(kept)


def values(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_the_detail_rows_stream_from_the_database_and_give_the_same_workbook(ledger, tmp_path, monkeypatch):
    desk, head = ledger
    request = ReportRequest("aging", TODAY, details=True)
    listed = reports.build(desk, head, request)
    reports.write_report(desk, listed, tmp_path / "listed.xlsx")

    def no_list(*args, **kwargs):
        raise AssertionError("the export read every item into a list")
    monkeypatch.setattr(Reports, "aging_details", no_list)
    written = []
    write = export.write_xlsx
    monkeypatch.setattr(reports, "write_xlsx", lambda report, path, progress=None: (
        written.append(type(report.tables[-1].rows)), write(report, path, progress))[1])
    streamed = reports.export_report(desk, head, request, tmp_path / "streamed.xlsx")
    assert written == [StreamedRows]
    assert len(streamed.tables[-1].rows) == len(listed.tables[-1].rows) > 100
    assert streamed.tables[-1].totals == listed.tables[-1].totals
    a, b = load_workbook(tmp_path / "listed.xlsx"), load_workbook(tmp_path / "streamed.xlsx")
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert values(a[name]) == values(b[name])


def test_a_table_longer_than_a_sheet_goes_on_over_further_sheets(ledger, tmp_path, monkeypatch):
    desk, head = ledger
    request = ReportRequest("aging", TODAY, details=True)
    listed = reports.build(desk, head, request)
    details = listed.tables[-1]
    per_sheet = 40
    monkeypatch.setattr(export, "ROWS_PER_SHEET", per_sheet)
    reports.export_report(desk, head, request, tmp_path / "split.xlsx")
    wb = load_workbook(tmp_path / "split.xlsx")
    name = say(details.name)
    parts = [n for n in wb.sheetnames if n == name or n.startswith(f"{name} (")]
    sheets = -(-len(details.rows) // per_sheet)
    assert parts == [name] + [f"{name} ({n})" for n in range(2, sheets + 1)]
    header_row = 4 + len(listed.parameters) + 1  # and the integrity root the export adds
    seen = []
    for n, part in enumerate(parts, start=1):
        rows = values(wb[part])
        assert rows[header_row - 1] == tuple(say(c.header) for c in details.columns)  # the header on each sheet
        body = rows[header_row:]
        if n < len(parts):
            assert len(body) == per_sheet
        else:
            body = body[:len(details.rows) - per_sheet * (len(parts) - 1)]
            assert rows[header_row + len(body)][0] == say(details.totals[0])  # the totals once, at the end
        seen += [row[6] for row in body]  # voucher numbers
    assert seen == [row[6] for row in details.rows]


def test_the_report_command_streams_the_details_of_an_aging_export(ledger, tmp_path, monkeypatch, capsys):
    desk, _head = ledger
    monkeypatch.setattr(Reports, "aging_details", lambda *a, **k: pytest.fail("the export listed every item"))
    out = tmp_path / "aging.xlsx"
    assert main(["report", "aging", "--db", desk.location, "--user", "head", "--password", DEMO_PASSWORD,
                 "--as-of", TODAY.isoformat(), "--details", "--out", str(out)]) == 0
    assert "已导出" in capsys.readouterr().out
    assert "欠费明细" in load_workbook(out).sheetnames


def _pragma_around_the_stream(monkeypatch, desk, head, tmp_path, pragma: str, *, cancel: bool = False) -> list:
    """``PRAGMA pragma`` of the export's connection as the detail rows begin to stream, once they have (unless the
    export is cancelled while they stream), and on the same connection after the export (the pool hands it to the
    screens next)."""
    import db.reports as db_reports
    seen, used = [], []
    original = db_reports.streamed_rows

    def watched(conn, stmt, batch=5_000):
        used.append(conn.connection.driver_connection)
        seen.append(conn.exec_driver_sql(f"PRAGMA {pragma}").scalar())
        yield from original(conn, stmt, batch)
        seen.append(conn.exec_driver_sql(f"PRAGMA {pragma}").scalar())
    monkeypatch.setattr(db_reports, "streamed_rows", watched)

    def progress(done: int, total: int, label: str = "") -> None:
        if cancel and used:
            raise Cancelled()
    try:
        reports.export_report(desk, head, ReportRequest("aging", TODAY, details=True), tmp_path / "a.xlsx",
                              progress=progress)
    except Cancelled:
        assert cancel
    return [*seen, used[0].execute(f"PRAGMA {pragma}").fetchone()[0]]


def test_the_stream_is_sorted_in_temporary_files_not_in_memory(ledger, tmp_path, monkeypatch):
    """SQLite sorts the million rows of an export by customer: in the app's in-memory temp store that
    sort alone would grow with the rows; the export's connection sorts on disk, then goes back."""
    desk, head = ledger
    # FILE while the rows are read, MEMORY again afterwards, also when the export is cancelled meanwhile
    assert _pragma_around_the_stream(monkeypatch, desk, head, tmp_path, "temp_store") == [1, 1, 2]
    assert _pragma_around_the_stream(monkeypatch, desk, head, tmp_path, "temp_store", cancel=True) == [1, 2]


def test_the_export_reads_with_a_small_page_cache_and_gives_the_connection_back_as_it_was(ledger, tmp_path,
                                                                                         monkeypatch):
    """SQLite sizes the in-memory part of its sorts by the page cache: at the program's 64 MiB, a branch of 40,000
    customers (767,663 items) peaked at 395 MB; the export holds it to 8 MiB (271 MB, in the same time), then the
    connection has its 64 MiB again for the screens."""
    desk, head = ledger
    assert _pragma_around_the_stream(monkeypatch, desk, head, tmp_path, "cache_size") == [-8 * 1024] * 2 + [-64 * 1024]
    # cancelled while the rows stream: the connection has its cache back all the same
    assert _pragma_around_the_stream(monkeypatch, desk, head, tmp_path, "cache_size",
                                     cancel=True) == [-8 * 1024, -64 * 1024]
