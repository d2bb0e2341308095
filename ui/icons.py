"""The icons of the navigation and the main actions: Tabler Icons (MIT, resources/icons/LICENSE), outline SVGs
drawn in the palette's text colour at whatever size and device pixel ratio the screen asks for, so they stay
sharp at 200% and follow a dark palette. ``ICONS`` is the one place that says which picture stands for what."""
from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer  # drawn by QtSvg itself: no image-format plugin to find in the bundle

from ui.resources import resource_path

# what -> the Tabler file (resources/icons/<name>.svg). Areas are named by their key in MainWindow.areas.
ICONS = {
    # navigation
    "today": "calendar-event",
    "customers": "users",
    "ledger": "notebook",
    "approvals": "rosette-discount-check",
    "arrears": "file-invoice",
    "repayments": "cash",
    "collection": "bell-ringing",
    "reports": "report-analytics",
    "dashboard": "chart-bar",
    "exchange": "arrows-exchange",
    "audit": "shield-check",
    "settings": "user-cog",
    "rules": "list-check",
    "backup": "database-export",
    # actions
    "save": "device-floppy",
    "post": "coin",
    "print": "printer",
    "export_xlsx": "file-spreadsheet",
    "export_pdf": "file-type-pdf",
    "export": "file-export",
    "import": "file-import",
    "search": "search",
    "approve": "check",
    "reject": "x",
    "refresh": "refresh",
    "show": "player-play",
    "open_ledger": "notebook",
    "add_customer": "user-plus",
    "add_user": "user-plus",
    "edit": "pencil",
    "apply_credit": "credit-card",
    "credit": "cash",
    "notices": "mail",
    "statement": "file-text",
    "contact": "phone",
    "back_up": "database-export",
    "restore": "restore",
    "browse": "folder-open",
    "reverse": "arrow-back-up",
    "lock": "lock",
    "unlock": "lock-open",
    "sign_out": "logout",
    "exit": "power",
}

_ROLE_BY_MODE = {
    QIcon.Mode.Normal: (QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText),
    QIcon.Mode.Active: (QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText),
    QIcon.Mode.Selected: (QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText),
    QIcon.Mode.Disabled: (QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
}


class _SvgEngine(QIconEngine):
    """An outline picture whose strokes (``currentColor``) take the palette colour of the icon's mode."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self.svg = svg
        self._pixmaps: dict[tuple, QPixmap] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        group, role = _ROLE_BY_MODE.get(mode, _ROLE_BY_MODE[QIcon.Mode.Normal])
        colour = QGuiApplication.palette().color(group, role).name().encode()
        return QSvgRenderer(QByteArray(self.svg.replace(b"currentColor", colour)))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())  # square, centred: never stretched
        square = QRectF(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2, side, side)
        self._renderer(mode).render(painter, square)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (size.width(), size.height(), mode, QGuiApplication.palette().cacheKey())
        if key not in self._pixmaps:
            pixmap = QPixmap(size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.paint(painter, pixmap.rect(), mode, state)
            painter.end()
            self._pixmaps[key] = pixmap
        return self._pixmaps[key]

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        """At 200% a 16-pixel icon is drawn on 32 device pixels, not blown up from 16."""
        pixmap = QPixmap(self.pixmap(size * scale, mode, state))
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgEngine(self.svg)


_engines: list[_SvgEngine] = []  # Python keeps the engines the QIcons draw with


@cache
def icon(name: str) -> QIcon:
    """The icon standing for ``name`` (a key of ICONS: an area or an action)."""
    svg = resource_path("icons", f"{ICONS[name]}.svg").read_bytes()
    engine = _SvgEngine(svg)
    _engines.append(engine)
    return QIcon(engine)
