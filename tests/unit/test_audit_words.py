"""审计日志的用语: every action the code base writes to the audit trail, and every kind of record, has
words in both languages (app/domain/audit.py); read from the source, so a new action without them fails."""
from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.audit import ACTION_WORDS, IMPORT_KINDS, RECORD_WORDS, SETTING_WORDS
from app.domain.customers import StatusAction
from app.domain.signin import LOCKOUT, MAX_FAILED_ATTEMPTS, attempts_left, locked_until
from app.domain.words import vocabulary

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
# The calls that write audit records, and which argument holds the action and the kind of record.
WRITERS = {"audit": (0, 1), "_audit_rows": None, "_loaded": (0, 1)}


def _trees() -> list[tuple[str, ast.Module]]:
    return [(str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8")))
            for package in ("app", "db", "ui") for path in sorted((ROOT / package).rglob("*.py"))]


def _constants(trees) -> dict[str, str]:
    """Module-level names bound to strings anywhere (SIGN_IN_FAILED = "auth.login_failed", A, B = "x", "y")."""
    found: dict[str, str] = {}
    for _name, tree in trees:
        for node in tree.body:
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value, ast.Constant):
                    found[target.id] = node.value.value
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    for name, value in zip(target.elts, node.value.elts, strict=False):
                        if isinstance(name, ast.Name) and isinstance(value, ast.Constant):
                            found[name.id] = value.value
    return found


def _values(node: ast.AST, constants: dict[str, str]) -> set[str]:
    """The strings an argument can be: a literal, a named constant, either branch of ``a if c else b``,
    a lambda's result; an f-string as a pattern (``customer.{action.value}`` -> ``customer.*``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Name):
        value = constants.get(node.id)
        return {value} if isinstance(value, str) else {f"<unresolved {node.id}>"}
    if isinstance(node, ast.IfExp):
        return _values(node.body, constants) | _values(node.orelse, constants)
    if isinstance(node, ast.Lambda):
        return _values(node.body, constants)
    if isinstance(node, ast.JoinedStr):
        return {"".join(part.value if isinstance(part, ast.Constant) else "*" for part in node.values)}
    return {f"<unreadable {ast.dump(node)[:60]}>"}


def _written(index: int) -> dict[str, set[str]]:
    """value -> where it is written, for the action (index 0) or the kind of record (index 1)."""
    trees = _trees()
    constants = _constants(trees)
    found: dict[str, set[str]] = {}
    for name, tree in trees:
        passed_on = {id(call): {a.arg for a in function.args.args + function.args.kwonlyargs}
                     for function in ast.walk(tree) if isinstance(function, (ast.FunctionDef, ast.Lambda))
                     for call in ast.walk(function) if isinstance(call, ast.Call)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if called not in WRITERS:
                continue
            if called == "_audit_rows":  # (stamp, [(action, entity, id, customer, before, after), ...])
                rows = node.args[1]
                args = [row.elts[index] for row in getattr(rows, "elts", []) if isinstance(row, ast.Tuple)]
            else:
                if len(node.args) < 2:  # audit(row): the loaded entry's closure (db/ledger.py _loaded), not a writer
                    continue
                args = [node.args[index]]
            for arg in args:
                if isinstance(arg, ast.Name) and arg.id in passed_on.get(id(node), ()):
                    continue  # a writer handing on its caller's action (UnitOfWork.audit -> Ledger.audit)
                for value in _values(arg, constants):
                    found.setdefault(value, set()).add(f"{name}:{node.lineno}")
    return found


def _covered(value: str, words: dict) -> bool:
    if "*" in value:  # an f-string: every value it can take must be named, checked below; here at least one
        pattern = re.compile(re.escape(value).replace(r"\*", r"[a-z_]+") + "$")
        return any(pattern.match(key) for key in words)
    return value in words


def test_every_action_written_to_the_audit_trail_has_words():
    written = _written(0)
    assert len(written) > 30, "the scan found the audit calls"
    missing = {value: sorted(where) for value, where in written.items() if not _covered(value, ACTION_WORDS)}
    assert missing == {}


def test_the_ledger_actions_and_the_generated_ones_have_words():
    from db.ledger import LEDGER_ACTIONS
    from db.timeline import CLOCK_CONFIRMED, SIGN_IN_FAILED
    generated = {*LEDGER_ACTIONS, CLOCK_CONFIRMED, SIGN_IN_FAILED,
                 *(f"customer.{action.value}" for action in StatusAction),  # app/services/customers.py
                 *(f"import.{kind}" for kind in IMPORT_KINDS)}               # app/services/imports.py
    assert generated - set(ACTION_WORDS) == set()


def test_the_import_kinds_are_those_the_database_takes():
    from db.models import ImportBatch
    check = next(c for c in ImportBatch.__table__.constraints if getattr(c, "name", "") and "kind" in str(c.name))
    assert set(re.findall(r"'(\w+)'", str(check.sqltext))) == set(IMPORT_KINDS)


def test_every_kind_of_record_written_to_the_audit_trail_has_words():
    written = _written(1)
    missing = {value: sorted(where) for value, where in written.items() if not _covered(value, RECORD_WORDS)}
    assert missing == {}


def test_every_business_setting_has_words():
    from app.services.settings import DEFAULTS
    assert set(DEFAULTS) - set(SETTING_WORDS) == set()


def test_the_audit_words_are_chinese_and_english_and_reach_the_translation():
    vocabulary_ = vocabulary()
    for table in (ACTION_WORDS, RECORD_WORDS, SETTING_WORDS):
        for words in table.values():
            assert CJK.search(words.zh) and not CJK.search(words.en), words
            assert vocabulary_[words.en].zh == words.zh or words.en == "Suspend credit", words


def test_the_attempts_left_count_down_to_the_lock():
    now = datetime(2026, 6, 15, 10, 0)
    assert attempts_left([], now) == MAX_FAILED_ATTEMPTS
    failures = [now - timedelta(minutes=m) for m in (3, 2, 1)]
    assert attempts_left(failures, now) == MAX_FAILED_ATTEMPTS - 3
    assert attempts_left([now - LOCKOUT - timedelta(seconds=1), *failures], now) == MAX_FAILED_ATTEMPTS - 3
    full = [now - timedelta(minutes=m) for m in range(MAX_FAILED_ATTEMPTS)][::-1]
    assert attempts_left(full, now) == 0 and locked_until(full, now) is not None
