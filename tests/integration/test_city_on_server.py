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
from tests.integration.test_server_mode import PASSWORD, owned_database  # noqa: F401 - the fixture

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
            create_site(replica, code="BR01", name="城东支局", admin_username="admin", admin_password=PASSWORD)
        assert _psql(city_url, "SELECT count(*) FROM replica_br01.audit_log")[0][0] > 0
        # the triggers find the schema's own refusing function, whatever the connection's search path
        with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
            _psql(city_url, "UPDATE replica_br01.audit_log SET action = 'b'")
        # the city's own tables are untouched by the replica's
        assert _psql(city_url, "SELECT count(*) FROM public.sites") == [(0,)]


@pytest.fixture
def city_with_two_branches(tmp_path, monkeypatch):
    """BR01 and BR02 (each posting a year's business) and the city office, all on the server: the packages
    imported into the city's replica schemas (tests/city.py)."""
    if not server.ON_SERVER:
        pytest.skip("the desks of tests.factories on the server (ARREARS_DESK_TEST_BACKEND=postgresql)")
    monkeypatch.setenv("ARREARS_DESK_KEYS", str(tmp_path / "keys"))
    from tests.city import make_city
    city, staff, sites = make_city(tmp_path)
    yield city, staff, sites, tmp_path
    for desk, _staff in sites.values():
        desk.close()
    city.close()
    exchange._replicas.clear()


def test_branch_packages_land_in_replica_schemas_and_the_city_report_and_verify_use_them(city_with_two_branches):
    from app.reports.request import ReportRequest
    from app.services.reports import build
    from app.services.verify import verify_database
    city, staff, sites, _folder = city_with_two_branches
    assert city.path is None and exchange.replica_codes(city) == ["BR01", "BR02"]  # BR03 has sent nothing
    for code in ("BR01", "BR02"):
        branch = sites[code][0]
        own = _psql(branch.server, "SELECT count(*), sum(amount) FROM arrears_items")
        assert own[0][0] > 0
        assert _psql(city.server, f"SELECT count(*), sum(amount) FROM replica_{code.lower()}.arrears_items") == own
    assert _psql(city.server, "SELECT count(*) FROM public.arrears_items") == [(0,)]  # the city's own: none

    request = ReportRequest("aging", date(2026, 11, 25), scheme="overdue")
    combined = build(city, staff.head, request).table("structure")
    mine = [build(desk, branch_staff.head, request).table("structure") for code, (desk, branch_staff) in sites.items()
            if code != "BR03"]
    assert combined.totals[1] == sum(t.totals[1] for t in mine) > 0  # to the fen
    assert [row[1] for row in combined.rows] == [sum(t.rows[i][1] for t in mine) for i in range(len(combined.rows))]

    checks = verify_database(city.location)
    for code in ("BR01", "BR02"):
        assert len([c for c in checks if c.name.startswith(f"网点副本 {code}：")]) >= 20
    assert all(c.ok for c in checks), [c.name for c in checks if not c.ok]
    _psql(city.server, "ALTER TABLE replica_br02.arrears_items DISABLE TRIGGER arrears_items_no_update")
    _psql(city.server, "UPDATE replica_br02.arrears_items SET amount = amount + 1"
                       " WHERE id = (SELECT min(id) FROM replica_br02.arrears_items)")
    failed = [c.name for c in verify_database(city.location) if not c.ok]
    assert failed and all(name.startswith("网点副本 BR02：") for name in failed)


def test_the_city_copy_of_a_branch_on_the_server_is_a_signed_file_with_the_replicas_root(city_with_two_branches):
    import sqlite3
    import zipfile
    city, staff, sites, folder = city_with_two_branches
    made = exchange.write_branch_copy(city, staff.admin, "BR01", folder / "copies")
    manifest = __import__("json").loads(zipfile.ZipFile(made).read("manifest.json"))
    from app.services.verify import integrity_root
    assert manifest["root"] == integrity_root(exchange.replica_location(city, "BR01"))
    payload = folder / "payload.sqlite3"
    payload.write_bytes(zipfile.ZipFile(made).read("payload.sqlite3"))
    con = sqlite3.connect(payload)
    try:
        assert con.execute("SELECT count(*), sum(amount) FROM arrears_items").fetchall() == [
            tuple(r) for r in _psql(city.server, "SELECT count(*), sum(amount) FROM replica_br01.arrears_items")]
    finally:
        con.close()


def test_the_owner_makes_each_branch_replica_and_the_counters_role_imports_into_it_but_cannot_touch_its_triggers(
        owned_database, tmp_path, monkeypatch):
    import psycopg

    from app.cli import main
    from app.services.auth import login
    owner_url, app_url, app_role = owned_database
    monkeypatch.setenv("ARREARS_DESK_KEYS", str(tmp_path / "keys"))
    monkeypatch.setenv("ARREARS_DESK_ADMIN_PASSWORD", PASSWORD)
    assert main(["init", "--db", owner_url, "--site-code", "CITY", "--site-name", "市局", "--city",
                 "--app-role", app_role]) == 0
    branch = Desk(tmp_path / "br01.sqlite3", clock=FixedClock(TODAY))  # a branch on a file
    branch_admin = create_site(branch, code="BR01", name="城东支局", admin_username="admin",
                               admin_password=PASSWORD)
    with branch, Desk(app_url, clock=FixedClock(TODAY)) as city:  # the workstations' role at the city office
        city_admin = login(city, "admin", PASSWORD)
        exchange.register_site(city, city_admin, exchange.write_identity(branch, tmp_path / "br01.json"))
        exchange.register_site(branch, branch_admin, exchange.write_identity(city, tmp_path / "city.json"))
        files = exchange.export_packages(branch, branch_admin, tmp_path / "usb")
        [refused] = exchange.import_packages(city, city_admin, files)
        assert refused.state == "refused" and refused.reason.code == "exchange.replica_by_owner"
        assert "所有者" in refused.message() and "BR01" in refused.message()
        assert main(["init", "--db", owner_url]) == 0  # the owner: a replica for every registered branch
        [applied] = exchange.import_packages(city, city_admin, files)
        assert applied.state == "applied", applied.message()
    assert _psql(owner_url, "SELECT count(*) FROM replica_br01.sites WHERE code = 'BR01'") == [(1,)]
    for statement, refusal in [
            ("UPDATE replica_br01.audit_log SET action = 'x'", "append-only"),
            ("DROP TRIGGER audit_log_no_update ON replica_br01.audit_log", "must be owner"),
            ("ALTER TABLE replica_br01.audit_log DISABLE TRIGGER ALL", "must be owner"),
            ("CREATE SCHEMA replica_br99", "permission denied")]:
        with pytest.raises(psycopg.Error) as error:
            _psql(app_url, statement)
        assert refusal in str(error.value), statement
