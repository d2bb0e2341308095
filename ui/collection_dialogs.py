"""Dialogs of the collection desk: a contact (催收记录), a ladder decision, notices and statements
(off the GUI thread, with progress and cancel), and the return of a reply slip."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QMessageBox, QPushButton, QRadioButton, QTextBrowser, QVBoxLayout, QWidget,
)

from app.domain.collection import Channel, ReplyAnswer
from app.domain.errors import DomainError
from app.domain.money import format_fen, parse_amount
from app.services.collection import ContactInput, QueueRow, collection_file, decide_step, record_contact
from app.services.context import Actor, Cancelled, Desk
from app.services.documents import issue_notices, issue_statement, record_reply
from ui.messages import error_text
from ui.pdf_print import open_with_system_viewer, preview_and_print
from ui.style import show_plain
from ui.tasks import run_with_progress, run_write
from ui.widgets import WriteDialog, date_edit, error_label, ok_cancel, pydate
from ui.words import clauses, contact_result, labelled, listed, said, step_text, word

STEP_EFFECT = {
    "remind": QT_TRANSLATE_NOOP("Collection", "Record that the customer is to be reminded (SMS, phone or mail)."),
    "notice": QT_TRANSLATE_NOOP("Collection", "Record that a written collection notice is to be issued."),
    "suspend": QT_TRANSLATE_NOOP("Collection", "The customer's credit is suspended: no new arrears until the "
                                               "overdue items are cleared (then it is restored automatically)."),
    "blacklist": QT_TRANSLATE_NOOP("Collection", "The agreement ends and the customer is blacklisted; a new "
                                                 "agreement needs marketing to review this history."),
    "legal": QT_TRANSLATE_NOOP("Collection", "Record that the debt goes to legal action or a collection agency."),
}


def tr(text: str) -> str:
    """For texts marked with QT_TRANSLATE_NOOP("Collection", …)."""
    return QCoreApplication.translate("Collection", text)


def _show_error(dialog: QDialog) -> Callable[[Exception], None]:
    return lambda error: dialog.error.setText(error_text(error))


class ContactDialog(WriteDialog):
    """催收记录: date, channel, who, result, promised pay date and amount, next follow-up."""

    def __init__(self, desk: Desk, actor: Actor, row: QueueRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.row = desk, actor, row
        self.setWindowTitle(self.tr("Collection record: %1").replace("%1", row.name))
        today = desk.clock.today()
        self.contacted_on = date_edit(today)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(word(channel.words), channel.value)
        self.result_text = QLineEdit()
        self.result_text.setPlaceholderText(self.tr("What was said or agreed (required)"))
        self.promised = QCheckBox(self.tr("Promised to pay by"))
        self.promised_on = date_edit(today)
        self.promised_amount = QLineEdit()
        self.promised_amount.setPlaceholderText(self.tr("Amount promised (optional)"))
        self.follow = QCheckBox(self.tr("Next follow-up"))
        self.follow_up = date_edit(today)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.contacted_on)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Result"), self.result_text)
        promise = QHBoxLayout()
        promise.addWidget(self.promised_on)
        promise.addWidget(self.promised_amount)
        form.addRow(self.promised, promise)
        form.addRow(self.follow, self.follow_up)
        info = QLabel(self.tr("Overdue %1 in %2 item(s), oldest %3 days.").replace("%1", format_fen(row.overdue))
                      .replace("%2", str(row.overdue_items)).replace("%3", str(row.days_overdue)))
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self.tr("Save"), self.tr("Cancel"), self.save, self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    def save(self) -> None:
        try:
            amount = None
            if self.promised.isChecked() and self.promised_amount.text().strip():
                amount = parse_amount(self.promised_amount.text())
        except DomainError as error:
            self.error.setText(error_text(error))
            return
        run_write(self, record_contact, self.desk, self.actor, ContactInput(
            self.row.customer_id, pydate(self.contacted_on), self.channel.currentData(), self.result_text.text(),
            promised_on=pydate(self.promised_on) if self.promised.isChecked() else None,
            promised_amount=amount,
            next_follow_up=pydate(self.follow_up) if self.follow.isChecked() else None),
            busy=(self.buttons,), on_success=lambda _id: self.accept(), on_failure=_show_error(self))


class StepDialog(WriteDialog):
    """A ladder step is a proposal: the person confirms it, or declines it with a reason."""

    def __init__(self, desk: Desk, actor: Actor, row: QueueRow, *, confirm: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.row, self.confirm_step = desk, actor, row, confirm
        step = row.pending_step
        title = self.tr("Confirm %1") if confirm else self.tr("Decline %1")
        self.setWindowTitle(title.replace("%1", step_text(step.number, step.action)))
        facts = (self.tr("%1: overdue %2, oldest item %3 days past due.").replace("%1", row.name)
                 .replace("%2", format_fen(row.overdue)).replace("%3", str(row.days_overdue)))
        effect = tr(STEP_EFFECT[step.action.value]) if confirm else self.tr(
            "The step is not taken now; it is not proposed again in this overdue spell. Say why.")
        label = QLabel(f"{facts}\n\n{effect}")
        label.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note") if confirm else self.tr("Reason (required)"))
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self.tr("Confirm") if confirm else self.tr("Decline"), self.tr("Cancel"),
                                 self.save, self.reject)
        layout.addWidget(self.buttons)
        self.resize(480, 220)

    def save(self) -> None:
        run_write(self, decide_step, self.desk, self.actor, self.row.customer_id, self.row.pending_step.number,
                  confirm=self.confirm_step, note=self.note.text(), busy=(self.buttons,),
                  on_success=lambda _result: self.accept(), on_failure=_show_error(self))


class NoticeDialog(QDialog):
    """催缴通知书 for the chosen customers: one PDF or one per customer; print preview or open after."""

    def __init__(self, desk: Desk, actor: Actor, rows: list[QueueRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.rows = desk, actor, rows
        self.setWindowTitle(self.tr("Collection notices"))
        names = listed(r.name for r in rows[:5]) + (self.tr(" and %1 more").replace("%1", str(len(rows) - 5))
                                                       if len(rows) > 5 else "")
        summary = QLabel(self.tr("%1 customer(s): %2").replace("%1", str(len(rows))).replace("%2", names))
        summary.setWordWrap(True)
        self.as_of = date_edit(desk.clock.today())
        self.one_file = QRadioButton(self.tr("One PDF for all"))
        self.per_customer = QRadioButton(self.tr("One PDF per customer (in a folder)"))
        self.one_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one_file)
        group.addButton(self.per_customer)
        folder = Path(str(QSettings().value("documents/folder", str(Path.home()))))
        self.out = QLineEdit(str(folder / self.tr("Collection notices_%1.pdf").replace("%1", f"{desk.clock.today():%Y%m%d}")))
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self.browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Notice date"), self.as_of)
        form.addRow(self.one_file)
        form.addRow(self.per_customer)
        form.addRow(self.tr("Save to"), out_row)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Each notice is numbered and recorded as a written collection record.")))
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self.tr("Issue"), self.tr("Cancel"), self.issue, self.reject))
        self.resize(620, 280)
        self.per_customer.toggled.connect(self._path_kind)

    def _path_kind(self, per_customer: bool) -> None:
        path = Path(self.out.text())
        self.out.setText(str(path.with_suffix("") if per_customer else path.with_suffix(".pdf")))

    def browse(self) -> None:
        if self.per_customer.isChecked():
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the notices"), self.out.text())
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save notices as"), self.out.text(), "PDF (*.pdf)")
        if chosen:
            self.out.setText(chosen)

    def issue(self) -> None:
        out = Path(self.out.text().strip())
        if not self.out.text().strip():
            self.error.setText(self.tr("Choose where to save the notices."))
            return
        QSettings().setValue("documents/folder", str(out.parent if not self.per_customer.isChecked() else out.parent))
        self.error.clear()
        run_with_progress(self, self.tr("Issuing notices..."), len(self.rows), issue_notices, self.desk, self.actor,
                          [r.customer_id for r in self.rows], as_of=pydate(self.as_of), out=out,
                          per_customer=self.per_customer.isChecked(), on_done=self._done)

    def _done(self, result, error) -> None:
        if isinstance(error, Cancelled):
            show_plain(self.error, self.tr("Cancelled: no notice was issued and no file was written."))
            return
        if error is not None:
            self.error.setText(error_text(error))
            return
        self.accept()
        offer_document(self.parentWidget(), result.files, self.tr("%1 notice(s) issued, %2 page(s): %3 to %4.")
                       .replace("%1", str(len(result.numbers))).replace("%2", str(result.pages))
                       .replace("%3", result.numbers[0]).replace("%4", result.numbers[-1]))


def offer_document(parent: QWidget, files: list[Path], text: str) -> None:
    """Done: print (preview, printer, A4) or open the file."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Collection", "Documents"))
    box.setText(text + "\n" + "\n".join(str(f) for f in files[:5]) + ("\n…" if len(files) > 5 else ""))
    print_button = box.addButton(QCoreApplication.translate("Collection", "Print preview..."), QMessageBox.ButtonRole.AcceptRole) if len(files) == 1 else None
    open_button = box.addButton(QCoreApplication.translate("Collection", "Open file"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QCoreApplication.translate("Collection", "Close"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if print_button is not None and box.clickedButton() is print_button:
        preview_and_print(files[0], parent)
    elif box.clickedButton() is open_button:
        open_with_system_viewer(files[0] if len(files) == 1 else files[0].parent)


class StatementDialog(WriteDialog):
    """对账单 for one customer and period."""

    def __init__(self, desk: Desk, actor: Actor, customer_id: int, name: str, code: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor, self.customer_id = desk, actor, customer_id
        self.setWindowTitle(self.tr("Statement of account: %1").replace("%1", name))
        today = desk.clock.today()
        self.start = date_edit(date(today.year, 1, 1))
        self.end = date_edit(today)
        folder = Path(str(QSettings().value("documents/folder", str(Path.home()))))
        self.out = QLineEdit(str(folder / self.tr("Statement_%1_%2.pdf").replace("%1", code).replace("%2", f"{today:%Y%m%d}")))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("To"), self.end)
        form.addRow(self.tr("Save to"), self.out)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = ok_cancel(self.tr("Issue"), self.tr("Cancel"), self.issue, self.reject)
        self.issue_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.resize(560, 200)

    def issue(self) -> None:
        """One statement per click (not two numbers for one file), issued off the GUI thread."""
        out = Path(self.out.text().strip())
        run_write(self, issue_statement, self.desk, self.actor, self.customer_id, start=pydate(self.start),
                  end=pydate(self.end), out=out, busy=(self.issue_button,),
                  on_success=lambda number: self._done(number, out), on_failure=_show_error(self))

    def _done(self, number: str, out: Path) -> None:
        self.accept()
        offer_document(self.parentWidget(), [out], self.tr("Statement %1 issued.").replace("%1", number))


class ReplyDialog(WriteDialog):
    """回执 came back: which notice, when, and what the customer ticked."""

    def __init__(self, desk: Desk, actor: Actor, numbers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.setWindowTitle(self.tr("Reply slip received"))
        self.number = QComboBox()
        self.number.setEditable(True)
        self.number.addItems(numbers)
        self.received_on = date_edit(desk.clock.today())
        self.no_dispute = QRadioButton(word(ReplyAnswer.NO_DISPUTE.words))
        self.dispute = QRadioButton(word(ReplyAnswer.DISPUTE.words))
        self.no_dispute.setChecked(True)
        answers = QHBoxLayout()
        answers.addWidget(self.no_dispute)
        answers.addWidget(self.dispute)
        self.note = QLineEdit()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Notice number"), self.number)
        form.addRow(self.tr("Received on"), self.received_on)
        form.addRow(self.tr("Answer"), answers)
        form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self.tr("Save"), self.tr("Cancel"), self.save, self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        answer = ReplyAnswer.DISPUTE if self.dispute.isChecked() else ReplyAnswer.NO_DISPUTE
        run_write(self, record_reply, self.desk, self.actor, self.number.currentText(),
                  received_on=pydate(self.received_on), answer=answer.value, note=self.note.text(),
                  busy=(self.buttons,), on_success=lambda _result: self.accept(), on_failure=_show_error(self))


class HistoryDialog(QDialog):
    """催收历史: what a blacklisted customer owed and what collection did, for the approver to read
    before a new agreement; approving needs the tick that says it was read."""

    def __init__(self, desk: Desk, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = collection_file(desk, actor, customer_id)
        self.setWindowTitle(self.tr("History of %1").replace("%1", f.name))
        lines = [f"<h3>{escape(f.name)}</h3>",
                 self.tr("Open items: %1, open %2; disputed: %3.").replace("%1", str(len(f.items)))
                 .replace("%2", format_fen(sum(i.open_amount for i in f.items)))
                 .replace("%3", str(sum(1 for i in f.items if i.dispute_id is not None)))]
        confirmed = QCoreApplication.translate("Collection", "Confirmed")
        declined = QCoreApplication.translate("Collection", "Declined")
        lines.append("<h4>" + self.tr("Escalation decisions") + "</h4><ul>")
        lines += [f"<li>{e.decided_on} {step_text(e.step, e.action)} — "
                  + clauses([confirmed if e.decision == 'confirmed' else declined, escape(e.decided_by),
                             format_fen(e.overdue_amount), escape(e.note)]) + "</li>" for e in f.escalations] or ["<li>—</li>"]
        lines.append("</ul><h4>" + self.tr("Collection records") + "</h4><ul>")
        lines += ["<li>" + labelled(f"{c.contacted_on} {word(Channel(c.channel).words)} {escape(c.handler)}",
                                    escape(contact_result(c))) + "</li>"
                  for c in f.contacts[:100]] or ["<li>—</li>"]
        lines.append("</ul><h4>" + self.tr("Notices and statements") + "</h4><ul>")
        lines += [f"<li>{n.as_of} {n.number} {format_fen(n.total)} {said(n.reply) if n.reply else ''}</li>" for n in f.notices] \
            or ["<li>—</li>"]
        lines.append("</ul>")
        browser = QTextBrowser()
        browser.setHtml("".join(lines))
        self.reviewed = QCheckBox(self.tr("I have reviewed this customer's arrears and collection history"))
        self.buttons = ok_cancel(self.tr("Approve"), self.tr("Cancel"), self._approve, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser, 1)
        layout.addWidget(self.reviewed)
        layout.addWidget(self.buttons)
        self.error = error_label()
        layout.addWidget(self.error)
        self.resize(700, 560)

    def _approve(self) -> None:
        if not self.reviewed.isChecked():
            self.error.setText(self.tr("Tick the box to say you have reviewed the history."))
            return
        self.accept()

