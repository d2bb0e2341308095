"""``arrears-desk demo --db URL`` (issue 15: pgui): the demo fills an empty database on a PostgreSQL server
directly (a server has no file to build beside and swap in), and refuses one that already has a site. Needs
the test server (ARREARS_DESK_TEST_PG); CI sets ARREARS_DESK_REQUIRE_PG=1 so that a missing server fails."""
from __future__ import annotations

import os

import pytest

from app.cli import EXIT_OK, EXIT_REFUSED, main
from app.services.context import Desk
from app.services.setup import site_info
from tests import server
from tests.factories import rows

if not os.environ.get("ARREARS_DESK_TEST_PG") and not os.environ.get("ARREARS_DESK_REQUIRE_PG"):
    pytest.skip("no PostgreSQL test server (make test starts one)", allow_module_level=True)


def test_demo_fills_an_empty_server_database_and_refuses_a_second_run(capsys):
    url = server.database_url(server.new_database())
    assert main(["demo", "--db", url, "--customers", "12", "--months", "4", "--today", "2026-11-20"]) == EXIT_OK
    assert "示范数据已生成" in capsys.readouterr().out
    with Desk(url, create=False) as desk:
        assert site_info(desk).name == "示范市邮政局城东支局"
        assert rows(desk, "SELECT count(*) FROM customers") == [(12,)]
        assert rows(desk, "SELECT count(*) FROM arrears_items")[0][0] > 0
    assert main(["demo", "--db", url, "--customers", "12"]) == EXIT_REFUSED
    assert "已建立网点" in capsys.readouterr().err
