"""The Windows version resource build.spec gives both executables (issue 16): pyproject's version as four numbers."""
from __future__ import annotations

import pytest

from tools.windows_version import version_info, version_numbers


def test_windows_gets_four_version_numbers_from_pyprojects_version():
    assert version_numbers("0.1.0") == (0, 1, 0, 0)
    assert version_numbers("1.2") == (1, 2, 0, 0)
    assert version_numbers("2.3.4.5.6") == (2, 3, 4, 5)
    assert version_numbers("1.4.0rc2+branch") == (1, 4, 0, 2)


def test_the_version_resource_names_the_product_and_each_file():
    pytest.importorskip("PyInstaller.utils.win32.versioninfo", reason="PyInstaller with pefile (a Windows build machine)")
    info = str(version_info("0.1.0", "ArrearsDesk 用户欠费管理系统", "ArrearsDesk.exe"))
    assert "filevers=(0, 1, 0, 0)" in info and "'OriginalFilename', 'ArrearsDesk.exe'" in info
    assert "'ProductVersion', '0.1.0'" in info and "用户欠费管理系统" in info
