"""The PostgreSQL benchmark's city-size generator (bench/server.py), at a tiny size on the test server: what it
makes is what the figures read (customers spread over the branches, today's aging by branch and the overdue
queue agreeing with hand-written SQL), and a second run reuses the kept database instead of making it again."""
from __future__ import annotations

from datetime import date

import pytest

from tests import server

pytestmark = pytest.mark.skipif(not server.ON_SERVER, reason="a database on a server (ARREARS_DESK_TEST_BACKEND=postgresql)")


def test_the_city_generator_makes_what_the_figures_read_and_is_reused(monkeypatch, tmp_path):
    import bench.server as bench
    from app.domain.aging import AgingGrouping, AgingScheme
    from app.services.aging import aging_report
    from app.services.auth import login
    from app.services.collection import overdue_queue
    from app.services.context import Desk, FixedClock
    from app.services.demo import DEMO_PASSWORD
    monkeypatch.setattr(bench, "DATA", tmp_path)  # the note of what was made: not in the tree's bench/data
    today = date(2026, 11, 27)
    made = bench.city_database(server.admin_url(), 60, branches=5, items_each=12, today=today, regenerate=True)
    try:
        assert made.made_now
        with bench.connect(made.url, autocommit=True) as raw:
            per_branch = dict(raw.execute("SELECT branch_id, COUNT(*) FROM customers GROUP BY branch_id").fetchall())
            hand = {b: sum(x or 0 for x in buckets)
                    for b, *buckets in bench.raw_current_aging(raw, AgingScheme.OVERDUE, today, by="branch_id")}
            overdue = {c for c, *_ in bench.raw_queue(raw, today)}
            items = raw.execute("SELECT COUNT(*) FROM arrears_items WHERE voucher_no LIKE 'CV%'").fetchone()[0]
        assert len(per_branch) == 5 and sum(per_branch.values()) == 60
        desk = Desk(made.url, clock=FixedClock(today))
        try:
            head = login(desk, "head", DEMO_PASSWORD)
            aging = aging_report(desk, head, today, grouping=AgingGrouping.BRANCH)
            assert aging.grand_total == sum(hand.values()) > 0
            assert {r.customer_id for r in overdue_queue(desk, head, as_of=today)} == overdue
        finally:
            desk.close()
        assert items == 12 * (60 - 10)  # the demo's ten customers keep their own items
        again = bench.city_database(server.admin_url(), 60, branches=5, items_each=12, today=today)
        assert not again.made_now and again.url == made.url
    finally:
        with bench.connect(server.admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{made.name}" WITH (FORCE)')
