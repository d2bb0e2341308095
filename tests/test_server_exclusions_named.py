"""Every test that does not run on the PostgreSQL server is named, with its reason, in the README (issue 15:
"the list of tests excluded from one backend is empty, or each exclusion is named in the README")."""
from __future__ import annotations

import re
from pathlib import Path

from tests.server import EXCLUDED

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_names_every_test_left_out_of_the_server_run_with_its_reason():
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- server exclusions: start -->")[1].split("<!-- server exclusions: end -->")[0]
    named = dict(re.findall(r"^- `([^`]+)`: (.+)$", block, re.MULTILINE))
    assert named == EXCLUDED
