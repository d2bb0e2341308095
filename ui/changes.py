"""Open screens refresh from what changed (cf. Anki's OpChanges and ``operation_did_execute``).

``Desk.subscribe`` tells every committed use case's ``Changes`` on the thread that committed it (the
worker); the ``ChangeHub`` hands them to the GUI thread as ``changed(Changes)``. Each page says which
changes concern it and how it reloads (``follow``); the main window wires no page to another.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from app.services.context import Changes, Desk

# What the collection queue and a customer's open file are made of: a change to any of these may move a
# customer in it (the collection page's and the 今日 page's, kept here so that the first page shown at start
# need not import the collection page, its dialogs and their PDF printing).
QUEUE_TABLES = ("customers", "agreements", "item_balances", "customer_balances", "collection_records",
                "escalations", "disputes", "dispute_settlements", "notices", "notice_replies", "investigations",
                "settings")


class ChangeHub(QObject):
    """The desk's change stream on the GUI thread; ``close()`` (or deleting it) stops listening."""

    changed = Signal(object)  # Changes
    _arrived = Signal(object)

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued even when the commit ran on the GUI thread: a page never reloads in the middle of a use case.
        self._arrived.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = desk.subscribe(self._publish)
        self.destroyed.connect(self._unsubscribe)

    def _publish(self, changes: Changes) -> None:
        """Runs on the committing thread; must never raise, or the use case would fail after its commit."""
        try:
            self._arrived.emit(changes)
        except RuntimeError:  # the window (and this hub with it) is already gone
            pass

    def close(self) -> None:
        self._unsubscribe()


class _Follower(QObject):
    def __init__(self, page: QWidget, concerns: Callable[[Changes], bool], refresh: Callable[[], object],
                 stale: bool) -> None:
        super().__init__(page)
        self.page, self.concerns, self.refresh, self.stale = page, concerns, refresh, stale
        page.installEventFilter(self)

    def on_changes(self, changes: Changes) -> None:
        if not self.concerns(changes):
            return
        if on_screen(self.page):
            self.stale = False
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        # ShowToParent comes when a stacked page becomes the current one, even in a window not yet shown.
        if self.stale and event.type() in (QEvent.Type.Show, QEvent.Type.ShowToParent) and on_screen(self.page):
            self.stale = False
            self.refresh()
        return False


def on_screen(page: QWidget) -> bool:
    """The page is the one its window shows (or will show once the window itself is shown)."""
    return page.isVisibleTo(page.window()) if page.window() is not page else not page.isHidden()


def follow(page: QWidget, hub: ChangeHub | None, concerns: Callable[[Changes], bool], refresh: Callable[[], object],
           *, stale: bool = False) -> None:
    """``refresh()`` ``page`` after a change that ``concerns`` it: at once while it is on screen, otherwise
    the next time it is shown (a hidden queue of thousands of customers is not recomputed after every
    posting). ``stale=True``: the page loads itself the first time it is shown."""
    follower = _Follower(page, concerns, refresh, stale)
    if hub is not None:
        hub.changed.connect(follower.on_changes)
