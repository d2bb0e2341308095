"""``python -m app``: the batch commands only (``arrears-desk`` or ``python -m ui`` also open the app)."""
import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
