"""What the program can tell about its database before opening it (issue 14, start): the sign-in dialog
is painted first and the database opened while the user types."""
from __future__ import annotations

from pathlib import Path

from db.glance import local_site_name


def site_name_at_a_glance(target: Path | str) -> str | None:
    """The local site's name of a database file that looks ready to sign in to; None for a server (its
    driver and the password it may ask for come first), a new file (the first start), or anything
    else that the full opening has to look at."""
    if not isinstance(target, Path) and "://" in target:  # a server's URL (issue 15: pgui)
        return None
    return local_site_name(Path(target))
