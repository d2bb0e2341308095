"""ArrearsDesk's application layer: the business rules (``domain``) and the use cases (``services``)."""
from __future__ import annotations

from functools import cache


def __getattr__(name: str) -> str:
    # Start-up (issue 14): the installed version is looked up when first asked for (an exchange package's
    # manifest), not on every import of ``app``: importlib.metadata scans every installed package.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("arrears-desk")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"
