"""The app, run by Streamlit's AppTest on a dataset built into a temporary folder."""
import os

from conftest import ROOT
from dashboard.data import is_stale


def test_app_builds_the_dataset_and_shows_the_claims(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CROSSCOUNT_DATASET", str(tmp_path / "ds"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    assert not at.exception
    assert not is_stale(tmp_path / "ds")
    assert "killed: 600 – 6,000+ from 3 claimants in 4 articles" in [s.value for s in at.subheader]
    assert any("Showing 23 of 23 claims: all claims." in m.value for m in at.markdown)


def test_dataset_is_stale_when_a_seed_is_newer(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    ds = tmp_path / "ds"
    ds.mkdir()
    assert is_stale(ds, seeds)
    for t in ("articles", "claims", "places"):
        (ds / f"{t}.parquet").write_bytes(b"x")
    (seeds / "a.txt").write_text("x")
    os.utime(seeds / "a.txt", (1, 1))
    assert not is_stale(ds, seeds)
    os.utime(seeds / "a.txt", None)
    for t in ("articles", "claims", "places"):
        os.utime(ds / f"{t}.parquet", (2, 2))
    assert is_stale(ds, seeds)
