"""Icons on the navigation and the main actions (issue 11, beyond fixing): every mapped picture is there and
draws, sharp at 200% (drawn on twice the pixels, not blown up), every area of every role has one, and the
bundle carries the SVGs and their licence."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from tests.factories import make_desk
from ui.icons import ICONS, icon
from ui.main_window import MainWindow
from ui.resources import resource_path

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def inked(pixmap) -> int:
    image = pixmap.toImage()
    return sum(image.pixelColor(x, y).alpha() > 0 for x in range(image.width()) for y in range(image.height()))


@pytest.mark.parametrize("name", sorted(ICONS))
def test_every_mapped_icon_loads_and_draws(qapp, name):
    assert resource_path("icons", f"{ICONS[name]}.svg").is_file()
    picture = icon(name)
    assert not picture.isNull()
    normal = picture.pixmap(QSize(16, 16), 1.0)
    assert not normal.isNull() and inked(normal) > 0


def test_at_200_percent_an_icon_is_drawn_on_twice_the_pixels(qapp):
    sharp = icon("print").pixmap(QSize(16, 16), 2.0)
    assert (sharp.width(), sharp.height(), sharp.devicePixelRatio()) == (32, 32, 2.0)
    # drawn at 32 pixels, a 2-pixel stroke covers about twice the pixels a 16-pixel picture scaled up would
    assert inked(sharp) > 2 * inked(icon("print").pixmap(QSize(16, 16), 1.0))


def test_an_icon_qt_copies_and_changes_still_draws(qapp):
    """Qt clones an icon's engine when a copy is changed; the clone must outlive Python's garbage collection.
    One collection for twenty clones: a collection costs about a second in a process that has run the suite."""
    import gc
    from PySide6.QtGui import QIcon, QPixmap
    copies = []
    for _ in range(20):
        copy = QIcon(icon("print"))
        copy.addPixmap(QPixmap(4, 4))  # detaches: Qt clones the engine
        copies.append(copy)
    del copy
    gc.collect()
    assert all(inked(copy.pixmap(QSize(20, 20), 2.0)) > 0 for copy in copies)


def test_every_area_of_every_role_has_an_icon_in_the_navigation(qtbot, tmp_path):
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    for name in ("clerk", "head", "marketing", "finance", "admin", "auditor"):
        window = MainWindow(desk, getattr(staff, name), "城东支局")
        qtbot.addWidget(window)
        for row, key in enumerate(window.areas):
            assert key in ICONS, key
            assert not window.nav.item(row).icon().isNull(), key
        window.close()
    desk.close()


def test_the_bundle_carries_the_icons_and_their_licence():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '(str(root / "resources" / "icons"), "resources/icons")' in spec
    assert "MIT License" in (ROOT / "resources" / "icons" / "LICENSE").read_text(encoding="utf-8")
    assert set((ROOT / "resources" / "icons").glob("*.svg")) == {
        ROOT / "resources" / "icons" / f"{name}.svg" for name in ICONS.values()}  # only the icons used


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_at_1024x768_the_icons_leave_the_navigation_its_words(qtbot, qapp, tmp_path, language):
    """An icon widens a button; the widest page (催缴's row of actions) must still leave the navigation its width."""
    from ui.i18n import install_translator
    install_translator(qapp, language)  # the autouse fixture puts zh_CN back afterwards
    desk, staff = make_desk(tmp_path / "a.sqlite3")
    window = MainWindow(desk, staff.head, "城东支局")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.width() <= 1024
    assert window.nav.width() >= min(window.nav.maximumWidth(), window.nav.sizeHintForColumn(0)) - 2
    window.close()
    desk.close()
