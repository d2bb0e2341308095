"""The files the program ships beside its code (fonts, icons, translations), found the same way from a source
checkout and from the PyInstaller bundle (where they sit under ``sys._MEIPASS``)."""
from __future__ import annotations

import sys
from pathlib import Path


# Resolved once: the main window asks for a score of icons as it opens, and each resolve walks the path.
_SOURCE = Path(__file__).resolve().parents[1]


def bundled(*parts: str) -> Path:
    base = Path(getattr(sys, "_MEIPASS", _SOURCE))
    return base.joinpath("resources", *parts)
