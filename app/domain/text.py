"""What a person types as a name or a line of text (客户名称, 联系人, 姓名, 网点名称, 地址 …), read the same way
at the counter, in an import, from the CLI and by the demo.

Kept in one Unicode form (NFC), so the same name typed on two machines is one name. Refused: control
characters (NUL, BEL, ESC of an ANSI sequence, newlines, tabs), the invisible controls that reorder text
(right-to-left overrides and isolates), and text that shows nothing (a lone zero-width space). The
zero-width joiners inside a name stay: some scripts and emoji need them.
"""
from __future__ import annotations

import re
import unicodedata

from app.domain.errors import FieldError
from app.domain.words import Words

# C0 and C1 controls, line and paragraph separators, bidirectional overrides, embeddings, isolates and
# marks, and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_BREAKS = re.compile("[\t\n\v\f\r\u2028\u2029]+")
# Anything that shows: not white space and not one of the characters drawn as nothing.
_VISIBLE = re.compile(r"[^\s\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff\ufff9-\ufffb]")

PERSON_NAME = Words("姓名", "name")
SITE_NAME = Words("网点名称", "site name")
SEARCH_MAX = 100  # as long as the longest searchable field (the customer name)
SEARCH = Words("查询内容", "search text")


def clean_text(key: str, text: str | None, label: Words, *, max_len: int, required: bool = False,
               fold_lines: bool = False) -> str:
    """``text`` as it is kept: NFC, trimmed, at most ``max_len`` characters, with nothing hidden in it;
    ``key`` names the input at fault in the refusal. ``fold_lines``: line breaks and tabs (an address
    typed on two lines of a spreadsheet cell) become one space instead of being refused."""
    value = unicodedata.normalize("NFC", text or "")
    if fold_lines:
        value = _BREAKS.sub(" ", value)
    value = value.strip()
    if not value:
        if required:
            raise FieldError(key, "field.required", field=label)
        return ""
    if len(value) > max_len:
        raise FieldError(key, "field.too_long", field=label, max=max_len)
    hidden = _FORBIDDEN.search(value)
    if hidden is not None:
        raise FieldError(key, "text.control", field=label, char=f"U+{ord(hidden.group()):04X}")
    if _VISIBLE.search(value) is None:
        raise FieldError(key, "text.invisible", field=label)
    return value


def unprintable(text: str) -> str | None:
    """The first character of an identifier (a voucher or receipt number) that does not print, as
    ``U+XXXX``, or None; cheap enough for every row of an import."""
    if text.isprintable():
        return None
    return next(f"U+{ord(ch):04X}" for ch in text if not ch.isprintable())


def search_text(text: str | None) -> str:
    """What to look for in a list: trimmed and NFC (as names are kept), at most ``SEARCH_MAX`` characters."""
    value = unicodedata.normalize("NFC", text or "").strip()
    if len(value) > SEARCH_MAX:
        raise FieldError("search", "field.too_long", field=SEARCH, max=SEARCH_MAX)
    return value


def refuse_hidden(key: str, text: str, label: Words) -> str:
    """Free text kept as typed (a reason, an explanation), trimmed, with nothing hidden in it: control or
    invisible format characters are refused, naming the input (``key``) at fault."""
    kept = text.strip()
    for line in kept.splitlines():  # a reason may run over lines; within a line nothing may hide
        if (hidden := unprintable(line)) is not None:
            raise FieldError(key, "text.control", field=label, char=hidden)
    return kept
