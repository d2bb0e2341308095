"""坏账核销 in SQL: applications, their decisions and evidence files, the 账销案存 register, recoveries.
The rules (what qualifies, what each cause needs, the order of decisions) are ``app.domain.writeoff``;
the write-off and the recovery themselves are ledger entries, written by ``db.ledger`` only."""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.ids import new_uid
from db.standing import open_items_as_of
from db.models import (
    ArrearsItem, BusinessLine, CollectionRecord, Customer, Notice, Recovery, User, WriteOff, WriteOffApplication,
    WriteOffDecision, WriteOffEvidence,
)

_apps, _decisions, _evidence = (WriteOffApplication.__table__, WriteOffDecision.__table__,
                                WriteOffEvidence.__table__)
_items, _customers, _users, _lines = ArrearsItem.__table__, Customer.__table__, User.__table__, BusinessLine.__table__
_write_offs, _recoveries = WriteOff.__table__, Recovery.__table__
_records, _notices = CollectionRecord.__table__, Notice.__table__
_CLOSING = ("approved", "rejected", "withdrawn")


class Application(NamedTuple):
    application_id: int
    customer_id: int
    customer_code: str
    customer_name: str
    item_id: int
    voucher_no: str
    due_date: date
    amount: int
    cause: str
    reason: str
    facts: dict
    history: dict
    review_required: bool
    applied_by_id: int
    applied_by: str
    applied_on: date
    evidence_files: int


class Decision(NamedTuple):
    kind: str
    decided_by_id: int
    decided_by: str
    decided_on: date
    reason: str
    write_off_id: int | None


class EvidenceFile(NamedTuple):
    evidence_id: int
    file_name: str
    size: int
    sha256: str


class Written(NamedTuple):
    """One line of the 账销案存 register."""
    write_off_id: int
    application_id: int | None
    customer_id: int
    customer_code: str
    customer_name: str
    item_id: int
    voucher_no: str
    business_line: str
    handler: str
    due_date: date
    amount: int
    written_off_on: date
    reason: str
    evidence: str
    applied_by: str
    approved_by: str
    recovered: int       # recovered on the item so far (all write-offs of the item share it)


class Recovered(NamedTuple):
    recovery_id: int
    received_on: date
    receipt_no: str
    amount: int


class Qualifying(NamedTuple):
    item_id: int
    customer_id: int
    customer_code: str
    customer_name: str
    voucher_no: str
    due_date: date
    open_amount: int
    applied_for: int    # already in open applications


class WriteOffs:
    """``uow.write_offs``."""

    def __init__(self, session: Session, stamp, noted=lambda table, customer_id: None) -> None:
        self._session = session
        self._stamp = stamp   # () -> (site id, user id, now)
        self._noted = noted   # (table written, customer id): the unit of work's change log

    @property
    def _conn(self):
        return self._session.connection()

    # -- writing (append-only rows) ---------------------------------------------------------------------
    def add_application(self, *, customer_id: int, item_id: int, amount: int, cause: str, reason: str,
                        facts: dict, history: dict, review_required: bool, applied_on: date) -> int:
        site_id, user_id, now = self._stamp()
        self._noted(_apps.name, customer_id)
        return self._conn.execute(insert(_apps).values(
            uid=new_uid(), site_id=site_id, customer_id=customer_id, arrears_item_id=item_id, amount=amount,
            cause=cause, reason=reason, facts=_json(facts), history=_json(history), review_required=review_required,
            applied_by_id=user_id, applied_on=applied_on, applied_at=now)).inserted_primary_key[0]

    def add_decision(self, application_id: int, customer_id: int, kind: str, *, decided_on: date, reason: str = "",
                     write_off_id: int | None = None, decided_by_id: int | None = None) -> int:
        """``decided_by_id``: who decided, when not the signed-in user (a decision of the city office)."""
        site_id, user_id, now = self._stamp()
        user_id = user_id if decided_by_id is None else decided_by_id
        self._noted(_decisions.name, customer_id)
        return self._conn.execute(insert(_decisions).values(
            uid=new_uid(), site_id=site_id, application_id=application_id, customer_id=customer_id, kind=kind,
            decided_by_id=user_id, decided_on=decided_on, reason=reason, write_off_id=write_off_id,
            decided_at=now)).inserted_primary_key[0]

    def add_evidence(self, application_id: int, customer_id: int, file_name: str, sha256: str,
                     content: bytes) -> int:
        site_id, user_id, now = self._stamp()
        self._noted(_evidence.name, customer_id)
        return self._conn.execute(insert(_evidence).values(
            uid=new_uid(), site_id=site_id, application_id=application_id, customer_id=customer_id,
            file_name=file_name, size=len(content), sha256=sha256, added_by_id=user_id, added_at=now,
            content=content)).inserted_primary_key[0]

    # -- reading --------------------------------------------------------------------------------------------
    def collection_history(self, customer_id: int) -> dict[str, list[int]]:
        """The customer's collection file as it is now: collection records and notices (催缴通知书), by id."""
        return {"collection_records": list(self._conn.execute(
                    select(_records.c.id).where(_records.c.customer_id == customer_id).order_by(_records.c.id))
                    .scalars()),
                "notices": list(self._conn.execute(
                    select(_notices.c.id).where(_notices.c.customer_id == customer_id, _notices.c.kind == "notice")
                    .order_by(_notices.c.id)).scalars())}

    def history_lines(self, history: dict) -> list[tuple[str, date, str, str]]:
        """(kind, day, channel or notice number, result) of the records an application's history names,
        oldest first: ``record`` a contact (its channel code), ``notice`` a 催缴通知书 (its number)."""
        lines = []
        ids = history.get("collection_records", [])
        if ids:
            lines += [("record", day, channel, result) for day, channel, result in self._conn.execute(
                select(_records.c.contacted_on, _records.c.channel, _records.c.result)
                .where(_records.c.id.in_(ids)))]
        ids = history.get("notices", [])
        if ids:
            lines += [("notice", day, number, "") for day, number in self._conn.execute(
                select(_notices.c.as_of, _notices.c.number).where(_notices.c.id.in_(ids)))]
        return sorted(lines, key=lambda line: line[1])

    def pending_amount(self, item_id: int) -> int:
        """What open applications (no approval, rejection or withdrawal yet) ask for on the item."""
        closed = select(_decisions.c.application_id).where(_decisions.c.kind.in_(_CLOSING))
        return self._conn.execute(select(func.coalesce(func.sum(_apps.c.amount), 0)).where(
            _apps.c.arrears_item_id == item_id, _apps.c.id.not_in(closed))).scalar_one()

    def applications(self, ids: Iterable[int] | None = None, *, open_only: bool = False) -> list[Application]:
        a, c, i, u = _apps, _customers, _items, _users
        files = (select(func.count()).where(_evidence.c.application_id == a.c.id).correlate(a).scalar_subquery())
        stmt = (select(a.c.id, a.c.customer_id, func.coalesce(c.c.code, ""), c.c.name, a.c.arrears_item_id,
                       i.c.voucher_no, i.c.due_date, a.c.amount, a.c.cause, a.c.reason, a.c.facts, a.c.history,
                       a.c.review_required, a.c.applied_by_id, u.c.display_name, a.c.applied_on, files)
                .join(c, c.c.id == a.c.customer_id).join(i, i.c.id == a.c.arrears_item_id)
                .join(u, u.c.id == a.c.applied_by_id).order_by(a.c.id))
        if ids is not None:
            stmt = stmt.where(a.c.id.in_(list(ids)))
        if open_only:
            stmt = stmt.where(a.c.id.not_in(select(_decisions.c.application_id)
                                            .where(_decisions.c.kind.in_(_CLOSING))))
        return [Application(*row[:10], json.loads(row[10]), json.loads(row[11]), bool(row[12]), *row[13:])
                for row in self._conn.execute(stmt)]

    def decisions(self, application_ids: Iterable[int]) -> dict[int, list[Decision]]:
        d, u = _decisions, _users
        found: dict[int, list[Decision]] = {}
        ids = list(application_ids)
        for start in range(0, len(ids), 500):
            for row in self._conn.execute(
                    select(d.c.application_id, d.c.kind, d.c.decided_by_id, u.c.display_name, d.c.decided_on,
                           d.c.reason, d.c.write_off_id).join(u, u.c.id == d.c.decided_by_id)
                    .where(d.c.application_id.in_(ids[start:start + 500])).order_by(d.c.id)):
                found.setdefault(row[0], []).append(Decision(*row[1:]))
        return found

    def evidence_files(self, application_id: int) -> list[EvidenceFile]:
        e = _evidence
        return [EvidenceFile(*row) for row in self._conn.execute(
            select(e.c.id, e.c.file_name, e.c.size, e.c.sha256).where(e.c.application_id == application_id)
            .order_by(e.c.id))]

    def evidence_content(self, evidence_id: int) -> tuple[str, str, bytes] | None:
        """(file name, recorded SHA-256, bytes) of one scan."""
        e = _evidence
        row = self._conn.execute(select(e.c.file_name, e.c.sha256, e.c.content).where(e.c.id == evidence_id)).first()
        return None if row is None else tuple(row)

    def written_off(self, item_id: int) -> tuple[int, int]:
        """(written off, recovered) on an item so far."""
        written = self._conn.execute(select(func.coalesce(func.sum(_write_offs.c.amount), 0))
                                     .where(_write_offs.c.arrears_item_id == item_id)).scalar_one()
        return written, self._recovered(item_id)

    def first_written_off_on(self, item_id: int) -> date | None:
        """The day the item was first written off (in part or whole)."""
        return self._conn.execute(select(func.min(_write_offs.c.written_off_on))
                                  .where(_write_offs.c.arrears_item_id == item_id)).scalar()

    def _recovered(self, item_id: int) -> int:
        return self._conn.execute(select(func.coalesce(func.sum(_recoveries.c.amount), 0))
                                  .where(_recoveries.c.arrears_item_id == item_id)).scalar_one()

    def register(self, as_of: date) -> list[Written]:
        """账销案存 (postal 18(三)): every write-off up to ``as_of`` with who applied and approved, the
        handler of the item, and what was recovered on the item by then."""
        w, i, c, l = _write_offs, _items, _customers, _lines
        applicant, approver, handler = _users.alias("applicant"), _users.alias("approver"), _users.alias("handler")
        application = (select(_decisions.c.application_id).where(_decisions.c.write_off_id == w.c.id)
                       .correlate(w).limit(1).scalar_subquery())
        recovered = (select(func.coalesce(func.sum(_recoveries.c.amount), 0))
                     .where(_recoveries.c.arrears_item_id == w.c.arrears_item_id, _recoveries.c.received_on <= as_of)
                     .correlate(w).scalar_subquery())
        stmt = (select(w.c.id, application, w.c.customer_id, func.coalesce(c.c.code, ""), c.c.name, i.c.id,
                       i.c.voucher_no, l.c.name, handler.c.display_name, i.c.due_date, w.c.amount,
                       w.c.written_off_on, w.c.reason, w.c.evidence, applicant.c.display_name,
                       approver.c.display_name, recovered)
                .join(i, i.c.id == w.c.arrears_item_id).join(c, c.c.id == w.c.customer_id)
                .join(l, l.c.id == i.c.business_line_id).join(handler, handler.c.id == i.c.handler_id)
                .join(applicant, applicant.c.id == w.c.applied_by_id)
                .join(approver, approver.c.id == w.c.approved_by_id)
                .where(w.c.written_off_on <= as_of).order_by(w.c.written_off_on, w.c.id))
        return [Written(*row) for row in self._conn.execute(stmt)]

    def by_handler(self, start: date, end: date) -> dict[int, tuple[int, int]]:
        """handler id -> (written off, recovered) in the period, by the handler recorded on the item
        (谁经办、谁负责, postal 4, 25)."""
        i = _items
        found: dict[int, list[int]] = {}
        for part, table, day in ((0, _write_offs, _write_offs.c.written_off_on),
                                 (1, _recoveries, _recoveries.c.received_on)):
            for handler, amount in self._conn.execute(
                    select(i.c.handler_id, func.sum(table.c.amount)).join(i, i.c.id == table.c.arrears_item_id)
                    .where(day.between(start, end)).group_by(i.c.handler_id)):
                found.setdefault(handler, [0, 0])[part] = amount
        return {handler: (w, r) for handler, (w, r) in found.items()}

    def latest_recoveries(self, customer_id: int, limit: int) -> list[Recovered]:
        r = _recoveries
        return [Recovered(*row) for row in self._conn.execute(
            select(r.c.id, r.c.received_on, r.c.receipt_no, r.c.amount).where(r.c.customer_id == customer_id)
            .order_by(r.c.id.desc()).limit(limit))]

    def qualifying_items(self, customer_id: int | None, due_before: date, today: date) -> list[Qualifying]:
        """Open items due before ``due_before`` (more than three months overdue: the caller's rule), with
        what is already applied for, of one customer or all."""
        o, i, c = open_items_as_of(today, today), _items, _customers
        closed = select(_decisions.c.application_id).where(_decisions.c.kind.in_(_CLOSING))
        pending = (select(func.coalesce(func.sum(_apps.c.amount), 0))
                   .where(_apps.c.arrears_item_id == i.c.id, _apps.c.id.not_in(closed)).correlate(i).scalar_subquery())
        stmt = (select(i.c.id, i.c.customer_id, func.coalesce(c.c.code, ""), c.c.name, i.c.voucher_no, i.c.due_date,
                       o.c.open_amount, pending)
                .select_from(o.join(i, i.c.id == o.c.item_id).join(c, c.c.id == i.c.customer_id))
                .where(o.c.open_amount > 0, i.c.due_date < due_before).order_by(c.c.name, i.c.due_date, i.c.id))
        if customer_id is not None:
            stmt = stmt.where(i.c.customer_id == customer_id)
        return [Qualifying(*row) for row in self._conn.execute(stmt)]

    def supervisors(self) -> dict[int, int]:
        """user id -> the branch head of their branch (the second responsible person, postal 8(四)); the
        first head by id where a branch has several; the site's first head for staff with no branch set."""
        u, head, any_head = _users, _users.alias("head"), _users.alias("any_head")
        first = (select(func.min(head.c.id)).where(head.c.branch_id == u.c.branch_id, head.c.role == "branch_head")
                 .correlate(u).scalar_subquery())
        # staff not assigned to a branch (a one-branch site) answer to the site's branch head
        site_head = select(func.min(any_head.c.id)).where(any_head.c.role == "branch_head").scalar_subquery()
        return {user: boss for user, boss in self._conn.execute(select(u.c.id, func.coalesce(first, site_head)))
                if boss is not None}


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


