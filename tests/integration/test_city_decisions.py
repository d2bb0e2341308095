"""Decisions made at the city office travel down as signed records and the branch carries them out (issue 12
"Ownership", issue 13 finance at the city office): a write-off applied for at the branch, approved or rejected
by city finance, booked at the branch when the approval arrives; a closed month reopened by the city office.
Every refusal says why and changes nothing; the same package twice books nothing twice."""
from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.domain.city_decisions import CityDecisionKind, Outcome
from app.domain.errors import DomainError
from app.domain.exchange import Manifest, PackageState
from app.domain.writeoff import Cause, Stage
from app.services import exchange, keys
from app.services.arrears import ArrearsInput, record_arrears
from app.services.city_decisions import (
    branch_applications, decide_branch_write_off, decisions_for, decisions_made, decisions_taken, reopen_branch_month,
)
from app.services.closing import close_month, list_months, reopen_month
from app.services.context import FixedClock
from app.services.repayments import RepaymentInput, record_repayment
from app.services.settings import set_write_off_approved_at
from app.services.verify import run_checks
from app.services.writeoffs import (
    Scan, WriteOffRequest, application, applications, apply_write_off, approve_write_off, reject_write_off,
)
from tests.factories import approved_customer, make_desk, move_clock, rows

TODAY = date(2026, 7, 15)
COURT = {"document_no": "(2026)冀0102执123号", "document_date": "2026-05-20", "issued_by": "长安区人民法院"}
SCAN = Scan("裁定书.pdf", b"%PDF-1.4 ruling scan")


class World:
    """BR01 (finance at the city office) with two long-overdue items and an application for the first; the
    city office CITY, which has BR01's packages so far."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.branch, self.b = make_desk(folder / "br01.sqlite3", date(2026, 1, 2), code="BR01")
        self.city, self.c = make_desk(folder / "city.sqlite3", TODAY, code="CITY", kind="city")
        exchange.register_site(self.city, self.c.admin, exchange.write_identity(self.branch, folder / "br01.json"))
        exchange.register_site(self.branch, self.b.admin, exchange.write_identity(self.city, folder / "city.json"))
        self.customer = approved_customer(self.branch, self.b, limit=1_000_000)
        self.branch.clock = FixedClock(date(2026, 1, 5))
        self.items = [record_arrears(self.branch, self.b.clerk, ArrearsInput(
            self.customer, "LETTER", date(2026, 1, 5), 10_000 + n, f"V{n}", signature_confirmed=True)).item_id
            for n in range(2)]
        move_clock(self.branch, TODAY)
        set_write_off_approved_at(self.branch, self.b.admin, "city")
        self.app = apply_write_off(self.branch, self.b.clerk, WriteOffRequest(
            self.items[0], Cause.COURT, "法院终结执行", dict(COURT), (SCAN,))).application_id
        self.usb = folder / "usb"
        self.up()

    def up(self) -> list[exchange.Outcome]:
        """The branch's packages to the city office."""
        files = exchange.export_packages(self.branch, self.b.head, self.usb / "up")
        return exchange.import_packages(self.city, self.c.admin, files)

    def down(self) -> list[Path]:
        """The city office's package for BR01 (written, not yet imported)."""
        [path] = exchange.export_packages(self.city, self.c.admin, self.usb / "down")
        return path

    def branch_import(self, *files: Path) -> list[exchange.Outcome]:
        return exchange.import_packages(self.branch, self.b.head, list(files))


@pytest.fixture
def world(tmp_path):
    w = World(tmp_path)
    yield w
    w.branch.close()
    w.city.close()


def written_off(desk) -> list[tuple]:
    return rows(desk, "SELECT arrears_item_id, amount FROM write_offs ORDER BY id")


def clean(desk) -> bool:
    return [c.name for c in run_checks(desk) if not c.ok] == []


def test_the_branch_cannot_approve_itself_where_finance_sits_at_the_city_office(world):
    with pytest.raises(DomainError) as info:
        approve_write_off(world.branch, world.b.finance, world.app)
    assert info.value.code == "citydecision.city_approves" and "市局" in info.value.message()
    with pytest.raises(DomainError) as info:
        reject_write_off(world.branch, world.b.finance, world.app, "证据不足")
    assert info.value.code == "citydecision.city_approves"
    assert written_off(world.branch) == []
    [shown] = applications(world.branch, world.b.clerk)
    assert shown.stage is Stage.AWAITING_APPROVAL and shown.awaiting_city
    assert shown.stage_words.en == "Awaiting the city office"


def test_city_finance_approves_and_the_branch_books_the_write_off_when_the_decision_arrives(world):
    [pending] = branch_applications(world.city, world.c.finance)
    assert (pending.branch, pending.info.application_id, pending.info.amount) == ("BR01", world.app, 10_000)
    assert pending.applicant == ("BR01", "clerk") and pending.stage is Stage.AWAITING_APPROVAL
    after = decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_approve", "同意核销")
    assert after.pending is CityDecisionKind.WRITE_OFF_APPROVE
    assert written_off(world.branch) == []  # nothing at the branch until the decision arrives
    [made] = decisions_made(world.city, world.c.finance)
    assert made.outcome is Outcome.ON_ITS_WAY and made.decided_by == "CITY/finance"
    package = world.down()
    manifest = Manifest.from_bytes(zipfile.ZipFile(package).read("manifest.json"))
    assert [d["kind"] for d in manifest.decisions] == ["write_off_approve"]
    [outcome] = world.branch_import(package)
    assert outcome.state is PackageState.APPLIED
    assert written_off(world.branch) == [(world.items[0], 10_000)]
    info = application(world.branch, world.b.clerk, world.app)
    assert info.stage is Stage.APPROVED
    approval = info.decisions[-1]
    assert approval.kind == "approved" and approval.reason == "同意核销"
    # the decision row and the write-off carry the city office's user, whose site is the city office
    assert rows(world.branch, "SELECT u.username, s.code, u.is_active FROM write_off_decisions d "
                              "JOIN users u ON u.id = d.decided_by_id JOIN sites s ON s.id = u.site_id "
                              "WHERE d.kind = 'approved'") == [("CITY/finance", "CITY", 0)]
    assert rows(world.branch, "SELECT u.username FROM write_offs w JOIN users u ON u.id = w.approved_by_id") == \
        [("CITY/finance",)]
    assert rows(world.branch, "SELECT action FROM audit_log WHERE action LIKE 'city_decision.%' "
                              "OR action = 'write_off.approve' ORDER BY id") == \
        [("write_off.approve",), ("city_decision.taken",)]
    assert clean(world.branch)
    # the same package again, and the next one before the branch has told the city: nothing booked twice
    assert [o.state for o in world.branch_import(package)] == [PackageState.DUPLICATE]
    again = world.down()
    assert [o.state for o in world.branch_import(again)] == [PackageState.APPLIED]
    assert written_off(world.branch) == [(world.items[0], 10_000)]
    # the branch's next package tells the city office; the decision no longer goes down
    world.up()
    [made] = decisions_made(world.city, world.c.finance)
    assert made.outcome is Outcome.DONE
    assert decisions_for(world.city, "BR01") == []
    assert branch_applications(world.city, world.c.finance) == []


def test_an_older_city_package_after_a_newer_one_changes_nothing_and_a_lost_one_heals(world):
    decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_approve")
    lost = world.down()
    newer = world.down()
    assert [o.state for o in world.branch_import(newer)] == [PackageState.APPLIED]
    assert [o.state for o in world.branch_import(lost)] == [PackageState.SUPERSEDED]
    assert written_off(world.branch) == [(world.items[0], 10_000)]


def test_city_finance_rejects_with_a_reason_and_the_branch_records_it(world):
    with pytest.raises(DomainError) as info:
        decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_reject", " ")
    assert info.value.code == "field.required"
    decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_reject", "证据不足")
    world.branch_import(world.down())
    info = application(world.branch, world.b.clerk, world.app)
    assert info.stage is Stage.REJECTED and info.decisions[-1].reason == "证据不足"
    assert written_off(world.branch) == []


def test_a_decision_on_an_application_already_decided_is_refused_and_listed_and_changes_nothing(world):
    decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_approve")
    package = world.down()
    # meanwhile the branch went back to approving itself and decided the application
    set_write_off_approved_at(world.branch, world.b.admin, "branch")
    reject_write_off(world.branch, world.b.finance, world.app, "已经法院撤销")
    before = rows(world.branch, "SELECT COUNT(*) FROM write_off_decisions"), written_off(world.branch)
    [outcome] = world.branch_import(package)
    assert outcome.state is PackageState.APPLIED  # the package is taken; the decision in it is refused
    assert (rows(world.branch, "SELECT COUNT(*) FROM write_off_decisions"), written_off(world.branch)) == before
    [taken] = decisions_taken(world.branch, world.b.head)
    assert taken.outcome is Outcome.REFUSED and taken.refusal.code == "writeoff.closed"
    assert "已驳回" in taken.refusal.message() and "rejected" in taken.refusal.message("en").lower()
    world.up()  # the refusal goes up: listed at the city office, and the decision no longer goes down
    [made] = decisions_made(world.city, world.c.finance)
    assert made.outcome is Outcome.REFUSED and made.refusal.code == "writeoff.closed"
    assert decisions_for(world.city, "BR01") == []


def test_an_approval_for_an_amount_no_longer_open_is_refused_and_books_nothing(world):
    decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_approve")
    record_repayment(world.branch, world.b.clerk, RepaymentInput(world.customer, 5_000, TODAY, "cash", "R1"))
    world.branch_import(world.down())
    assert written_off(world.branch) == []
    [taken] = decisions_taken(world.branch, world.b.head)
    assert taken.refusal.code == "writeoff.over_open" and "100.00" in taken.refusal.message()
    assert clean(world.branch)


def _signed_city_package(world, decisions: list[dict]) -> Path:
    """A 市局包 signed with the city office's own key, carrying ``decisions`` as given."""
    path = world.down()
    with zipfile.ZipFile(path) as zf:
        manifest = Manifest.from_bytes(zf.read("manifest.json"))
    manifest = replace(manifest, decisions=decisions)
    with world.city.reading() as uow:
        site = uow.exchange.local_site()
        key = keys.load_key(site.uid, site.code)
    body = manifest.to_bytes()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", body)
        zf.writestr("manifest.sig", keys.sign(key, body))
    return path


def test_a_decision_naming_an_unknown_application_or_another_site_is_refused_and_listed(world):
    decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_approve")
    [record] = decisions_for(world.city, "BR01")
    unknown = dict(record, uid="11" * 16, subject="22" * 16)
    foreign = dict(record, uid="33" * 16, site="BR02")
    world.branch_import(_signed_city_package(world, [unknown, foreign]))
    taken = {t.refusal.code for t in decisions_taken(world.branch, world.b.head)}
    assert taken == {"citydecision.unknown_application", "citydecision.not_city"}
    assert written_off(world.branch) == []
    assert application(world.branch, world.b.clerk, world.app).stage is Stage.AWAITING_APPROVAL


def test_the_city_office_decides_only_for_branches_whose_finance_sits_there_and_never_twice(world):
    decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_approve")
    with pytest.raises(DomainError) as info:
        decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_reject", "再驳回")
    assert info.value.code == "citydecision.pending"
    set_write_off_approved_at(world.branch, world.b.admin, "branch")
    world.up()
    assert branch_applications(world.city, world.c.finance) == []
    with pytest.raises(DomainError) as info:
        decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_approve")
    assert info.value.code == "citydecision.branch_approves"
    with pytest.raises(DomainError) as info:  # a clerk at the city office does not approve
        decide_branch_write_off(world.city, world.c.clerk, "BR01", world.app, "write_off_approve")
    assert info.value.code in ("auth.forbidden", "citydecision.branch_approves")
    assert rows(world.city, "SELECT COUNT(*) FROM city_decisions") == [(1,)]


def test_the_applicant_is_never_the_approver_across_sites(world, tmp_path):
    from app.domain.roles import require_another_person_across_sites
    with pytest.raises(DomainError) as info:
        require_another_person_across_sites(("BR01", "clerk"), ("BR01", "clerk"))
    assert info.value.code == "auth.same_person" and "BR01/clerk" in info.value.message()
    require_another_person_across_sites(("BR01", "clerk"), ("CITY", "clerk"))  # same name, another site


def test_a_branch_asking_for_marketing_review_gets_the_review_and_the_approval_from_the_city(world):
    from app.services.settings import set_marketing_review
    set_marketing_review(world.branch, world.b.admin, True)
    app2 = apply_write_off(world.branch, world.b.clerk, WriteOffRequest(
        world.items[1], Cause.COURT, "法院终结执行", dict(COURT), (SCAN,))).application_id
    world.up()
    with pytest.raises(DomainError) as info:
        decide_branch_write_off(world.city, world.c.finance, "BR01", app2, "write_off_approve")
    assert info.value.code == "writeoff.review_first"
    decide_branch_write_off(world.city, world.c.marketing, "BR01", app2, "write_off_review", "资料齐全")
    decide_branch_write_off(world.city, world.c.finance, "BR01", app2, "write_off_approve")
    world.branch_import(world.down())
    info = application(world.branch, world.b.clerk, app2)
    assert [d.kind for d in info.decisions] == ["applied", "reviewed", "approved"] and info.stage is Stage.APPROVED
    assert written_off(world.branch) == [(world.items[1], 10_001)]


def test_the_city_office_reopens_a_branchs_closed_month_and_the_branch_records_it(world):
    close_month(world.branch, world.b.finance, 202606, "暂无财务数据")
    world.up()
    with pytest.raises(DomainError) as info:
        reopen_branch_month(world.city, world.c.finance, "BR01", 202605, "更正")
    assert info.value.code in ("month.later_closed", "month.not_closed")
    with pytest.raises(DomainError) as info:
        reopen_branch_month(world.city, world.c.finance, "BR01", 202606, "  ")
    assert info.value.code == "month.reopen_reason"
    reopen_branch_month(world.city, world.c.finance, "BR01", 202606, "市局审计调整")
    package = world.down()
    world.branch_import(package)
    [june] = [m for m in list_months(world.branch, world.b.finance) if m.period == 202606]
    assert not june.closed and june.record.reason == "市局审计调整"
    assert rows(world.branch, "SELECT u.username FROM month_closings m JOIN users u ON u.id = m.recorded_by_id "
                              "WHERE m.kind = 'reopen'") == [("CITY/finance",)]
    world.branch_import(world.down())  # the decision again before the branch told the city: no second reopening
    assert rows(world.branch, "SELECT COUNT(*) FROM month_closings WHERE kind = 'reopen'") == [(1,)]


def test_a_reopening_of_a_month_the_branch_no_longer_has_closed_is_refused_and_changes_nothing(world):
    close_month(world.branch, world.b.finance, 202606, "暂无财务数据")
    world.up()
    reopen_branch_month(world.city, world.c.finance, "BR01", 202606, "市局审计调整")
    reopen_month(world.branch, world.b.finance, 202606, "本网点更正")
    world.branch_import(world.down())
    assert rows(world.branch, "SELECT COUNT(*) FROM month_closings WHERE kind = 'reopen'") == [(1,)]
    [taken] = decisions_taken(world.branch, world.b.head)
    assert taken.outcome is Outcome.REFUSED and taken.refusal.code == "month.not_closed"


def test_a_branch_that_is_not_the_city_office_cannot_decide(world):
    with pytest.raises(DomainError) as info:
        branch_applications(world.branch, world.b.finance)
    assert info.value.code == "citydecision.not_city_site"
    with pytest.raises(DomainError) as info:
        set_write_off_approved_at(world.branch, world.b.admin, "province")
    assert info.value.code == "citydecision.approved_at"
    assert json.loads(rows(world.branch, "SELECT value FROM settings WHERE key = 'write_off.approved_at'")[0][0]) == "city"


def test_city_finance_decides_from_the_command_line(world, capsys):
    from app.cli import main
    from tests.factories import PASSWORD
    base = ["--db", str(world.city.location), "--password", PASSWORD]
    assert main(["write-off", "list", *base, "--user", "finance"]) == 0
    assert f"BR01  #{world.app}" in capsys.readouterr().out
    assert main(["write-off", "approve", str(world.app), *base, "--user", "clerk", "--branch", "BR01"]) == 2
    assert main(["write-off", "approve", str(world.app), *base, "--user", "finance", "--branch", "br01",
                 "--note", "同意"]) == 0
    assert main(["--lang", "en", "write-off", "decisions", *base, "--user", "finance"]) == 0
    out = capsys.readouterr().out
    assert "Write-off approved at the city office" in out and "sent down, awaiting the branch" in out
    world.branch_import(world.down())
    assert written_off(world.branch) == [(world.items[0], 10_000)]
    branch = ["--db", str(world.branch.location), "--password", PASSWORD]
    assert main(["write-off", "decisions", *branch, "--user", "head"]) == 0
    assert "CITY/finance  网点已执行" in capsys.readouterr().out
    close_month(world.branch, world.b.finance, 202606, "暂无财务数据")
    world.up()
    assert main(["month", "reopen", "2026-06", *base, "--user", "finance", "--branch", "BR01", "--reason", "调整"]) == 0
    assert rows(world.city, "SELECT kind, period FROM city_decisions ORDER BY id") == \
        [("write_off_approve", None), ("month_reopen", 202606)]


def test_a_city_office_user_standing_in_the_branch_database_is_never_enabled_or_listed_there(world):
    from app.services.auth import list_users, set_user_active
    decide_branch_write_off(world.city, world.c.finance, "BR01", world.app, "write_off_approve")
    world.branch_import(world.down())
    [(shadow,)] = rows(world.branch, "SELECT id FROM users WHERE username = 'CITY/finance'")
    assert "CITY/finance" not in {u.username for u in list_users(world.branch, world.b.admin)}
    with pytest.raises(DomainError) as info:
        set_user_active(world.branch, world.b.admin, shadow, True)
    assert info.value.code == "user.other_site"
    assert rows(world.branch, "SELECT is_active FROM users WHERE id = ?", shadow) == [(0,)]
