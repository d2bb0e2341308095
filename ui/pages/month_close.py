"""月结 (finance, postal 22): every month with its state, who closed or reopened it and when; for the chosen
month the movement table totals and the reconciliation with finance and the business systems as they stand
now; closing it (with finance's explanation when it is not reconciled) and reopening the latest closed month
with a reason. The rules are app/domain/closing.py; the refusals come back in their words."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.domain.closing import CLOSING_WORDS, MONTH_OPEN, ClosingKind, gap_words
from app.domain.money import format_fen
from app.domain.periods import format_period
from app.services.closing import MonthCheck, MonthState, close_month, list_months, month_check, reopen_month
from app.services.context import Actor, Desk
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import show_success
from ui.tasks import Task, run_write
from ui.widgets import error_label
from ui.words import clauses, said, word


def _state(m: MonthState) -> str:
    return word(CLOSING_WORDS[ClosingKind.CLOSE] if m.closed else MONTH_OPEN)


def _gaps(m: MonthState) -> str:
    if not m.closed or m.record is None:
        return ""
    return clauses(said(gap_words(g)) for g in m.gaps if not g.reconciled)


class MonthClosePage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.check: MonthCheck | None = None
        self._checking: Task | None = None
        rule = QLabel(self.tr("A month is closed once it is reconciled with finance and the business systems. "
                              "Nothing can be dated in a closed month afterwards: a correction goes into the open "
                              "month, dated the day it is made. Only the latest closed month can be reopened, "
                              "with a reason."))
        rule.setWordWrap(True)
        self.model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("MonthClosePage", "Month"), lambda m: format_period(m.period)),
            Column(QT_TRANSLATE_NOOP("MonthClosePage", "State"), _state),
            Column(QT_TRANSLATE_NOOP("MonthClosePage", "Closing balance"),
                   lambda m: m.record.closing if m.closed and m.record is not None else None, money=True),
            Column(QT_TRANSLATE_NOOP("MonthClosePage", "By"), lambda m: m.record.recorded_by if m.record else ""),
            Column(QT_TRANSLATE_NOOP("MonthClosePage", "At"),
                   lambda m: m.record.recorded_at.strftime("%Y-%m-%d %H:%M") if m.record else ""),
            Column(QT_TRANSLATE_NOOP("MonthClosePage", "Reconciliation at the close"), _gaps, width=220),
            Column(QT_TRANSLATE_NOOP("MonthClosePage", "Explanation or reason"),
                   lambda m: m.record.reason if m.record else "", width=260)],
            "MonthClosePage", self, key=lambda m: m.period)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        configure_table(self.table, "month_close")
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.reconciliation = QLabel()
        self.reconciliation.setWordWrap(True)
        self.explanation = QLineEdit()
        self.explanation.setPlaceholderText(self.tr("Needed when the month is not reconciled: why it differs"))
        self.close_button = QPushButton(self.tr("Close the month"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why the month is reopened"))
        self.reopen_button = QPushButton(self.tr("Reopen the month"))
        self.note = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Movement"), self.figures)
        form.addRow(self.tr("Reconciliation"), self.reconciliation)
        row = QHBoxLayout()
        row.addWidget(self.explanation, 1)
        row.addWidget(self.close_button)
        form.addRow(self.tr("Explanation"), row)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.reopen_button)
        form.addRow(self.tr("Reason"), row)
        form.addRow("", self.note)
        self.chosen = QGroupBox(self.tr("The chosen month"))
        self.chosen.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chosen)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._chosen_changed())
        self.close_button.clicked.connect(self.close_chosen)
        self.reopen_button.clicked.connect(self.reopen_chosen)
        self.reload()

    def month(self) -> MonthState | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def reload(self, keep: int | None = None) -> None:
        months = list_months(self.desk, self.actor)
        self.model.set_rows(months)
        chosen = next((n for n, m in enumerate(months) if m.period == keep), None)
        if chosen is None:  # the next month to close, else the newest
            chosen = next((n for n, m in enumerate(months) if m.closable), 0 if months else None)
        if chosen is not None:
            self.table.selectRow(chosen)
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        m = self.month()
        self.close_button.setEnabled(m is not None and m.closable)
        self.explanation.setEnabled(m is not None and m.closable)
        self.reopen_button.setEnabled(m is not None and m.reopenable)
        self.reason.setEnabled(m is not None and m.reopenable)
        self.check = None
        self.figures.setText(self.tr("Working it out..."))
        self.reconciliation.clear()
        if m is None:
            self.figures.clear()
            return
        task = self._checking = Task(month_check, self.desk, self.actor, m.period, parent=self)
        task.succeeded.connect(lambda check, t=task: self._show_check(check) if t is self._checking else None)
        task.failed.connect(lambda error, t=task: self.figures.setText(error_text(error))
                            if t is self._checking else None)
        task.start()

    def _show_check(self, check: MonthCheck) -> None:
        self.check = check
        f = check.figures
        self.figures.setText(self.tr("opening %1 + incurred %2 - collected %3 - written off %4 - reversed %5 = "
                                     "closing %6").replace("%1", format_fen(f.opening))
                             .replace("%2", format_fen(f.incurred)).replace("%3", format_fen(f.collected))
                             .replace("%4", format_fen(f.written_off)).replace("%5", format_fen(f.reversed))
                             .replace("%6", format_fen(f.closing)))
        differing = [said(gap_words(g)) for g in check.gaps if not g.reconciled]
        self.reconciliation.setText(clauses(differing) if differing else self.tr("Reconciled with finance and "
                                                                                  "the business systems"))

    def close_chosen(self) -> None:
        m = self.month()
        if m is None:
            return
        self.note.clear()
        run_write(self, close_month, self.desk, self.actor, m.period, self.explanation.text(),
                  busy=(self.close_button,), on_success=lambda _check: self._done(m.period, self.tr("Closed.")),
                  on_failure=lambda error: self.note.setText(error_text(error)))

    def reopen_chosen(self) -> None:
        m = self.month()
        if m is None:
            return
        self.note.clear()
        run_write(self, reopen_month, self.desk, self.actor, m.period, self.reason.text(),
                  busy=(self.reopen_button,), on_success=lambda _r: self._done(m.period, self.tr("Reopened.")),
                  on_failure=lambda error: self.note.setText(error_text(error)))

    def _done(self, period: int, text: str) -> None:
        self.explanation.clear()
        self.reason.clear()
        self.reload(keep=period)
        show_success(self.note, text)
