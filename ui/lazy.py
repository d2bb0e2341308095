"""Start-up: a page's module is imported the first time its area is opened, not when the window opens
(every page together pulled in the charts, the spreadsheet and PDF libraries: most of a cold start)."""
from __future__ import annotations

import importlib
from collections.abc import Callable


def page(module: str, name: str) -> Callable[..., object]:
    """Makes ``module.name(...)``, importing the module on the first call."""
    return lambda *args, **kwargs: getattr(importlib.import_module(module), name)(*args, **kwargs)
