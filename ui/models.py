"""Table models over service DTOs: display text for people, raw values in UserRole for sorting."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt,
)

from app.services.dto import CustomerInfo

Index = QModelIndex | QPersistentModelIndex

# English source texts; the zh_CN translation gives 待审批, 正常, 政企客户 …
STATUS_TEXT = {
    "pending": QT_TRANSLATE_NOOP("CustomerTableModel", "Pending approval"),
    "active": QT_TRANSLATE_NOOP("CustomerTableModel", "Active"),
    "suspended": QT_TRANSLATE_NOOP("CustomerTableModel", "Credit suspended"),
    "terminated": QT_TRANSLATE_NOOP("CustomerTableModel", "Terminated"),
    "blacklisted": QT_TRANSLATE_NOOP("CustomerTableModel", "Blacklisted"),
}
GROUP_TEXT = {
    "public": QT_TRANSLATE_NOOP("CustomerTableModel", "Public"),
    "government": QT_TRANSLATE_NOOP("CustomerTableModel", "Government and enterprise"),
    "key_account": QT_TRANSLATE_NOOP("CustomerTableModel", "Key account"),
    "ecommerce": QT_TRANSLATE_NOOP("CustomerTableModel", "E-commerce"),
    "other": QT_TRANSLATE_NOOP("CustomerTableModel", "Other"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CustomerTableModel", text)


class CustomerTableModel(QAbstractTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("CustomerTableModel", "Code"), QT_TRANSLATE_NOOP("CustomerTableModel", "Name"),
               QT_TRANSLATE_NOOP("CustomerTableModel", "Group"), QT_TRANSLATE_NOOP("CustomerTableModel", "Contact"),
               QT_TRANSLATE_NOOP("CustomerTableModel", "Phone"), QT_TRANSLATE_NOOP("CustomerTableModel", "Status"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[CustomerInfo] = []

    def set_rows(self, rows: list[CustomerInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        values = (c.code or "", c.name, _tr(GROUP_TEXT.get(c.customer_group, c.customer_group)), c.contact_person,
                  c.phone, _tr(STATUS_TEXT.get(c.status, c.status)))
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return c.customer_id if index.column() == 0 else values[index.column()]
        return None

    def customer_at(self, row: int) -> CustomerInfo:
        return self._rows[row]
