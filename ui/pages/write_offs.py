"""坏账核销 page: items that qualify (apply), applications waiting for a decision (marketing reviews where the
site asks, finance approves or rejects with a reason, the applicant may withdraw), and the 账销案存
register, where money later recovered on a written-off item is recorded."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QFileDialog, QGroupBox, QHBoxLayout, QInputDialog, QLabel, QPlainTextEdit, QPushButton, QTabWidget, QTableView,
    QVBoxLayout, QWidget,
)

from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.domain.roles import Permission, may
from app.domain.audit import RECORD_WORDS
from app.domain.collection import Channel
from app.domain.writeoff import DecisionKind, Fact, Stage
from app.reports.request import ReportKind, ReportRequest
from app.services import reports
from app.services.context import Actor, Changes, Desk
from app.services.writeoffs import (
    application, applications, approve_write_off, qualifying_items, record_recovery, register, reject_write_off,
    review_write_off, withdraw_write_off,
)
from ui.changes import ChangeHub, follow
from ui.dialogs import ReasonDialog
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.tasks import run_write, writing
from ui.widgets import error_label
from ui.words import word
from ui.write_off_dialog import WriteOffDialog
from PySide6.QtWidgets import QComboBox, QLineEdit  # decisions
from app.domain.city_decisions import CityDecisionKind  # decisions
from app.domain.periods import format_period, parse_period  # decisions
from app.services.city_decisions import (  # decisions
    branch_applications, branch_codes, decide_branch_write_off, decisions_made, reopen_branch_month,
)

NOTICE_WORDS = RECORD_WORDS["notice"]  # 催缴文书
_TABLES = ("write_off_applications", "write_off_decisions", "write_offs", "recoveries", "item_balances")


def _concerns(changes: Changes) -> bool:
    return changes.touches(*_TABLES)


def _table(model: RowTableModel, key: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    configure_table(table, key)
    return table


class WriteOffsPage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        can = lambda permission: may(actor.role, permission)  # noqa: E731
        self.tabs = QTabWidget()
        # -- items that qualify: more than three months overdue ------------------------------------------
        self.items_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Customer"), lambda q: f"{q.customer_code} {q.customer_name}",
                   width=240),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Voucher"), lambda q: q.voucher_no),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Due date"), lambda q: q.due_date.isoformat()),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Open"), lambda q: q.open_amount, money=True),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Already applied for"), lambda q: q.applied_for, money=True)],
            "WriteOffsPage", self, key=lambda q: q.item_id)
        self.items_table = _table(self.items_model, "write_offs/items")
        self.apply_button = QPushButton(self.tr("Apply for write-off..."))
        self.items_tab = items_tab = QWidget()  # kept: on no tab for those who cannot apply
        self.may_apply = can(Permission.APPLY_WRITE_OFF)
        items_layout = QVBoxLayout(items_tab)
        items_layout.addWidget(QLabel(self.tr("Open items more than three months overdue (telecom 7.7).")))
        items_layout.addWidget(self.items_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addStretch(1)
        items_layout.addLayout(row)
        if self.may_apply:
            self.tabs.addTab(items_tab, self.tr("Apply"))
        # -- applications waiting for a decision -----------------------------------------------------------
        self.apps_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "No."), lambda a: a.application_id),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Customer"), lambda a: a.customer, width=220),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Voucher"), lambda a: a.voucher_no),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Amount"), lambda a: a.amount, money=True),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Cause"), lambda a: word(a.cause.words), width=200),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Applied by"), lambda a: a.applied_by),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Applied on"), lambda a: a.applied_on.isoformat()),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Stage"), lambda a: word(a.stage_words))],
            "WriteOffsPage", self, key=lambda a: a.application_id)
        self.apps_table = _table(self.apps_model, "write_offs/applications")
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(170)
        self.review_button = QPushButton(self.tr("Reviewed"))
        self.review_button.setVisible(can(Permission.REVIEW_WRITE_OFF))
        self.approve_button = QPushButton(self.tr("Approve write-off"))
        self.approve_button.setVisible(can(Permission.APPROVE_WRITE_OFF))
        self.reject_button = QPushButton(self.tr("Reject..."))
        self.reject_button.setVisible(can(Permission.APPROVE_WRITE_OFF) or can(Permission.REVIEW_WRITE_OFF))
        self.withdraw_button = QPushButton(self.tr("Withdraw..."))
        self.withdraw_button.setVisible(can(Permission.APPLY_WRITE_OFF))
        self.open_file_button = QPushButton(self.tr("Save evidence file..."))
        apps_tab = QWidget()
        apps_layout = QVBoxLayout(apps_tab)
        apps_layout.addWidget(self.apps_table, 1)
        decision = QGroupBox(self.tr("The selected application"))
        decision_layout = QVBoxLayout(decision)
        decision_layout.addWidget(self.details)
        buttons = QHBoxLayout()
        for button in (self.review_button, self.approve_button, self.reject_button, self.withdraw_button,
                       self.open_file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        decision_layout.addLayout(buttons)
        apps_layout.addWidget(decision)
        self.tabs.addTab(apps_tab, self.tr("Applications"))
        # -- 账销案存 register --------------------------------------------------------------------------------
        self.register_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Written off on"), lambda r: r.written_off_on.isoformat()),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Customer"), lambda r: r.customer, width=220),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Voucher"), lambda r: r.voucher_no),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Handler"), lambda r: r.handler),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Cause"),
                   lambda r: r.cause if isinstance(r.cause, str) else word(r.cause), width=200),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Applied by"), lambda r: r.applied_by),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Reviewed by"), lambda r: r.reviewed_by),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Approved by"), lambda r: r.approved_by),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Written off"), lambda r: r.amount, money=True),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Recovered"), lambda r: r.recovered, money=True),
            Column(QT_TRANSLATE_NOOP("WriteOffsPage", "Still out"), lambda r: r.still_out, money=True)],
            "WriteOffsPage", self, key=lambda r: r.write_off_id)
        self.register_table = _table(self.register_model, "write_offs/register")
        self.recover_button = QPushButton(self.tr("Record money recovered..."))
        self.recover_button.setVisible(can(Permission.RECORD_REPAYMENT))
        self.export_button = QPushButton(self.tr("Export..."))
        register_tab = QWidget()
        register_layout = QVBoxLayout(register_tab)
        register_layout.addWidget(QLabel(self.tr("Written-off debts stay on record and may still be recovered "
                                                 "(postal 18(3)).")))
        register_layout.addWidget(self.register_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.recover_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        register_layout.addLayout(row)
        self.tabs.addTab(register_tab, self.tr("Written-off register"))
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        self.apply_button.clicked.connect(self.apply_selected)
        self.apps_table.selectionModel().selectionChanged.connect(lambda *_: self._fill())
        self.review_button.clicked.connect(lambda: self._decide(review_write_off))
        self.approve_button.clicked.connect(lambda: self._decide(approve_write_off))
        self.reject_button.clicked.connect(lambda: self._with_reason(reject_write_off, self.tr("Reject the application")))
        self.withdraw_button.clicked.connect(lambda: self._with_reason(withdraw_write_off,
                                                                      self.tr("Withdraw the application")))
        self.open_file_button.clicked.connect(self.save_evidence)
        self.recover_button.clicked.connect(self.recover_selected)
        self.export_button.clicked.connect(self.export_register)
        follow(self, changes, _concerns, lambda: self.reload(keep_place=True))
        self.reload()

    # -- loading ------------------------------------------------------------------------------------------
    def reload(self, *, keep_place: bool = False) -> None:
        data = ((self.items_model, self.items_table,
                 qualifying_items(self.desk, self.actor) if self.may_apply else []),
                (self.apps_model, self.apps_table, applications(self.desk, self.actor)),
                (self.register_model, self.register_table, register(self.desk, self.actor)))
        for model, table, rows in data:
            if keep_place:
                model.refill(rows, table)
            else:
                model.set_rows(rows)
        self._fill()

    def selected_application(self):
        return self.apps_model.selected(self.apps_table)

    def _fill(self) -> None:
        """The selected application in words: cause, facts, files and their hashes, the collection record
        it carries, its decisions; the buttons that apply to where it stands."""
        chosen = self.selected_application()
        idle = not writing(self)
        info = None if chosen is None else application(self.desk, self.actor, chosen.application_id)
        self.shown = info
        stage = None if info is None else info.stage
        self.review_button.setEnabled(idle and stage is Stage.AWAITING_REVIEW)
        at_city = info is not None and info.awaiting_city  # decisions: finance at the city office decides it
        self.approve_button.setEnabled(idle and stage is Stage.AWAITING_APPROVAL and not at_city)
        self.reject_button.setEnabled(idle and stage is not None and stage.open and not at_city)
        self.withdraw_button.setEnabled(idle and info is not None and stage.open
                                        and info.applied_by_id == self.actor.user_id)
        self.open_file_button.setEnabled(info is not None and bool(info.evidence))
        if info is None:
            self.details.setPlainText(self.tr("Select an application in the list to see its evidence and decide."))
            return
        lines = [f"{word(info.cause.words)}：{info.reason}"]
        lines += [f"{word(Fact(k).words)}：{v}" for k, v in sorted(info.facts.items())]
        scan = self.tr("Scan")
        lines += [f"{scan}：{f.file_name}  SHA-256 {f.sha256}" for f in info.evidence]
        lines.append(self.tr("Collection record when applied: %1 entries").replace("%1", str(len(info.history))))
        notice = word(NOTICE_WORDS)
        lines += [f"  {day}  {word(Channel(what).words)}：{said}" if kind == "record" else f"  {day}  {notice} {what}"
                  for kind, day, what, said in info.history]
        lines += [f"{d.decided_on}  {word(DecisionKind(d.kind).words)}  {d.decided_by}  {d.reason}".rstrip()
                  for d in info.decisions]
        if at_city:
            lines.append(self.tr("Sent up with the data exchange: finance at the city office approves or rejects it; "
                                 "the write-off is booked here when the decision arrives."))
        self.details.setPlainText("\n".join(lines))

    # -- actions ------------------------------------------------------------------------------------------------
    def apply_selected(self) -> None:
        item = self.items_model.selected(self.items_table)
        if item is None:
            self.error.setText(self.tr("Select an item first."))
            return
        dialog = WriteOffDialog(self.desk, self.actor, item.item_id, item.voucher_no,
                                item.open_amount - item.applied_for, self)
        if dialog.exec():
            self.error.clear()

    def _decide(self, use_case) -> None:
        info = self.shown
        if info is None:
            return
        self._run(use_case, info.application_id)

    def _with_reason(self, use_case, title: str) -> None:
        info = self.shown
        if info is None:
            return
        reason = ReasonDialog.ask(title, f"{info.customer}  {info.voucher_no}  {format_fen(info.amount)}", self)
        if reason:
            self._run(use_case, info.application_id, reason)

    def _run(self, use_case, *args) -> None:
        run_write(self, use_case, self.desk, self.actor, *args,
                  busy=(self.review_button, self.approve_button, self.reject_button, self.withdraw_button),
                  on_success=lambda _result: (self.error.clear(), self._fill()),
                  on_failure=lambda error: (self.error.setText(error_text(error)), self._fill()))

    def save_evidence(self) -> None:
        """A scan as kept (checked against its recorded SHA-256 first), saved where the user says."""
        from app.services.writeoffs import evidence_file
        info = self.shown
        if info is None or not info.evidence:
            return
        chosen = info.evidence[0]
        if len(info.evidence) > 1:
            names = [f"{f.evidence_id}: {f.file_name}" for f in info.evidence]
            name, ok = QInputDialog.getItem(self, self.tr("Evidence file"), self.tr("File"), names, 0, False)
            if not ok:
                return
            chosen = info.evidence[names.index(name)]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save evidence file"), chosen.file_name)
        if path:
            try:
                with open(path, "wb") as out:
                    out.write(evidence_file(self.desk, self.actor, chosen.evidence_id).content)
            except (DomainError, OSError) as error:
                self.error.setText(error_text(error) if isinstance(error, DomainError) else str(error))

    def recover_selected(self) -> None:
        line = self.register_model.selected(self.register_table)
        if line is None:
            self.error.setText(self.tr("Select a written-off debt first."))
            return
        text, ok = QInputDialog.getText(self, self.tr("Money recovered"),
                                        self.tr("Amount recovered on %1 (yuan), received today:").replace(
                                            "%1", line.voucher_no), text=format_fen(line.still_out))
        if not ok:
            return
        receipt, ok = QInputDialog.getText(self, self.tr("Money recovered"), self.tr("Receipt number:"))
        if not ok:
            return
        try:
            amount = parse_amount(text)
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        self.record_recovery(line.item_id, amount, receipt)

    def record_recovery(self, item_id: int, amount: int, receipt: str) -> None:
        run_write(self, record_recovery, self.desk, self.actor, item_id, amount, method="cash", receipt_no=receipt,
                  busy=(self.recover_button,), on_success=lambda _r: self.error.clear(),
                  on_failure=lambda error: self.error.setText(error_text(error)))

    def export_register(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the register"), "register.xlsx",
                                              "Excel (*.xlsx);;PDF (*.pdf)")
        if path:
            self.write_register(path)

    def write_register(self, path: str) -> None:
        try:
            report = reports.build(self.desk, self.actor, ReportRequest(ReportKind.WRITE_OFFS))
            reports.write_report(self.desk, report, path)
        except DomainError as error:
            self.error.setText(error_text(error))




# -- the city office: decisions on the branches' applications (decisions) -----------------------------------

class CityWriteOffsPage(QWidget):
    """坏账核销 at the city office: the branches' applications (where their finance sits here) to approve,
    reject or review; the decisions sent down and what each branch did with them; a branch's month reopened.
    Nothing is booked here: each decision goes down with the next export and the branch books it."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        can = lambda permission: may(actor.role, permission)  # noqa: E731
        self.tabs = QTabWidget()
        self.apps_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Branch"), lambda r: r.branch),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "No."), lambda r: r.info.application_id),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Customer"), lambda r: r.info.customer, width=220),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Voucher"), lambda r: r.info.voucher_no),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Amount"), lambda r: r.info.amount, money=True),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Cause"), lambda r: word(r.info.cause.words), width=200),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Applied by"), lambda r: "/".join(r.applicant)),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Applied on"), lambda r: r.info.applied_on.isoformat()),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Stage"), lambda r: word(r.stage_words))],
            "CityWriteOffsPage", self, key=lambda r: (r.branch, r.info.application_id))
        self.apps_table = _table(self.apps_model, "city_write_offs/applications")
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(130)
        self.review_button = QPushButton(self.tr("Reviewed"))
        self.review_button.setVisible(can(Permission.REVIEW_WRITE_OFF))
        self.approve_button = QPushButton(self.tr("Approve write-off"))
        self.approve_button.setVisible(can(Permission.APPROVE_WRITE_OFF))
        self.reject_button = QPushButton(self.tr("Reject..."))
        self.reject_button.setVisible(can(Permission.APPROVE_WRITE_OFF) or can(Permission.REVIEW_WRITE_OFF))
        apps_tab = QWidget()
        apps_layout = QVBoxLayout(apps_tab)
        apps_layout.addWidget(QLabel(self.tr("Applications of the branches whose finance sits at the city office. "
                                             "A decision goes down with the next export; the branch books it.")))
        apps_layout.addWidget(self.apps_table, 1)
        box = QGroupBox(self.tr("The selected application"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.details)
        buttons = QHBoxLayout()
        for button in (self.review_button, self.approve_button, self.reject_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box_layout.addLayout(buttons)
        apps_layout.addWidget(box)
        self.tabs.addTab(apps_tab, self.tr("Branch applications"))
        self.made_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Decided on"), lambda m: m.decided_on.isoformat()),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Branch"), lambda m: m.branch),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Decision"), lambda m: word(m.kind.words), width=220),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Application or month"), lambda m: m.subject),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Amount"), lambda m: m.amount or 0, money=True),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Credit period / cycle"), self._credit_terms, width=170),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Decided by"), lambda m: m.decided_by),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "Reason"), lambda m: m.reason, width=160),
            Column(QT_TRANSLATE_NOOP("CityWriteOffsPage", "At the branch"),
                   lambda m: word(m.outcome.words) + (f"：{error_text(m.refusal)}" if m.refusal else ""), width=360)],
            "CityWriteOffsPage", self)
        self.made_table = _table(self.made_model, "city_write_offs/decisions")
        made_tab = QWidget()
        made_layout = QVBoxLayout(made_tab)
        made_layout.addWidget(self.made_table, 1)
        # 反结账 of a branch's month (postal 22), ordered here and recorded at the branch
        self.month_branch = QComboBox()
        self.month_period = QLineEdit()
        self.month_period.setPlaceholderText("YYYY-MM")
        self.month_period.setMaximumWidth(110)
        self.reopen_button = QPushButton(self.tr("Reopen the branch's month..."))
        month_row = QHBoxLayout()
        month_row.addWidget(QLabel(self.tr("Branch")))
        month_row.addWidget(self.month_branch)
        month_row.addWidget(QLabel(self.tr("Month")))
        month_row.addWidget(self.month_period)
        month_row.addWidget(self.reopen_button)
        month_row.addStretch(1)
        if can(Permission.CLOSE_MONTH):
            made_layout.addLayout(month_row)
        self.tabs.addTab(made_tab, self.tr("Decisions sent down"))
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        self.apps_table.selectionModel().selectionChanged.connect(lambda *_: self._fill())
        self.review_button.clicked.connect(lambda: self._decide(CityDecisionKind.WRITE_OFF_REVIEW))
        self.approve_button.clicked.connect(lambda: self._decide(CityDecisionKind.WRITE_OFF_APPROVE))
        self.reject_button.clicked.connect(self._reject)
        self.reopen_button.clicked.connect(self.reopen_month)
        follow(self, changes, lambda c: c.touches("city_decisions", "exchange_packages"), self.reload)
        self.reload()

    def _credit_terms(self, made) -> str:
        """A credit approval's credit period (信用期) and settlement cycle (结算周期) as granted; blank otherwise."""
        if made.kind is not CityDecisionKind.CREDIT_APPROVE:
            return ""
        if made.credit_period_days is None and made.settlement_cycle_months is None:
            return self.tr("as applied for")
        days = (self.tr("as applied for") if made.credit_period_days is None
                else self.tr("%1 days").replace("%1", str(made.credit_period_days)))
        cycle = (self.tr("as applied for") if made.settlement_cycle_months is None
                 else self.tr("%1 months").replace("%1", str(made.settlement_cycle_months)))
        return f"{days} / {cycle}"

    def reload(self) -> None:
        self.apps_model.refill(branch_applications(self.desk, self.actor), self.apps_table)
        self.made_model.set_rows(decisions_made(self.desk, self.actor))
        chosen = self.month_branch.currentText()
        self.month_branch.clear()
        self.month_branch.addItems(branch_codes(self.desk))
        if chosen:
            self.month_branch.setCurrentText(chosen)
        self._fill()

    def selected(self):
        return self.apps_model.selected(self.apps_table)

    def _fill(self) -> None:
        row = self.selected()
        idle = not writing(self)
        stage = None if row is None else row.stage
        self.review_button.setEnabled(idle and stage is Stage.AWAITING_REVIEW)
        self.approve_button.setEnabled(idle and stage is Stage.AWAITING_APPROVAL)
        self.reject_button.setEnabled(idle and stage is not None and stage.open)
        if row is None:
            self.details.setPlainText(self.tr("Select an application in the list to see it and decide."))
            return
        info = row.info
        lines = [f"{row.branch}  #{info.application_id}  {info.customer}  {info.voucher_no}  {format_fen(info.amount)}",
                 f"{word(info.cause.words)}：{info.reason}"]
        lines += [f"{word(Fact(k).words)}：{v}" for k, v in sorted(info.facts.items())]
        lines += [f"{d.decided_on}  {word(DecisionKind(d.kind).words)}  {d.decided_by}  {d.reason}".rstrip()
                  for d in info.decisions]
        if row.pending is not None:
            on_its_way = self.tr("(on its way to the branch)")
            lines.append(f"{word(row.pending.words)}  {on_its_way}")
        self.details.setPlainText("\n".join(lines))

    def _decide(self, kind, text: str = "") -> None:
        row = self.selected()
        if row is None:
            return
        run_write(self, decide_branch_write_off, self.desk, self.actor, row.branch, row.info.application_id, kind, text,
                  busy=(self.review_button, self.approve_button, self.reject_button),
                  on_success=lambda _r: (self.error.clear(), self.reload()),
                  on_failure=lambda error: (self.error.setText(error_text(error)), self._fill()))

    def _reject(self) -> None:
        row = self.selected()
        if row is None:
            return
        reason = ReasonDialog.ask(self.tr("Reject the application"),
                                  f"{row.branch}  {row.info.customer}  {row.info.voucher_no}  {format_fen(row.info.amount)}",
                                  self)
        if reason:
            self._decide(CityDecisionKind.WRITE_OFF_REJECT, reason)

    def reopen_month(self, reason: str | None = None) -> None:
        branch = self.month_branch.currentText()
        try:
            period = parse_period(self.month_period.text())
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        if not branch:
            return
        if not reason:
            reason = ReasonDialog.ask(self.tr("Reopen the branch's month"), f"{branch}  {format_period(period)}", self)
        if reason:
            run_write(self, reopen_branch_month, self.desk, self.actor, branch, period, reason,
                      busy=(self.reopen_button,),
                      on_success=lambda _r: (self.error.clear(), self.reload()),
                      on_failure=lambda error: self.error.setText(error_text(error)))
