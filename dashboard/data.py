"""Where the dashboard's data lives. Pure: no Streamlit."""
from __future__ import annotations

import os
from pathlib import Path

from extraction.store import STORE_ENV, default_store_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def store_path(secret: str | None = None) -> Path:
    """The store file: ``$CROSSCOUNT_STORE``, else the ``store_path`` secret, else
    ``data/crosscount.sqlite`` in the project."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    return Path(secret) if secret else default_store_path()
