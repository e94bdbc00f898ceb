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
