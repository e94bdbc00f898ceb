"""Data files of the extraction package (word lists, the source registry, the place overlay, the
registry of wars with an analyst's own).

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


CONFLICTS_ENV = "CROSSCOUNT_CONFLICTS"  # an analyst's own wars: a JSON file shaped like data/conflicts.json


def war_entries() -> list[dict]:
    """The wars of ``data/conflicts.json`` and those of the file ``$CROSSCOUNT_CONFLICTS`` names
    (one of the same name replaces the shipped one), as the files hold them: what the registry of
    wars (conflicts.py) is made of, and where places.py finds the armed groups' names."""
    from . import settings  # deferred: settings is read when the wars are, not when any data file is

    wars = {e["name"]: e for e in load_json("conflicts.json")["conflicts"]}
    extra = settings.get(CONFLICTS_ENV)
    if extra:
        with open(extra, encoding="utf-8") as f:
            wars.update({e["name"]: e for e in json.load(f)["conflicts"]})
    return list(wars.values())
