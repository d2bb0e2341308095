"""记欠审批 at the city office (decisions): marketing there sees the pending credit applications of the branches
whose marketing sits at the city office, and approves (with the limit typed) or rejects them; the decision
goes down with the next export."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.factories import rows
from tests.integration.test_city_credit_decisions import World
from ui.dialogs import ReasonDialog
from ui.main_window import MainWindow
from ui.pages.approvals import ApprovalsPage, CityApprovalsPage

pytestmark = pytest.mark.gui


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("ARREARS_DESK_KEYS", str(tmp_path / "keys"))
    w = World(tmp_path)
    yield w
    w.branch.close()
    w.city.close()


def page_for(qtbot, world) -> CityApprovalsPage:
    window = MainWindow(world.city, world.c.marketing, "市局")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    page = window.show_area("approvals")
    assert isinstance(page, CityApprovalsPage)
    return page


def test_city_marketing_approves_a_branch_credit_application_with_the_limit_typed(qtbot, world):
    page = page_for(qtbot, world)
    model = page.model
    assert model.rowCount() == 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "网点" and model.index(0, 0).data() == "BR01"
    assert model.index(0, 3).data() == "BR01/clerk"
    assert model.index(0, 9).data() == "待审批"  # in the screen's language, like every stage
    assert not page.approve_button.isEnabled()
    page.table.selectRow(0)
    assert page.approve_button.isEnabled() and page.limit.text() == "5,000.00"
    page.limit.setText("3000")
    page.approve_button.click()
    qtbot.waitUntil(lambda: rows(world.city, "SELECT kind, amount FROM city_decisions") == [("credit_approve", 300_000)])
    qtbot.waitUntil(lambda: page.model.index(0, 9).data() == "市局市场部批准记欠申请")
    page.table.selectRow(0)
    assert not page.approve_button.isEnabled()  # decided, on its way
    assert page.error.text() == ""
    world.branch_import(world.down())
    assert rows(world.branch, "SELECT credit_limit FROM agreements") == [(300_000,)]


def test_city_marketing_rejects_with_a_reason(qtbot, world, monkeypatch):
    page = page_for(qtbot, world)
    page.table.selectRow(0)
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, title, effect, parent=None: "经营异常"))
    page.reject_button.click()
    qtbot.waitUntil(lambda: rows(world.city, "SELECT kind, reason FROM city_decisions") ==
                    [("credit_reject", "经营异常")])


def test_the_branch_lists_its_applications_but_leaves_the_decision_to_the_city_office(qtbot, world):
    page = ApprovalsPage(world.branch, world.b.marketing)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 1
    assert page.at_city_note.isVisible() and "市局市场部" in page.at_city_note.text()
    page.table.selectRow(0)
    assert not page.approve_button.isEnabled() and not page.reject_button.isEnabled()


def test_city_marketing_grants_the_credit_period_and_cycle_shown_as_applied_for(qtbot, world):
    page = page_for(qtbot, world)
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in (7, 8)] == ["信用期限（天）", "结算周期（月）"]
    assert (page.model.index(0, 7).data(), page.model.index(0, 8).data()) == ("30", "1")
    assert not page.period.isEnabled() and not page.cycle.isEnabled()
    page.table.selectRow(0)
    assert (page.period.value(), page.cycle.value()) == (30, 1)  # as applied for, to confirm or change
    assert (page.period.maximum(), page.cycle.maximum()) == (180, 3)  # the domain's ranges
    page.period.setValue(45)
    page.cycle.setValue(2)
    page.approve_button.click()
    qtbot.waitUntil(lambda: rows(world.city, "SELECT amount, credit_period_days, settlement_cycle_months "
                                             "FROM city_decisions") == [(500_000, 45, 2)])
    world.branch_import(world.down())
    assert rows(world.branch, "SELECT credit_limit, credit_period_days, settlement_cycle_months FROM agreements") == \
        [(500_000, 45, 2)]


def test_the_decisions_sent_down_show_the_credit_terms_granted_not_only_the_limit(qtbot, world):
    from app.services.city_decisions import decide_branch_credit
    from ui.pages.write_offs import CityWriteOffsPage
    decide_branch_credit(world.city, world.c.marketing, "BR01", world.app, "credit_approve", credit_limit=300_000,
                         credit_period_days=45, settlement_cycle_months=2, reason="同意")
    window = MainWindow(world.city, world.c.finance, "市局")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    page = window.show_area("write_offs")
    assert isinstance(page, CityWriteOffsPage)
    page.tabs.setCurrentIndex(1)
    model = page.made_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    terms = headers.index("信用期 / 结算周期")
    assert model.rowCount() == 1 and model.index(0, terms - 1).data() == "3,000.00"
    assert model.index(0, terms).data() == "45 天 / 2 个月"
