"""A dialog attribute named like one of Qt's virtual methods replaces that method for Qt too: a label
called ``done`` on a QDialog crashed the program when the dialog closed (Qt calls ``done()`` from
``reject()``). No widget class may shadow a method of its Qt base with an attribute."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QWidget

pytestmark = pytest.mark.gui
UI = Path(__file__).resolve().parents[2] / "ui"


def _bases(node: ast.ClassDef) -> list[str]:
    return [b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases]


def test_no_widget_attribute_shadows_a_qt_method():
    dialog_methods = {name for name, _ in inspect.getmembers(QDialog) if not name.startswith("_")}
    widget_methods = {name for name, _ in inspect.getmembers(QWidget) if not name.startswith("_")}
    offenders = []
    for path in UI.rglob("*.py"):
        for cls in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(cls, ast.ClassDef):
                continue
            bases = _bases(cls)
            if any(b.endswith("Dialog") for b in bases):
                methods = dialog_methods
            elif any(b.startswith("Q") or b.endswith(("Page", "Widget")) for b in bases):
                methods = widget_methods
            else:
                continue
            for node in ast.walk(cls):
                if not isinstance(node, ast.Assign):
                    continue
                targets = [t for target in node.targets
                           for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
                for target in targets:
                    if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                            and target.value.id == "self" and target.attr in methods):
                        offenders.append(f"{path.relative_to(UI.parent)}:{node.lineno} {cls.name}.{target.attr}")
    assert offenders == []
