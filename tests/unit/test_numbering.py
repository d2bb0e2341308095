"""Document numbers in series (CJ-…, DZ-…, QQ-…): the next after the highest of the series, the prefix matched as
text, found at the end of the series in the number's index however many were issued before."""
from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert
from sqlalchemy.orm import Session

from db.numbering import next_in_series
from tests.sqlite_steps import sqlite_steps

_numbers = Table("numbers", MetaData(), Column("id", Integer, primary_key=True),
                 Column("number", String(30), unique=True))


def _session_with(*numbers: str) -> Session:
    engine = create_engine("sqlite://")
    _numbers.create(engine)
    session = Session(engine)
    if numbers:
        session.execute(insert(_numbers), [{"number": n} for n in numbers])
    return session


def test_the_next_number_follows_the_highest_of_its_own_series():
    session = _session_with("CJ-BR01-2026-000001", "CJ-BR01-2026-000002", "CJ-BR01-2025-000917",
                            "CJ-BR02-2026-000040", "DZ-BR01-2026-000300")
    assert next_in_series(session, _numbers.c.number, "CJ-BR01-2026-") == "CJ-BR01-2026-000003"
    assert next_in_series(session, _numbers.c.number, "CJ-BR01-2027-") == "CJ-BR01-2027-000001"


def test_a_prefix_with_an_underscore_or_percent_sign_is_matched_as_text():
    session = _session_with("CJ-Ba01-2026-000009", "CJ-B%01-2026-000004", "CJ-Bx%1-2026-000007")
    assert next_in_series(session, _numbers.c.number, "CJ-B_01-2026-") == "CJ-B_01-2026-000001"
    assert next_in_series(session, _numbers.c.number, "CJ-B%01-2026-") == "CJ-B%01-2026-000005"


def _steps_to_number(session: Session, prefix: str) -> int:
    return sqlite_steps(session.connection().connection.driver_connection,
                        lambda: next_in_series(session, _numbers.c.number, prefix))


def test_the_next_notice_number_does_not_read_the_numbers_of_other_series():
    """A branch that sends many statements (对账单, DZ-…, sorting after CJ-…) finds its next notice number as fast as
    one that sent none: the series is one range of the index, read from its end."""
    notices = [f"CJ-BR01-2026-{n:06d}" for n in range(1, 11)]
    alone = _session_with(*notices)
    beside_statements = _session_with(*notices, *(f"DZ-BR01-2026-{n:06d}" for n in range(1, 5_001)))
    assert next_in_series(beside_statements, _numbers.c.number, "CJ-BR01-2026-") == "CJ-BR01-2026-000011"
    assert _steps_to_number(beside_statements, "CJ-BR01-2026-") < 2 * _steps_to_number(alone, "CJ-BR01-2026-")
