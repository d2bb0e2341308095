"""One type and spacing scale (issue 11): font sizes and weights in style sheets come from ui/style.py, so a
title or a headline figure is the same size on every page."""
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"


def test_font_sizes_and_weights_are_named_in_the_style_module_only():
    literal = re.compile(r"font-size|font-weight")
    offenders = [f"{path.relative_to(UI)}:{n}" for path in sorted(UI.rglob("*.py")) if path.name != "style.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert offenders == []


def test_nested_layouts_take_the_named_flush_margins():
    offenders = [f"{path.relative_to(UI)}:{n}" for path in sorted(UI.rglob("*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if "setContentsMargins(0, 0, 0, 0)" in line]
    assert offenders == []
