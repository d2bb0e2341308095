"""Table models over service DTOs: display text for people, raw values in UserRole for sorting."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QSettings, Qt

from app.domain.money import format_fen
from ui.style import alert_color

Index = QModelIndex | QPersistentModelIndex


class Column:
    """One column of a RowTableModel: header (English source text), how to get the value, money or not."""

    def __init__(self, header: str, value, *, money: bool = False, checkable: bool = False,
                 alert: bool = False, width: int | None = None) -> None:
        self.header, self.value, self.money, self.checkable = header, value, money, checkable
        self.width = width or (110 if money else 50 if checkable else 100)
        self.alert = alert  # a positive figure here is bad news (overdue): shown in red


class RowTableModel(QAbstractTableModel):
    """Rows of service DTOs. Money (integer fen) shows as 1,234.56, right-aligned, negatives in red;
    the raw value is in UserRole so sorting is numeric. An optional checkable first column."""

    def apply_widths(self, table, settings_key: str | None = None) -> None:
        """Column widths: the user's last widths for this table (QSettings) or the declared ones; kept
        across reloads (a model reset puts the header back to defaults) and saved when changed."""
        widths = [column.width for column in self.columns]
        if settings_key:
            saved = QSettings().value(f"columns/{settings_key}")
            if isinstance(saved, list) and len(saved) == len(widths):
                widths = [int(w) for w in saved]

        def apply() -> None:
            for i, width in enumerate(widths):
                table.setColumnWidth(i, width)

        def remember(index: int, _old: int, new: int) -> None:
            if new > 0 and widths[index] != new:
                widths[index] = new
                if settings_key:
                    QSettings().setValue(f"columns/{settings_key}", widths)

        apply()
        self.modelReset.connect(apply)
        table.horizontalHeader().sectionResized.connect(remember)

    def __init__(self, columns: list[Column], context: str, parent=None, *, key=None) -> None:
        super().__init__(parent)
        self.columns, self.context = columns, context
        self.key = key  # a row's identity (e.g. its customer id), to find it again after a refresh
        self.rows: list = []
        self.checked: set[int] = set()
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.checked = set()
        if self._sort is not None:
            self._sort_rows(*self._sort)
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
        self.endResetModel()
        for i, row in enumerate(self.rows if selected else ()):
            if key(row) in selected:
                table.selectRow(i)
                break
        table.updateGeometries()  # the scroll ranges of the new rows, before the old position is put back
        for bar, value in zip(bars, scrolled):
            bar.setValue(value)

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
        if self.columns[column].money:
            key = lambda row: value(row) or 0  # noqa: E731 - integer fen
        else:
            def key(row) -> tuple:  # numbers as numbers, dates and text as text, blanks first
                v = value(row)
                if isinstance(v, int) and not isinstance(v, bool):
                    return (1, v, "")
                return (0, 0, "") if v is None or v == "" else (2, 0, str(v))
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

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
                        Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self._ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None  # painting asks for a dozen roles per cell; answer the unused ones cheaply
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if column.money else None
        value = column.value(self.rows[index.row()])
        if role == Qt.ItemDataRole.CheckStateRole and column.checkable:
            return Qt.CheckState.Checked if index.row() in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column.money:
                return "" if value is None else format_fen(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.ForegroundRole and column.money and isinstance(value, int) and (
                value < 0 or (column.alert and value > 0)):
            return alert_color()
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
