"""ArrearsDesk's application layer: the business rules (``domain``) and the use cases (``services``)."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("arrears-desk")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.1.0"
