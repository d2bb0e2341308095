"""Server mode (issue 15): what only a PostgreSQL server has: roles, the server's own refusals, the rule
functions' server variants. Needs the test server (ARREARS_DESK_TEST_PG, set by `make test`); CI sets
ARREARS_DESK_REQUIRE_PG=1, so that a server that cannot be reached fails these tests instead of skipping them."""
from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st
from sqlalchemy import Date, func, literal, select

from app.cli import main
from app.domain.collection import over_six_months
from app.domain.errors import DomainError
from app.services.context import Desk
from tests import server

if not os.environ.get("ARREARS_DESK_TEST_PG") and not os.environ.get("ARREARS_DESK_REQUIRE_PG"):
    pytest.skip("no PostgreSQL test server (make test starts one)", allow_module_level=True)

PASSWORD = "correct-horse-9"


def _psql(url: str, sql: str):
    with server.connect(url, autocommit=True) as con:
        cur = con.execute(sql)
        return cur.fetchall() if cur.description else None


@pytest.fixture
def owned_database():
    """A database owned by a role of its own, and the workstations' role beside it."""
    suffix = f"{os.getpid()}_{id(object())}"
    owner, app = f"owner_{suffix}", f"app_{suffix}"
    admin = server.admin_url()
    _psql(admin, f"CREATE ROLE {owner} LOGIN")
    _psql(admin, f"CREATE ROLE {app} LOGIN")
    name = server.new_database()
    _psql(admin, f'ALTER DATABASE "{name}" OWNER TO {owner}')
    _psql(server.database_url(name), f"ALTER SCHEMA public OWNER TO {owner}")
    _psql(server.database_url(name), "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    from sqlalchemy.engine import make_url
    base = make_url(server.database_url(name))
    yield (base.set(username=owner).render_as_string(hide_password=False),
           base.set(username=app).render_as_string(hide_password=False), app)
    server.drop_made_databases()
    for role in (owner, app):
        _psql(admin, f"DROP ROLE IF EXISTS {role}")


def test_the_workstations_role_posts_but_cannot_change_the_schema_or_its_triggers(owned_database, monkeypatch):
    import psycopg
    owner_url, app_url, app_role = owned_database
    monkeypatch.setenv("ARREARS_DESK_ADMIN_PASSWORD", PASSWORD)
    assert main(["init", "--db", owner_url, "--site-code", "BR01", "--site-name", "城东支局",
                 "--app-role", app_role]) == 0
    from app.domain.roles import Role
    from app.services.auth import create_user, login
    from app.services.customers import CustomerInput, register_customer
    with Desk(app_url) as desk:  # the workstations' role opens the schema its owner made
        create_user(desk, login(desk, "admin", PASSWORD), "clerk", "张营业", Role.COUNTER, PASSWORD)
        customer = register_customer(desk, login(desk, "clerk", PASSWORD), CustomerInput(name="东方贸易有限公司"))
    assert customer.customer_id
    for statement, refused in [
            ("UPDATE audit_log SET action = 'x'", "append-only"),
            ("DELETE FROM audit_log", "append-only"),
            ("DROP TRIGGER audit_log_no_update ON audit_log", "must be owner"),
            ("ALTER TABLE audit_log DISABLE TRIGGER ALL", "must be owner"),
            ("TRUNCATE audit_log", "permission denied"),
            ("CREATE TABLE mine (x int)", "permission denied")]:
        with pytest.raises(psycopg.Error) as error:
            _psql(app_url, statement)
        assert refused in str(error.value), statement
    assert _psql(app_url, "SELECT count(*) FROM audit_log")[0][0] > 0


def test_an_older_schema_opened_with_the_workstations_role_says_that_the_owner_upgrades(owned_database, monkeypatch):
    owner_url, app_url, app_role = owned_database
    monkeypatch.setenv("ARREARS_DESK_ADMIN_PASSWORD", PASSWORD)
    assert main(["init", "--db", owner_url, "--site-code", "BR01", "--app-role", app_role]) == 0
    _psql(owner_url, "UPDATE alembic_version SET version_num = '0014'")  # as an older program left it
    with pytest.raises(DomainError) as refused:
        Desk(app_url)
    assert refused.value.code == "db.server_upgrade_by_owner"
    assert "0014" in refused.value.message("zh") and "所有者" in refused.value.message("zh")
    assert _psql(owner_url, "SELECT version_num FROM alembic_version")[0][0] == "0014"  # nothing half-done


def test_a_password_in_a_database_url_is_refused_and_never_echoed(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["verify", "--db", "postgresql://clerk:s3cret-pw@127.0.0.1:1/arrears"])
    captured = capsys.readouterr()
    assert exited.value.code == 2 and "PGPASSWORD" in captured.err
    assert "s3cret-pw" not in captured.err + captured.out
    with pytest.raises(DomainError) as refused:
        Desk("postgresql+psycopg://clerk:s3cret-pw@127.0.0.1:1/arrears")
    assert refused.value.code == "db.password_in_url" and "s3cret-pw" not in refused.value.message("zh")


def test_a_password_in_arrears_desk_db_is_refused_with_the_message_and_never_echoed(monkeypatch, capsys):
    monkeypatch.setenv("ARREARS_DESK_DB", "postgresql://clerk:s3cret-pw@127.0.0.1:1/arrears")
    code = main(["verify"])
    captured = capsys.readouterr()
    assert code == 2 and "PGPASSWORD" in captured.err
    assert "s3cret-pw" not in captured.err + captured.out


@pytest.fixture(scope="module")
def server_desk():
    name = server.new_database()
    desk = Desk(server.database_url(name))
    kept = server.kept_beyond_the_test()  # not dropped when the module's first test ends
    yield desk
    desk.close()
    server.drop_databases(kept)


@settings(max_examples=300, deadline=None)
@given(due=st.dates(date(2020, 1, 1), date(2030, 12, 31)), as_of=st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_over_six_months_on_the_server_is_the_domain_rule(server_desk, due, as_of):
    """逾期六个月以上: the server computes it in SQL (it cannot call the program); it must agree with the domain's
    rule on every pair of days, month ends (31 August less six months) included."""
    with server_desk.engine.connect() as conn:
        found = conn.execute(select(func.over_six_months(literal(due, Date), literal(as_of, Date)))).scalar()
    assert found == over_six_months(due, as_of)


def test_over_six_months_on_the_server_at_month_ends(server_desk):
    for due, as_of in [(date(2026, 2, 28), date(2026, 8, 31)), (date(2026, 2, 27), date(2026, 8, 31)),
                       (date(2024, 2, 29), date(2024, 8, 31)), (date(2026, 3, 31), date(2026, 9, 30)),
                       (date(2026, 3, 30), date(2026, 9, 30))]:
        with server_desk.engine.connect() as conn:
            found = conn.execute(select(func.over_six_months(literal(due, Date), literal(as_of, Date)))).scalar()
        assert found == over_six_months(due, as_of), (due, as_of)


def test_the_server_schema_has_every_trigger_the_file_has(server_desk, tmp_path):
    """The append-only refusals, and the exchange's notes of changed state rows (migration 0020)."""
    import sqlite3
    Desk(tmp_path / "file.sqlite3").close()
    with sqlite3.connect(tmp_path / "file.sqlite3") as con:
        on_file = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    on_server = {name for (name,) in _psql(server_desk.location,
                                           "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    assert {name for name in on_file if name.endswith("_no_update")} and on_file == on_server


def test_the_programs_connections_compile_no_statement_to_machine_code_and_keep_the_urls_own_options(
        server_desk, monkeypatch):
    """PostgreSQL's JIT compiled the overdue queue's statement at every refresh (some 150 ms for a few ms of
    work): the program's connections turn it off, and a replica's search path given in the URL still holds."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from db.engine import make_engine
    from db.replicas import replica_url
    with server_desk.engine.connect() as conn:
        assert conn.execute(text("SHOW jit")).scalar() == "off"
    replica = make_engine(replica_url(make_url(server_desk.server.render_as_string(hide_password=False)), "BR07"))
    try:
        with replica.connect() as conn:
            assert conn.execute(text("SHOW jit")).scalar() == "off"
            assert conn.execute(text("SHOW search_path")).scalar().startswith("replica_br07")
    finally:
        replica.dispose()
    chosen = make_engine(make_url(server_desk.server.render_as_string(hide_password=False))
                         .update_query_dict({"options": "-c jit=on"}))
    try:
        with chosen.connect() as conn:  # an administrator who wants it back says so in the URL
            assert conn.execute(text("SHOW jit")).scalar() == "on"
    finally:
        chosen.dispose()
    monkeypatch.setenv("PGOPTIONS", "-c work_mem=7MB")  # libpq's own variable, read when the URL gives no options
    from_environment = make_engine(make_url(server_desk.server.render_as_string(hide_password=False)))
    try:
        with from_environment.connect() as conn:
            assert conn.execute(text("SHOW work_mem")).scalar() == "7MB"
            assert conn.execute(text("SHOW jit")).scalar() == "off"
    finally:
        from_environment.dispose()
