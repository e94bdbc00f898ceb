import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from oracles import vocabulary

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# No test writes outside its temporary folder: a test (or a process it starts) that does not name
# a store or a cache of its own gets these, never the app's data/crosscount.sqlite or ~/.cache.
_SCRATCH = Path(tempfile.mkdtemp(prefix="crosscount-tests-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
os.environ.setdefault("CROSSCOUNT_STORE", str(_SCRATCH / "default-store.sqlite"))
os.environ.setdefault("CROSSCOUNT_CACHE", str(_SCRATCH / "cache"))
# Hypothesis keeps its examples and constants in .hypothesis/ of the working folder unless told
# otherwise (read when it first stores something, after this)
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(_SCRATCH / "hypothesis"))
try:
    from hypothesis import settings as _hypothesis
    _hypothesis.register_profile("crosscount", database=None)  # and no example database at all
    _hypothesis.load_profile("crosscount")
except ImportError:
    pass

# Streamlit's script runner (AppTest) installs the app as a fake __main__ and leaves it there: a
# process started with multiprocessing's spawn (Dask's workers) would then run app.py first. Each
# test gets the real one back.
_REAL_MAIN = sys.modules["__main__"]


@pytest.fixture(autouse=True)
def _real_main():
    yield
    sys.modules["__main__"] = _REAL_MAIN


# What tools of the run itself leave in the checkout (the interpreter's and pytest's caches, the
# virtualenv): everything else a test leaves there fails the run.
TOOLING = (".venv/", ".pytest_cache/", "__pycache__/")


def checkout_changes() -> set[str] | None:
    """The checkout's changed, untracked and ignored paths (``git status``), less the tooling's;
    None outside a git checkout."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {line for line in out.splitlines() if not any(t in line[3:] for t in TOOLING)}


def pytest_sessionstart(session):
    session.config._checkout_before = checkout_changes()


def pytest_sessionfinish(session, exitstatus):
    """The checkout is as the run found it: a test that wrote into it fails the run."""
    before = getattr(session.config, "_checkout_before", None)
    after = checkout_changes()
    if before is None or after is None:
        return
    left = sorted(after - before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        msg = "the tests left these in the checkout (write to tmp_path instead): " + ", ".join(left[:20])
        if reporter:
            reporter.write_line(f"FAILED checkout unchanged: {msg}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
    from fixtures import fixture_store

    from extraction.dataset import load_dataset
    out = tmp_path_factory.mktemp("ds") / "fixture.sqlite"
    fixture_store(out)
    return load_dataset(out)


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    """The dashboard fixture's store as a snapshot (Parquet files read with DuckDB)."""
    from fixtures import fixture_store

    from extraction.snapshot import Snapshot
    folder = tmp_path_factory.mktemp("snap")
    return Snapshot.of(fixture_store(folder / "fixture.sqlite"), root=folder / "cache")


@pytest.fixture(scope="module")
def vocab(ds):
    return vocabulary(ds["claims"], ds["articles"])
