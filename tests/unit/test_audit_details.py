"""The audit detail in words (app/domain/audit.py) and the program's own notes as records (app/domain/notes.py):
every key the code base writes into an audit record has a label, values read as money, dates, words and
names, never as JSON; a note is told in either language from its code, and an old sentence is recognised."""
from __future__ import annotations

import ast
import re
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from app.domain.audit import DETAIL_WORDS, SETTING_WORDS, audit_details, detail_ids
from app.domain.notes import (
    RESTORED, Note, escalation_step, note_words, notice_sent, recognised, reply_received,
)
from app.services.dto import AgreementInfo, CreditApplicationInfo, CustomerInfo
from db.models import LEDGER_TABLES

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def _written_keys() -> set[str]:
    """The keys of the dict literals passed as before=/after= to an audit writer, in app/ and db/, the
    fields of the records audited whole (asdict), and the ledger's own audit records."""
    keys: set[str] = set()
    for package in ("app", "db"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    for kw in node.keywords:
                        if kw.arg in ("before", "after") and isinstance(kw.value, ast.Dict):
                            keys |= {k.value for k in kw.value.keys if isinstance(k, ast.Constant)}
    ledger = ast.parse((ROOT / "db" / "ledger.py").read_text(encoding="utf-8"))
    keys |= {k.value for node in ast.walk(ledger) if isinstance(node, ast.Dict) for k in node.keys
             if isinstance(k, ast.Constant) and isinstance(k.value, str) and not k.value.startswith("b_")
             and k.value not in LEDGER_TABLES}  # (the table each loader is for, not a record's key)
    for record in (CustomerInfo, CreditApplicationInfo, AgreementInfo):
        keys |= {f.name for f in fields(record)}
    return keys


def test_every_key_written_into_an_audit_record_has_words_in_both_languages():
    keys = _written_keys()
    assert len(keys) > 100
    assert keys - set(DETAIL_WORDS) == set()
    for words in DETAIL_WORDS.values():
        assert words.zh and words.en and not CJK.search(words.en)


def test_an_entry_reads_as_money_dates_words_and_names_never_json():
    before = {"status": "active"}
    after = {"status": "suspended", "amount": 123_456, "billing_period": 202611, "handler_id": 7, "method": "wechat",
             "signature_confirmed": True, "override_by_id": None, "offsets": [[3, 100]],
             "at": "2026-11-27T10:15:00.123"}
    names = {("user", 7): "张营业", ("arrears_item", 3): "PZ-0003"}
    assert detail_ids(before, after) == {("user", 7), ("arrears_item", 3)}
    lines = {line.label.en: line for line in audit_details(before, after, names)}
    assert (lines["Status"].before.en, lines["Status"].after.en) == ("Active", "Credit suspended")
    assert lines["Amount"].after.zh == "1,234.56" and lines["Billing period"].after.zh == "2026-11"
    assert lines["Handler"].after.en == "张营业" and lines["Payment method"].after.zh == "微信"
    assert lines["Signed by the customer"].after == ("是", "yes")
    assert lines["Applied to"].after.en == "PZ-0003 1.00"
    assert lines["at"].after.en == "2026-11-27 10:15:00"
    assert "Over the limit, approved by" not in lines  # nothing there: no line
    unnamed = {line.label.en: line for line in audit_details(None, {"handler_id": 9})}
    assert unnamed["Handler"].after.en == "#9"


def test_a_setting_reads_by_its_name_and_a_table_without_braces():
    [line] = audit_details({"collection.ladders": {"default": [{"days": 1, "action": "remind"}]}},
                           {"collection.ladders": {"default": []}})
    assert line.label == SETTING_WORDS["collection.ladders"]
    for text in (line.before.zh, line.before.en, line.after.zh, line.after.en):
        assert not re.search(r"[{}\[\]\"]", text)


@pytest.mark.parametrize("note", [
    notice_sent("CJ-BR01-2026-000001", 120_050, date(2026, 12, 7)),
    reply_received("CJ-1", "dispute", "客户称已付，另议"),
    reply_received("CJ-1", "no_dispute"),
    escalation_step(3, "suspend", 45),
    RESTORED,
])
def test_a_note_is_kept_as_a_record_told_in_both_languages_and_an_old_sentence_is_recognised(note):
    assert Note.from_stored(note.stored()) == note
    assert recognised(note.words.zh) == note  # the sentence written before the codes reads as the same note
    assert note_words(note.words.zh, note.stored()) == note.words
    english = note.words.en
    for typed in dict(note.values).get("note", "") and [dict(note.values)["note"]] or []:
        english = english.replace(typed, "")  # what was typed stays as typed
    assert not CJK.search(english)


def test_typed_text_stays_as_typed_even_when_it_looks_like_ours():
    typed = "收到CJ-1回执：无异议"
    assert note_words(typed, None, ours=False) == (typed, typed)
    assert note_words("客户答应月底付清") == ("客户答应月底付清", "客户答应月底付清")
    assert Note.from_stored('{"code": "no_such"}') is None and Note.from_stored("not json") is None
    assert Note.from_stored('{"code": "notice_sent"}') is None  # its values missing: not told at all
