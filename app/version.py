"""The version of ArrearsDesk, from one place: ``version`` in pyproject.toml.

Installed (pip, the editable install), the package metadata carries it; the PyInstaller bundle carries no
metadata, so build.spec writes it to ``resources/VERSION`` in the bundle; a source checkout that was never
installed reads pyproject.toml itself.
"""
from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from resources import bundled

DISTRIBUTION = "arrears-desk"
BUNDLED_VERSION = "VERSION"  # the file build.spec writes into the bundle's resources


def app_version() -> str:
    if getattr(sys, "frozen", False):
        try:
            return bundled(BUNDLED_VERSION).read_text(encoding="utf-8").strip()
        except OSError:
            pass
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return pyproject_version(Path(__file__).resolve().parents[1] / "pyproject.toml") or "0+unknown"


def pyproject_version(path: Path) -> str | None:
    import tomllib
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None
