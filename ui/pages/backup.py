"""系统设置 > 备份 (branch head, administrator): where the copies go (a USB drive, another disk), how long
they are kept, the copies there, a copy now, and restoring one. A restore is checked first (SQLite's
integrity check and every ``verify`` check); the main window then closes every screen, the database lets
go of its file, the copy takes its place (the replaced file is kept beside it) and everyone signs in
again (ui/main.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox,
    QTableView, QVBoxLayout, QWidget,
)

from app.domain.errors import DomainError
from app.services.backup import (
    KEEP_DAYS_RANGE, BackupFile, backup_database, backup_status, check_backup, set_backup_settings,
)
from app.services.context import Actor, Cancelled, Desk
from ui.icons import icon
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import show_success
from ui.tasks import run_with_progress, run_write
from ui.widgets import error_label


def size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size // 1024, 1)} KB"


class BackupPage(QWidget):
    restore_requested = Signal(object)  # the checked copy (Path): the main window closes and restores it

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("Empty: a 'backups' folder beside the database"))
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._choose_folder)
        self.browse_button = browse
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.keep_days = QSpinBox()
        self.keep_days.setRange(*KEEP_DAYS_RANGE)
        self.keep_days.setSuffix(self.tr(" days"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setIcon(icon("save"))
        self.settings_note = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Backup folder"), row)
        form.addRow(self.tr("Keep copies for"), self.keep_days)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.settings_note, 1)
        form.addRow("", buttons)
        automatic = QLabel(self.tr("A copy is made automatically when the program starts (if the last one is a "
                                   "day old) and when it closes; older copies go after the days kept, the newest "
                                   "always stays."))
        automatic.setWordWrap(True)
        form.addRow("", automatic)
        where = QGroupBox(self.tr("Where copies go"))
        where.setLayout(form)
        self.model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("BackupPage", "Made at"), lambda b: b.made_at.strftime("%Y-%m-%d %H:%M:%S"),
                   width=160),
            Column(QT_TRANSLATE_NOOP("BackupPage", "Size"), lambda b: size_text(b.size), width=90),
            Column(QT_TRANSLATE_NOOP("BackupPage", "File"), lambda b: b.path.name, width=260)],
            "BackupPage", self, key=lambda b: str(b.path))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        configure_table(self.table, "backups")
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setIcon(icon("back_up"))
        self.restore_button = QPushButton(self.tr("Restore from backup..."))
        self.restore_button.setIcon(icon("restore"))
        self.restore_button.setToolTip(self.tr("The selected copy, or one chosen from a folder"))
        self.done = error_label()
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.done, 1)
        copies = QGroupBox(self.tr("Copies"))
        box = QVBoxLayout(copies)
        box.addWidget(self.table, 1)
        box.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(copies, 1)
        self.save_button.clicked.connect(self.save)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.choose_restore)
        self.reload()

    def reload(self) -> None:
        try:
            status = backup_status(self.desk, self.actor)
        except DomainError as refused:  # a database on a server: backed up by its administrator, said on the page
            self.settings_note.setText(error_text(refused))
            for control in (self.folder, self.browse_button, self.keep_days, self.save_button, self.backup_button,
                            self.restore_button):
                control.setEnabled(False)
            return
        self.shown_folder = status.folder
        self.folder.setText(str(status.folder) if status.chosen else "")
        self.keep_days.setValue(status.keep_days)
        self.model.set_rows(status.copies)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the backup folder"),
                                                  self.folder.text() or str(self.shown_folder))
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        self.settings_note.clear()
        run_write(self, set_backup_settings, self.desk, self.actor, folder=self.folder.text(),
                  keep_days=self.keep_days.value(), busy=(self.save_button,),
                  on_success=lambda _r: (self.reload(), show_success(self.settings_note, self.tr("Saved."))),
                  on_failure=lambda error: self.settings_note.setText(error_text(error)))

    # -- 立即备份 ---------------------------------------------------------------------------------------
    def back_up(self) -> None:
        """Off the GUI thread with its progress (a large file on a slow USB drive takes a while)."""
        self.done.clear()
        desk, actor = self.desk, self.actor

        def copy(progress):
            return backup_database(desk, actor=actor, progress=lambda done, total: progress(
                done * 100 // max(total, 1), 100))
        self.backup_button.setEnabled(False)
        run_with_progress(self, self.tr("Backing up"), 100, copy, on_done=self._backed_up)

    def _backed_up(self, path: Path | None, error: Exception | None) -> None:
        self.backup_button.setEnabled(True)
        if error is not None:
            if not isinstance(error, Cancelled):
                self.done.setText(error_text(error))
            return
        self.reload()
        show_success(self.done, self.tr("Backed up to %1").replace("%1", str(path)))

    # -- 从备份恢复 -------------------------------------------------------------------------------------
    def choose_restore(self) -> None:
        selected: BackupFile | None = self.model.selected(self.table)
        if selected is not None:
            self.check_and_restore(selected.path)
            return
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a backup to restore"), str(self.shown_folder),
                                                self.tr("ArrearsDesk backups (*.sqlite3);;All files (*)"))
        if chosen:
            self.check_and_restore(Path(chosen))

    def check_and_restore(self, path: Path) -> None:
        """The copy is checked off the GUI thread first; only a sound copy is offered for restoring."""
        self.done.clear()
        self.restore_button.setEnabled(False)
        run_with_progress(self, self.tr("Checking the backup"), 0, lambda progress: check_backup(path),
                          on_done=lambda problems, error: self._checked(path, problems, error))

    def _checked(self, path: Path, problems: list[str] | None, error: Exception | None) -> None:
        self.restore_button.setEnabled(True)
        if error is not None or problems:
            self.done.setText(error_text(error) if error is not None else error_text(DomainError(
                "backup.bad_file", file=path.name, problems="；".join(problems[:3]))))
            return
        if self.confirm_restore(path):
            self.restore_requested.emit(path)

    def confirm_restore(self, path: Path) -> bool:
        text = self.tr(
            "The backup %1 passed every check (SQLite's integrity check and every ledger check).\n\n"
            "To restore it, the program closes every screen and the database, puts the backup in place of the "
            "database and opens it again; everyone signs in again. The database it replaces is kept beside it "
            "(…-before-restore-….sqlite3): whatever was recorded after the backup was made stays in that file, "
            "not in the restored database.\n\nRestore now?").replace("%1", path.name)
        answer = QMessageBox.question(self, self.tr("Restore from backup"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
