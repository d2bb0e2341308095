"""A small flowing layout on a reportlab canvas: lines, wrapped Chinese paragraphs and ruled tables
that continue on the next page. Direct canvas drawing keeps a 1,000-notice batch fast."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

MARGIN = 50.0
PAGE_W, PAGE_H = A4


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


_TOKEN = re.compile(r"[A-Za-z0-9¥$.,:/%_\-]+|.", re.S)
_NO_LINE_START = "，。、；：？！）》”"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``: Chinese breaks between any two characters,
    numbers and Latin words stay whole, and a line does not start with closing punctuation."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_w = "", 0.0
        for token in _TOKEN.findall(paragraph):
            w = stringWidth(token, font, size)
            if line and line_w + w > width and token not in _NO_LINE_START:
                lines.append(line)
                line, line_w = "", 0.0
            line += token
            line_w += w
        lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float         # share of the usable width
    align: str = "left"  # left | right | center


class PageWriter:
    """Draws top to bottom; ``ensure`` starts a new page when the next block does not fit."""

    def __init__(self, canvas: Canvas, font: str, *, footer: str = "",
                 page_size: tuple[float, float] = (PAGE_W, PAGE_H), margin: float = MARGIN) -> None:
        self.c = canvas
        self.font = font
        self.footer = footer
        self.page = 1
        self.page_w, self.page_h = page_size
        self.margin = margin
        self.y = self.page_h - margin
        self.width = self.page_w - 2 * margin

    # -- pages ---------------------------------------------------------------------------------
    def ensure(self, height: float) -> bool:
        if self.y - height < self.margin + 14:
            self.new_page()
            return True
        return False

    def new_page(self) -> None:
        self._draw_footer()
        self.c.showPage()
        self.page += 1
        self.y = self.page_h - self.margin
        if self.footer:  # a continuation page says whose document it continues
            self.line(f"{self.footer}（续）", 9, gap=10)

    def finish_document(self) -> None:
        """End the current document (its last page); the canvas may go on with another one."""
        self._draw_footer()
        self.c.showPage()

    def _draw_footer(self) -> None:
        self.c.setFont(self.font, 8)
        self.c.setFillGray(0.35)
        self.c.drawCentredString(self.page_w / 2, self.margin - 20, f"{self.footer}  第 {self.page} 页".strip())
        self.c.setFillGray(0)

    # -- text ----------------------------------------------------------------------------------
    def line(self, text: str, size: float = 10.5, *, align: str = "left", gap: float = 4, indent: float = 0) -> None:
        self.ensure(size + gap)
        self.y -= size
        self.c.setFont(self.font, size)
        if align == "center":
            self.c.drawCentredString(self.page_w / 2, self.y, text)
        elif align == "right":
            self.c.drawRightString(self.page_w - self.margin, self.y, text)
        else:
            self.c.drawString(self.margin + indent, self.y, text)
        self.y -= gap

    def pair(self, left: str, right: str, size: float = 10.5, gap: float = 4) -> None:
        """One line with text at both ends."""
        self.ensure(size + gap)
        self.y -= size
        self.c.setFont(self.font, size)
        self.c.drawString(self.margin, self.y, left)
        self.c.drawRightString(self.page_w - self.margin, self.y, right)
        self.y -= gap

    def paragraph(self, text: str, size: float = 10.5, *, first_indent: bool = True, leading: float = 1.55,
                  indent: float = 0) -> None:
        if not text.strip():
            return
        prefix = "\u3000\u3000" if first_indent else ""
        for row in wrap(prefix + text, self.font, size, self.width - indent):
            self.line(row, size, gap=size * (leading - 1), indent=indent)

    def space(self, height: float) -> None:
        self.y -= height

    def rule(self, *, dashed: bool = False, weight: float = 0.6) -> None:
        self.c.setLineWidth(weight)
        if dashed:
            self.c.setDash(4, 3)
        self.c.line(self.margin, self.y, self.page_w - self.margin, self.y)
        self.c.setDash()

    def block_height(self, text: str, size: float = 10.5, leading: float = 1.55) -> float:
        return len(wrap("\u3000\u3000" + text, self.font, size, self.width)) * size * leading

    # -- tables --------------------------------------------------------------------------------
    def table(self, columns: list[Column], rows: list[list[str]], *, size: float = 9, row_h: float = 16,
              total: list[str] | None = None) -> None:
        """A ruled table; the header is repeated on each page it runs onto."""
        xs = [self.margin]
        for col in columns:
            xs.append(xs[-1] + col.width * self.width)
        self._table_header(columns, xs, size, row_h)
        body = list(rows) + ([total] if total is not None else [])
        for index, row in enumerate(body):
            if self.ensure(row_h):
                self._table_header(columns, xs, size, row_h)
            is_total = total is not None and index == len(body) - 1
            self._table_row(columns, xs, row, size, row_h, shade=0.93 if is_total else None)

    def _table_header(self, columns: list[Column], xs: list[float], size: float, row_h: float) -> None:
        self.ensure(row_h * 2)
        self._table_row(columns, xs, [c.header for c in columns], size, row_h, shade=0.88, header=True)

    def _table_row(self, columns: list[Column], xs: list[float], cells: list[str], size: float, row_h: float,
                   *, shade: float | None = None, header: bool = False) -> None:
        c, top, bottom = self.c, self.y, self.y - row_h
        if shade is not None:
            c.setFillGray(shade)
            c.rect(xs[0], bottom, xs[-1] - xs[0], row_h, stroke=0, fill=1)
            c.setFillGray(0)
        c.setLineWidth(0.5)
        c.line(xs[0], top, xs[-1], top)
        c.line(xs[0], bottom, xs[-1], bottom)
        for x in xs:
            c.line(x, top, x, bottom)
        c.setFont(self.font, size)
        baseline = bottom + (row_h - size) / 2 + 1.5
        for col, x0, x1, text in zip(columns, xs, xs[1:], cells):
            align = "center" if header else col.align
            text = _fit(text, self.font, size, x1 - x0 - 6)
            if align == "right":
                c.drawRightString(x1 - 3, baseline, text)
            elif align == "center":
                c.drawCentredString((x0 + x1) / 2, baseline, text)
            else:
                c.drawString(x0 + 3, baseline, text)
        self.y = bottom


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut a cell's text with an ellipsis rather than let it run into the next column."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
