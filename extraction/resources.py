"""Data files of the extraction package (word lists, the source registry, the place overlay).

They live in ``extraction/data/`` so that an analyst can extend them without touching code.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@cache
def load_json(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return json.load(f)
