"""坏账核销 at the city office on screen: city finance sees the branches' applications with their branch, decides
one (nothing until one is selected), and sees the decision on its way down; the branch's page says the
application waits for the city office and offers no approval there."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.city_decisions import Outcome
from tests.factories import rows
from tests.integration.test_city_decisions import World
from ui.dialogs import ReasonDialog
from ui.main_window import MainWindow
from ui.pages.write_offs import CityWriteOffsPage, WriteOffsPage

pytestmark = pytest.mark.gui


@pytest.fixture
def world(tmp_path):
    w = World(tmp_path)
    yield w
    w.branch.close()
    w.city.close()


def window_for(qtbot, desk, actor):
    window = MainWindow(desk, actor, "市局")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    return window


def test_city_finance_approves_a_branch_application_and_sees_it_on_its_way(qtbot, world):
    page = window_for(qtbot, world.city, world.c.finance).show_area("write_offs")
    assert isinstance(page, CityWriteOffsPage)
    model = page.apps_model
    assert model.rowCount() == 1
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[0] == "网点" and model.index(0, 0).data() == "BR01"
    assert model.index(0, 6).data() == "BR01/clerk"
    assert not page.approve_button.isEnabled() and not page.reject_button.isEnabled()
    page.apps_table.selectRow(0)
    assert page.approve_button.isEnabled() and not page.review_button.isEnabled()
    assert "法院终结执行" in page.details.toPlainText()
    page.approve_button.click()
    qtbot.waitUntil(lambda: rows(world.city, "SELECT COUNT(*) FROM city_decisions") == [(1,)])
    qtbot.waitUntil(lambda: page.made_model.rowCount() == 1)
    assert page.made_model.rows[0].outcome is Outcome.ON_ITS_WAY
    page.apps_table.selectRow(0)
    assert page.apps_model.index(0, 8).data() == "市局财务批准坏账核销"
    assert not page.approve_button.isEnabled() and not page.reject_button.isEnabled()  # decided, on its way
    assert page.error.text() == ""


def test_city_finance_rejects_with_a_reason(qtbot, world, monkeypatch):
    page = window_for(qtbot, world.city, world.c.finance).show_area("write_offs")
    page.apps_table.selectRow(0)
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, title, effect, parent=None: "证据不足"))
    page.reject_button.click()
    qtbot.waitUntil(lambda: rows(world.city, "SELECT kind, reason FROM city_decisions") ==
                    [("write_off_reject", "证据不足")])
    world.branch_import(world.down())
    assert rows(world.branch, "SELECT kind, reason FROM write_off_decisions ORDER BY id")[-1] == ("rejected", "证据不足")


def test_the_branch_page_says_the_application_awaits_the_city_office(qtbot, world):
    page = window_for(qtbot, world.branch, world.b.finance).show_area("write_offs")
    assert isinstance(page, WriteOffsPage)
    page.tabs.setCurrentIndex(page.tabs.count() - 2)
    assert page.apps_model.index(0, 7).data() == "待市局财务审批"
    page.apps_table.selectRow(0)
    assert not page.approve_button.isEnabled() and not page.reject_button.isEnabled()
    assert "市局" in page.details.toPlainText()
