"""Globally unique record ids for offline sync: time-ordered 128-bit ids (UUIDv7 layout).

Time order keeps inserts into the unique index appending at the end, which matters at millions of rows.
"""
from __future__ import annotations

import os
import time


# Over 48 bits of milliseconds and 80 random bits: the version (7, the high half of byte 6) and the RFC 4122
# variant (0b10, the top bits of byte 8).
UID_KEEP = ~(0xF << 76 | 0x3 << 62) & (1 << 128) - 1
UID_MARKS = 0x7 << 76 | 0x2 << 62


def new_uid() -> bytes:
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    return (value & UID_KEEP | UID_MARKS).to_bytes(16, "big")
