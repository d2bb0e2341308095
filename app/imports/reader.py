"""Reading an import file (.xlsx or .csv) into rows of raw cell values, with spreadsheet row numbers.

.xlsx is read with python-calamine (fast) or, where ``engine="openpyxl"``, openpyxl's read-only mode.
.csv may be UTF-8 (with or without BOM) or GB18030/GBK, which is what Excel on a Chinese Windows saves.
The first non-empty row is the header. Numbers from a spreadsheet cell are turned into ``Decimal``
through their shortest text form at once, so no float ever reaches the money code.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]   # (row number as the user sees it, cells)
    sha256: str


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return Decimal(repr(value))  # the shortest text that round-trips: 12.3 -> Decimal("12.3")
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def read_sheet(path: Path | str, *, engine: str = "calamine") -> Sheet:
    path = Path(path)
    if not path.is_file():
        raise DomainError("import.file_missing", path=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            raw = _read_csv(path)
        elif suffix in (".xlsx", ".xlsm"):
            raw = _read_xlsx_calamine(path) if engine == "calamine" else _read_xlsx_openpyxl(path)
        else:
            raise DomainError("import.bad_type", path=str(path))
    except DomainError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged file: say so, with the reader's words
        raise DomainError("import.unreadable", path=str(path), reason=str(error)[:200]) from None
    rows = iter(raw)
    headers: list[str] = []
    for number, cells in rows:
        if any(c not in (None, "") for c in cells):
            headers = [str(c).strip() if c is not None else "" for c in cells]
            break
    if not headers:
        raise DomainError("import.empty", path=str(path))
    body = [(number, [_clean(c) for c in cells]) for number, cells in rows
            if any(c not in (None, "") for c in cells)]
    return Sheet(headers, body, file_sha256(path))


def _read_csv(path: Path) -> list[tuple[int, list[Any]]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError("import.encoding", path=str(path))
    return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)]


def _read_xlsx_calamine(path: Path) -> list[tuple[int, list[Any]]]:
    from python_calamine import CalamineWorkbook
    book = CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_index(0)
    return [(n, list(row)) for n, row in enumerate(sheet.to_python(skip_empty_area=False), start=1)]


def _read_xlsx_openpyxl(path: Path) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book.worksheets[0]
        return [(n, list(row)) for n, row in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def as_date(value: Any) -> date:
    """A date from a date cell or text like 2026-03-01, 2026/3/1, 2026.3.1 or 20260301."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for sep in ("/", ".", "年"):
        text = text.replace(sep, "-")
    text = text.replace("月", "-").rstrip("日")
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise DomainError("date.malformed", text=str(value))
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise DomainError("date.impossible", text=str(value)) from None
