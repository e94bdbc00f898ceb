"""Where the dashboard's dataset lives and when it must be rebuilt. Pure: no Streamlit."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATASET_ENV = "CROSSCOUNT_DATASET"


def dataset_path() -> Path:
    return Path(os.environ.get(DATASET_ENV) or ROOT / "data" / "dataset")


def newest_input(folder: Path) -> float:
    """The latest modification time of the article files (and manifest) of a folder."""
    times = [p.stat().st_mtime for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    return max(times, default=0.0)


def is_stale(dataset: Path, seeds: Path = SEEDS) -> bool:
    """The dataset is missing a table, or older than the newest file of ``seeds``."""
    tables = [dataset / f"{t}.parquet" for t in ("articles", "claims", "places")]
    if not all(t.exists() for t in tables):
        return True
    return min(t.stat().st_mtime for t in tables) < newest_input(seeds)
