"""Reports to .xlsx (openpyxl) and .pdf (reportlab), from the same ``Report`` the app shows, in Chinese.

The workbook is a real report: title and parameters above the table, the header frozen, widths set,
amounts as numbers with two decimals (never text), percentages as numbers, dates as dates, totals as
values; one sheet per table. Written in openpyxl's write-only mode so 100,000 rows stay fast.
(``app.services.reports.write_report`` picks the writer and the document font.)
"""
from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal
from itertools import islice
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4, landscape

from app.documents.files import temp_beside
from app.documents.fonts import document_font
from app.documents.layout import Column, DocumentCanvas, PageWriter
from app.domain.errors import DomainError
from app.domain.periods import format_period
from app.reports import words as w
from app.reports.model import Phrase, Report, ReportTable, cell_text, say
from app.services.failures import os_reason

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
_INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
_HUNDRED = Decimal(100)

Progress = Callable[[int, int], None]

# A text starting with one of these is a formula (or an error value) to a spreadsheet: =HYPERLINK(…),
# =cmd|' /C calc'!A0, +1, -1, @SUM(A1), #N/A.
_FORMULA_START = frozenset("=+-@#")


def text_cell(ws, value: str):
    """Text for a workbook cell, kept as text: what people typed (a customer named ``=HYPERLINK(…)``)
    never becomes a formula. Plain text goes as it is; the rare text a spreadsheet would read as a
    formula goes as a text cell with the quote prefix (as if typed with a leading apostrophe)."""
    if not value or value[0] not in _FORMULA_START:
        return value
    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def yuan(fen: int) -> Decimal:
    """Fen as an exact Decimal of yuan for the spreadsheet cell (a number, not text)."""
    return Decimal(fen) / _HUNDRED


def _sheet_name(name: str, used: set[str]) -> str:
    base = (name.translate(_INVALID_SHEET_CHARS) or "Sheet")[:31]
    candidate, n = base, 2
    while candidate in used:
        suffix = f"({n})"
        candidate = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


# Rows of one table on one sheet: a longer table goes on over further sheets (名称 (2), …), each with the
# title and header again, well below Excel's 1,048,576 rows a sheet.
ROWS_PER_SHEET = 1_000_000


def write_xlsx(report: Report, path: Path, progress: Progress | None = None) -> Path:
    """Rows go to the file as they come (write-only workbook; a ``StreamedRows`` table is read from the
    database meanwhile), so memory does not grow with the number of rows."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    total_rows = sum(len(t.rows) for t in report.tables) or 1
    done = 0
    for table in report.tables:
        rows = iter(table.rows)
        part, left = 1, len(table.rows)
        while True:
            name = say(table.name) if part == 1 else f"{say(table.name)} ({part})"
            ws = wb.create_sheet(_sheet_name(name, used))
            take = min(left, ROWS_PER_SHEET)
            done = _write_sheet(wb, ws, report, table, rows, take, take == left, progress, done, total_rows)
            left -= take
            if left <= 0:
                break
            part += 1
        for _ in rows:  # run a stream to its end (it lets go of what it reads from), in its transaction
            pass
    _save_atomically(path, wb.save)
    return path


def _write_sheet(wb, ws, report: Report, table: ReportTable, rows, count: int, last: bool,
                 progress: Progress | None, done: int, total: int) -> int:
    """The title, the header and the next ``count`` of ``rows``; the totals and notes if ``last``."""
    n_cols = len(table.columns)
    header_row = 4 + len(report.parameters)
    # Set before the first row: write-only mode writes the sheet's properties when rows begin.
    ws.page_setup.orientation = "landscape"  # printed from Excel: landscape, all columns on the page
    ws.page_setup.paperSize = "9"  # A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row}:{header_row}"
    for i, col in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width + 2
    ws.freeze_panes = f"A{header_row + 1}"
    title = _text_cell(ws, say(report.title))
    title.font = Font(size=14, bold=True)
    ws.append([title])
    for label, value in report.parameters:
        ws.append([text_cell(ws, f"{say(label)}："), text_cell(ws, say(value))])
    ws.append([text_cell(ws, f"表：{say(table.name)}")])
    ws.append([])
    header = []
    for col in table.columns:
        cell = _text_cell(ws, say(col.header))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)
    # One styled cell per column, reused: write-only mode serialises a row when it is appended.
    templates: list[WriteOnlyCell | None] = []
    for col in table.columns:
        if col.kind in ("money", "percent", "date"):
            cell = WriteOnlyCell(ws)
            cell.number_format = {"money": MONEY_FORMAT, "percent": PERCENT_FORMAT, "date": DATE_FORMAT}[col.kind]
            templates.append(cell)
        else:
            templates.append(None)
    kinds = [c.kind for c in table.columns]
    step = max(1, total // 100)
    for row in islice(rows, count):
        out = []
        for value, kind, cell in zip(row, kinds, templates):
            if cell is None or value is None or value == "":
                # Text as text (names, codes); words and periods said in Chinese; counts stay numbers.
                if type(value) is str:
                    out.append(value if not value or value[0] not in _FORMULA_START else text_cell(ws, value))
                else:
                    out.append(value if value is None or kind == "int" else text_cell(ws, _text(value, kind)))
                continue
            if kind == "money":
                cell.value = yuan(value) if isinstance(value, int) else value
            else:
                cell.value = value
            out.append(cell)
        ws.append(out)
        done += 1
        if progress is not None and done % step == 0:
            progress(done, total)
    if not last:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(n_cols)}{header_row + count}"
        ws.print_options.gridLines = True
        return done
    if table.totals is not None:
        out = []
        for value, kind in zip(table.totals, kinds):
            if kind == "money" and isinstance(value, int):
                value = yuan(value)
            elif not (value is None or type(value) is str or isinstance(value, (int, Decimal))):
                value = _text(value, kind)
            cell = _text_cell(ws, value) if type(value) is str else WriteOnlyCell(ws, value)
            cell.font = Font(bold=True)
            if kind in ("money", "percent"):
                cell.number_format = MONEY_FORMAT if kind == "money" else PERCENT_FORMAT
            out.append(cell)
        ws.append(out)
    for note in report.notes:
        ws.append([])
        ws.append([text_cell(ws, say(note))])
    for warning in report.warnings:
        ws.append([text_cell(ws, say(Phrase.of(w.HINT, text=warning)))])
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(n_cols)}{header_row + count}"
    ws.print_options.gridLines = True
    return done


def _text_cell(ws, value: str):
    """A text cell to style (title, header, totals): always a cell, kept as text."""
    cell = text_cell(ws, value)
    return WriteOnlyCell(ws, cell) if type(cell) is str else cell


def _save_atomically(path: Path, save) -> None:
    """Written beside the target and moved into place: a failed export leaves no half file."""
    path = Path(path)
    try:
        name = str(temp_beside(path, ".export-"))
    except OSError as error:
        raise DomainError("file.not_writable", path=str(path), reason=os_reason(error)) from None
    try:
        save(name)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _text(value, kind: str) -> str:
    """A cell of a text-like column in the workbook (a period, a status, words of the vocabulary)."""
    if kind == "period" and isinstance(value, int):
        return format_period(value)
    return say(value)


def write_pdf(report: Report, path: Path, *, font_path: str = "", progress: Progress | None = None) -> Path:
    font = document_font(font_path).name

    def draw(name: str) -> None:
        canvas = DocumentCanvas(name, pagesize=landscape(A4), pageCompression=1, initialFontName=font)
        title = say(report.title)
        canvas.setTitle(title)
        canvas.setCreator("ArrearsDesk 用户欠费管理系统")
        writer = PageWriter(canvas, font, footer=title, page_size=landscape(A4))
        writer.line(title, 16, align="center", gap=8)
        writer.paragraph("；".join(f"{say(label)}：{say(value)}" for label, value in report.parameters), 9,
                         first_indent=False, leading=1.4)
        total, done = sum(len(t.rows) for t in report.tables) or 1, 0
        for table in report.tables:
            writer.ensure(60)
            writer.line(say(table.name), 11, gap=4)
            weights = sum(c.width for c in table.columns)
            columns = [Column(say(c.header), c.width / weights,
                              "right" if c.kind in ("money", "int", "percent") else "left") for c in table.columns]
            kinds = [c.kind for c in table.columns]
            rows = [[cell_text(v, k) for v, k in zip(row, kinds)] for row in table.rows]
            totals = None if table.totals is None else [cell_text(v, k) for v, k in zip(table.totals, kinds)]
            writer.table(columns, rows, size=7.5 if len(columns) > 9 else 8.5, row_h=14, total=totals)
            writer.space(10)
            done += len(rows)
            if progress is not None:
                progress(done, total)
        for text in [*report.notes, *(Phrase.of(w.HINT, text=warning) for warning in report.warnings)]:
            writer.paragraph(say(text), 8.5, first_indent=False, leading=1.4)
        writer.finish_document()
        canvas.save()

    _save_atomically(path, draw)
    return path

