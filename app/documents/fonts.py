"""A CJK TrueType font for the PDF documents, embedded (as a subset) in every file.

reportlab's built-in CID fonts (STSong-Light …) are *not* embedded: a PDF that uses them shows boxes
on a machine without Adobe's Asian font pack. So we only ever use a TrueType font found on the machine
(or chosen in the settings), which reportlab subsets and embeds. When the machine has none (a Windows PC
without the Chinese fonts, a Linux box without fonts-wqy-microhei), the WenQuanYi Micro Hei shipped in
``resources/fonts`` (whole: a rare character in a customer's name must not be missing) is the fallback.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.domain.errors import DomainError
from resources import bundled

# Apache-2.0 (resources/fonts/LICENSE-wqy-microhei.txt); TrueType outlines, which reportlab can embed.
BUNDLED_FONT = bundled("fonts", "wqy-microhei.ttc")


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def candidate_fonts() -> list[Path]:
    """Where a CJK TrueType font may be, best first: the machine's own, then the one we ship."""
    return [*system_fonts(), BUNDLED_FONT]


def system_fonts() -> list[Path]:
    """Where a CJK TrueType font usually is on a PC, best first (outline TrueType only: reportlab cannot
    embed the CFF outlines of Noto/Source Han)."""
    win = _windows_fonts()
    return [
        win / "msyh.ttc", win / "msyh.ttf", win / "simsun.ttc", win / "simhei.ttf", win / "simkai.ttf",
        Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
        Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
        Path("/System/Library/Fonts/STHeiti Medium.ttc"),
        Path("/Library/Fonts/Arial Unicode.ttf"),
    ]


@dataclass(frozen=True, slots=True)
class DocumentFont:
    name: str   # the name registered with reportlab
    path: Path


_lock = threading.Lock()
_registered: dict[Path, DocumentFont] = {}


def _register(path: Path) -> DocumentFont:
    with _lock:
        known = _registered.get(path)
        if known is not None:
            return known
        name = f"CJK{len(_registered) + 1}"
        font = TTFont(name, str(path), subfontIndex=0)  # subset-embedded by reportlab on save
        if font.face.charToGlyph.get(ord("欠")) is None:
            raise TTFError(f"{path} has no Chinese glyphs")
        pdfmetrics.registerFont(font)
        found = _registered[path] = DocumentFont(name, path)
        return found


def document_font(configured: str = "") -> DocumentFont:
    """The font set in the settings if it loads, else the first usable one on this machine.

    Refuses with a message that says what to do when there is none."""
    if configured.strip():
        path = Path(configured.strip())
        try:
            return _register(path)
        except (OSError, TTFError) as error:
            raise DomainError("font.unusable", path=str(path), reason=str(error)) from None
    for path in candidate_fonts():
        if path.is_file():
            try:
                return _register(path)
            except (OSError, TTFError):
                continue
    raise DomainError("font.not_found")
