"""The notes the program writes itself, as records (a code and its values), told in either language.

A 催收记录 written when a notice goes out or its 回执 comes back, the reason given when a ladder step
suspends a customer and when credit comes back on settling: these used to be Chinese sentences in
free-text columns, so an English screen showed Chinese. Now each is stored as a ``Note`` (JSON: its code
and values) beside the Chinese sentence the record always had (kept for the printed and exported record
and for a reader of the raw file), and the screen tells it from the code in its own language. What a
person typed stays as typed (a note added to a reply travels as a value, never translated).

Records written before the codes existed are recognised from their Chinese sentence (``recognised``):
the file is append-only evidence, so old rows are read, never rewritten.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.collection import ReplyAnswer, StepAction
from app.domain.money import format_fen, parse_amount
from app.domain.words import Words

NOTICE_SENT = "notice_sent"              # 发出催缴通知书: number, total (fen), pay_by
REPLY_RECEIVED = "reply_received"        # 收到回执: number, answer, note (typed)
ESCALATION_STEP = "escalation_step"      # 催缴升级: step, action, days_overdue
RESTORED_ON_SETTLING = "restored_on_settling"  # 结清后自动恢复记欠


@dataclass(frozen=True, slots=True)
class Note:
    code: str
    values: tuple[tuple[str, Any], ...] = ()

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.values)

    @property
    def words(self) -> Words:
        return _SAY[self.code](self.params)

    def stored(self) -> str:
        """The note as its column holds it: ``{"code": …, …values}``, dates as ISO text."""
        return json.dumps({"code": self.code, **{k: _plain(v) for k, v in self.values}}, ensure_ascii=False,
                          sort_keys=True)

    @classmethod
    def from_stored(cls, data: str | dict | None) -> Note | None:
        """A stored note (JSON text or its dict); None for anything that is not one (a code no one knows)."""
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                return None
        if not isinstance(data, dict) or data.get("code") not in _SAY:
            return None
        values = {k: v for k, v in data.items() if k != "code"}
        try:
            _SAY[data["code"]](values)
        except (KeyError, ValueError, TypeError):
            return None
        return cls(data["code"], tuple(sorted(values.items())))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def notice_sent(number: str, total: int, pay_by: date) -> Note:
    return Note(NOTICE_SENT, (("number", number), ("pay_by", pay_by.isoformat()), ("total", total)))


def reply_received(number: str, answer: str, note: str = "") -> Note:
    return Note(REPLY_RECEIVED, (("answer", ReplyAnswer(answer).value), ("note", note.strip()), ("number", number)))


def escalation_step(step: int, action: StepAction | str, days_overdue: int) -> Note:
    return Note(ESCALATION_STEP, (("action", StepAction(action).value), ("days_overdue", days_overdue),
                                  ("step", step)))


RESTORED = Note(RESTORED_ON_SETTLING)


def _notice_sent(p: dict) -> Words:
    amount = format_fen(int(p["total"]))
    return Words(f"发出催缴通知书 {p['number']}，逾期欠费 {amount} 元，限 {p['pay_by']} 前缴清",
                 f"Payment notice {p['number']} sent: {amount} yuan overdue, to be paid by {p['pay_by']}")


def _reply_received(p: dict) -> Words:
    answer, note = ReplyAnswer(p["answer"]).words, p.get("note") or ""
    return Words(f"收到{p['number']}回执：{answer.zh}" + (f"，{note}" if note else ""),
                 f"Reply slip to {p['number']} received: {answer.en}" + (f"; {note}" if note else ""))


def _escalation_step(p: dict) -> Words:
    action = StepAction(p["action"]).words
    return Words(f"催缴升级第 {p['step']} 步：{action.zh}（逾期 {p['days_overdue']} 天）",
                 f"Escalation step {p['step']}: {action.en} ({p['days_overdue']} days overdue)")


def _restored(p: dict) -> Words:
    return Words("逾期欠费已结清，自动恢复记欠资格", "Overdue arrears settled: credit restored automatically")


_SAY = {NOTICE_SENT: _notice_sent, REPLY_RECEIVED: _reply_received, ESCALATION_STEP: _escalation_step,
        RESTORED_ON_SETTLING: _restored}

# The sentences written before the codes (app/services of 2026-11), read back into notes.
_OLD_NOTICE = re.compile(r"发出催缴通知书 (\S+)，逾期欠费 ([\d,]+\.\d\d) 元，限 (\d{4}-\d\d-\d\d) 前缴清")
_OLD_REPLY = re.compile(r"收到(\S+?)回执：([^，]+)(?:，(.*))?", re.S)
_OLD_STEP = re.compile(r"催缴升级第 (\d+) 步：(.+)（逾期 (-?\d+) 天）")
_ANSWERS = {a.words.zh: a for a in ReplyAnswer}
_ACTIONS = {a.words.zh: a for a in StepAction}


def recognised(text: str) -> Note | None:
    """The note an old record's Chinese sentence was written from, if it is one of ours."""
    if text == _restored({}).zh:
        return RESTORED
    if m := _OLD_NOTICE.fullmatch(text):
        return notice_sent(m[1], parse_amount(m[2]), date.fromisoformat(m[3]))
    if (m := _OLD_REPLY.fullmatch(text)) and m[2] in _ANSWERS:
        return reply_received(m[1], _ANSWERS[m[2]].value, m[3] or "")
    if (m := _OLD_STEP.fullmatch(text)) and m[2] in _ACTIONS:
        return escalation_step(int(m[1]), _ACTIONS[m[2]], int(m[3]))
    return None


def note_words(text: str, stored: str | dict | None = None, *, ours: bool = True) -> Words:
    """What a note column says, in both languages: from its stored code, else (an older record the program
    wrote, ``ours``) recognised from its sentence, else the text as it was typed."""
    note = Note.from_stored(stored) if stored else None
    if note is None and ours:
        note = recognised(text)
    return note.words if note is not None else Words(text, text)
