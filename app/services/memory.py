"""Building many small records at once: the cyclic garbage collector's part in it."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Many small rows and no reference cycles (a demo's millions of rows, the overdue queue's tens of
    thousands): the cyclic garbage collector would only walk the growing lists again and again (a fifth of
    the demo's run, a quarter of the queue's), so it rests meanwhile; reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
