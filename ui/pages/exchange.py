"""数据交换: a branch sends its 台账包 to the city office and takes in the city office's 市局包; the city
office takes in every branch's packages and answers each. Files travel on a USB stick or a shared folder.

The page exports to a folder and imports any number of files (off the GUI thread, with progress and
Cancel), says what became of each file, and shows the packages sent and received, what the city office has
not yet acknowledged, and each site it exchanges with (a warning when one has sent nothing for too long).
The administrator registers, revokes and re-keys the sites here too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from app.domain.exchange import SILENT_DAYS_WARNING, SITE_KIND_WORDS, PackageState
from app.domain.roles import Permission, may
from app.services.context import Actor, Cancelled, Desk
from app.services.exchange import (
    ExchangeStatus, Outcome, PackageRow, PeerRow, exchange_status, export_packages, import_packages, read_identity,
    register_site, renew_key, revoke_site, write_identity,
)
from ui.changes import ChangeHub, follow
from ui.icons import icon
from ui.messages import error_text
from ui.models import Column, RowTableModel, configure_table
from ui.style import (
    FLUSH, TITLE_STYLE, alert_color, good_color, muted_color, show_error, show_plain, show_success, show_warning,
    warn_color,
)
from ui.tasks import Task, run_with_progress, run_write
from ui.widgets import WrappedLabel, confirm, error_label
from ui.words import aside, labelled, listed, word

FOLDER_KEY = "exchange/folder"          # where the last export went
IMPORT_FOLDER_KEY = "exchange/import_folder"  # where the last files were taken from
SETUP_FOLDER_KEY = "exchange/setup_folder"    # where the last setup file was written or read

# A file's outcome in its colour: applied in the success colour, held in the waiting one, refused in the alert
# one; what changed nothing (a duplicate, a superseded city package) in grey. The history colours only what
# needs someone (held, refused) and greys what changed nothing: a long list of green rows would say nothing.
_TONES = {PackageState.APPLIED: good_color(), PackageState.HELD: warn_color(), PackageState.REFUSED: alert_color(),
          PackageState.DUPLICATE: muted_color(), PackageState.SUPERSEDED: muted_color()}


def state_tone(state: PackageState) -> QColor | None:
    return _TONES.get(state)


def history_tone(package: PackageRow) -> QColor | None:
    return None if package.state is PackageState.APPLIED else _TONES.get(package.state)


def site_kind_word(kind: str) -> str:
    return word(SITE_KIND_WORDS[kind]) if kind in SITE_KIND_WORDS else kind


@dataclass
class ImportRun:
    """What an import from the page did: each file's outcome, in the order given; after Cancel, the files
    not looked at."""
    outcomes: list[Outcome] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)


def import_files(desk: Desk, actor: Actor, files: list[Path], *, progress) -> ImportRun:
    """On the worker: one file at a time (each is its own transaction), so Cancel stops between files
    and the outcomes of the files already imported are still shown."""
    run = ImportRun()
    for n, path in enumerate(files):
        try:
            progress(n, len(files), path.name)
        except Cancelled:
            run.not_done = [p.name for p in files[n:]]
            break
        run.outcomes += import_packages(desk, actor, [path])
    return run


def export_files(desk: Desk, actor: Actor, folder: Path, *, progress) -> list[Path]:
    """On the worker. Cancel is heard until the files are recorded; once they are, the export is done and
    says so (a Cancel pressed at the last moment does not report files written as not written)."""
    return export_packages(desk, actor, folder,
                           progress=lambda done, total, label: done < total and progress(done, total, label))


def register_file(desk: Desk, actor: Actor, path: Path):
    """The setup file's site (to name it on screen) and what registering it did."""
    return read_identity(path), register_site(desk, actor, path)


class ExchangePage(QWidget):
    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 changes: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.status: ExchangeStatus | None = None
        self.last_run: ImportRun | None = None
        self.admin = may(actor.role, Permission.MANAGE_SITES)
        self.heading = QLabel()
        self.heading.setStyleSheet(TITLE_STYLE)
        self.notice = WrappedLabel()  # no city office registered, a site silent for too long …
        self.notice.hide()
        self.export_button = QPushButton(self.tr("Export to folder..."))
        self.export_button.setIcon(icon("export"))
        self.import_button = QPushButton(self.tr("Import files..."))
        self.import_button.setIcon(icon("import"))
        self.export_button.setToolTip(self.tr("Write this site's packages into a folder (a USB stick, a shared folder)"))
        self.import_button.setToolTip(self.tr("Take in one or more package files (*.adx) received from the other side"))
        self.identity_button = QPushButton(self.tr("Export this site's setup file..."))
        self.register_button = QPushButton(self.tr("Register the other side's setup file..."))
        self.revoke_button = QPushButton(self.tr("Revoke site"))
        self.renew_button = QPushButton(self.tr("Make a new key"))
        self.identity_button.setToolTip(self.tr("The file the other side registers to check the files this site signs"))
        self.revoke_button.setToolTip(self.tr("Refuse every file from the site selected in the table of sites"))
        self.message = error_label()
        self.unacknowledged = WrappedLabel()
        self.unacknowledged.hide()

        # What became of each file of the last import.
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results_box = QGroupBox(self.tr("Files of the last import"))
        box_layout = QVBoxLayout(self.results_box)
        box_layout.addWidget(self.results)
        self.results_box.hide()

        self.peers_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Site code"), lambda p: p.code),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Site name"), lambda p: p.name, width=180),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Kind"), lambda p: site_kind_word(p.kind)),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Last received"),
                   lambda p: p.last_received.strftime("%Y-%m-%d %H:%M") if p.last_received else None),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Applied up to No."), lambda p: p.applied_up_to),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Held"), lambda p: p.held),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Status"), self.peer_state)],
            "ExchangePage", self, key=lambda p: p.code, tone=self.peer_tone)
        self.peers = QTableView()
        self.peers.setModel(self.peers_model)
        configure_table(self.peers, "exchange_sites")
        self.packages_model = RowTableModel([
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Time"), lambda p: p.handled_at.strftime("%Y-%m-%d %H:%M")),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Direction"), self.direction),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Package"), lambda p: word(p.kind.words)),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Site"), lambda p: p.site if p.site != "?" else None),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "No."), lambda p: p.seq or None),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "State"), lambda p: word(p.state.words)),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "File"), lambda p: p.file_name, width=200),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Made"), lambda p: p.made_at.strftime("%Y-%m-%d %H:%M")),
            Column(QT_TRANSLATE_NOOP("ExchangePage", "Why"), lambda p: error_text(p.reason) if p.reason else None,
                   width=420)],
            "ExchangePage", self, tone=history_tone)
        self.packages = QTableView()
        self.packages.setModel(self.packages_model)
        configure_table(self.packages, "exchange_packages")
        self.detail = WrappedLabel()  # the selected package's reason, whole
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        for button in (self.export_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        if self.admin:
            sites = QHBoxLayout()
            for button in (self.identity_button, self.register_button, self.revoke_button, self.renew_button):
                sites.addWidget(button)
            sites.addStretch(1)
            layout.addLayout(sites)
        for button in (self.identity_button, self.register_button, self.revoke_button, self.renew_button):
            button.setVisible(self.admin)
        layout.addWidget(self.message)
        layout.addWidget(self.results_box)
        sites_box = QWidget()
        sites_layout = QVBoxLayout(sites_box)
        sites_layout.setContentsMargins(*FLUSH)
        self.sites_title = QLabel(self.tr("Sites this one exchanges with"))
        sites_layout.addWidget(self.sites_title)
        sites_layout.addWidget(self.peers)
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(*FLUSH)
        history_layout.addWidget(QLabel(self.tr("Packages sent and received")))
        history_layout.addWidget(self.unacknowledged)
        history_layout.addWidget(self.packages, 1)
        history_layout.addWidget(self.detail)
        layout.addWidget(sites_box)  # as tall as its rows (_fit_peers); the history takes the rest
        layout.addWidget(history_box, 1)

        self.export_button.clicked.connect(self.choose_export_folder)
        self.import_button.clicked.connect(self.choose_import_files)
        self.identity_button.clicked.connect(self.choose_identity_file)
        self.register_button.clicked.connect(self.choose_setup_file)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.renew_button.clicked.connect(self.renew)
        self.peers.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.packages.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self._generation = 0
        self._busy = False
        self._enable()
        # Loaded when first shown (at the city office it reads every branch's copy), then after every change.
        follow(self, changes, lambda c: c.touches("exchange_packages", "sites", "city_blacklist"), self.reload,
               stale=True)

    # -- what the tables say -------------------------------------------------------------------------------
    def direction(self, package: PackageRow) -> str:
        return self.tr("Sent") if package.direction == "out" else self.tr("Received")

    def peer_state(self, peer: PeerRow) -> str:
        if peer.revoked:
            return self.tr("Revoked")
        said = []
        if peer.silent_too_long and peer.last_received is None:
            said.append(self.tr("Nothing received yet"))
        elif peer.silent_too_long:
            said.append(self.tr("Nothing received for %1 days").replace("%1", str(peer.silent_days)))
        if peer.held:
            said.append(self.tr("%1 held, waiting for a missing package").replace("%1", str(peer.held)))
        return self.tr("; ").join(said) if said else self.tr("Up to date")

    def peer_tone(self, peer: PeerRow) -> QColor | None:
        if peer.revoked:
            return muted_color()
        if peer.silent_too_long:
            return alert_color()
        return warn_color() if peer.held else None

    # -- loading ---------------------------------------------------------------------------------------
    def reload(self) -> Task:
        self._generation += 1
        generation = self._generation
        task = Task(exchange_status, self.desk, self.actor, parent=self)
        task.succeeded.connect(lambda status: generation == self._generation and self.show_status(status))
        task.failed.connect(lambda error: show_error(self.message, error_text(error)))
        task.start()
        return task

    def show_status(self, status: ExchangeStatus) -> None:
        self.status = status
        branch = status.kind == "branch"
        self.heading.setText(self.tr("This site: %1 (%2)").replace("%1", status.site)
                             .replace("%2", site_kind_word(status.kind)))
        self.peers_model.refill(status.peers, self.peers)
        self.packages_model.refill(status.packages, self.packages)
        self.sites_title.setText(self.tr("The city office") if branch else self.tr("Branches"))
        self._show_notice(status)
        self._fit_peers(len(status.peers))
        if branch and status.unacknowledged:
            show_warning(self.unacknowledged, self.tr(
                "Not yet acknowledged by the city office: package No. %1. Every export writes them again, "
                "so a lost file is replaced.").replace("%1", listed(map(str, status.unacknowledged))))
            self.unacknowledged.show()
        elif branch and any(p.direction == "out" for p in status.packages):
            show_plain(self.unacknowledged, self.tr("The city office has acknowledged every package sent."))
            self.unacknowledged.show()
        else:
            self.unacknowledged.hide()
        self._enable()

    def _show_notice(self, status: ExchangeStatus) -> None:
        active = [p for p in status.peers if not p.revoked]
        lines = []
        if status.kind == "branch" and not any(p.kind == "city" for p in active):
            lines.append(self.tr("No city office is registered at this branch, so nothing can be exported yet. "
                                 "Register the city office's setup file with \"Register the other side's setup "
                                 "file...\".") if self.admin else
                         self.tr("No city office is registered at this branch, so nothing can be exported yet. "
                                 "Ask the administrator to register the city office's setup file."))
        elif status.kind == "city" and not any(p.kind == "branch" for p in active):
            lines.append(self.tr("No branch is registered yet. Register each branch's setup file with "
                                 "\"Register the other side's setup file...\".") if self.admin else
                         self.tr("No branch is registered yet. Ask the administrator to register each "
                                 "branch's setup file."))
        silent = [p for p in active if p.silent_too_long]
        if silent:
            named = listed(self.tr("%1 (nothing yet)").replace("%1", p.code) if p.last_received is None else
                           self.tr("%1 (%2 days)").replace("%1", p.code).replace("%2", str(p.silent_days))
                           for p in silent)
            lines.append(self.tr("Nothing received for more than %1 days from: %2.")
                         .replace("%1", str(SILENT_DAYS_WARNING)).replace("%2", named))
        if lines:
            show_error(self.notice, "\n".join(lines))
            self.notice.show()
        else:
            self.notice.hide()

    def _fit_peers(self, count: int) -> None:
        """The sites' table as tall as its rows (one at a branch, a handful at the city office); from nine
        sites on it scrolls."""
        def height(rows: int) -> int:
            return (self.peers.horizontalHeader().sizeHint().height() + rows * self.peers.verticalHeader().defaultSectionSize()
                    + self.peers.horizontalScrollBar().sizeHint().height() + 2 * self.peers.frameWidth() + 2)
        self.peers.setFixedHeight(height(min(max(count, 1), 8)))

    def _enable(self) -> None:
        idle = not self._busy
        status = self.status
        no_city = status is not None and status.kind == "branch" and not any(
            p.kind == "city" and not p.revoked for p in status.peers)
        self.export_button.setEnabled(idle and status is not None and not no_city)
        self.import_button.setEnabled(idle and status is not None)
        for button in (self.identity_button, self.register_button, self.renew_button):
            button.setEnabled(idle)
        peer = self.peers_model.selected(self.peers)
        self.revoke_button.setEnabled(idle and peer is not None and not peer.revoked)

    def _show_detail(self) -> None:
        package = self.packages_model.selected(self.packages)
        if package is None or package.reason is None:
            self.detail.clear()
            return
        text = labelled(package.file_name, error_text(package.reason))
        if package.state is PackageState.HELD:
            show_warning(self.detail, text)
        else:
            show_error(self.detail, text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._enable()

    # -- export --------------------------------------------------------------------------------------------
    def choose_export_folder(self) -> None:
        last = str(QSettings().value(FOLDER_KEY, str(Path.home())))
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"), last)
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, folder: Path) -> Task:
        QSettings().setValue(FOLDER_KEY, str(folder))
        self.message.clear()
        branches = sum(1 for p in self.status.peers if p.kind == "branch" and not p.revoked) if self.status else 0
        total = 3 if self.status is None or self.status.kind == "branch" else branches
        self._set_busy(True)
        return run_with_progress(self, self.tr("Exporting..."), total, export_files, self.desk, self.actor, folder,
                                 on_done=lambda written, error: self._exported(folder, written, error))

    def _exported(self, folder: Path, written: list[Path] | None, error) -> None:
        self._set_busy(False)
        if isinstance(error, Cancelled):
            show_plain(self.message, self.tr("Export cancelled. A file already written is complete; the history "
                                             "lists what was sent."))
        elif error is not None:
            show_error(self.message, error_text(error))
        elif not written:
            show_plain(self.message, self.tr("Nothing to export: no site to send to."))
        else:
            show_success(self.message, self.tr("Exported %1 file(s) to %2: %3")
                         .replace("%1", str(len(written))).replace("%2", str(folder))
                         .replace("%3", listed(p.name for p in written)))
        self.reload()

    # -- import --------------------------------------------------------------------------------------------
    def choose_import_files(self) -> None:
        last = str(QSettings().value(IMPORT_FOLDER_KEY, QSettings().value(FOLDER_KEY, str(Path.home()))))
        chosen, _ = QFileDialog.getOpenFileNames(self, self.tr("Import files"), last,
                                                 self.tr("Exchange packages (*.adx)"))
        if chosen:
            self.import_from([Path(name) for name in chosen])

    def import_from(self, files: list[Path]) -> Task:
        QSettings().setValue(IMPORT_FOLDER_KEY, str(files[0].parent))
        self.message.clear()
        self._set_busy(True)
        return run_with_progress(self, self.tr("Importing..."), len(files), import_files, self.desk, self.actor,
                                 list(files), on_done=self._imported)

    def _imported(self, run: ImportRun | None, error) -> None:
        self._set_busy(False)
        if error is not None:
            show_error(self.message, error_text(error))
            self.reload()
            return
        self.last_run = run
        self.results.clear()
        for outcome in run.outcomes:
            item = QListWidgetItem(self.outcome_text(outcome))
            tone = state_tone(outcome.state)
            if tone is not None:
                item.setForeground(tone)
            self.results.addItem(item)
        for name in run.not_done:
            self.results.addItem(labelled(name, self.tr("not imported (cancelled)")))
        self.results_box.show()
        self._fit_results()
        counts = {state: sum(1 for o in run.outcomes if o.state == state) for state in PackageState}
        summary = self.tr("%1 file(s): %2 applied, %3 held, %4 refused, %5 changed nothing.") \
            .replace("%1", str(len(run.outcomes))).replace("%2", str(counts[PackageState.APPLIED])) \
            .replace("%3", str(counts[PackageState.HELD])).replace("%4", str(counts[PackageState.REFUSED])) \
            .replace("%5", str(counts[PackageState.DUPLICATE] + counts[PackageState.SUPERSEDED]))
        if run.not_done:
            summary += " " + self.tr("Cancelled: %1 file(s) not imported.").replace("%1", str(len(run.not_done)))
        if counts[PackageState.REFUSED]:
            show_error(self.message, summary)
        elif counts[PackageState.HELD] or run.not_done:
            show_warning(self.message, summary)
        else:
            show_success(self.message, summary)
        self.reload()

    def _fit_results(self) -> None:
        """The list as tall as its (wrapped) lines, up to about six lines; more scroll."""
        self.results.doItemsLayout()
        needed = sum(self.results.visualItemRect(self.results.item(i)).height() for i in range(self.results.count()))
        line = self.results.fontMetrics().lineSpacing()
        self.results.setFixedHeight(min(needed, 6 * line + 8) + 2 * self.results.frameWidth() + 2)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name: narrower, the lines wrap more
        super().resizeEvent(event)
        if self.results.count():
            self._fit_results()

    def outcome_text(self, outcome: Outcome) -> str:
        """``BR01-000002.adx: 已导入`` and, for anything not applied, why, in the screen's language."""
        text = labelled(outcome.file, word(outcome.state.words))
        if outcome.reason is not None:
            text = labelled(text, error_text(outcome.reason))
        if outcome.also_applied:
            text = aside(text, self.tr("also applied the held package No. %1").replace(
                "%1", listed(map(str, outcome.also_applied))))
        return text

    # -- sites (the administrator) -------------------------------------------------------------------------
    def _setup_folder(self) -> Path:
        return Path(str(QSettings().value(SETUP_FOLDER_KEY, QSettings().value(FOLDER_KEY, str(Path.home())))))

    def choose_identity_file(self) -> None:
        code = self.status.site if self.status else "site"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export this site's setup file"),
                                                str(self._setup_folder() / f"{code}-identity.json"),
                                                self.tr("Setup files (*.json)"))
        if chosen:
            self.write_identity_to(Path(chosen))

    def write_identity_to(self, path: Path) -> Task | None:
        QSettings().setValue(SETUP_FOLDER_KEY, str(path.parent))
        self.message.clear()
        other = self.tr("each branch") if self.status and self.status.kind == "city" else self.tr("the city office")
        return run_write(self, write_identity, self.desk, path, busy=self._site_buttons(),
                         on_success=lambda written: show_success(self.message, self.tr(
                             "Setup file written: %1. Give it to %2 to register.")
                             .replace("%1", str(written)).replace("%2", other)),
                         on_failure=lambda error: show_error(self.message, error_text(error)))

    def choose_setup_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Register the other side's setup file"),
                                                str(self._setup_folder()), self.tr("Setup files (*.json)"))
        if chosen:
            self.register_from(Path(chosen))

    def register_from(self, path: Path) -> Task | None:
        QSettings().setValue(SETUP_FOLDER_KEY, str(path.parent))
        self.message.clear()
        return run_write(self, register_file, self.desk, self.actor, path, busy=self._site_buttons(),
                         on_success=self._registered,
                         on_failure=lambda error: show_error(self.message, error_text(error)))

    def _registered(self, result) -> None:
        identity, outcome = result
        site = self.tr("%1 (%2)").replace("%1", identity.name).replace("%2", identity.code)
        show_success(self.message, (self.tr("Registered: %1.") if outcome == "registered" else
                                    self.tr("New key of %1 registered; its files are checked with it from now on."))
                     .replace("%1", site))
        self.reload()

    def revoke_selected(self) -> Task | None:
        peer = self.peers_model.selected(self.peers)
        if peer is None or peer.revoked:
            return None
        site = self.tr("%1 (%2)").replace("%1", peer.name).replace("%2", peer.code)
        if not self.confirm(self.tr("Revoke site"), self.tr(
                "Revoke %1? Every file it signs is refused from now on, until its setup file is registered "
                "again.").replace("%1", site), self.tr("Revoke")):
            return None
        self.message.clear()
        return run_write(self, revoke_site, self.desk, self.actor, peer.code, busy=self._site_buttons(),
                         on_success=lambda _r: (show_success(self.message, self.tr("Revoked: %1.").replace("%1", site)),
                                                self.reload()),
                         on_failure=lambda error: show_error(self.message, error_text(error)))

    def renew(self) -> Task | None:
        other = self.tr("every branch") if self.status and self.status.kind == "city" else self.tr("the city office")
        if not self.confirm(self.tr("Make a new key"), self.tr(
                "Make a new signing key for this site? Do this when the key is lost or may have been copied. "
                "Then export this site's setup file and have %1 register it: until they do, they refuse the "
                "files this site sends.").replace("%1", other), self.tr("Make a new key")):
            return None
        self.message.clear()
        return run_write(self, renew_key, self.desk, self.actor, busy=self._site_buttons(),
                         on_success=lambda _identity: show_success(self.message, self.tr(
                             "New key made. Export this site's setup file now and have %1 register it.")
                             .replace("%1", other)),
                         on_failure=lambda error: show_error(self.message, error_text(error)))

    def confirm(self, title: str, text: str, yes: str) -> bool:
        return confirm(self, title, text, yes, self.tr("Cancel"))

    def _site_buttons(self) -> tuple[QWidget, ...]:
        return (self.identity_button, self.register_button, self.revoke_button, self.renew_button)
