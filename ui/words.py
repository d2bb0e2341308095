"""The domain's words on screen (statuses, groups, roles, ladder steps, channels, reply answers, payment
methods, audited actions and records): the English of ``app.domain.words.Words`` through Qt's translation, context "Words", whose
Chinese resources/translations/zh_CN.py takes from ``vocabulary()``. Screens never keep their own copy."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from app.domain.audit import UNKNOWN_USER_WORDS, action_words, record_words, setting_words
from app.domain.collection import StepAction
from app.domain.notes import note_words
from app.domain.customers import GROUP_WORDS, LEDGER_ENTRY_WORDS, PAYMENT_METHOD_WORDS, CustomerStatus
from app.domain.roles import Role
from app.domain.words import Words

CONTEXT = "Words"


def word(words: Words) -> str:
    """A business term in the interface's language."""
    return QCoreApplication.translate(CONTEXT, words.en)


def said(words: Words) -> str:
    """A sentence the domain composed in both languages (dates, numbers inside), in the interface's language."""
    return words.en if QLocale().name().startswith("en") else words.zh


def status_word(status: str) -> str:
    return word(CustomerStatus(status).words)


def group_word(group: str) -> str:
    words = GROUP_WORDS.get(group)
    return word(words) if words is not None else group


def role_word(role: Role | str) -> str:
    return word(Role(role).words)


def payment_method_word(method: str) -> str:
    words = PAYMENT_METHOD_WORDS.get(method)
    return word(words) if words is not None else method


def ledger_entry_word(kind: str) -> str:
    """The kind of a line in a customer's history: 欠费, 收款, 欠费冲正 …"""
    return word(LEDGER_ENTRY_WORDS[kind])


def ledger_entry_text(kind: str, detail: str) -> str:
    """A line of a customer's history: 欠费 代理速递, 收款 现金, 欠费冲正：录错金额 …"""
    name = ledger_entry_word(kind)
    if kind == "repayment":
        return f"{name} {payment_method_word(detail)}"
    if kind in ("item_reversal", "repayment_reversal", "write_off"):
        return labelled(name, detail)
    return f"{name} {detail}"


def step_text(number: int, action: StepAction | str) -> str:
    """第3步：暂停记欠资格 — a ladder step as every screen names it."""
    return (QCoreApplication.translate("Words", "Step %1: %2").replace("%1", str(number))
            .replace("%2", word(StepAction(action).words)))


def action_word(action: str) -> str:
    """An audited action as people say it (登录失败, 出具催缴通知书 …)."""
    return word(action_words(action))


def record_word(entity: str) -> str:
    """The kind of record an audit entry is about (欠费凭证, 收款收据 …)."""
    return word(record_words(entity))


def setting_word(key: str) -> str:
    return word(setting_words(key))


def unknown_user_word() -> str:
    return word(UNKNOWN_USER_WORDS)


# notes as records (issue 11): what the program wrote into a note column, in the screen's language.
def note_text(text: str, stored: str | dict | None = None, *, ours: bool = True) -> str:
    """A note column: the program's own note (a notice sent, a reply received, an escalation step) told
    in the interface's language; what a person typed, as typed."""
    return said(note_words(text, stored, ours=ours))


def contact_result(contact) -> str:
    """A 催收记录's result; one tied to a notice was written by the program (older ones: recognised)."""
    return note_text(contact.result, contact.result_code, ours=contact.notice_number is not None)


# Punctuation is language too: Chinese uses full-width marks (（）、，：), English the ASCII ones.
def aside(text: str, note: str) -> str:
    """``text (note)``, 中文 ``text（note）``."""
    return QCoreApplication.translate("Punctuation", "%1 (%2)").replace("%2", note).replace("%1", text)


def clauses(parts) -> str:
    """Parts of one statement, ``a, b``; 中文 ``a，b``."""
    return QCoreApplication.translate("Punctuation", ", ").join(parts)


def listed(names) -> str:
    """An enumeration, ``a, b, c``; 中文 ``a、b、c``."""
    between = QCoreApplication.translate("Punctuation", "%1, %2").replace("%1", "").replace("%2", "")
    return between.join(names)


def labelled(label: str, text: str) -> str:
    """``label: text``; 中文 ``label：text``."""
    return QCoreApplication.translate("Punctuation", "%1: %2").replace("%2", text).replace("%1", label)
