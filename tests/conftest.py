import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def load(name):
    with open(DATA / name, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def nlp():
    from extraction.pipeline import get_nlp
    return get_nlp()


@pytest.fixture(scope="session")
def gaz():
    from extraction.places import default_gazetteer
    return default_gazetteer()


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    """The dashboard fixture (tests/data/dashboard_fixture.json) as the store's tables."""
    from extraction.dataset import load_dataset
    from fixtures import fixture_store
    out = tmp_path_factory.mktemp("ds") / "fixture.sqlite"
    fixture_store(out)
    return load_dataset(out)


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    """The dashboard fixture's store as a snapshot (Parquet files read with DuckDB)."""
    from extraction.snapshot import Snapshot
    from fixtures import fixture_store
    folder = tmp_path_factory.mktemp("snap")
    return Snapshot.of(fixture_store(folder / "fixture.sqlite"), root=folder / "cache")


@pytest.fixture(scope="module")
def vocab(ds):
    from dashboard.filters import Vocabulary
    return Vocabulary.from_tables(ds["claims"], ds["articles"])
