"""A password typed before the database is open is checked meanwhile (issue 14, start: Enter pressed at once
waited for the opening and then for the Argon2 check; now the check runs beside the opening, on the other core).
Signing in takes that check as its own only while it covers the same name, password and stored hash; every
rule of signing in (lock-out, the audit record, a stand-in hash for an unknown name) holds as before."""
from __future__ import annotations

import sqlite3

import pytest

from app.domain.errors import DomainError
from app.domain.roles import Role
from app.services import auth, passwords
from app.services.auth import create_user, login
from app.services.start import check_password_ahead
from tests.factories import PASSWORD, execute, make_desk, rows
from tests.integration.test_access import CountingHasher


@pytest.fixture
def branch(tmp_path):
    desk, staff = make_desk(tmp_path / "branch.sqlite3")
    yield desk, staff
    desk.close()


@pytest.fixture
def counted(branch, monkeypatch):  # (after the branch: making its users signs them in)
    """(the hashes signing in checked a password against, the hashes every check used: ahead and in signing in)."""
    every = CountingHasher(passwords.HASHER)
    monkeypatch.setattr(passwords, "HASHER", every)
    in_login: list[str] = []
    checking = auth._password_matches

    def counted_check(password_hash, password):
        in_login.append(password_hash)
        return checking(password_hash, password)
    monkeypatch.setattr(auth, "_password_matches", counted_check)
    return in_login, every.checked


def signed_in_audits(desk, action):
    return rows(desk, "SELECT count(*) FROM audit_log WHERE action = ?", action)[0][0]


def test_a_password_checked_ahead_signs_in_without_checking_it_again(branch, counted):
    desk, _staff = branch
    in_login, every = counted
    check = check_password_ahead(desk.path, " clerk ", PASSWORD)  # the name as signing in looks it up: stripped
    assert check is not None and check.matched and len(every) == 1
    before = signed_in_audits(desk, "auth.login")
    actor = login(desk, "clerk", PASSWORD, checked_ahead=check)
    assert actor.username == "clerk"
    assert in_login == [] and len(every) == 1, "the password was checked again"
    assert signed_in_audits(desk, "auth.login") == before + 1  # audited as any sign-in


def test_a_wrong_password_checked_ahead_is_refused_audited_and_counted_towards_the_lock_out(branch, counted):
    desk, _staff = branch
    in_login, every = counted
    check = check_password_ahead(desk.path, "clerk", "wrong-password")
    assert check is not None and not check.matched
    with pytest.raises(DomainError) as refused:
        login(desk, "clerk", "wrong-password", checked_ahead=check)
    assert refused.value.code == "auth.bad_credentials" and refused.value.params["left"] == 4
    assert in_login == [] and len(every) == 1
    assert signed_in_audits(desk, "auth.login_failed") == 1


def test_an_unknown_name_checked_ahead_costs_a_stand_in_check_there_and_is_refused_as_a_wrong_password(branch,
                                                                                                    counted):
    desk, _staff = branch
    in_login, every = counted
    check = check_password_ahead(desk.path, "nobody", PASSWORD)
    assert check is not None and check.password_hash is None and not check.matched
    assert len(every) == 1, "an unknown name costs the same check ahead as a known one"
    with pytest.raises(DomainError) as refused:
        login(desk, "nobody", PASSWORD, checked_ahead=check)
    assert refused.value.code == "auth.bad_credentials"
    assert in_login == [] and len(every) == 1


def test_a_check_ahead_is_not_taken_for_another_password_name_or_a_hash_changed_meanwhile(branch, counted):
    desk, staff = branch
    in_login, _every = counted
    check = check_password_ahead(desk.path, "clerk", PASSWORD)
    with pytest.raises(DomainError):
        login(desk, "clerk", "another-password", checked_ahead=check)
    assert len(in_login) == 1, "another password is checked by signing in"
    assert login(desk, "head", PASSWORD, checked_ahead=check).username == "head"
    assert len(in_login) == 2, "so is another name"
    # the clerk's password changed between the glance and the sign-in (an administrator on another desk)
    execute(desk, "UPDATE users SET password_hash = ? WHERE username = 'clerk'", auth.hash_password("new-secret-9"))
    with pytest.raises(DomainError) as refused:
        login(desk, "clerk", PASSWORD, checked_ahead=check)
    assert refused.value.code == "auth.bad_credentials" and len(in_login) == 3
    assert login(desk, "clerk", "new-secret-9", checked_ahead=check).username == "clerk"
    # a name nobody had at the glance, given to a new user before the sign-in
    nobody = check_password_ahead(desk.path, "newcomer", "newcomer-secret-9")
    assert nobody is not None and nobody.password_hash is None
    create_user(desk, staff.admin, "newcomer", "新同事", Role.COUNTER, "newcomer-secret-9")
    checks = len(in_login)
    assert login(desk, "newcomer", "newcomer-secret-9", checked_ahead=nobody).username == "newcomer"
    assert len(in_login) == checks + 1


def test_a_locked_account_stays_locked_whatever_was_checked_ahead(branch, counted):
    """(A guard: the lock-out is looked at before any password check, the one made ahead too.)"""
    desk, _staff = branch
    for _ in range(5):
        with pytest.raises(DomainError):
            login(desk, "clerk", "wrong-password")
    check = check_password_ahead(desk.path, "clerk", PASSWORD)
    assert check is not None and check.matched
    with pytest.raises(DomainError) as refused:
        login(desk, "clerk", PASSWORD, checked_ahead=check)
    assert refused.value.code == "auth.locked"


def test_the_check_ahead_keeps_no_password_in_sight_and_answers_none_where_it_cannot_read_the_file(branch, tmp_path):
    desk, _staff = branch
    check = check_password_ahead(desk.path, "clerk", PASSWORD)
    assert PASSWORD not in repr(check) and "clerk" not in repr(check) and "digest" not in repr(check)
    assert check_password_ahead("postgresql+psycopg://clerk@127.0.0.1:5432/branch", "clerk", PASSWORD) is None
    assert check_password_ahead(tmp_path / "missing.sqlite3", "clerk", PASSWORD) is None
    sqlite3.connect(tmp_path / "other.sqlite3").execute("CREATE TABLE t (x)").connection.close()
    assert check_password_ahead(tmp_path / "other.sqlite3", "clerk", PASSWORD) is None

