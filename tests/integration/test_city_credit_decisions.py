"""Credit applications (记欠申请) decided by marketing at the city office (issue 12 "Ownership"): where the
branch's setting ``credit.approved_at`` is ``city`` its own marketing no longer decides; the city office
approves (with the limit granted) or rejects from its copy of the branch, the decision travels down in the
市局包 and the branch carries it out through the same function as a local decision, once, in the city
user's name, or refuses it with the reason and changes nothing."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.city_decisions import CityDecisionKind, Outcome
from app.domain.errors import DomainError
from app.domain.exchange import PackageState
from app.services import exchange
from app.services.arrears import ArrearsInput, record_arrears
from app.services.city_decisions import (
    branch_credit_applications, decide_branch_credit, decisions_for, decisions_made, decisions_taken,
)
from app.services.customers import (
    CustomerInput, apply_for_credit, approve_credit, change_status, register_customer, reject_credit, transfer_customer,
)
from app.services.settings import set_credit_approved_at
from tests.factories import make_desk, notice_served, rows

TODAY = date(2026, 7, 15)


class World:
    """BR01 (marketing at the city office) with a new customer's pending credit application; the city office
    CITY, which has BR01's packages so far."""

    def __init__(self, folder: Path) -> None:
        self.branch, self.b = make_desk(folder / "br01.sqlite3", TODAY, code="BR01")
        self.city, self.c = make_desk(folder / "city.sqlite3", TODAY, code="CITY", kind="city")
        exchange.register_site(self.city, self.c.admin, exchange.write_identity(self.branch, folder / "br01.json"))
        exchange.register_site(self.branch, self.b.admin, exchange.write_identity(self.city, folder / "city.json"))
        set_credit_approved_at(self.branch, self.b.admin, "city")
        self.customer = register_customer(self.branch, self.b.clerk, CustomerInput(name="东方贸易有限公司",
                                                                                  phone="0311-8888")).customer_id
        self.app = apply_for_credit(self.branch, self.b.clerk, self.customer, credit_grade="A",
                                    requested_limit=500_000).application_id
        self.usb = folder / "usb"
        self.up()

    def up(self) -> None:
        files = exchange.export_packages(self.branch, self.b.head, self.usb / "up")
        exchange.import_packages(self.city, self.c.admin, files)

    def down(self) -> Path:
        [path] = exchange.export_packages(self.city, self.c.admin, self.usb / "down")
        return path

    def branch_import(self, *files: Path) -> list[exchange.Outcome]:
        return exchange.import_packages(self.branch, self.b.head, list(files))


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("ARREARS_DESK_KEYS", str(tmp_path / "keys"))
    w = World(tmp_path)
    yield w
    w.branch.close()
    w.city.close()


def application_state(desk, application_id: int) -> tuple:
    return rows(desk, "SELECT a.status, u.username, a.decision_note FROM credit_applications a "
                      "LEFT JOIN users u ON u.id = a.decided_by_id WHERE a.id = ?", application_id)[0]


def agreements(desk) -> list[tuple]:
    return rows(desk, "SELECT customer_id, credit_limit FROM agreements ORDER BY id")


def test_the_branch_cannot_decide_credit_where_marketing_sits_at_the_city_office(world):
    for decide in (lambda: approve_credit(world.branch, world.b.marketing, world.app),
                   lambda: reject_credit(world.branch, world.b.marketing, world.app, "资料不全")):
        with pytest.raises(DomainError) as info:
            decide()
        assert info.value.code == "citydecision.city_approves_credit"
        assert "市局市场部" in info.value.message() and "city office" in info.value.message("en")
    assert application_state(world.branch, world.app) == ("pending", None, "")
    assert agreements(world.branch) == []
    set_credit_approved_at(world.branch, world.b.admin, "branch")  # back: marketing here decides again
    approve_credit(world.branch, world.b.marketing, world.app)
    assert agreements(world.branch) == [(world.customer, 500_000)]


def test_city_marketing_approves_and_the_branch_starts_the_agreement_once(world):
    [pending] = branch_credit_applications(world.city, world.c.marketing)
    assert (pending.branch, pending.info.application_id, pending.applicant) == ("BR01", world.app, ("BR01", "clerk"))
    after = decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve",
                                 credit_limit=300_000, reason="同意")
    assert after.pending is CityDecisionKind.CREDIT_APPROVE
    assert agreements(world.branch) == []  # nothing at the branch until the decision arrives
    with pytest.raises(DomainError) as info:  # decided here already, on its way down
        decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_reject", reason="再议")
    assert info.value.code == "citydecision.pending"
    package = world.down()
    [outcome] = world.branch_import(package)
    assert outcome.state is PackageState.APPLIED
    assert agreements(world.branch) == [(world.customer, 300_000)]
    assert application_state(world.branch, world.app) == ("approved", "CITY/marketing", "同意")
    assert rows(world.branch, "SELECT status FROM customers WHERE id = ?", world.customer) == [("active",)]
    assert rows(world.branch, "SELECT u.username FROM agreements g JOIN users u ON u.id = g.approved_by_id") == \
        [("CITY/marketing",)]
    [taken] = decisions_taken(world.branch, world.b.head)
    assert taken.outcome is Outcome.DONE and taken.words.en == "Credit approved at the city office"
    # the same package again, and the next one before the branch has told the city: nothing twice
    assert [o.state for o in world.branch_import(package)] == [PackageState.DUPLICATE]
    assert [o.state for o in world.branch_import(world.down())] == [PackageState.APPLIED]
    assert agreements(world.branch) == [(world.customer, 300_000)]
    assert rows(world.branch, "SELECT count(*) FROM audit_log WHERE action = 'credit.approve'") == [(1,)]
    world.up()
    [made] = decisions_made(world.city, world.c.marketing)
    assert made.outcome is Outcome.DONE and made.amount == 300_000 and made.subject == f"#{world.app}"
    assert decisions_for(world.city, "BR01") == []
    assert branch_credit_applications(world.city, world.c.marketing) == []


def test_city_marketing_rejects_with_a_reason(world):
    with pytest.raises(DomainError) as info:
        decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_reject", reason=" ")
    assert info.value.code == "field.required"
    decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_reject", reason="经营异常")
    world.branch_import(world.down())
    assert application_state(world.branch, world.app) == ("rejected", "CITY/marketing", "经营异常")
    assert agreements(world.branch) == []
    assert rows(world.branch, "SELECT status FROM customers WHERE id = ?", world.customer) == [("pending",)]


def test_the_city_office_decides_only_for_branches_whose_marketing_sits_there(world):
    set_credit_approved_at(world.branch, world.b.admin, "branch")
    world.up()
    assert branch_credit_applications(world.city, world.c.marketing) == []
    with pytest.raises(DomainError) as info:
        decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve")
    assert info.value.code == "citydecision.branch_approves_credit" and "BR01" in info.value.message()
    with pytest.raises(DomainError) as info:  # finance does not approve credit
        decide_branch_credit(world.city, world.c.finance, "BR01", world.app, "credit_approve")
    assert info.value.code.startswith("auth.")
    assert decisions_for(world.city, "BR01") == []


def test_an_application_decided_at_the_branch_meanwhile_refuses_the_city_decision(world):
    decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve", credit_limit=200_000)
    set_credit_approved_at(world.branch, world.b.admin, "branch")
    reject_credit(world.branch, world.b.marketing, world.app, "客户撤回")
    world.branch_import(world.down())
    [taken] = decisions_taken(world.branch, world.b.head)
    assert taken.outcome is Outcome.REFUSED and taken.refusal.code == "credit.not_pending"
    assert application_state(world.branch, world.app) == ("rejected", "marketing", "客户撤回")
    assert agreements(world.branch) == []
    world.up()
    [made] = decisions_made(world.city, world.c.marketing)
    assert made.outcome is Outcome.REFUSED and made.refusal.code == "credit.not_pending"
    assert decisions_for(world.city, "BR01") == []


def test_a_customer_blacklisted_meanwhile_refuses_the_city_approval(world):
    set_credit_approved_at(world.branch, world.b.admin, "branch")
    approve_credit(world.branch, world.b.marketing, world.app)
    set_credit_approved_at(world.branch, world.b.admin, "city")
    record_arrears(world.branch, world.b.clerk, ArrearsInput(world.customer, "LETTER", TODAY, 10_000, "V1",
                                                             signature_confirmed=True))
    renewal = apply_for_credit(world.branch, world.b.clerk, world.customer, credit_grade="A",
                               requested_limit=800_000).application_id
    world.up()
    decide_branch_credit(world.city, world.c.marketing, "BR01", renewal, "credit_approve")
    notice_served(world.branch, world.b, world.customer, date(2026, 10, 15))  # postal 17: notice first
    change_status(world.branch, world.b.head, world.customer, "blacklist", "恶意欠费")
    world.branch_import(world.down())
    [taken] = decisions_taken(world.branch, world.b.head)
    assert taken.outcome is Outcome.REFUSED and taken.refusal.code == "credit.blacklist_history"
    assert application_state(world.branch, renewal) == ("pending", None, "")
    assert agreements(world.branch) == [(world.customer, 500_000)]
    assert rows(world.branch, "SELECT status FROM customers WHERE id = ?", world.customer) == [("blacklisted",)]


def test_a_decision_naming_an_unknown_credit_application_is_refused_and_changes_nothing(world):
    from tests.integration.test_city_decisions import _signed_city_package
    decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve")
    [record] = decisions_for(world.city, "BR01")
    unknown = dict(record, uid="11" * 16, subject="22" * 16)
    world.branch_import(_signed_city_package(world, [unknown]))
    [taken] = decisions_taken(world.branch, world.b.head)
    assert taken.refusal.code == "citydecision.unknown_credit_application"
    assert "记欠申请" in taken.refusal.message()
    assert application_state(world.branch, world.app) == ("pending", None, "")
    assert agreements(world.branch) == []


def test_the_setting_refuses_anything_but_branch_or_city(world):
    with pytest.raises(DomainError) as info:
        set_credit_approved_at(world.branch, world.b.admin, "province")
    assert info.value.code == "citydecision.credit_approved_at" and "province" in info.value.message()
    assert rows(world.branch, "SELECT value FROM settings WHERE key = 'credit.approved_at'") == [('"city"',)]


def test_marketing_decides_from_the_command_line(world, capsys):
    from app.cli import main
    from tests.factories import PASSWORD
    city = ["--db", str(world.city.location), "--password", PASSWORD]
    branch = ["--db", str(world.branch.location), "--password", PASSWORD]
    assert main(["credit", "list", *city, "--user", "marketing"]) == 0
    assert f"BR01  #{world.app}  东方贸易有限公司" in capsys.readouterr().out
    assert main(["credit", "approve", str(world.app), *branch, "--user", "marketing"]) == 2
    assert "市局市场部" in capsys.readouterr().err
    assert main(["credit", "approve", str(world.app), *city, "--user", "marketing", "--branch", "br01",
                 "--limit", "3000"]) == 0
    assert "市局市场部批准记欠申请" in capsys.readouterr().out
    world.branch_import(world.down())
    assert agreements(world.branch) == [(world.customer, 300_000)]
    assert main(["credit", "approved-at", "branch", *branch, "--user", "admin"]) == 0
    assert rows(world.branch, "SELECT value FROM settings WHERE key = 'credit.approved_at'") == [('"branch"',)]


# -- the credit period (信用期) and settlement cycle (结算周期) granted at the city office ------------------------
def terms(desk) -> list[tuple]:
    return rows(desk, "SELECT credit_limit, credit_period_days, settlement_cycle_months FROM agreements ORDER BY id")


def test_city_marketing_grants_the_credit_period_and_cycle_and_the_branch_agreement_has_them(world):
    decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve", credit_limit=400_000,
                         credit_period_days=45, settlement_cycle_months=2)
    [record] = decisions_for(world.city, "BR01")
    assert (record["amount"], record["period_days"], record["cycle_months"]) == (400_000, 45, 2)
    world.branch_import(world.down())
    assert terms(world.branch) == [(400_000, 45, 2)]  # applied for: 30 days, monthly
    world.up()
    with exchange.open_replica(world.city, "BR01") as replica:  # the city office's copy has the agreement too
        assert terms(replica) == [(400_000, 45, 2)]


def test_city_approval_without_terms_keeps_what_was_applied_for(world):
    decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve")
    world.branch_import(world.down())
    assert terms(world.branch) == [(500_000, 30, 1)]


@pytest.mark.parametrize("given, code", [({"credit_period_days": 181}, "credit.bad_period"),
                                         ({"credit_period_days": -1}, "credit.bad_period"),
                                         ({"settlement_cycle_months": 4}, "credit.bad_cycle"),
                                         ({"settlement_cycle_months": 0}, "credit.bad_cycle")])
def test_city_terms_outside_the_rule_are_refused_as_at_the_branch_and_nothing_goes_down(world, given, code):
    with pytest.raises(DomainError) as at_city:
        decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve", **given)
    assert at_city.value.code == code
    assert decisions_for(world.city, "BR01") == []
    set_credit_approved_at(world.branch, world.b.admin, "branch")
    with pytest.raises(DomainError) as at_branch:  # the same rule, the same words
        approve_credit(world.branch, world.b.marketing, world.app, **given)
    assert at_branch.value.message() == at_city.value.message()


def test_a_decision_from_a_program_that_sent_no_terms_keeps_what_was_applied_for(world):
    from tests.integration.test_city_decisions import _signed_city_package
    decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve", credit_period_days=60)
    [record] = decisions_for(world.city, "BR01")
    older = {k: v for k, v in record.items() if k not in ("period_days", "cycle_months")}
    world.branch_import(_signed_city_package(world, [older]))
    assert terms(world.branch) == [(500_000, 30, 1)]


def test_marketing_grants_period_and_cycle_from_the_command_line(world, capsys):
    from app.cli import main
    from tests.factories import PASSWORD
    city = ["--db", world.city.location, "--password", PASSWORD, "--user", "marketing"]
    assert main(["credit", "approve", str(world.app), *city, "--branch", "BR01", "--period-days", "200"]) == 2
    assert "0-180" in capsys.readouterr().err
    assert main(["credit", "approve", str(world.app), *city, "--branch", "BR01", "--period-days", "60",
                 "--cycle-months", "3"]) == 0
    world.branch_import(world.down())
    assert terms(world.branch) == [(500_000, 60, 3)]
    # at a branch whose marketing decides there, the same options
    other = register_customer(world.branch, world.b.clerk, CustomerInput(name="西城商行", phone="0311-1")).customer_id
    app = apply_for_credit(world.branch, world.b.clerk, other, credit_grade="B", requested_limit=100_000)
    set_credit_approved_at(world.branch, world.b.admin, "branch")
    branch = ["--db", world.branch.location, "--password", PASSWORD, "--user", "marketing"]
    assert main(["credit", "approve", str(app.application_id), *branch, "--period-days", "15",
                 "--cycle-months", "2"]) == 0
    assert "信用期 15 天" in capsys.readouterr().out
    assert terms(world.branch)[-1] == (100_000, 15, 2)


def test_a_customer_moved_to_another_branch_meanwhile_refuses_the_city_decision_and_a_local_one(world):
    """Once the customer's home is another branch nothing more is written for it here: an application left
    pending when it moved is neither approved (no agreement, no status back to active) nor rejected here."""
    set_credit_approved_at(world.branch, world.b.admin, "branch")
    approve_credit(world.branch, world.b.marketing, world.app)
    set_credit_approved_at(world.branch, world.b.admin, "city")
    renewal = apply_for_credit(world.branch, world.b.clerk, world.customer, credit_grade="A",
                               requested_limit=800_000).application_id
    world.up()
    decide_branch_credit(world.city, world.c.marketing, "BR01", renewal, "credit_approve")
    transfer_customer(world.branch, world.b.head, world.customer, "BR02", "客户搬迁")
    world.branch_import(world.down())
    [taken] = decisions_taken(world.branch, world.b.head)
    assert taken.outcome is Outcome.REFUSED and taken.refusal.code == "transfer.moved_away"
    assert "BR02" in taken.refusal.message()
    assert application_state(world.branch, renewal) == ("pending", None, "")
    assert agreements(world.branch) == [(world.customer, 500_000)]
    assert rows(world.branch, "SELECT status FROM customers WHERE id = ?", world.customer) == [("terminated",)]
    set_credit_approved_at(world.branch, world.b.admin, "branch")
    for decide in (lambda: approve_credit(world.branch, world.b.marketing, renewal),
                   lambda: reject_credit(world.branch, world.b.marketing, renewal, "已迁出")):
        with pytest.raises(DomainError) as info:
            decide()
        assert info.value.code == "transfer.moved_away"
    assert application_state(world.branch, renewal) == ("pending", None, "")
