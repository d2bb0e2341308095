"""The Windows version resource of the executables (Explorer's Properties > Details: product, version,
company), made from pyproject's version by build.spec. PyInstaller's classes; imported only at build time."""
from __future__ import annotations

import re


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0): Windows wants four numbers; anything after them (a1, +local) is dropped."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


def version_info(version: str, description: str, original_name: str):
    from PyInstaller.utils.win32.versioninfo import (FixedFileInfo, StringFileInfo, StringStruct, StringTable,
                                                     VarFileInfo, VarStruct, VSVersionInfo)
    numbers = version_numbers(version)
    strings = [
        StringStruct("CompanyName", "ArrearsDesk"),
        StringStruct("FileDescription", description),
        StringStruct("FileVersion", version),
        StringStruct("InternalName", original_name.removesuffix(".exe")),
        StringStruct("LegalCopyright", "ArrearsDesk"),
        StringStruct("OriginalFilename", original_name),
        StringStruct("ProductName", "ArrearsDesk 用户欠费管理系统"),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1,
                          subtype=0x0, date=(0, 0)),
        kids=[StringFileInfo([StringTable("080404B0", strings)]),  # zh-CN, Unicode
              VarFileInfo([VarStruct("Translation", [0x0804, 1200])])],
    )
