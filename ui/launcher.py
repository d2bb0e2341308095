"""The ``arrears-desk`` entry point (the composition root): the batch commands of ``app.cli``, and the
desktop app when no command is given. It stands above both layers, so ``app`` never imports ``ui``."""
from __future__ import annotations

import sys
from pathlib import Path

from app.cli import main as cli_main


def open_gui(db_path: Path) -> int:
    from ui.main import run_gui  # Qt is loaded only when the window is wanted, not for batch commands
    from ui.installed import run_installed  # icon, crash log, one window per database (issue 16, bundle)
    from ui.main import make_application
    return run_installed(db_path, make_application, run_gui)


def main(argv: list[str] | None = None) -> int:
    return cli_main(argv, open_gui=open_gui)


if __name__ == "__main__":
    sys.exit(main())
