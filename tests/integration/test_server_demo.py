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
        # the planner's statistics of the rows it loaded are kept (they were gathered in a transaction rolled back)
        assert rows(desk, "SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = 'arrears_items'"
                    )[0][0] > 0
    assert main(["demo", "--db", url, "--customers", "12"]) == EXIT_REFUSED
    assert "已建立网点" in capsys.readouterr().err


def test_after_the_demo_the_server_numbers_new_entries_past_the_loaded_ones():
    """The demo writes its rows with their ids; the server's next ids come after them (pglocks): a new customer,
    its credit, an item, a repayment with its offset, a reversal and a contact, each with its audit record."""
    from datetime import date

    from app.services.arrears import ArrearsInput, record_arrears, reverse_arrears
    from app.services.auth import login
    from app.services.collection import ContactInput, record_contact
    from app.services.context import FixedClock
    from app.services.customers import CustomerInput, apply_for_credit, approve_credit, register_customer
    from app.services.demo import DEMO_PASSWORD
    from app.services.repayments import RepaymentInput, record_repayment
    from app.services.verify import run_checks
    url = server.database_url(server.new_database())
    assert main(["demo", "--db", url, "--customers", "12", "--months", "4", "--today", "2026-11-20"]) == EXIT_OK
    today = date(2026, 11, 20)
    with Desk(url, create=False, clock=FixedClock(today)) as desk:
        clerk, head = login(desk, "clerk11", DEMO_PASSWORD), login(desk, "head", DEMO_PASSWORD)
        marketing = login(desk, "marketing", DEMO_PASSWORD)
        customer = register_customer(desk, clerk, CustomerInput(name="演示后新客户", phone="0311-8888")).customer_id
        approve_credit(desk, marketing, apply_for_credit(desk, clerk, customer, credit_grade="A",
                                                         requested_limit=1_000_000).application_id)
        first = record_arrears(desk, clerk, ArrearsInput(customer, "LETTER", today, 3_000, "PZ-AFTER-1")).item_id
        second = record_arrears(desk, clerk, ArrearsInput(customer, "LETTER", today, 2_000, "PZ-AFTER-2")).item_id
        record_repayment(desk, clerk, RepaymentInput(customer, 1_000, today, "cash", "R-AFTER-1"))
        reverse_arrears(desk, head, second, "录入错误")
        record_contact(desk, clerk, ContactInput(customer, today, "phone", "已提醒"))
        assert rows(desk, "SELECT count(*) FROM customers") == [(13,)]
        assert rows(desk, "SELECT open_amount FROM item_balances WHERE item_id = ?", first) == [(2_000,)]
        assert [check.name for check in run_checks(desk) if not check.ok] == []
