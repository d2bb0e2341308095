"""Globally unique record ids for offline sync: time-ordered 128-bit ids (UUIDv7 layout).

Time order keeps inserts into the unique index appending at the end, which matters at millions of rows.
"""
from __future__ import annotations

import os
import time


def new_uid() -> bytes:
    ms = time.time_ns() // 1_000_000
    raw = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70  # version 7
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return bytes(raw)
