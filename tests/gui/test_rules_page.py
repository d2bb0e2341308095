"""The administrator edits the documents' wording and the collection rules on screen, without code."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from app.services.settings import collection_rules, document_settings
from tests.factories import make_desk, rows
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def rules_page(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "r.sqlite3", date(2026, 11, 25))
    window = MainWindow(desk, staff.admin, "城东支局")
    qtbot.addWidget(window)
    yield desk, window.show_area("rules")
    desk.close()


def test_admin_changes_the_notice_wording_and_sees_a_sample(qtbot, rules_page):
    desk, page = rules_page
    page.fields["letterhead"].setText("某某邮政分公司城东支局")
    page.fields["contact_person"].setText("刘会计")
    page.fields["pay_within_days"].setValue(15)
    page.zheng.setChecked(True)
    page.save_documents()
    assert not page.save_documents_button.isEnabled()  # while it is being saved
    qtbot.waitUntil(lambda: page.documents_error.text() == "已保存。")
    assert page.save_documents_button.isEnabled()
    settings = document_settings(desk)
    assert settings["template"]["contact_person"] == "刘会计" and settings["template"]["pay_within_days"] == 15
    assert settings["zheng_after_jiao"] is True
    page.no_preview = True
    sample = page.sample()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(sample), "-"], capture_output=True, text=True).stdout
        assert "某某邮政分公司城东支局" in text and "刘会计" in text and "伍仟壹佰元零壹角整" in text
    assert rows(desk, "SELECT COUNT(*) FROM notices") == [(0,)]  # a sample is not a notice


def test_admin_gives_a_customer_group_its_own_ladder_and_sets_limits_in_one_save(qtbot, rules_page):
    desk, page = rules_page
    page.ladder_key.setCurrentIndex(page.ladder_key.findData("group:government"))
    page.own_ladder.setChecked(True)
    page.step_days["remind"].setValue(3)
    page.step_days["suspend"].setValue(45)
    page.step_days["legal"].setValue(0)  # not used for this group
    page.limits["LETTER"].setText("2,000.00")
    page.permille.setValue(5)
    page.save_rules()
    qtbot.waitUntil(lambda: page.rules_error.text() == "已保存。")
    rules = collection_rules(desk)
    assert rules["ladders"]["group:government"] == [
        {"action": "remind", "days": 3}, {"action": "notice", "days": 15}, {"action": "suspend", "days": 45},
        {"action": "blacklist", "days": 90}]
    assert rules["intervention_limits"]["LETTER"] == 200_000 and rules["late_fee.permille_per_day"] == 5
    assert rules["arrears.confirm_above"] == 10_000_000  # shown and saved unchanged


def test_admin_sets_the_ceiling_above_which_the_counter_asks_to_confirm_an_item(qtbot, rules_page):
    desk, page = rules_page
    assert page.confirm_above.text() == "100,000.00"
    page.confirm_above.setText("50,000")
    page.save_rules()
    qtbot.waitUntil(lambda: page.rules_error.text() == "已保存。")
    assert collection_rules(desk)["arrears.confirm_above"] == 5_000_000


def test_a_ladder_that_does_not_increase_is_refused_and_nothing_is_saved(qtbot, rules_page):
    desk, page = rules_page
    page.step_days["notice"].setValue(100)  # after suspend (30): not increasing
    page.limits["LETTER"].setText("2,000.00")
    page.save_rules()
    qtbot.waitUntil(lambda: "催缴升级步骤" in page.rules_error.text())
    assert "LETTER" not in collection_rules(desk)["intervention_limits"]


def test_the_templates_explain_every_placeholder_they_may_use(qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel

    from app.documents.templates import PLACEHOLDERS
    from tests.factories import make_desk
    from ui.pages.rules import RulesPage
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    page = RulesPage(desk, staff.admin)
    qtbot.addWidget(page)
    legend = next(label.text() for label in page.findChildren(QLabel) if "占位符" in label.text())
    for key in PLACEHOLDERS:
        assert "{" + key + "}" in legend
    assert "截至日期" in legend and "缴款截止日" in legend
    desk.close()


def test_the_administrator_leaves_credit_approval_to_the_city_office_in_the_rules(qtbot, rules_page):  # decisions
    desk, page = rules_page
    assert not page.city_approves_credit.isChecked()
    page.city_approves_credit.click()
    qtbot.waitUntil(lambda: rows(desk, "SELECT value FROM settings WHERE key = 'credit.approved_at'")
                    == [('"city"',)])
