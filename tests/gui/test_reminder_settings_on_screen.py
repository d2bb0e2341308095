"""到期提醒 on screen: a customer's wish to be reminded in the customer dialog, and the reminder days and
the low-预存款 threshold on the settings screen (telecom 7.1, 7.2, 8)."""
from __future__ import annotations

from datetime import date

import pytest

from app.services.collection import set_wants_reminders
from app.services.customers import CustomerInput, get_customer, register_customer
from app.services.settings import collection_rules
from tests.factories import make_desk, rows
from ui.dialogs import CustomerDialog
from ui.main_window import MainWindow


@pytest.fixture
def branch(tmp_path):
    desk, staff = make_desk(tmp_path / "m.sqlite3", date(2026, 11, 25))
    yield desk, staff
    desk.close()


def test_the_customer_dialog_registers_and_edits_the_wish_to_be_reminded(qtbot, branch):
    desk, staff = branch
    dialog = CustomerDialog(desk, staff.clerk)
    qtbot.addWidget(dialog)
    assert not dialog.wants_reminders.isChecked()
    dialog.name.setText("提醒我公司")
    dialog.wants_reminders.setChecked(True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert rows(desk, "SELECT wants_reminders FROM customers WHERE name = '提醒我公司'") == [(1,)]
    customer_id = dialog.customer.customer_id
    edit = CustomerDialog(desk, staff.clerk, existing=get_customer(desk, staff.clerk, customer_id))
    qtbot.addWidget(edit)
    assert edit.wants_reminders.isChecked()
    edit.wants_reminders.setChecked(False)
    edit.save()
    qtbot.waitUntil(lambda: edit.result() == edit.DialogCode.Accepted)
    assert rows(desk, f"SELECT wants_reminders FROM customers WHERE id = {customer_id}") == [(0,)]


def test_editing_other_details_keeps_the_wish_set_elsewhere(qtbot, branch):
    desk, staff = branch
    customer = register_customer(desk, staff.clerk, CustomerInput(name="东方贸易"))
    set_wants_reminders(desk, staff.clerk, customer.customer_id, True)
    dialog = CustomerDialog(desk, staff.clerk, existing=get_customer(desk, staff.clerk, customer.customer_id))
    qtbot.addWidget(dialog)
    assert dialog.wants_reminders.isChecked()
    dialog.phone.setText("0311-2222")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert rows(desk, "SELECT wants_reminders, phone FROM customers") == [(1, "0311-2222")]


def test_the_settings_screen_sets_the_reminder_days_and_the_low_credit_threshold(qtbot, branch):
    desk, staff = branch
    window = MainWindow(desk, staff.admin, "城东支局")
    qtbot.addWidget(window)
    page = window.show_area("rules")
    before = collection_rules(desk)
    assert page.reminder_days.value() == before["collection.reminder_days"]
    assert page.low_credit_percent.value() == before["collection.low_credit_percent"]
    page.reminder_days.setValue(12)
    page.low_credit_percent.setValue(40)
    page.save_rules_button.click()
    qtbot.waitUntil(lambda: collection_rules(desk)["collection.reminder_days"] == 12, timeout=10_000)
    assert collection_rules(desk)["collection.low_credit_percent"] == 40
    window.close()
