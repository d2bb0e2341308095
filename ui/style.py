"""The colours the screens use for bad and good news, in one place: an error in words, an overdue or negative figure,
a report cell that does not match."""
from __future__ import annotations

from PySide6.QtGui import QColor

ALERT = "#b00020"
ALERT_STYLE = f"color: {ALERT}"
GOOD = "#2e7d32"  # a figure on target
GOOD_STYLE = f"color: {GOOD}"  # a message that something worked


def alert_color() -> QColor:
    return QColor(ALERT)
