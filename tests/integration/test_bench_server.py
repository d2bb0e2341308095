"""The PostgreSQL benchmark's city-size generator (bench/server.py), at a tiny size on the test server: the branch
replicas it makes (schemas of the city's database, as the city office keeps them) hold what the figures read
(today's aging by branch and the overdue queue agreeing with hand-written SQL over the schemas), and a second
run reuses the kept database instead of making it again."""
from __future__ import annotations

from datetime import date

import pytest

from tests import server

pytestmark = pytest.mark.skipif(not server.ON_SERVER, reason="a database on a server (ARREARS_DESK_TEST_BACKEND=postgresql)")


def test_the_city_generator_makes_replicas_the_figures_read_and_is_reused(monkeypatch, tmp_path):
    import bench.server as bench
    from app.domain.aging import AgingGrouping
    from app.services.aging import aging_report
    from app.services.auth import login
    from app.services.collection import overdue_queue
    from app.services.context import Desk, FixedClock
    from app.services.demo import DEMO_PASSWORD
    monkeypatch.setattr(bench, "DATA", tmp_path)  # the note of what was made: not in the tree's bench/data
    today = date(2026, 11, 27)
    made = bench.city_database(server.admin_url(), 60, branches=2, items_each=12, today=today, regenerate=True)
    try:
        assert made.made_now
        codes = bench.replica_codes(2)
        with bench.connect(made.url, autocommit=True) as raw:
            hand = sum(x or 0 for _, _, *buckets in bench.raw_city_aging(raw, codes, today) for x in buckets)
            overdue = {(code, c) for code, c, *_ in bench.raw_city_queue(raw, codes, today)}
            generated = [raw.execute(f"SELECT COUNT(*) FROM replica_{c.lower()}.arrears_items WHERE voucher_no LIKE 'CV%'"
                                     ).fetchone()[0] for c in codes]
        assert generated == [12 * (30 - bench._SEEDED)] * 2  # the demo's customers keep their own items
        ours, queued = 0, set()
        for code in codes:
            desk = Desk(bench._replica(made.url, code), clock=FixedClock(today))
            try:
                head = login(desk, "head", DEMO_PASSWORD)
                ours += aging_report(desk, head, today, grouping=AgingGrouping.BRANCH).grand_total
                queued |= {(code, r.customer_id) for r in overdue_queue(desk, head, as_of=today)}
            finally:
                desk.close()
        assert ours == hand > 0 and queued == overdue
        again = bench.city_database(server.admin_url(), 60, branches=2, items_each=12, today=today)
        assert not again.made_now and again.url == made.url
    finally:
        with bench.connect(server.admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{made.name}" WITH (FORCE)')
