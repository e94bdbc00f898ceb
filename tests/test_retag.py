"""A war added to the registry re-tags the stored claims without extracting again
(extraction/retag.py): through the function, the CLI (a file named by $CROSSCOUNT_CONFLICTS) and
the store's note of the registry its claims follow."""
import json
import subprocess
import sys

from conftest import ROOT
from fixtures import fixture_store

from extraction.conflicts import Registry, registry
from extraction.retag import retag, retag_if_stale
from extraction.store import Store

# an invented war that the fixture's articles (North Korea's troops in Russia) name more than any other
ADDED = {"conflicts": [{"name": "Invented Korean expedition", "aliases": ["North Korean soldiers", "North Korean troops"],
                        "countries": ["North Korea", "Russia", "Ukraine"], "places": ["Kursk Oblast"],
                        "start": "2024-01-01"}]}


def test_a_war_added_retags_every_claim_it_covers_and_nothing_else(tmp_path):
    store = fixture_store(tmp_path / "s.sqlite")
    before = store.tables()["claims"]
    assert set(before["conflict"]) == {"Russo-Ukrainian war"}
    reg = Registry.from_data(ADDED)
    data_version = store.data_version()
    changed = retag(store, reg)
    after = store.tables()["claims"]
    assert changed == len(after) and set(after["conflict"]) == {"Invented Korean expedition"}
    assert all(t[0] == "conflict: article: the war it names most" for t in after["trace"])
    assert list(after["number_text"]) == list(before["number_text"])  # the same claims, not extracted again
    assert store.data_version() == data_version + 1 and store.tagged_with() == reg.digest
    assert retag(store, reg) == 0 and store.data_version() == data_version + 1  # nothing more to change


def test_a_store_follows_the_registry_it_was_tagged_with(tmp_path):
    store = fixture_store(tmp_path / "s.sqlite")
    assert store.tagged_with() is None
    assert retag_if_stale(store) == 0  # the fixture's claims already follow today's registry
    assert store.tagged_with() == registry().digest and retag_if_stale(store) is None


def test_the_cli_retags_with_an_analysts_file_of_wars(tmp_path):
    path = fixture_store(tmp_path / "s.sqlite").path
    wars = tmp_path / "wars.json"
    wars.write_text(json.dumps(ADDED), encoding="utf-8")
    env = {"CROSSCOUNT_CONFLICTS": str(wars), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "CROSSCOUNT_CACHE": str(tmp_path / "cache")}
    before = Store(path).tables()["claims"].set_index("claim_id")["conflict"]
    run = subprocess.run([sys.executable, "-m", "extraction", "retag", "--store", str(path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    after = Store(path).tables()["claims"].set_index("claim_id")["conflict"]
    moved = int((after != before).sum())
    assert f"{moved} claim(s) tagged with another war or stake" in run.stderr
    # the shipped wars stay beside the analyst's: an article the added war fits best moves to it
    assert moved and set(after[after != before]) == {"Invented Korean expedition"}


def test_a_large_store_is_left_to_the_cli(tmp_path, monkeypatch):
    """Re-tagging reads every article's text: on a large store that is minutes, not something a
    page waits for; the app says so instead (dashboard/state.py) and the CLI does it."""
    store = fixture_store(tmp_path / "s.sqlite")
    monkeypatch.setattr("extraction.retag.IN_PLACE_ARTICLES", store.count() - 1)
    assert retag_if_stale(store) is None and store.tagged_with() is None
    monkeypatch.setattr("extraction.retag.IN_PLACE_ARTICLES", store.count())
    assert retag_if_stale(store) == 0 and store.tagged_with() == registry().digest
