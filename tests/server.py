"""The tests on a PostgreSQL server (issue 15): ``ARREARS_DESK_TEST_BACKEND=postgresql`` runs the same tests
with every desk that ``tests.factories.make_desk`` makes on a database of its own on the server whose URL is
in ``ARREARS_DESK_TEST_PG`` (``tools/pg_test_server.sh`` starts a throwaway one and prints it).

Each (day, site code, kind) is migrated and given its users once, as a template database; a test's desk is
``CREATE DATABASE … TEMPLATE`` of it (a file copy on the server), dropped when the test ends."""
from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

BACKEND = os.environ.get("ARREARS_DESK_TEST_BACKEND", "sqlite")
ON_SERVER = BACKEND == "postgresql"

_templates: dict[tuple[date, str, str], tuple[str, object]] = {}
_made: list[str] = []
_numbers = itertools.count(1)


def admin_url() -> str:
    url = os.environ.get("ARREARS_DESK_TEST_PG")
    if not url:
        raise RuntimeError("ARREARS_DESK_TEST_BACKEND=postgresql needs ARREARS_DESK_TEST_PG "
                           "(the URL tools/pg_test_server.sh prints)")
    return url


def database_url(name: str) -> str:
    return make_url(admin_url()).set(database=name).render_as_string(hide_password=False)


def connect(url, **options):
    """A plain psycopg connection to the test server's database ``url`` (a URL or its text), as a tester or an
    administrator would open one, bypassing the program."""
    import psycopg
    url = make_url(url) if isinstance(url, str) else url
    if "options" in url.query:  # a city office's replica schema (pgcity): its search path
        options.setdefault("options", url.query["options"])
    return psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database, **options)


def _admin(sql: str, *args) -> None:
    with connect(admin_url(), autocommit=True) as con:
        con.execute(sql, args or None)


def new_database(template: str | None = None) -> str:
    """A fresh, empty (or ``template``'s copy) database on the test server; dropped after the test."""
    name = f"t{os.getpid()}_{next(_numbers)}"
    _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    _made.append(name)
    return name


def kept_beyond_the_test() -> list[str]:
    """The databases made so far, no longer dropped when the test ends: a module-scoped fixture's (pgx); it
    drops them with ``drop_databases`` when the module ends."""
    kept = list(_made)
    _made.clear()
    return kept


def drop_databases(names: list[str]) -> None:
    for name in names:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_made_databases() -> None:
    while _made:
        _admin(f'DROP DATABASE IF EXISTS "{_made.pop()}" WITH (FORCE)')


def make_desk(path: Path, today: date, code: str, kind: str, make_users: Callable):
    from app.services.context import Desk, FixedClock
    key = (today, code, kind)
    if key not in _templates:
        name = f"tpl{os.getpid()}_{next(_numbers)}"
        _admin(f'CREATE DATABASE "{name}"')
        desk = Desk(database_url(name), clock=FixedClock(today))
        staff = make_users(desk, code, kind)
        desk.close()
        _templates[key] = (name, staff)
    template, staff = _templates[key]
    name = new_database(template)
    desk = Desk(database_url(name), clock=FixedClock(today))
    # each copy is a site of its own: its own global id, so its own signing key (made when first needed)
    with desk.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE sites SET uid = decode(md5(random()::text), 'hex'), public_key = NULL"
                             " WHERE is_local")
    return desk, staff


_PLACEHOLDER = re.compile(r"\?")


def rows(desk, sql: str, *args) -> list[tuple]:
    """``tests.factories.rows`` on the server: plain psycopg, SQLite's ``?`` placeholders made ``%s``."""
    with connect(desk.server) as con:
        return [tuple(r) for r in con.execute(_sql(sql), args or None).fetchall()]


def execute(desk, sql: str, *args) -> None:
    with connect(desk.server) as con:
        con.execute(_sql(sql), args or None)


def _sql(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


def drop_templates() -> None:
    for name, _ in _templates.values():
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _templates.clear()


# Tests that do not run on the server yet, each with its reason (README "Server mode" names them all; a test
# holds the two lists equal). A key is a test file, or a file::test. Every entry is work still to do.
_FILE_BACKUP = ("a property of SQLite files: the program's backup copies the database file (SQLite's online backup); "
                "a database on a server is refused with a message naming its administrator's backups (pg_dump), "
                "tested in test_a_database_on_a_server_is_not_copied_here_…")
_GLANCE = ("a property of SQLite files: the sign-in dialog paints before the database layers load only for a file "
           "whose site name is read with plain sqlite3 (db/glance.py); a server goes the old way, the database opened "
           "before the dialog (tested in test_first_start_on_a_server and test_server_password_gui)")
_CHECKED_AHEAD = ("a property of SQLite files: a password typed before the database is open is checked against the hash "
                  "read from the file at a glance (db/glance.py); on a server there is no file to glance at, the "
                  "check ahead answers None (test_sign_in_checked_ahead) and signing in checks the password itself")
EXCLUDED: dict[str, str] = {
    # the GUI tests (pgui): the ones about SQLite files by nature
    "tests/gui/test_start_up.py::test_the_sign_in_dialog_is_painted_before_the_database_layers_load_and_signing_in_waits_for_them":
        _GLANCE,
    "tests/gui/test_start_up.py::test_the_site_name_is_read_at_a_glance_only_from_a_file_ready_to_sign_in_to": _GLANCE,
    "tests/gui/test_start_up.py::test_a_database_that_fails_to_open_behind_the_sign_in_dialog_closes_it_and_says_why":
        _GLANCE,
    "tests/gui/test_start_up.py::test_the_database_opens_behind_a_sign_in_dialog_that_is_never_painted": _GLANCE,
    "tests/gui/test_start_up.py::test_a_password_entered_before_the_database_is_open_is_checked_meanwhile_and_not_again":
        _CHECKED_AHEAD,
    "tests/integration/test_sign_in_checked_ahead.py": _CHECKED_AHEAD,
    "tests/gui/test_backup_and_auditor_export.py::test_the_branch_head_chooses_the_folder_and_backs_up_now":
        "a property of SQLite files: the program's backup copies the database file; a server's database is "
        "backed up by its administrator (pg_dump)",
    "tests/gui/test_backup_and_auditor_export.py::test_restoring_a_checked_copy_closes_the_window_replaces_the_database_and_signs_in_again":
        "a property of SQLite files: a restore puts a checked copy of the file in its place (pg_restore on a server)",
    "tests/gui/test_backup_and_auditor_export.py::test_a_damaged_copy_is_refused_on_the_page_and_nothing_is_restored":
        "a property of SQLite files: a damaged copy of the database file",
    "tests/gui/test_failure_messages.py::test_a_locked_database_shows_what_to_do_in_the_dialog":
        "a property of SQLite files: another program's exclusive lock on the file (a server's conflicts and lost "
        "connections: tests/integration/test_concurrency.py)",
    # modules that build and check their own SQLite files whatever the backend: they run in the SQLite pass
    "tests/integration/test_installed_program.py":
        "a property of SQLite files: where the installed program keeps its database file, one instance per file",
    "tests/integration/test_schema_and_cli.py":
        "a property of SQLite files: migrations and the CLI on files made for the test (the server's migrations, "
        "roles and CLI: test_server_mode)",
    # verify's tamper evidence and streamed exports on the server (pglocks): what stays a file's
    "tests/integration/test_streamed_export.py::test_the_stream_is_sorted_in_temporary_files_not_in_memory":
        "a property of SQLite files: the export's connection sorts in SQLite's temporary files (PRAGMA "
        "temp_store); a server sorts in its own work memory and temporary files",
    "tests/integration/test_streamed_export.py::"
    "test_the_export_reads_with_a_small_page_cache_and_gives_the_connection_back_as_it_was":
        "a property of SQLite files: the connection's page cache (PRAGMA cache_size); a server's memory is its "
        "administrator's setting (work_mem, shared_buffers)",
    "tests/integration/test_customer_list_overdue.py::"
    "test_listing_a_customer_with_many_overdue_items_costs_what_listing_one_with_few_does":
        "a property of SQLite files: the work counted in SQLite's virtual-machine steps (the same statement runs on "
        "a server, whose figures the module's other tests check)",
    "tests/gui/test_qt_runtime.py": "checks the Qt runtime, no database",
    # the exchange, backups and file-bound tests (pgx)
    "tests/integration/test_queue_kept_overdue.py::test_an_upgraded_file_has_the_overdue_part_filled":
        "a property of SQLite files: the file is taken back to 0015 and upgraded again (a server's upgrade: "
        "test_server_mode)",
    "tests/integration/test_backup.py::test_an_upgrade_takes_a_copy_first":
        "a property of SQLite files: the copy of the file an upgrade takes first (a server's upgrade is one "
        "transaction run by the owner: test_server_mode)",
    "tests/integration/test_database_file.py::test_verify_leaves_a_good_database_byte_identical":
        "a property of SQLite files: verify leaves the file's bytes unchanged (a server has no file of ours)",
    "tests/integration/test_database_file.py::test_verify_writes_nothing_but_its_verified_point":
        "a property of SQLite files: the file's bytes after verify, but its verified point",
    "tests/integration/test_database_file.py::test_verify_works_on_a_read_only_copy":
        "a property of SQLite files: a copy of the file made read-only",
    "tests/integration/test_database_file.py::test_verify_asks_to_upgrade_an_older_database_instead_of_upgrading_it":
        "a property of SQLite files: an older file faked by copying and editing it (the server's older schema: test_server_mode)",
    "tests/integration/test_database_file.py::test_verify_reads_a_database_in_a_folder_it_may_not_write_to":
        "a property of SQLite files: a file in a folder the program may not write to",
    "tests/integration/test_failures.py::test_a_database_locked_by_another_program_says_wait_or_close_it":
        "a property of SQLite files: another program's write lock on the file (a server's row locks: test_concurrency)",
    "tests/integration/test_failures.py::test_locked_failure_detail_is_logged_not_shown":
        "a property of SQLite files: another program's write lock on the file",
    "tests/integration/test_failures.py::test_a_full_disk_says_nothing_was_saved_and_saves_nothing":
        "a property of SQLite files: SQLite's disk-full error on the workstation's disk",
    "tests/integration/test_failures.py::test_a_read_only_database_says_so_and_what_to_check":
        "a property of SQLite files: a file opened read-only",
    "tests/integration/test_failures.py::test_cli_on_a_read_only_database_prints_the_message_and_fails":
        "a property of SQLite files: a file opened read-only",
    "tests/integration/test_failures.py::test_a_damaged_database_says_restore_the_backup":
        "a property of SQLite files: a file with damaged pages",
    "tests/integration/test_failures.py::test_cli_on_a_damaged_database_prints_the_message_and_fails":
        "a property of SQLite files: a file with damaged pages",
    "tests/integration/test_failures.py::test_a_backup_into_a_path_through_a_file_says_so_in_our_words":
        "a property of SQLite files: the backup copies the file; a server database's backup is refused (test_backup)",
    "tests/integration/test_exchange_simulation.py":
        "a property of SQLite files: the simulation's sites are file copies of templates reset by file copy, and it "
        "restores a branch from an old file backup; the exchange on a server is covered by test_exchange.py (round "
        "trip, every refusal, a posting open during an export)",
    "tests/integration/test_backup.py::test_a_backup_is_a_whole_database_that_passes_verify": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_old_copies_go_after_the_kept_days_but_the_newest_and_other_files_stay": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_the_automatic_copy_is_made_once_a_day": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_a_damaged_backup_is_refused_and_the_database_is_not_touched": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_a_tampered_backup_fails_verify_and_is_refused": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_a_good_backup_replaces_the_database_which_is_kept_beside_it": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_backup_and_restore_from_the_command_line": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_only_the_branch_head_and_the_administrator_manage_backups": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_a_stopped_backup_leaves_no_file": _FILE_BACKUP,
    "tests/integration/test_backup.py::test_restoring_in_place_lets_go_of_the_open_file_and_the_desk_reads_the_restored_one": _FILE_BACKUP,
    "tests/integration/test_exchange.py::test_a_branch_restored_from_an_old_backup_is_refused_on_both_sides_and_rebuilt_from_the_city_copy":
        "a property of SQLite files: the branch's disk is replaced by an older copy of its file; a server database "
        "is restored by its administrator (pg_restore), and rebuild_branch writes a file",
}


def excluded_reason(nodeid: str) -> str | None:
    for key, reason in EXCLUDED.items():
        if nodeid == key or nodeid.startswith(key + "::") or nodeid.startswith(key + "["):
            return reason
    return None
