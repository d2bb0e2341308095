"""A small flowing layout on a reportlab canvas: lines, wrapped Chinese paragraphs and ruled tables
that continue on the next page. Direct canvas drawing keeps a 1,000-notice batch fast.

Every page of a document says 第 N 页 共 M 页: ``DocumentCanvas`` holds a document's pages back until
the document ends, when M is known. A table keeps what must follow its last rows (the signature, the
reply slip) on the same page as some of them, and repeats its header on every page it runs onto.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.words import Words

# Page streams stay compressed binary: reportlab's default ASCII85 layer over them makes every PDF a
# quarter larger and costs about a tenth of a 1,000-notice batch; these files never pass a 7-bit channel.
rl_config.useA85 = 0

MARGIN = 50.0
PAGE_W, PAGE_H = A4


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# The footer of every printed page: documents and reports alike, numbered within their own document.
PAGE_NUMBER = Words("第 {n} 页 共 {pages} 页", "Page {n} of {pages}")
PAGE_ALONE = Words("第 {n} 页", "Page {n}")  # on a plain canvas, where the count is not known


_TOKEN = re.compile(r"[A-Za-z0-9¥$.,:/%_\-]+|.", re.S)
_NO_LINE_START = "，。、；：？！）》”"


@lru_cache(maxsize=512)  # a batch wraps the same template paragraphs (and measures them first)
def wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
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
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float         # share of the usable width
    align: str = "left"  # left | right | center


class DocumentCanvas(Canvas):
    """A canvas that holds back the pages of the document being drawn until ``end_document``, so that
    something known only at the end (how many pages it has) can still be drawn on each of them.

    A page held back is the canvas's own state when it ended (its drawing and resources), put back in
    place to finish it; a batch of notices holds one notice's pages at a time."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def end_document(self, finish_page: Callable[[int, int], None]) -> int:
        """Put out the held pages and the current one, calling ``finish_page(n, pages)`` on each just
        before it is closed; returns the number of pages."""
        self._held.append(dict(self.__dict__))
        held, self._held = self._held, []
        for n, state in enumerate(held, start=1):
            self.__dict__.update(state)
            finish_page(n, len(held))
            Canvas.showPage(self)
        self._held = []
        return len(held)

    def save(self) -> None:
        if self._held or self._code:  # a document not ended: its pages are not lost, only unnumbered
            self.end_document(lambda n, pages: None)
        super().save()


class _NoCanvas:
    """Stands in for the canvas while a block is measured: draws nothing."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return _nothing


def _nothing(*args, **kwargs) -> None:
    return None


CONTINUED_HEIGHT = 19.0  # the 「…（续）」 line at the top of a continuation page


class PageWriter:
    """Draws top to bottom; ``ensure`` starts a new page when the next block does not fit.

    On a ``DocumentCanvas`` each page's footer says 第 N 页 共 M 页 (and ``on_page(writer, n, pages)``
    may add to every page once the document is complete); on a plain canvas only 第 N 页."""

    def __init__(self, canvas: Canvas, font: str, *, footer: str = "",
                 page_size: tuple[float, float] = (PAGE_W, PAGE_H), margin: float = MARGIN,
                 english: bool = False) -> None:
        self.c = canvas
        self.english = english  # the footer's words (the wording of a document is its own)
        self.font = font
        self.footer = footer
        self.page = 1
        self.page_w, self.page_h = page_size
        self.margin = margin
        self.y = self.page_h - margin
        self.width = self.page_w - 2 * margin
        self.floor = margin + 14  # nothing is drawn below it but the footer
        self.on_page: Callable[[PageWriter, int, int], None] | None = None
        self._foot: float | None = None  # measuring: where a block at the foot of the page would end
        self._lowest = self.y

    # -- pages ---------------------------------------------------------------------------------
    def ensure(self, height: float) -> bool:
        self._lowest = min(self._lowest, self.y - height)  # what a measure must count as taken
        if self.y - height < self.floor:
            self.new_page()
            return True
        return False

    def new_page(self) -> None:
        if not isinstance(self.c, DocumentCanvas):
            self._draw_footer(self.page, 0)
        self.c.showPage()
        self.page += 1
        self.y = self.page_h - self.margin
        if self.footer:  # a continuation page says whose document it continues
            self.line(f"{self.footer}（续）", 9, gap=10)

    def finish_document(self) -> int:
        """End the current document (its last page); the canvas may go on with another one.
        Returns the document's number of pages."""
        if isinstance(self.c, DocumentCanvas):
            return self.c.end_document(self._finish_page)
        self._draw_footer(self.page, 0)
        self.c.showPage()
        return self.page

    def _finish_page(self, n: int, pages: int) -> None:
        self._draw_footer(n, pages)
        if self.on_page is not None:
            self.on_page(self, n, pages)

    def _draw_footer(self, n: int, pages: int) -> None:
        words = PAGE_NUMBER if pages else PAGE_ALONE
        number = (words.en if self.english else words.zh).format(n=n, pages=pages)
        self.c.setFont(self.font, 8)
        self.c.setFillGray(0.35)
        self.c.drawCentredString(self.page_w / 2, self.margin - 20, f"{self.footer}  {number}".strip())
        self.c.setFillGray(0)

    def room(self) -> float:
        """Height left on this page."""
        return self.y - self.floor

    def full_page_room(self) -> float:
        """Height a continuation page offers."""
        return self.page_h - self.margin - (CONTINUED_HEIGHT if self.footer else 0) - self.floor

    def at_foot(self, height: float) -> None:
        """The next ``height`` points go at the foot of the page (a slip to tear off)."""
        if isinstance(self.c, _NoCanvas):
            self._foot = min(self._foot or self.y, self.y - height)
            return
        self.ensure(height)
        self.y = self.floor + height

    def measure(self, draw: Callable[[PageWriter], None]) -> float:
        """The height ``draw(writer)`` takes on an endless page, room asked for by its ``ensure`` and
        ``at_foot`` included."""
        probe = PageWriter(_NoCanvas(), self.font, page_size=(self.page_w, 1e9), margin=self.margin)  # type: ignore[arg-type]
        start = probe.y
        draw(probe)
        return start - min(probe.y, probe._lowest, probe._foot if probe._foot is not None else probe.y)

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
              total: list[str] | None = None, then: Callable[[PageWriter], None] | None = None,
              keep: int = 2) -> None:
        """A ruled table; the header is repeated on each page it runs onto, and never stands alone.

        ``then(writer)`` draws what comes after the table and must share a page with its last rows (the
        signature block, the reply slip): when it does not fit below them, the last ``keep`` rows (or
        more) go over to the next page with it. Only what is taller than a page flows on by itself."""
        xs = [self.margin]
        for col in columns:
            xs.append(xs[-1] + col.width * self.width)
        body = list(rows) + ([total] if total is not None else [])
        tail = self.measure(then) if then is not None else 0.0
        hold = min(keep, len(body)) if then is not None else 0
        if tail + (hold + 1) * row_h > self.full_page_room():
            hold, tail = 0, 0.0  # cannot be kept together on any page
        done, fresh = 0, False
        while True:
            left = len(body) - done
            fit = max(0, int((self.room() - row_h) // row_h))  # rows below a header on this page
            if left <= fit and (left + 1) * row_h + tail <= self.room():
                take = left
            else:
                take = min(fit, left - hold)
            if take <= 0 and not fresh:
                self.new_page()  # no header alone at the foot of a page
                fresh = True
                continue
            take = max(take, min(1, left))
            top = self.y
            self._table_row(columns, xs, [c.header for c in columns], size, row_h, shade=0.88, header=True)
            for index in range(done, done + take):
                is_total = total is not None and index == len(body) - 1
                self._table_row(columns, xs, body[index], size, row_h, shade=0.93 if is_total else None)
            self._grid(xs, top, row_h, take + 1)
            done += take
            if done >= len(body):
                break
            self.new_page()
            fresh = True
        if then is not None:
            then(self)

    def _grid(self, xs: list[float], top: float, row_h: float, rows: int) -> None:
        """The rules of ``rows`` rows below ``top``, drawn once for the block (a rule per row boundary and
        one per column edge), over the shading of the rows."""
        bottom = top - rows * row_h
        self.c.setLineWidth(0.5)
        self.c.lines([(xs[0], top - n * row_h, xs[-1], top - n * row_h) for n in range(rows + 1)]
                     + [(x, top, x, bottom) for x in xs])

    def _table_row(self, columns: list[Column], xs: list[float], cells: list[str], size: float, row_h: float,
                   *, shade: float | None = None, header: bool = False) -> None:
        """A row's shading and text; its rules come with the block's (``_grid``)."""
        c, bottom = self.c, self.y - row_h
        if shade is not None:
            c.setFillGray(shade)
            c.rect(xs[0], bottom, xs[-1] - xs[0], row_h, stroke=0, fill=1)
            c.setFillGray(0)
        c.setFont(self.font, size)
        baseline = bottom + (row_h - size) / 2 + 1.5
        # One text object for the row's cells (a batch of notices draws tens of thousands of cells).
        out = c.beginText()
        for col, x0, x1, text in zip(columns, xs, xs[1:], cells):
            if not text:
                continue
            align = "center" if header else col.align
            text, width = _fit(text, self.font, size, x1 - x0 - 6)
            if align == "right":
                out.setTextOrigin(x1 - 3 - width, baseline)
            elif align == "center":
                out.setTextOrigin((x0 + x1 - width) / 2, baseline)
            else:
                out.setTextOrigin(x0 + 3, baseline)
            out.textOut(text)
        c.drawText(out)
        self.y = bottom


def _fit(text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """Cut a cell's text with an ellipsis rather than let it run into the next column; with its width."""
    w = stringWidth(text, font, size)
    if w <= width:
        return text, w
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…", stringWidth(text + "…", font, size)
