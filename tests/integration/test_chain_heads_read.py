"""Each chain's head, as a posting or an import reads it before linking (``Chains._load_heads``), on either engine
(SQLite in process, a server in one statement): the last link of every chain asked for, a user's chain (a negative
key) and chain 0 included, and the genesis for a chain with no link yet."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.services.arrears import ArrearsInput, record_arrears
from db.chain import GENESIS, Chains, links
from tests.factories import approved_customer, make_desk

D = date(2026, 6, 15)


def test_the_heads_read_before_linking_are_the_last_links_of_their_chains(tmp_path):
    desk, staff = make_desk(tmp_path / "heads.sqlite3", D)
    try:
        customers = [approved_customer(desk, staff, name) for name in ("东方贸易有限公司", "西城印务有限公司")]
        for n, customer in enumerate(customers * 3):
            record_arrears(desk, staff.clerk, ArrearsInput(customer, "LETTER", D, 10_000 + n, f"V{n}", True))
        with desk.engine.connect() as conn:
            last = dict(conn.execute(select(links.c.chain, links.c.digest).where(links.c.id.in_(
                select(func.max(links.c.id)).group_by(links.c.chain)))).all())
            users = [chain for chain in last if chain < 0]
            assert users and set(customers) <= set(last)
            asked = {*customers, *users, 0, 999_999, -999_999}
            for keys in (asked, {customers[0]}):  # many chains at once (a load, an import), and one (a posting)
                chains = Chains(lambda: conn)
                chains._load_heads(set(keys))
                assert chains._heads == {key: last.get(key, GENESIS) for key in keys}
    finally:
        desk.close()
