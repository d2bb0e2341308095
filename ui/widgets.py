"""Small pieces every dialog uses the same way."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialogButtonBox, QLabel


def error_label() -> QLabel:
    """Where a dialog says, in words, what is wrong."""
    label = QLabel()
    label.setObjectName("error")
    label.setStyleSheet("color: #b00020")
    label.setWordWrap(True)
    return label


def ok_cancel(ok_text: str, cancel_text: str, on_ok: Callable[[], None],
              on_cancel: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(on_cancel)
    return buttons
