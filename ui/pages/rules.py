"""催缴规则与文书模板 (administrator): the wording, letterhead, contact and signature of the printed
documents, the font, the 整-after-角 rule; the escalation ladders per customer group or business line,
the manual-intervention limits per business line, and the late-fee rate. No code to change any of it."""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QScrollArea, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from app.documents.templates import DAY_KEYS, PLACEHOLDERS, TEXT_KEYS
from app.domain.collection import StepAction
from app.domain.customers import GROUP_WORDS
from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.services.context import Actor, Desk
from app.services.documents import sample_notice
from app.services.settings import collection_rules, document_settings, set_collection_rules, set_document_settings
from app.services.settings import marketing_review, set_marketing_review  # writeoff
from app.services.settings import set_write_off_approved_at, write_off_approved_at  # decisions
from app.services.settings import credit_approved_at, set_credit_approved_at  # decisions
from app.services.setup import list_business_lines
from ui.icons import icon
from ui.messages import error_text
from ui.pdf_print import preview_and_print
from ui.style import show_success
from ui.tasks import run_write
from ui.widgets import error_label
from ui.words import word

FIELD_TEXT = {
    "letterhead": QT_TRANSLATE_NOOP("RulesPage", "Letterhead (empty: the site's name)"),
    "notice_title": QT_TRANSLATE_NOOP("RulesPage", "Notice title"),
    "notice_intro": QT_TRANSLATE_NOOP("RulesPage", "Notice opening text"),
    "how_to_pay": QT_TRANSLATE_NOOP("RulesPage", "How to pay"),
    "consequences": QT_TRANSLATE_NOOP("RulesPage", "Consequences of non-payment"),
    "dispute": QT_TRANSLATE_NOOP("RulesPage", "Dispute line"),
    "contact_person": QT_TRANSLATE_NOOP("RulesPage", "Contact person"),
    "contact_phone": QT_TRANSLATE_NOOP("RulesPage", "Contact phone"),
    "signature": QT_TRANSLATE_NOOP("RulesPage", "Signature block"),
    "reply_text": QT_TRANSLATE_NOOP("RulesPage", "Reply slip text"),
    "statement_title": QT_TRANSLATE_NOOP("RulesPage", "Statement title"),
    "statement_intro": QT_TRANSLATE_NOOP("RulesPage", "Statement opening text"),
    "statement_confirm": QT_TRANSLATE_NOOP("RulesPage", "Statement confirmation boxes"),
    "pay_within_days": QT_TRANSLATE_NOOP("RulesPage", "Days to pay after the notice"),
    "dispute_within_days": QT_TRANSLATE_NOOP("RulesPage", "Days to raise a dispute"),
    "reply_within_days": QT_TRANSLATE_NOOP("RulesPage", "Days to return a statement"),
}
# What each placeholder of app/documents/templates.py stands for (shown as a legend under the templates).
PLACEHOLDER_MEANINGS = {
    "as_of": QT_TRANSLATE_NOOP("RulesPage", "the date the amounts are as of"),
    "pay_by": QT_TRANSLATE_NOOP("RulesPage", "the day to pay by"),
    "dispute_by": QT_TRANSLATE_NOOP("RulesPage", "the last day to dispute"),
    "count": QT_TRANSLATE_NOOP("RulesPage", "the number of items"),
    "agreement": QT_TRANSLATE_NOOP("RulesPage", "the agreement number"),
    "number": QT_TRANSLATE_NOOP("RulesPage", "the document number"),
    "period_from": QT_TRANSLATE_NOOP("RulesPage", "the statement's first day"),
    "period_to": QT_TRANSLATE_NOOP("RulesPage", "the statement's last day"),
    "reply_by": QT_TRANSLATE_NOOP("RulesPage", "the day to return the reply slip by"),
}
LONG_FIELDS = {"notice_intro", "how_to_pay", "consequences", "dispute", "reply_text", "statement_intro",
               "statement_confirm"}


class RulesPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        tabs = QTabWidget()
        tabs.addTab(self._documents_tab(), self.tr("Document templates"))
        tabs.addTab(self._rules_tab(), self.tr("Collection rules"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.load()

    # -- documents -------------------------------------------------------------------------------
    def _documents_tab(self) -> QWidget:
        self.fields: dict[str, QLineEdit | QPlainTextEdit | QSpinBox] = {}
        form = QFormLayout()
        for key in TEXT_KEYS + DAY_KEYS:
            if key in DAY_KEYS:
                widget = QSpinBox()
                widget.setRange(0, 365)
            elif key in LONG_FIELDS:
                widget = QPlainTextEdit()
                widget.setFixedHeight(54)
            else:
                widget = QLineEdit()
            self.fields[key] = widget
            form.addRow(self.tr(FIELD_TEXT[key]), widget)
        self.font_path = QLineEdit()
        self.font_path.setPlaceholderText(self.tr("Empty: a Chinese TrueType font found on this computer"))
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._choose_font)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_path, 1)
        font_row.addWidget(browse)
        form.addRow(self.tr("Font file"), font_row)
        self.zheng = QCheckBox(self.tr("Write 整 after 角 in amounts in words (e.g. 伍角整)"))
        form.addRow("", self.zheng)
        self.save_documents_button = QPushButton(self.tr("Save templates"))
        self.save_documents_button.setIcon(icon("save"))
        self.sample_button = QPushButton(self.tr("Sample notice..."))
        self.documents_error = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_documents_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(form)
        legend = QLabel(self.tr("Placeholders, filled in when a document is made:") + "  " + "   ".join(
            f"{{{key}}} {self.tr(PLACEHOLDER_MEANINGS[key])}" for key in PLACEHOLDERS))
        legend.setWordWrap(True)
        inner_layout.addWidget(legend)
        inner_layout.addLayout(buttons)
        inner_layout.addWidget(self.documents_error)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.save_documents_button.clicked.connect(self.save_documents)
        self.sample_button.clicked.connect(self.sample)
        return scroll

    def _choose_font(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a font file"), self.font_path.text(),
                                                self.tr("TrueType fonts (*.ttf *.ttc)"))
        if chosen:
            self.font_path.setText(chosen)

    def _template(self) -> dict:
        values = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QSpinBox):
                values[key] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                values[key] = widget.toPlainText()
            else:
                values[key] = widget.text()
        return values

    def save_documents(self) -> None:
        self.documents_error.clear()
        run_write(self, set_document_settings, self.desk, self.actor, template=self._template(),
                  font_path=self.font_path.text(), zheng_after_jiao=self.zheng.isChecked(),
                  busy=(self.save_documents_button, self.save_rules_button),
                  on_success=lambda _result: show_success(self.documents_error, self.tr("Saved.")),
                  on_failure=lambda error: self.documents_error.setText(error_text(error)))

    def sample(self) -> Path | None:
        out = Path(tempfile.gettempdir()) / "ArrearsDesk-sample-notice.pdf"
        try:
            sample_notice(self.desk, out, template=self._template(), font_path=self.font_path.text(),
                          zheng_after_jiao=self.zheng.isChecked())
        except (DomainError, OSError) as error:
            self.documents_error.setText(error_text(error))
            return None
        if not getattr(self, "no_preview", False):
            preview_and_print(out, self)
        return out

    # -- collection rules --------------------------------------------------------------------------
    def _rules_tab(self) -> QWidget:
        self.ladder_key = QComboBox()
        self.ladder_key.addItem(self.tr("Default ladder"), "default")
        for code, words in GROUP_WORDS.items():
            self.ladder_key.addItem(self.tr("Customer group: %1").replace("%1", word(words)), f"group:{code}")
        self.lines = list_business_lines(self.desk)
        for code, name in self.lines:
            self.ladder_key.addItem(self.tr("Business line: %1").replace("%1", name), f"line:{code}")
        self.own_ladder = QCheckBox(self.tr("This group or line has its own ladder"))
        self.step_days: dict[str, QSpinBox] = {}
        ladder_form = QFormLayout()
        ladder_form.addRow(self.ladder_key)
        ladder_form.addRow(self.own_ladder)
        for action in StepAction:
            spin = QSpinBox()
            spin.setRange(0, 1000)
            spin.setSuffix(self.tr(" days past due (0: not used)"))
            self.step_days[action.value] = spin
            ladder_form.addRow(word(action.words), spin)
        ladder_box = QGroupBox(self.tr("Escalation ladder"))
        ladder_box.setLayout(ladder_form)

        self.limits: dict[str, QLineEdit] = {}
        limits_form = QFormLayout()
        for code, name in [("default", self.tr("Other business lines"))] + self.lines:
            edit = QLineEdit()
            self.limits[code] = edit
            limits_form.addRow(name, edit)
        limits_box = QGroupBox(self.tr("Manual-intervention limits (overdue per business line, yuan)"))
        limits_box.setLayout(limits_form)

        self.permille = QSpinBox()
        self.permille.setRange(0, 10)
        self.permille.setSuffix(" ‰")
        self.grace = QSpinBox()
        self.grace.setRange(0, 365)
        fee_form = QFormLayout()
        fee_form.addRow(self.tr("Late fee per day"), self.permille)
        fee_form.addRow(self.tr("Grace days"), self.grace)
        fee_box = QGroupBox(self.tr("Late fee (only for agreements that have one)"))
        fee_box.setLayout(fee_form)
        self.confirm_above = QLineEdit()
        counter_form = QFormLayout()
        counter_form.addRow(self.tr("Ask to confirm an item above (yuan; 0: never)"), self.confirm_above)
        # 坏账核销 (writeoff): saved as soon as it is ticked, audited like every setting
        self.marketing_review = QCheckBox(self.tr("Marketing reviews bad-debt write-offs before finance (telecom 5)"))
        counter_form.addRow("", self.marketing_review)
        self.marketing_review.clicked.connect(self.save_marketing_review)
        # decisions: finance at the city office approves this branch's write-offs (through the data exchange)
        self.city_approves = QCheckBox(self.tr("Finance at the city office approves bad-debt write-offs "
                                               "(the decision comes with the data exchange)"))
        counter_form.addRow("", self.city_approves)
        self.city_approves.clicked.connect(self.save_city_approves)
        # decisions: marketing at the city office approves this branch's credit applications
        self.city_approves_credit = QCheckBox(self.tr("Marketing at the city office approves credit applications "
                                                      "(the decision comes with the data exchange)"))
        counter_form.addRow("", self.city_approves_credit)
        self.city_approves_credit.clicked.connect(self.save_city_approves_credit)
        counter_box = QGroupBox(self.tr("Arrears entry"))
        counter_box.setLayout(counter_form)
        # 到期提醒 (telecom 7.2, 8) and 预存款预警 (telecom 7.1): the work queue's two lists
        self.reminder_days = QSpinBox()
        self.reminder_days.setRange(0, 90)
        self.reminder_days.setSuffix(self.tr(" days before the due date"))
        self.low_credit_percent = QSpinBox()
        self.low_credit_percent.setRange(1, 1000)
        self.low_credit_percent.setSuffix(" %")
        reminder_form = QFormLayout()
        reminder_form.addRow(self.tr("Remind customers who asked"), self.reminder_days)
        reminder_form.addRow(self.tr("Prepaid credit is low below (of a typical month)"), self.low_credit_percent)
        reminder_box = QGroupBox(self.tr("Reminders and low prepaid credit"))
        reminder_box.setLayout(reminder_form)

        self.save_rules_button = QPushButton(self.tr("Save rules"))
        self.save_rules_button.setIcon(icon("save"))
        self.rules_error = error_label()
        inner = QWidget()
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(ladder_box)
        left.addWidget(fee_box)
        left.addWidget(counter_box)
        left.addWidget(reminder_box)
        left.addStretch(1)
        columns.addLayout(left)
        columns.addWidget(limits_box)
        layout = QVBoxLayout(inner)
        layout.addLayout(columns)
        layout.addWidget(self.save_rules_button)
        layout.addWidget(self.rules_error)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.ladder_key.currentIndexChanged.connect(lambda _i: self._show_ladder())
        self.own_ladder.toggled.connect(self._keep_ladder_edit)
        self.save_rules_button.clicked.connect(self.save_rules)
        return scroll

    def load(self) -> None:
        settings = document_settings(self.desk)
        for key, widget in self.fields.items():
            value = settings["template"][key]
            if isinstance(widget, QSpinBox):
                widget.setValue(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)
        self.font_path.setText(settings["font_path"])
        self.zheng.setChecked(settings["zheng_after_jiao"])
        rules = collection_rules(self.desk)
        self.ladders: dict[str, list[dict]] = dict(rules["ladders"])
        for code, edit in self.limits.items():
            limit = rules["intervention_limits"].get(code)
            edit.setText(format_fen(limit) if limit else "")
        self.permille.setValue(rules["late_fee.permille_per_day"])
        self.grace.setValue(rules["late_fee.grace_days"])
        self.confirm_above.setText(format_fen(rules["arrears.confirm_above"]))
        self.reminder_days.setValue(rules["collection.reminder_days"])
        self.low_credit_percent.setValue(rules["collection.low_credit_percent"])
        self.marketing_review.setChecked(marketing_review(self.desk))
        self.city_approves.setChecked(write_off_approved_at(self.desk) == "city")  # decisions
        self.city_approves_credit.setChecked(credit_approved_at(self.desk) == "city")  # decisions
        self._shown_key = None
        self._show_ladder()

    def _capture(self) -> None:
        """Keep what was typed for the ladder on screen before another one is shown."""
        key = self._shown_key
        if key is None:
            return
        if key != "default" and not self.own_ladder.isChecked():
            self.ladders.pop(key, None)
            return
        self.ladders[key] = [{"action": a, "days": spin.value()} for a, spin in self.step_days.items()
                             if spin.value() > 0]

    def _show_ladder(self) -> None:
        self._capture()
        key = self.ladder_key.currentData()
        own = key in self.ladders
        ladder = self.ladders.get(key) or self.ladders["default"]
        days = {entry["action"]: entry["days"] for entry in ladder}
        self._shown_key = None
        self.own_ladder.setVisible(key != "default")
        self.own_ladder.setChecked(own or key == "default")
        for action, spin in self.step_days.items():
            spin.setValue(days.get(action, 0))
            spin.setEnabled(own or key == "default")
        self._shown_key = key

    def _keep_ladder_edit(self, own: bool) -> None:
        for spin in self.step_days.values():
            spin.setEnabled(own)

    def save_marketing_review(self, on: bool) -> None:
        run_write(self, set_marketing_review, self.desk, self.actor, on, busy=(self.marketing_review,),
                  on_success=lambda _result: show_success(self.rules_error, self.tr("Saved.")),
                  on_failure=lambda error: self.rules_error.setText(error_text(error)))

    def save_city_approves(self, on: bool) -> None:  # decisions
        run_write(self, set_write_off_approved_at, self.desk, self.actor, "city" if on else "branch",
                  busy=(self.city_approves,),
                  on_success=lambda _result: show_success(self.rules_error, self.tr("Saved.")),
                  on_failure=lambda error: self.rules_error.setText(error_text(error)))

    def save_city_approves_credit(self, on: bool) -> None:  # decisions
        run_write(self, set_credit_approved_at, self.desk, self.actor, "city" if on else "branch",
                  busy=(self.city_approves_credit,),
                  on_success=lambda _result: show_success(self.rules_error, self.tr("Saved.")),
                  on_failure=lambda error: self.rules_error.setText(error_text(error)))

    def save_rules(self) -> None:
        self._capture()
        self.rules_error.clear()
        try:
            limits = {code: parse_amount(edit.text()) for code, edit in self.limits.items() if edit.text().strip()}
            confirm_above = parse_amount(self.confirm_above.text() or "0", allow_zero=True)
        except DomainError as error:
            self.rules_error.setText(error_text(error))
            return
        run_write(self, set_collection_rules, self.desk, self.actor, ladders=dict(self.ladders), limits=limits,
                  permille_per_day=self.permille.value(), grace_days=self.grace.value(), confirm_above=confirm_above,
                  reminder_days=self.reminder_days.value(), low_credit_percent=self.low_credit_percent.value(),
                  busy=(self.save_documents_button, self.save_rules_button),
                  on_success=lambda _result: show_success(self.rules_error, self.tr("Saved.")),
                  on_failure=lambda error: self.rules_error.setText(error_text(error)))
