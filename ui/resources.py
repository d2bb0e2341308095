"""Resource files, found both when running from source and from a PyInstaller bundle (resources.bundled)."""
from __future__ import annotations

from pathlib import Path

from resources import bundled


def resource_path(*parts: str) -> Path:
    return bundled(*parts)
