"""Shared by every test: cheap password hashing."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles

from app.services import passwords


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    """Argon2's cheapest profile: a production hash costs a second or more on a loaded machine and the
    suite signs in hundreds of times; what the tests check is the sign-in rules, not the hash's cost."""
    production = passwords.HASHER
    passwords.HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
    yield
    passwords.HASHER = production


@pytest.fixture(autouse=True, scope="session")
def failure_log_in_a_temporary_folder(tmp_path_factory):
    """The failure log (app/services/failures.py) is written under the test run, not the user's profile."""
    import os
    folder = tmp_path_factory.mktemp("log")
    previous = os.environ.get("ARREARS_DESK_LOG")
    os.environ["ARREARS_DESK_LOG"] = str(folder / "arrears-desk.log")
    yield
    if previous is None:
        os.environ.pop("ARREARS_DESK_LOG", None)
    else:
        os.environ["ARREARS_DESK_LOG"] = previous


@pytest.fixture(autouse=True, scope="session")
def commits_not_waiting_for_the_disk():
    """Like the hash's cost: the tests check the ledger's rules, not that a commit survives a power cut,
    and waiting for the disk at every commit (synchronous=FULL) costs the suite a fifth of its time. The
    program as shipped is checked in a process of its own (tests/integration/test_database_file.py)."""
    import db.engine
    production = db.engine.SYNCHRONOUS
    db.engine.SYNCHRONOUS = "NORMAL"
    yield
    db.engine.SYNCHRONOUS = production


@pytest.fixture(autouse=True, scope="session")
def signing_keys_in_a_temporary_folder(tmp_path_factory):
    """Exchange signing keys (app/services/keys.py) are made under the test run, never in the user's profile."""
    import os
    folder = tmp_path_factory.mktemp("keys")
    previous = os.environ.get("ARREARS_DESK_KEYS")
    os.environ["ARREARS_DESK_KEYS"] = str(folder)
    yield
    if previous is None:
        os.environ.pop("ARREARS_DESK_KEYS", None)
    else:
        os.environ["ARREARS_DESK_KEYS"] = previous


# -- server mode (issue 15): the same tests on PostgreSQL (tests/server.py) -----------------------------------
@pytest.fixture(autouse=True)
def server_databases_dropped_after_each_test():
    from tests import server
    yield
    if server.ON_SERVER:
        server.drop_made_databases()


@pytest.fixture(autouse=True, scope="session")
def server_templates_dropped_at_the_end():
    from tests import server
    yield
    if server.ON_SERVER:
        server.drop_templates()


def pytest_collection_modifyitems(config, items):
    """On the server (ARREARS_DESK_TEST_BACKEND=postgresql), the tests tests/server.EXCLUDED names are skipped
    with their reason, shown in the summary."""
    from tests import server
    if not server.ON_SERVER:
        return
    for item in items:
        reason = server.excluded_reason(item.nodeid)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=f"not on the server yet: {reason}"))


@pytest.fixture(autouse=True, scope="session")
def patient_waits_on_a_loaded_machine():
    """A GUI test's wait ends as soon as its condition holds; its timeout is only where the test gives up. `make
    test` runs two passes side by side (tools/run_tests.sh) and a shared CI machine may be several times slower
    than a desk, so ``ARREARS_DESK_TEST_PATIENCE`` (default 1) multiplies every qtbot wait's timeout: a passing
    test takes no longer, a hang still fails (pytest-timeout)."""
    import os
    patience = float(os.environ.get("ARREARS_DESK_TEST_PATIENCE", "1"))
    if patience == 1:
        yield
        return
    from pytestqt.qtbot import QtBot
    originals = {name: getattr(QtBot, name) for name in ("waitUntil", "waitSignal", "waitSignals")}

    def patient(original, default):
        def wait(self, *args, timeout=default, **kwargs):
            return original(self, *args, timeout=int(timeout * patience) if timeout and timeout > 0 else timeout,
                            **kwargs)
        return wait
    QtBot.waitUntil = patient(originals["waitUntil"], 5000)
    QtBot.waitSignal = patient(originals["waitSignal"], 5000)
    QtBot.waitSignals = patient(originals["waitSignals"], 5000)
    yield
    for name, original in originals.items():
        setattr(QtBot, name, original)
