"""One home for every rule: SQL in db/, the rules of time in db/standing.py, the writing of the ledger in
db/ledger.py, date arithmetic in app/domain. These read the source as an auditor would read the code."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEDGER_MODELS = {"ArrearsItem", "Repayment", "Allocation", "Reversal", "WriteOff", "AuditRecord", "Recovery"}
LEDGER_TABLES = {"arrears_items", "repayments", "allocations", "reversals", "write_offs", "audit_log", "recoveries"}


def _sources(*packages: str) -> list[tuple[str, ast.Module, str]]:
    found = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            found.append((str(path.relative_to(ROOT)), ast.parse(text), text))
    return found


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | \
        {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def test_no_hand_written_driver_sql_in_app():
    """Services call repositories; a second database backend is then one module in db/, not a hunt."""
    offenders = []
    for name, tree, _text in _sources("app"):
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("driver_connection", "exec_driver_sql",
                                                                  "raw_connection", "executemany"):
                offenders.append(f"{name}:{node.lineno} .{node.attr}")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                imported = {a.name for a in node.names}
                if any(m.split(".")[0] == "sqlite3" for m in modules) or (
                        isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy" and "text" in imported):
                    offenders.append(f"{name}:{node.lineno} imports {modules} {sorted(imported)}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(
                    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", node.value,
                    re.IGNORECASE | re.DOTALL):
                offenders.append(f"{name}:{node.lineno} SQL text")
    assert offenders == []


def test_calendar_months_and_six_months_have_one_definition():
    definitions = [f"{name}:{node.lineno} {node.name}" for name, tree, _text in _sources("app", "db", "ui")
                   for node in ast.walk(tree)
                   if isinstance(node, ast.FunctionDef) and node.name in ("add_months", "over_six_months",
                                                                          "add_months_iso")]
    assert sorted(d.split(" ")[-1] for d in definitions) == ["add_months", "over_six_months"], definitions
    assert not any(re.search(r"add_months\s*\(", text) and "SELECT" in text
                   for _name, _tree, text in _sources("db")), "date arithmetic in SQL: register the domain rule"


def test_not_reversed_is_defined_only_in_db_standing():
    """Every "has it been reversed (by then)?" goes through db/standing.py."""
    offenders = []
    for name, tree, text in _sources("app", "db", "ui"):
        if name == "db/standing.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)) and \
                    (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "exists" and \
                    _names(node) & {"Reversal", "reversals", "_reversals"}:
                offenders.append(f"{name}:{node.lineno} exists() over reversals")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    re.search(r"\breversals\b", node.value) and re.search(r"\bEXISTS\b", node.value, re.I):
                offenders.append(f"{name}:{node.lineno} SQL text over reversals")
        for match in re.finditer(r"Reversal\.(arrears_item_id|repayment_id)\s*==", text):
            offenders.append(f"{name}: {match.group(0)}")
    assert offenders == []


def test_only_the_ledger_writer_appends_to_ledger_tables():
    offenders = []
    for name, tree, _text in _sources("app", "db", "ui"):
        if name in ("db/ledger.py", "db/models.py"):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if func in LEDGER_MODELS:
                offenders.append(f"{name}:{node.lineno} {func}(...)")
            elif func == "insert" and node.args and _names(node.args[0]) & (
                    LEDGER_MODELS | {f"_{t}" for t in LEDGER_TABLES} | LEDGER_TABLES):
                offenders.append(f"{name}:{node.lineno} insert into a ledger table")
    assert offenders == []
