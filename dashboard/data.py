"""Where the dashboard's data lives (its settings). No Streamlit."""
from __future__ import annotations

from pathlib import Path

from extraction import settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def store_path(secret: str | None = None) -> Path:
    """The store file: ``$CROSSCOUNT_STORE``, else the ``store_path`` secret, else
    ``data/crosscount.sqlite`` in the project."""
    return settings.store_file(secret)
