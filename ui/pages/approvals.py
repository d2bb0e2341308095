"""记欠审批 (marketing): the approver sees what was applied for and who applied, and decides."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget,
)

from app.domain.customers import CREDIT_PERIOD_DAYS, SETTLEMENT_CYCLE_MONTHS, CustomerStatus
from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.services.context import Actor, Changes, Desk
from app.domain.city_decisions import CityDecisionKind
from app.services.city_decisions import branch_credit_applications, decide_branch_credit  # decisions
from app.services.customers import approve_credit, pending_applications, reject_credit
from app.services.settings import credit_approved_at
from ui.changes import ChangeHub, follow
from ui.collection_dialogs import HistoryDialog
from ui.dialogs import ReasonDialog
from ui.icons import icon
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.tasks import run_write, writing
from ui.widgets import WrappedLabel, error_label
from ui.words import aside, status_word, word


def _customer(application) -> str:
    """The customer's name, marked when blacklisted (the approver must read the history first)."""
    if application.customer_status == CustomerStatus.BLACKLISTED:
        return aside(application.customer_name, status_word(application.customer_status))
    return application.customer_name


def _concerns_the_applications(changes: Changes) -> bool:
    return changes.touches("credit_applications", "customers")


_SPELLED_OUT = (0, 7)  # the customer and the note: shortened in the cell, whole in the tooltip


class ApplicationsModel(RowTableModel):
    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() in _SPELLED_OUT:
            return super().data(index, Qt.ItemDataRole.DisplayRole) or None
        return super().data(index, role)


class ApprovalsPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.model = ApplicationsModel([
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Customer"), _customer, width=240),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Applied by"), lambda a: a.applied_by),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Applied at"), lambda a: a.applied_at.strftime("%Y-%m-%d %H:%M"),
                   width=130),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Grade"), lambda a: a.credit_grade), Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Limit applied for"), lambda a: a.requested_limit, money=True),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Credit period (days)"), lambda a: a.requested_period_days),
            Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Cycle (months)"), lambda a: a.requested_cycle_months), Column(QT_TRANSLATE_NOOP("ApprovalsPage", "Note"), lambda a: a.note)],
            "ApprovalsPage", self, key=lambda a: a.application_id)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        configure_table(self.table, "approvals")
        # The decision on the selected application: its full name, and the terms applied for, to confirm
        # or change. Nothing to decide (and nothing to press) until an application is selected.
        self.applicant = QLabel()
        self.applicant.setTextFormat(Qt.TextFormat.PlainText)
        self.applicant.setWordWrap(True)
        bold = self.applicant.font()
        bold.setBold(True)
        self.applicant.setFont(bold)
        digits = QFontMetrics(self.font()).horizontalAdvance("0")
        self.limit = QLineEdit()
        self.limit.setMaximumWidth(digits * 18)  # 99,999,999.00 with room to spare
        self.period, self.cycle = _term_spins(digits)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setIcon(icon("approve"))
        self.reject_button = QPushButton(self.tr("Reject..."))
        self.reject_button.setIcon(icon("reject"))
        self.error = error_label()
        # Where marketing sits at the city office (credit.approved_at = city) this branch only applies: the
        # applications go up with the exchange and the decision comes down; nothing to press here.
        self.at_city = False
        self.at_city_note = WrappedLabel(self.tr(
            "Credit applications of this branch are decided by marketing at the city office: they go up with "
            "the next exchange, and the decision comes down and is carried out here."))
        self.at_city_note.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Approved limit (yuan)"), self.limit)
        form.addRow(self.tr("Credit period (days)"), self.period)
        form.addRow(self.tr("Settlement cycle (months)"), self.cycle)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        decision = QGroupBox(self.tr("Decision"))
        decision_layout = QVBoxLayout(decision)
        decision_layout.addWidget(self.applicant)
        decision_layout.addLayout(form)
        decision_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.at_city_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(decision)
        layout.addWidget(self.error)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill())
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        follow(self, changes, _concerns_the_applications, lambda: self.reload(keep_place=True))
        self.reload()

    def reload(self, *, keep_place: bool = False) -> None:
        rows = pending_applications(self.desk, self.actor)
        self.at_city = credit_approved_at(self.desk) == "city"
        self.at_city_note.setVisible(self.at_city)
        if keep_place:
            self.model.refill(rows, self.table)
        else:
            self.model.set_rows(rows)
        self._fill()  # a reset selects nothing without saying so

    def selected(self):
        return self.model.selected(self.table)

    def _fill(self) -> None:
        """The selected application's terms as applied for, ready to approve as they are; blank and
        disabled with none selected."""
        app = self.selected()
        for widget in (self.limit, self.period, self.cycle, self.approve_button, self.reject_button):
            widget.setEnabled(app is not None and not writing(self) and not self.at_city)
        if app is None:
            self.applicant.setText(self.tr("Select an application in the list to decide on it."))
            self.limit.clear()
            self.period.clear()
            self.cycle.clear()
            return
        self.applicant.setText(_customer(app))
        self.limit.setText(format_fen(app.requested_limit))
        self.period.setValue(app.requested_period_days)
        self.cycle.setValue(app.requested_cycle_months)

    def approve(self) -> None:
        app = self.selected()
        if app is None:
            self.error.setText(self.tr("Select an application first."))
            return
        reviewed = False
        if app.customer_status == CustomerStatus.BLACKLISTED:
            # 黑名单客户: the approver reads the arrears and collection history before deciding.
            reviewed = self.review_history(app.customer_id)
            if not reviewed:
                return
        try:
            limit = parse_amount(self.limit.text(), allow_zero=True)
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        self._decide(approve_credit, app.application_id, credit_limit=limit,
                     credit_period_days=self.period.value(), settlement_cycle_months=self.cycle.value(),
                     history_reviewed=reviewed)

    def review_history(self, customer_id: int) -> bool:
        return bool(HistoryDialog(self.desk, self.actor, customer_id, self).exec())

    def reject(self) -> None:
        app = self.selected()
        if app is None:
            self.error.setText(self.tr("Select an application first."))
            return
        reason = ReasonDialog.ask(self.tr("Reject the application"), app.customer_name, self)
        if reason:
            self._decide(reject_credit, app.application_id, reason)

    def _decide(self, use_case, *args, **kwargs) -> None:
        """The decision is recorded off the GUI thread; the list refreshes from what changed."""
        run_write(self, use_case, self.desk, self.actor, *args,
                  busy=(self.limit, self.period, self.cycle, self.approve_button, self.reject_button),
                  on_success=lambda _result: (self.error.clear(), self._fill()),
                  on_failure=lambda error: (self.error.setText(error_text(error)), self._fill()), **kwargs)


# -- the city office: the branches' credit applications, where their marketing sits here (decisions) -------
def _term_spins(digits: int) -> tuple[QSpinBox, QSpinBox]:
    """The credit period (信用期, days) and settlement cycle (结算周期, months) to grant, within the domain's ranges."""
    period, cycle = QSpinBox(), QSpinBox()
    period.setRange(*CREDIT_PERIOD_DAYS)
    cycle.setRange(*SETTLEMENT_CYCLE_MONTHS)
    for spin in (period, cycle):
        spin.setMinimumWidth(digits * 8)
    return period, cycle



class CityApprovalsPage(QWidget):
    """记欠审批 at the city office: the pending applications of the branches whose marketing sits here
    (setting ``credit.approved_at``), from the city office's copy of each. A decision goes down with the next
    export and the branch starts the agreement (or records the rejection); the decisions sent down and what
    became of them are listed on the 坏账核销 page's "Decisions sent down"."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Branch"), lambda r: r.branch),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "No."), lambda r: r.info.application_id),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Customer"), lambda r: _customer(r.info), width=240),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Applied by"), lambda r: "/".join(r.applicant)),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Applied on"), lambda r: r.info.applied_at.strftime("%Y-%m-%d")),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Grade"), lambda r: r.info.credit_grade),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Limit applied for"), lambda r: r.info.requested_limit,
                   money=True),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Period (days)"), lambda r: r.info.requested_period_days),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Cycle (months)"), lambda r: r.info.requested_cycle_months),
            Column(QT_TRANSLATE_NOOP("CityApprovalsPage", "Stage"), lambda r: word(r.stage_words), width=200)],
            "CityApprovalsPage", self, key=lambda r: (r.branch, r.info.application_id))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        configure_table(self.table, "city_approvals")
        digits = QFontMetrics(self.font()).horizontalAdvance("0")
        self.limit = QLineEdit()
        self.limit.setMaximumWidth(digits * 18)
        self.period, self.cycle = _term_spins(digits)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setIcon(icon("approve"))
        self.reject_button = QPushButton(self.tr("Reject..."))
        self.reject_button.setIcon(icon("reject"))
        self.error = error_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Approved limit (yuan)"), self.limit)
        form.addRow(self.tr("Credit period (days)"), self.period)
        form.addRow(self.tr("Settlement cycle (months)"), self.cycle)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        decision = QGroupBox(self.tr("Decision"))
        decision_layout = QVBoxLayout(decision)
        decision_layout.addLayout(form)
        decision_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Credit applications of the branches whose marketing sits at the city "
                                        "office. A decision goes down with the next export; the branch carries it out.")))
        layout.addWidget(self.table, 1)
        layout.addWidget(decision)
        layout.addWidget(self.error)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill())
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        follow(self, changes, lambda c: c.touches("city_decisions", "exchange_packages"), self.reload)
        self.reload()

    def reload(self) -> None:
        self.model.refill(branch_credit_applications(self.desk, self.actor), self.table)
        self._fill()

    def selected(self):
        return self.model.selected(self.table)

    def _fill(self) -> None:
        row = self.selected()
        can_decide = row is not None and row.pending is None and not writing(self)
        for widget in (self.limit, self.period, self.cycle, self.approve_button, self.reject_button):
            widget.setEnabled(can_decide)
        if row is None:
            self.limit.clear()
            self.period.clear()
            self.cycle.clear()
            return
        self.limit.setText(format_fen(row.info.requested_limit))  # as applied for, to confirm or change
        self.period.setValue(row.info.requested_period_days)
        self.cycle.setValue(row.info.requested_cycle_months)

    def approve(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            limit = parse_amount(self.limit.text(), allow_zero=True)
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        self._decide(row, CityDecisionKind.CREDIT_APPROVE, credit_limit=limit, credit_period_days=self.period.value(),
                     settlement_cycle_months=self.cycle.value())

    def reject(self) -> None:
        row = self.selected()
        if row is None:
            return
        reason = ReasonDialog.ask(self.tr("Reject the application"), f"{row.branch}  {row.info.customer_name}", self)
        if reason:
            self._decide(row, CityDecisionKind.CREDIT_REJECT, reason=reason)

    def _decide(self, row, kind, **kwargs) -> None:
        run_write(self, decide_branch_credit, self.desk, self.actor, row.branch, row.info.application_id, kind,
                  busy=(self.limit, self.period, self.cycle, self.approve_button, self.reject_button),
                  on_success=lambda _r: (self.error.clear(), self.reload()),
                  on_failure=lambda error: (self.error.setText(error_text(error)), self._fill()), **kwargs)
