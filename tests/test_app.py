"""The app on a store that does not exist yet: it creates it, seeds it from seeds/ and shows the claims."""
from conftest import ROOT
from extraction.store import Store


def test_app_creates_and_seeds_a_new_store(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store = tmp_path / "new" / "crosscount.sqlite"
    monkeypatch.setenv("CROSSCOUNT_STORE", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    assert not at.exception
    assert Store(store).count() == 5 and Store(store).check() == []
    assert "killed: 600 – 6,000+ from 3 claimants in 4 articles" in [s.value for s in at.subheader]
    assert any("Showing 23 of 23 claims: all claims." in m.value for m in at.markdown)
