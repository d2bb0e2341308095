"""The PDF font (issue 16): the machine's own CJK font first, the WenQuanYi Micro Hei we ship when it has none."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

import app.documents.fonts as fonts
from app.services.arrears import ArrearsInput, record_arrears
from app.services.documents import issue_notices
from tests.factories import approved_customer, make_desk, move_clock

START = date(2026, 1, 5)


def embedded_fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_the_shipped_font_is_whole_truetype_with_chinese_and_its_licence_beside_it():
    assert fonts.BUNDLED_FONT.is_file() and fonts.BUNDLED_FONT.stat().st_size > 4_000_000  # whole, not a subset
    assert (fonts.BUNDLED_FONT.parent / "LICENSE-wqy-microhei.txt").read_text().count("Apache License") >= 1
    assert fonts.candidate_fonts()[-1] == fonts.BUNDLED_FONT  # the last resort, after every system font


def test_a_windows_font_comes_before_the_shipped_one_even_in_a_folder_with_chinese_and_spaces(tmp_path, monkeypatch):
    windir = tmp_path / "视窗 系统"
    (windir / "Fonts").mkdir(parents=True)
    shutil.copy(fonts.BUNDLED_FONT, windir / "Fonts" / "simsun.ttc")  # stands in for 宋体
    monkeypatch.setenv("WINDIR", str(windir))
    order = fonts.candidate_fonts()
    assert order.index(windir / "Fonts" / "simsun.ttc") < order.index(fonts.BUNDLED_FONT)
    assert order[0] == windir / "Fonts" / "msyh.ttc"  # 微软雅黑 first, then 宋体 …
    assert fonts.document_font().path == windir / "Fonts" / "simsun.ttc"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (make system-deps)")
def test_with_no_font_on_the_machine_a_notice_embeds_the_shipped_font(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "system_fonts", lambda: [tmp_path / "nowhere" / "msyh.ttc"])
    assert fonts.document_font().path == fonts.BUNDLED_FONT
    desk, staff = make_desk(tmp_path / "d.sqlite3", START)
    customer = approved_customer(desk, staff, "龘龗贸易有限公司")
    record_arrears(desk, staff.clerk, ArrearsInput(customer, "LETTER", START, 10_000, "V01", True))
    move_clock(desk, date(2026, 4, 20))
    issue_notices(desk, staff.clerk, [customer], out=tmp_path / "n.pdf")
    desk.close()
    listed = embedded_fonts(tmp_path / "n.pdf")
    assert "WenQuanYi" in listed and "TrueType" in listed and "yes" in listed  # embedded (as a per-document subset)
