"""Table models over service DTOs (display text for people, raw values in UserRole for sorting), and the one
way every table on the screens is laid out (``configure_table``): columns sized to their contents, names elided
in the middle, compact rows, the last column stretching, the person's own column widths remembered."""
from __future__ import annotations

import json
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, QSettings, Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from app.domain.money import format_fen
from ui.style import alert_color

Index = QModelIndex | QPersistentModelIndex

_ALERT = alert_color()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class Column:
    """One column of a RowTableModel: header (English source text), how to get the value, and options:
    ``money`` (integer fen: 1,234.56, right-aligned), ``alert`` (a positive figure here is bad news, e.g.
    overdue: red), ``checkable`` (a tick box), ``width`` (the most a text column takes: longer text, such as
    a customer's name, is elided in the middle and shown whole in the tooltip; without it the column is as
    wide as its contents). Counts (int values) are right-aligned like money."""

    def __init__(self, header: str, value, *, money: bool = False, checkable: bool = False,
                 alert: bool = False, width: int | None = None) -> None:
        self.header, self.value, self.money, self.checkable = header, value, money, checkable
        self.width = None if money else width
        self.alert = alert


def _text(column: Column, value) -> str:
    if value is None:
        return ""
    return format_fen(value) if column.money else str(value)


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class RowTableModel(QAbstractTableModel):
    """Rows of service DTOs. Money (integer fen) shows as 1,234.56 and counts as numbers, right-aligned; the
    raw value is in UserRole so sorting is numeric; blanks sort last either way. An optional checkable first
    column. ``tone(row)`` gives a whole row a colour from ui.style (an overdue item red, a reversed entry grey)."""

    def __init__(self, columns: list[Column], context: str, parent=None, *, key=None,
                 tone: Callable[[Any], QColor | None] | None = None) -> None:
        super().__init__(parent)
        self.columns, self.context, self.tone = columns, context, tone
        self.key = key  # a row's identity (e.g. its customer id), to find it again after a refresh
        self.rows: list = []
        self.checked: set[int] = set()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._align: list[int | None] = [_RIGHT if c.money else None for c in columns]

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.checked = set()
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self._learn_alignment()
        self.endResetModel()

    def refill(self, rows: list, table) -> None:
        """New rows for the same view (a refresh after a change): the selected and the ticked rows (found
        again by ``key``) and the scroll position stay where the person left them."""
        key = self.key
        selected = {key(self.rows[i.row()]) for i in table.selectionModel().selectedRows()} if key else set()
        ticked = {key(self.rows[i]) for i in self.checked} if key else set()
        bars = (table.horizontalScrollBar(), table.verticalScrollBar())
        scrolled = [bar.value() for bar in bars]
        self.beginResetModel()
        self.rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.checked = {i for i, row in enumerate(self.rows) if key(row) in ticked} if ticked else set()
        self._learn_alignment()
        self.endResetModel()
        for i, row in enumerate(self.rows if selected else ()):
            if key(row) in selected:
                table.selectRow(i)
                break
        table.updateGeometries()  # the scroll ranges of the new rows, before the old position is put back
        for bar, value in zip(bars, scrolled):
            bar.setValue(value)

    def _learn_alignment(self) -> None:
        """Money and counts right-aligned: whether a column holds counts is seen once per load, from its first
        values (painting asks for every cell's alignment)."""
        for i, column in enumerate(self.columns):
            if not column.money:
                first = next((v for v in map(column.value, self.rows[:50]) if v is not None), None)
                self._align[i] = _RIGHT if _is_count(first) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, by the raw values (fen for money), in one pass: a proxy model would call
        data() hundreds of thousands of times for tens of thousands of rows."""
        if self.checked or not 0 <= column < len(self.columns):
            return  # ticked rows are addressed by position; -1 is "no sort column" (the service's order)
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        value = self.columns[column].value
        descending = order == Qt.SortOrder.DescendingOrder
        if self.columns[column].money:
            self.rows.sort(key=lambda row: value(row) or 0, reverse=descending)
            return
        pairs = [(value(row), row) for row in self.rows]
        filled = [pair for pair in pairs if pair[0] is not None and pair[0] != ""]

        def key(pair) -> tuple:  # numbers as numbers, dates and text as text
            v = pair[0]
            return (0, v, "") if _is_count(v) else (1, 0, str(v))

        filled.sort(key=key, reverse=descending)
        # Blanks last whichever way: a customer still waiting for its code is not the first one looked for.
        self.rows = [row for _, row in filled] + [row for v, row in pairs if v is None or v == ""]

    def selected(self, table) -> object | None:
        """The row object under the table's current selection, or None."""
        rows = table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(self.context, self.columns[section].header)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].checkable:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    _ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.CheckStateRole,
                        Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.ToolTipRole})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self._ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None  # painting asks for a dozen roles per cell; answer the unused ones cheaply
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._align[index.column()]
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(column, column.value(row))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.alert:
                value = column.value(row)
                if _is_count(value) and value > 0:
                    return _ALERT
            return self.tone(row) if self.tone is not None else None
        if role == Qt.ItemDataRole.CheckStateRole:
            if not column.checkable:
                return None
            return Qt.CheckState.Checked if index.row() in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return column.value(row)
        if column.width is not None:  # ToolTipRole: a name elided in a narrow column, whole
            return _text(column, column.value(row)) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or not self.columns[index.column()].checkable:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(index.row())
        else:
            self.checked.discard(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_checked(self, rows: set[int]) -> None:
        """Tick exactly these rows (by position), keeping the selection."""
        self.checked = set(rows)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])

    def checked_rows(self) -> list:
        return [self.rows[i] for i in sorted(self.checked)]


# -- how every table is laid out ---------------------------------------------------------------------------------
SAMPLE_ROWS = 500  # names are measured on this many rows spread over the list (money on all of them)


def row_height(table: QTableView) -> int:
    """A compact row: the font's line and a little air (22-24 px at 100 %, scaled with the font)."""
    return table.fontMetrics().height() + 6


def configure_table(table: QTableView, settings_key: str | None = None) -> None:
    """The one layout of every table (set its model first): rows selected whole, compact
    rows, text elided in the middle, the last column taking the room left; over a RowTableModel each column
    as wide as its contents (a name up to its column's ``width``). Widths follow the
    rows on every load, never shrinking while the table lives (no jumping while a search is typed); a width
    the person drags is theirs, kept under ``settings_key`` between sessions."""
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.setWordWrap(False)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setMinimumSectionSize(1)
    rows.setDefaultSectionSize(row_height(table))
    table.horizontalHeader().setStretchLastSection(True)
    if isinstance(table.model(), RowTableModel):
        _ColumnSizer(table, settings_key)


class _ColumnSizer(QObject):
    """Keeps a table's column widths fitted to its rows (see configure_table)."""

    def __init__(self, table: QTableView, settings_key: str | None) -> None:
        super().__init__(table)
        self.table, self.model = table, table.model()
        self.settings_key = f"tables/{settings_key}" if settings_key else None
        self.fitted = [0] * len(self.model.columns)
        self.chosen: dict[str, int] = {}  # header -> width the person dragged it to
        if self.settings_key:
            try:
                saved = json.loads(str(QSettings().value(self.settings_key, "{}")))
                self.chosen = {str(k): int(v) for k, v in saved.items()}
            except (ValueError, TypeError, AttributeError):
                self.chosen = {}
        self._applying = False
        self._measured: dict[str, int] = {}
        self._metrics = table.fontMetrics()
        self.fit()
        self.model.modelReset.connect(self.fit)
        table.horizontalHeader().sectionResized.connect(self._resized)

    def measure(self, text: str) -> int:
        """A text's width, remembered: typing a search shows the same codes and names again and again."""
        width = self._measured.get(text)
        if width is None:
            if len(self._measured) > 20_000:
                self._measured.clear()
            width = self._measured[text] = self._metrics.horizontalAdvance(text)
        return width

    def content_widths(self) -> list[int]:
        """What each column needs for its header and its (sampled) rows, in pixels."""
        table, model = self.table, self.model
        header = table.horizontalHeader()
        style = table.style()
        padding = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1) + 6
        rows = model.rows
        # A column sized to its longest text (a ladder step) reads every row of a list of a few thousand.
        whole = len(rows) <= 5_000
        sample = rows[::max(1, len(rows) // SAMPLE_ROWS)]
        widths = []
        for i, column in enumerate(model.columns):
            if column.checkable:
                needed = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, table) + padding + 6
            else:
                if column.money:  # the widest figure is the biggest or the most negative one
                    values = list(map(column.value, rows))
                    if None in values:
                        values = [v for v in values if v is not None]
                    texts = {format_fen(max(values)), format_fen(min(values))} if values else set()
                else:
                    texts = {_text(column, column.value(row))
                             for row in (rows if whole and column.width is None else sample)}
                needed = max(map(self.measure, texts), default=0) + padding
                if column.width is not None:
                    needed = min(needed, column.width)
            widths.append(max(needed, header.sectionSizeHint(i)))
        return widths

    def fit(self) -> None:
        self.fitted = [max(old, new) for old, new in zip(self.fitted, self.content_widths())]
        self._applying = True
        try:
            for i, (column, width) in enumerate(zip(self.model.columns, self.fitted)):
                self.table.setColumnWidth(i, self.chosen.get(column.header, width))
        finally:
            self._applying = False

    def _resized(self, index: int, _old: int, new: int) -> None:
        """A width set other than by fitting (dragged, double-clicked) is the person's; the stretching last
        column follows the window."""
        if self._applying or new <= 0 or index >= len(self.model.columns) - 1:
            return
        self.chosen[self.model.columns[index].header] = new
        if self.settings_key:
            QSettings().setValue(self.settings_key, json.dumps(self.chosen))
