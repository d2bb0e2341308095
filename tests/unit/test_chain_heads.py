"""Before a posting is linked, its customer's chain head is read. A customer of ten years has thousands of links; the
head must cost the same to find whatever the chain's length (the last entry of the chain's index), not a walk over
every link of the chain."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine

from db.bulk import insert_rows
from db.chain import GENESIS, Chains, links
from tests.sqlite_steps import sqlite_steps

_LINK_COLUMNS = ["id", "chain", "entity", "entity_id", "at", "digest"]


def _steps_to_read_heads(conn, chains: Chains, *keys: int) -> int:
    return sqlite_steps(conn.connection.driver_connection, lambda: chains._load_heads(set(keys)))


def _chains_of(conn) -> None:
    at = datetime(2026, 1, 5, 9)
    rows = [(n, 1, 1, n, at, n.to_bytes(32, "big")) for n in range(1, 11)]  # a new customer: 10 links
    rows += [(n, 2, 1, n, at, n.to_bytes(32, "big")) for n in range(11, 5_011)]  # ten years: 5,000 links
    rows += [(5_010 + k, k, 1, 5_010 + k, at, (5_010 + k).to_bytes(32, "big")) for k in range(3, 9)]  # one link each
    insert_rows(conn, links, _LINK_COLUMNS, rows)


def test_reading_a_chain_head_costs_the_same_for_a_long_chain_as_for_a_short_one():
    engine = create_engine("sqlite://")
    links.create(engine)
    with engine.begin() as conn:
        _chains_of(conn)
        short, long = Chains(lambda: conn), Chains(lambda: conn)
        short_steps = _steps_to_read_heads(conn, short, 1)
        long_steps = _steps_to_read_heads(conn, long, 2)
        assert short._heads == {1: (10).to_bytes(32, "big")} and long._heads == {2: (5_010).to_bytes(32, "big")}
    assert long_steps < 2 * short_steps, (short_steps, long_steps)


def test_an_import_across_many_customers_reads_each_head_without_walking_the_long_chains():
    """A load or an import reads many chains' heads at once: one long chain among them costs like a short one, and a
    chain with no link yet starts from the genesis."""
    engine = create_engine("sqlite://")
    links.create(engine)
    with engine.begin() as conn:
        _chains_of(conn)
        with_short, with_long = Chains(lambda: conn), Chains(lambda: conn)
        short_steps = _steps_to_read_heads(conn, with_short, 1, 3, 4, 5, 6, 7, 8, -1)
        long_steps = _steps_to_read_heads(conn, with_long, 2, 3, 4, 5, 6, 7, 8, -1)
    assert with_long._heads[2] == (5_010).to_bytes(32, "big") and with_long._heads[-1] == GENESIS
    assert with_short._heads[1] == (10).to_bytes(32, "big") and with_short._heads[8] == (5_018).to_bytes(32, "big")
    assert long_steps < 2 * short_steps, (short_steps, long_steps)
