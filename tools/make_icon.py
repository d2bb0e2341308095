"""Draws the application icon: the receipt of resources/icons/receipt-2.svg (Tabler, MIT) with a yuan sign
in place of its dollar, in white on a dark-blue rounded square. Writes resources/icons/app.png (the window icon) and app.ico (Windows: the
executables and the installer), PNG images of 16 to 256 pixels in one ICO file (Windows Vista and later).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BACKGROUND = "#1f4e79"
DOLLAR = 'd="M14 8h-2.5a1.5 1.5 0 0 0 0 3h1a1.5 1.5 0 0 1 0 3h-2.5m2 0v1.5m0 -9v1.5"'
YUAN = 'd="M9.5 7l2.5 3.5l2.5 -3.5m-2.5 3.5v5m-2.5 -3.5h5m-5 2h5"'


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    svg = (ICONS / "receipt-2.svg").read_text(encoding="utf-8").replace("currentColor", "#ffffff")
    svg = svg.replace(DOLLAR, YUAN)
    if size <= 24:
        svg = svg.replace('stroke-width="2"', 'stroke-width="2.5"')  # thin strokes vanish when small
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(BACKGROUND))
    painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.18, size * 0.18)
    margin = size * 0.14
    QSvgRenderer(QByteArray(svg.encode())).render(painter, QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def ico(images: list[bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, data = b"", b""
    for size, png in zip(SIZES, images):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841 - QSvgRenderer needs one
    images = [png_bytes(draw(size)) for size in SIZES]
    (ICONS / "app.png").write_bytes(images[-1])
    (ICONS / "app.ico").write_bytes(ico(images))
    print(f"wrote {ICONS / 'app.png'} and {ICONS / 'app.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
