"""A city office on a PostgreSQL server (issue 15): each branch's replica is a schema of the city's own database
(``replica_<code>``), opened as a Desk by a URL whose search path names it and migrated there by the same
migrations. Needs the test server (ARREARS_DESK_TEST_PG, set by `make test`)."""
from __future__ import annotations

import os
from datetime import date

import pytest

from app.services import exchange
from app.services.context import Desk, FixedClock
from app.services.setup import create_site
from tests import server

if not os.environ.get("ARREARS_DESK_TEST_PG") and not os.environ.get("ARREARS_DESK_REQUIRE_PG"):
    pytest.skip("no PostgreSQL test server (make test starts one)", allow_module_level=True)

TODAY = date(2026, 6, 15)


def _psql(url, sql: str, *args):
    with server.connect(url, autocommit=True) as con:
        cur = con.execute(sql, args or None)
        return cur.fetchall() if cur.description else None


@pytest.fixture
def city_url():
    yield server.database_url(server.new_database())
    exchange._replicas.clear()
    server.drop_made_databases()


def test_a_replica_is_a_migrated_schema_of_the_city_database_with_its_own_append_only_triggers(city_url):
    import psycopg
    with Desk(city_url, clock=FixedClock(TODAY)) as city:
        assert exchange.open_replica(city, "BR01") is None and not exchange.replica_exists(city, "BR01")
        replica = exchange.open_replica(city, "BR01", create=True)
        with replica:
            assert exchange.replica_exists(city, "BR01") and exchange.replica_codes(city) == ["BR01"]
            assert replica.path is None and "replica_br01" in replica.location
        head = _psql(city_url, "SELECT version_num FROM public.alembic_version")
        assert _psql(city_url, "SELECT version_num FROM replica_br01.alembic_version") == head
        tables = {r[0] for r in _psql(city_url, "SELECT table_name FROM information_schema.tables"
                                                " WHERE table_schema = 'replica_br01'")}
        assert {"arrears_items", "repayments", "audit_log", "sites", "alembic_version"} <= tables
        with replica:  # the branch's rows, as its packages bring them (here: the site's creation)
            create_site(replica, code="BR01", name="城东支局", admin_username="admin", admin_password="pw-123456789")
        assert _psql(city_url, "SELECT count(*) FROM replica_br01.audit_log")[0][0] > 0
        # the triggers find the schema's own refusing function, whatever the connection's search path
        with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
            _psql(city_url, "UPDATE replica_br01.audit_log SET action = 'b'")
        # the city's own tables are untouched by the replica's
        assert _psql(city_url, "SELECT count(*) FROM public.sites") == [(0,)]
