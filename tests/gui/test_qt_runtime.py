"""The installed Qt binding must keep Python's reference counts: PySide6 6.12 on Python 3.11 lets the
count of None fall on every processed event until the interpreter aborts ("deallocating None")."""
import os
import subprocess
import sys

CHECK = r"""
import sys
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
class Filter(QObject):
    def eventFilter(self, watched, event):
        return False
widget = QLineEdit()
app.installEventFilter(Filter(app))
def pump(n):
    for _ in range(n):
        QCoreApplication.postEvent(widget, QEvent(QEvent.Type.User))
        app.processEvents()
pump(100)
before = sys.getrefcount(None), sys.getrefcount(False)
pump(3000)
after = sys.getrefcount(None), sys.getrefcount(False)
print(before, after)
sys.exit(0 if after == before else 1)
"""


def test_qt_binding_keeps_reference_counts_of_none_and_false():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (
        "this PySide6 build loses references to None/False on this Python; see pyproject.toml\n"
        + result.stdout + result.stderr[-1500:])
