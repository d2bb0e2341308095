"""The icons of the navigation and the main actions: Tabler Icons (MIT, resources/icons/LICENSE), outline SVGs
that Qt's SVG icon engine (the iconengines plugin of QtSvg, a hidden import of build.spec) draws at whatever size
and device pixel ratio the screen asks for, so they stay sharp at 200%; the style greys them when disabled.
``ICONS`` is the one place that says which picture stands for what.

Not recoloured for the palette: a Python QIconEngine would do it, but Qt clones engines and a clone made in
Python is freed under Qt's feet (a crash on the next paint)."""
from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

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
    "cashup": "receipt-2",
    "write_offs": "receipt-off",
    "month_close": "calendar-check",
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
    "back_up": "database-export",
    "restore": "restore",
    "reverse": "arrow-back-up",
    "lock": "lock",
    "unlock": "lock-open",
    "sign_out": "logout",
    "exit": "power",
}


@cache
def icon(name: str) -> QIcon:
    """The icon standing for ``name`` (a key of ICONS: an area or an action)."""
    return QIcon(str(resource_path("icons", f"{ICONS[name]}.svg")))
