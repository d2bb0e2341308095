"""``python -m ui``: the same as the ``arrears-desk`` command (the desktop app, or a batch command)."""
import sys

from ui.launcher import main

sys.exit(main())
