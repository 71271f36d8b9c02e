"""Where geonews finds its shipped data and keeps the user's.

Shipped data travels inside the package (``geonews/data`` in a wheel); in a
source checkout it is the repository's top-level ``data/``.  User data (imported
regions, the online-geocoding cache) lives in the platform's user directories,
never in site-packages; ``GEONEWS_HOME`` moves all of it, e.g. for tests.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_data_dir() -> Path:
    """The directory holding ``gazetteer.sqlite`` and the shipped layers."""
    inside = _PACKAGE / "data"
    if (inside / "gazetteer.sqlite").exists():
        return inside
    checkout = _PACKAGE.parent / "data"
    if (checkout / "gazetteer.sqlite").exists():
        return checkout
    raise FileNotFoundError(
        "geonews: the shipped gazetteer is missing (looked in "
        f"{inside} and {checkout}); reinstall the package"
    )


def shipped_gazetteer() -> Path:
    return shipped_data_dir() / "gazetteer.sqlite"


def _home() -> Path | None:
    home = os.environ.get("GEONEWS_HOME")
    return Path(home).expanduser() if home else None


def user_data_dir() -> Path:
    """Imported regions live here (``regions/<name>.sqlite``)."""
    home = _home()
    if home:
        return home / "data"
    from platformdirs import user_data_path

    return user_data_path("geonews", appauthor=False)


def user_cache_dir() -> Path:
    """Caches that can be deleted at any time (online geocoding answers)."""
    home = _home()
    if home:
        return home / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("geonews", appauthor=False)


def regions_dir() -> Path:
    return user_data_dir() / "regions"
