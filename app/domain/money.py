"""Money is integer fen (分). Decimal appears only here, at the input and output edges."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.domain.errors import DomainError, FieldError

MAX_FEN = 10**15  # 10 万亿元: THE ceiling of every amount; far beyond any branch, well inside SQLite's 64-bit integer

# What a Chinese input method types for digits and their punctuation, read as the ASCII it means.
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)},
                            "，": ",", "、": ",", "．": ".", "。": ".", "－": "-", "\u3000": " "})
_CURRENCY = re.compile(r"[¥￥$€£元]|RMB|CNY", re.IGNORECASE)
# ASCII digits only: other scripts' digits (٣, ३ …) are refused, not read.
_PLAIN = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$", re.ASCII)


def require_fen(amount: object, field: str = "amount", *, allow_zero: bool = False) -> int:
    """An amount in integer fen as the services take it: greater than zero (or zero where allowed) and
    at most ``MAX_FEN``, the one ceiling for all money."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0 or (amount == 0 and not allow_zero):
        raise FieldError(field, "amount.not_positive", text=str(amount))
    if amount > MAX_FEN:
        raise FieldError(field, "amount.too_large", text=format_fen(amount), max=format_fen(MAX_FEN))
    return amount


def parse_amount(text: str | int | Decimal, *, allow_zero: bool = False) -> int:
    """Parse what a clerk typed (``1,234.56``) into fen; refuse anything ambiguous."""
    if isinstance(text, bool):
        raise DomainError("amount.malformed", text=str(text))
    if isinstance(text, int):
        value = Decimal(text)
        shown = str(text)
    elif isinstance(text, Decimal):
        value = text
        shown = str(text)
    else:
        shown = str(text).strip()
        if not shown:
            raise DomainError("amount.empty")
        ascii_text = shown if shown.isascii() else shown.translate(_FULLWIDTH).strip()
        if _CURRENCY.search(shown):
            raise DomainError("amount.currency_sign", text=shown)
        if not _PLAIN.match(ascii_text):
            raise DomainError("amount.malformed", text=shown)
        try:
            value = Decimal(ascii_text.replace(",", ""))
        except InvalidOperation:
            raise DomainError("amount.malformed", text=shown) from None
    if not value.is_finite():
        raise DomainError("amount.malformed", text=shown)
    fen = value * 100
    if fen != fen.to_integral_value():
        raise DomainError("amount.too_precise", text=shown)
    fen_int = int(fen)
    if fen_int < 0 or (fen_int == 0 and not allow_zero):
        raise DomainError("amount.not_positive", text=shown)
    if fen_int > MAX_FEN:
        raise DomainError("amount.too_large", text=shown, max=format_fen(MAX_FEN))
    return fen_int


def format_fen(fen: int, *, thousands: bool = True) -> str:
    """``123456789`` -> ``1,234,567.89``; negative amounts keep their sign in front."""
    if not isinstance(fen, int):
        raise TypeError(f"money must be integer fen, got {type(fen).__name__}")
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    whole = f"{yuan:,}" if thousands else str(yuan)
    return f"{sign}{whole}.{cents:02d}"
