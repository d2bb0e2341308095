"""ui -> app -> db: the domain never imports Qt, and the GUI never touches the database directly."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> list[tuple[Path, str]]:
    found = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path, node.module))
    return found


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_app_and_db_never_import_qt():
    offenders = [f"{p.relative_to(ROOT)}: {m}" for pkg in ("app", "db") for p, m in _imports(pkg)
                 if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt6", "PyQt5")]
    assert offenders == []


def test_ui_reaches_the_database_only_through_app_services():
    offenders = [f"{p.relative_to(ROOT)}: {m}" for p, m in _imports("ui")
                 if m.split(".")[0] in ("db", "sqlalchemy", "alembic", "sqlite3")]
    assert offenders == []


def test_db_never_imports_app_or_ui():
    offenders = [f"{p.relative_to(ROOT)}: {m}" for p, m in _imports("db") if m.split(".")[0] in ("app", "ui")]
    assert offenders == []
