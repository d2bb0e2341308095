"""The one palette of the screens. Red says something is wrong: an overdue figure or item, an error, a figure over
its limit, a report cell that does not match; green says it worked (an export, a posting) or a figure is on
target; amber says something waits to be done (an exchange package held until its predecessor arrives); grey
marks what no longer counts (a reversed entry). Nothing else is coloured: money received, a
negative movement or a credit balance is ordinary text. Every colour in ``ui`` comes from here.

It is also the one type and spacing scale: a title, a lead line, a headline figure, a section header, and body
text in the application's own font; gaps and margins in four steps. Sizes are device-independent pixels, so
Qt scales them with the screen (150%, 200%) and nothing here depends on the resolution."""
from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from app.domain.collection import days_overdue

ALERT = "#b00020"   # overdue, errors, over the limit
GOOD = "#2e7d32"    # success, a figure on target
WARN = "#a15c00"    # waiting: held, to be done (dark amber, readable on white)
MUTED = "#808080"   # reversed: on record, no longer counting
TRACK = "#e0e0e0"   # the empty part of a gauge

ALERT_STYLE = f"color: {ALERT}"
GOOD_STYLE = f"color: {GOOD}"
WARN_STYLE = f"color: {WARN}"
MUTED_STYLE = f"color: {MUTED}"

# -- type: body text is the application font (Qt's default for the platform, CJK-capable)
TITLE_SIZE = 16     # a screen's title: the sign-in dialog, a page heading
LEAD_SIZE = 15      # a line that must be read first: the lock screen's words, headline figures
TITLE_STYLE = f"font-size: {TITLE_SIZE}px; font-weight: bold"
LEAD_STYLE = f"font-size: {LEAD_SIZE}px"
SECTION_STYLE = "font-weight: bold"  # a section header inside a page, at body size
FIGURE_STYLE = f"{LEAD_STYLE}; font-weight: bold"  # a headline figure (credit limit, overdue...)
DONE_STYLE = f"{GOOD_STYLE}; font-weight: bold"  # the line saying a posting went through

# -- spacing (device-independent pixels)
GAP_S = 4       # between a label and what it labels
GAP_M = 8       # between fields of a row
GAP_L = 16      # between groups
GAP_XL = 24     # between headline figures on one line
FLUSH = (0, 0, 0, 0)  # a layout nested inside another adds no margin of its own
NAV_ICON = 18   # the navigation's icons


_ALERT = QColor(ALERT)


def alert_color() -> QColor:
    return QColor(ALERT)


def good_color() -> QColor:
    return QColor(GOOD)


def warn_color() -> QColor:
    return QColor(WARN)


def muted_color() -> QColor:
    return QColor(MUTED)


def track_color() -> QColor:
    return QColor(TRACK)


def overdue_tone(item, today: date) -> QColor | None:
    """The row colour of an open item (anything with a ``due_date``): red once it is overdue."""
    return _ALERT if days_overdue(item.due_date, today) > 0 else None


def figure_style(alert: bool = False) -> str:
    return f"{FIGURE_STYLE}; {ALERT_STYLE}" if alert else FIGURE_STYLE


def show_error(label: QLabel, text: str) -> None:
    """An error in words, in red."""
    label.setStyleSheet(ALERT_STYLE)
    QLabel.setText(label, text)


def show_success(label: QLabel, text: str) -> None:
    """Something done (exported, posted, saved), in green: never in the error's red."""
    label.setStyleSheet(GOOD_STYLE)
    QLabel.setText(label, text)


def show_warning(label: QLabel, text: str) -> None:
    """Something that waits (a file held), in amber: not an error, not done either."""
    label.setStyleSheet(WARN_STYLE)
    QLabel.setText(label, text)


def show_plain(label: QLabel, text: str) -> None:
    """A neutral remark (cancelled, so many ticked)."""
    label.setStyleSheet("")
    QLabel.setText(label, text)
