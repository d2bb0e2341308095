"""The files the program ships beside its code (fonts, icons, translations), found the same way from a source
checkout and from the PyInstaller bundle (where they sit under ``sys._MEIPASS``)."""
from __future__ import annotations

import sys
from pathlib import Path


def bundled(*parts: str) -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    return base.joinpath("resources", *parts)
