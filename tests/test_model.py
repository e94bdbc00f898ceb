"""The claim model is the one definition of a claim's fields: the store's columns, the CLI's JSON
keys and the CSV's columns all come from it."""
import csv
import io
import json
import sqlite3
import subprocess
import sys

from conftest import ROOT
from fixtures import fixture_store

from dashboard.export import claims_csv
from extraction.model import ARTICLE_FIELDS, CLAIM_FIELDS, PLACE_FIELDS, Claim

CONTRACT = {"article_id", "number_text", "start_char", "end_char", "sentence", "metric", "status", "unit", "low",
            "high", "best", "hedge", "source", "source_text", "as_of", "places"}  # shared/spec/conventions.md


def _columns(path, table):
    with sqlite3.connect(path) as con:
        return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]


def test_store_columns_are_the_model_fields(tmp_path):
    store = fixture_store(tmp_path / "f.sqlite")
    assert sorted(_columns(store.path, "claims")) == sorted(CLAIM_FIELDS)
    assert sorted(_columns(store.path, "places")) == sorted(PLACE_FIELDS)
    assert sorted(c for c in _columns(store.path, "articles") if c != "text_hash") == sorted(ARTICLE_FIELDS)


def test_cli_keys_are_the_model_fields():
    r = subprocess.run([sys.executable, "-m", "extraction", "claims", "seeds/004_b2f3424544e31636.txt"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows and all(list(row) == list(CLAIM_FIELDS) for row in rows)
    assert set(CLAIM_FIELDS) >= CONTRACT


def test_csv_columns_are_the_model_fields(tmp_path):
    claims = fixture_store(tmp_path / "f.sqlite").tables()["claims"]
    header = next(csv.reader(io.StringIO(claims_csv(claims).decode("utf-8"))))
    assert header == [*CLAIM_FIELDS, "review", "reviewed_by"]  # every field, then the review state


def test_claim_id_is_derived_and_follows_the_article():
    from dataclasses import replace
    c = Claim("a", "12", 5, 7, "s", 0, "killed", "reported", None, 12, 12, 12, "exact")
    assert c.claim_id == "a:5" and replace(c, article_id="b").claim_id == "b:5"
