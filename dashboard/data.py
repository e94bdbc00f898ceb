"""Where the dashboard's seed articles live (the store's file is a setting: extraction/settings.py). No Streamlit."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

