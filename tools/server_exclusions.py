"""Write tests/server.py's EXCLUDED into the README's list (between the "server exclusions" markers)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import EXCLUDED  # noqa: E402

START, END = "<!-- server exclusions: start -->", "<!-- server exclusions: end -->"
readme = ROOT / "README.md"
text = readme.read_text(encoding="utf-8")
head, rest = text.split(START)
_, tail = rest.split(END)
lines = "".join(f"- `{key}`: {reason}\n" for key, reason in EXCLUDED.items()) or "- none\n"
readme.write_text(head + START + "\n" + lines + END + tail, encoding="utf-8")
print(f"{len(EXCLUDED)} exclusions written to {readme}")
