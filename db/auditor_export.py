"""审计导出: the rows an auditor's copy is made of, read exactly as stored, a page at a time (the memory
used does not grow with the ledger). Only reads: nothing here writes, and nothing anywhere deletes a
ledger row (the append-only triggers refuse it).

A table's rows "of a period" are those recorded in it: their own recording time (db/chain.py's
``RECORDED_AT`` for the chained tables, the time column below for the collection file) falls in
``[since, before)``.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Boolean, Date, DateTime, Integer, LargeBinary, Table, func, select
from sqlalchemy.orm import Session

from db.chain import CHAINED, ENTITIES, RECORDED_AT, Chains, links, merkle_root
from db.models import Base

LEDGER_EXPORT = ("arrears_items", "repayments", "allocations", "reversals", "write_offs", "recoveries")
AUDIT_EXPORT = ("audit_log",)
# The collection file (催收档案) with each table's recording time.
COLLECTION_EXPORT = {"notices": "issued_at", "notice_replies": "recorded_at", "collection_records": "recorded_at",
                     "escalations": "decided_at", "disputes": "created_at", "dispute_settlements": "created_at",
                     "investigations": "created_at",
                     # 坏账核销 (writeoff): the applications and decisions; the scans go under evidence/
                     "write_off_applications": "applied_at", "write_off_decisions": "decided_at"}
# Whom and what the rows' ids name: the reference lists, whole (never a password hash or a key).
REFERENCE_EXPORT = {
    "sites": ("id", "code", "name", "kind", "is_local"),
    "branches": ("id", "code", "name", "site_id"),
    "users": ("id", "username", "display_name", "role", "branch_id", "is_active", "created_at"),
    "business_lines": ("id", "code", "name", "sector"),
    "customers": ("id", "code", "name", "customer_group", "contact_person", "phone", "address", "id_number",
                  "branch_id", "account_manager_id", "status", "created_at"),
}
ENTITY_TABLES = {number: table.name for number, table in CHAINED.items()}
_PAGE = 2000


class ExportColumn(NamedTuple):
    name: str
    kind: str       # integer | boolean | text | date | datetime | bytes
    nullable: bool


def _kind(column) -> str:
    kind = column.type
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, LargeBinary):
        return "bytes"
    return "text"


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def columns_of(name: str, only: tuple[str, ...] | None = None) -> list[ExportColumn]:
    """A table's columns in table order (the order the chain hashes them in), or ``only`` those."""
    table = _table(name)
    names = only or tuple(table.c.keys())
    return [ExportColumn(n, _kind(table.c[n]), bool(table.c[n].nullable)) for n in names]


def recorded_column(name: str) -> str:
    return RECORDED_AT.get(name) or COLLECTION_EXPORT[name]


class AuditorExport:
    """``uow.auditor_export``: the period's rows, the chain links with their predecessors, the heads and
    roots; streamed in id order."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _stream(self, stmt) -> Iterator[tuple]:
        result = self._session.connection().execute(stmt, execution_options={"yield_per": _PAGE})
        for row in result:
            yield tuple(row)

    def _period(self, name: str, since: datetime, before: datetime):
        table = _table(name)
        at = table.c[recorded_column(name)]
        return table, (at >= since) & (at < before)

    def period_rows(self, name: str, since: datetime, before: datetime) -> Iterator[tuple]:
        table, recorded = self._period(name, since, before)
        return self._stream(select(table).where(recorded).order_by(table.c.id))

    def period_count(self, name: str, since: datetime, before: datetime) -> int:
        table, recorded = self._period(name, since, before)
        return self._session.connection().execute(select(func.count()).select_from(table).where(recorded)).scalar_one()

    def reference_rows(self, name: str) -> Iterator[tuple]:
        table = _table(name)
        return self._stream(select(*(table.c[n] for n in REFERENCE_EXPORT[name])).order_by(table.c.id))

    def reference_count(self, name: str) -> int:
        return self._session.connection().execute(select(func.count()).select_from(_table(name))).scalar_one()

    def chain_links(self, since: datetime, before: datetime) -> Iterator[tuple]:
        """(id, chain, entity, entity_id, at, digest, previous digest or None at the chain's start) of every
        link recorded in the period, by chain then id: each link can be checked on its own."""
        earlier = links.alias("earlier")
        previous = (select(earlier.c.digest).where(earlier.c.chain == links.c.chain, earlier.c.id < links.c.id)
                    .order_by(earlier.c.id.desc()).limit(1).scalar_subquery())
        return self._stream(
            select(links.c.id, links.c.chain, links.c.entity, links.c.entity_id, links.c.at, links.c.digest, previous)
            .where(links.c.at >= since, links.c.at < before).order_by(links.c.chain, links.c.id))

    def chain_link_count(self, since: datetime, before: datetime) -> int:
        return self._session.connection().execute(
            select(func.count()).select_from(links).where(links.c.at >= since, links.c.at < before)).scalar_one()

    def integrity(self, before: datetime) -> tuple[list[tuple[int, bytes]], str]:
        """Each chain's last link recorded before ``before`` (one per customer or user) and the integrity
        root over them (the same as every report prints)."""
        heads = Chains(self._session.connection).heads(before)
        return heads, merkle_root(heads)

    def evidence_files(self, since: datetime, before: datetime) -> Iterator[Any]:
        """The evidence files (scans) attached to write-off applications in the period, as (name, sha256,
        bytes): the name leads with the application and file numbers, so two scans of the same name stay
        apart and each is found from ``write_off_applications.csv``."""
        e = _table("write_off_evidence")
        found = self._session.connection().execute(
            select(e.c.application_id, e.c.id, e.c.file_name, e.c.sha256, e.c.content)
            .where(e.c.added_at >= since, e.c.added_at < before).order_by(e.c.id), execution_options={"yield_per": 20})
        for application_id, evidence_id, file_name, sha256, content in found:
            yield f"{application_id:06d}-{evidence_id:06d}-{_safe_name(file_name)}", sha256, content


def _safe_name(name: str) -> str:
    """A file name any file system takes: no folders, no reserved characters."""
    kept = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return kept[-120:] or "file"


__all__ = ["AuditorExport", "ExportColumn", "columns_of", "ENTITIES", "ENTITY_TABLES", "LEDGER_EXPORT",
           "AUDIT_EXPORT", "COLLECTION_EXPORT", "REFERENCE_EXPORT", "recorded_column"]
