"""Start-up: a page's module is imported the first time its area is opened, not when the window opens
(every page together pulled in the charts, the spreadsheet and PDF libraries: most of a cold start)."""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QStackedWidget, QWidget


def page(module: str, name: str) -> Callable[..., object]:
    """Makes ``module.name(...)``, importing the module on the first call."""
    return lambda *args, **kwargs: getattr(importlib.import_module(module), name)(*args, **kwargs)


class Areas(Mapping):
    """The window's areas by key; each page is built the first time it is shown or asked for (start-up
    builds only the first), in the place its placeholder held in the stack."""

    def __init__(self, stack: QStackedWidget, wire) -> None:
        self._stack, self._wire = stack, wire
        self._makers: dict[str, object] = {}
        self.built: dict[str, QWidget] = {}

    def plan(self, key: str, make) -> None:
        self._makers[key] = make
        self._stack.addWidget(QWidget())

    def build(self, row: int) -> int:
        if 0 <= row < len(self._makers):
            self[list(self._makers)[row]]
        return row

    def __getitem__(self, key: str) -> QWidget:
        page = self.built.get(key)
        if page is None:
            make = self._makers[key]
            page = self.built[key] = make()
            row = list(self._makers).index(key)
            placeholder = self._stack.widget(row)
            current = self._stack.currentIndex()
            self._stack.insertWidget(row, page)
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if current == row:
                self._stack.setCurrentIndex(row)
            self._wire(key, page)
        return page

    def __contains__(self, key: object) -> bool:  # planned, whether built yet or not (builds nothing)
        return key in self._makers

    def __iter__(self):
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)
