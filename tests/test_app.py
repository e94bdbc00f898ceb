"""End to end: the app on a store that does not exist yet creates it, seeds it from seeds/ with
real extraction, and shows every claim extraction stored (whatever their number)."""
from conftest import ROOT
from dashboard.charts import headline
from dashboard.reconcile import reconcile
from dashboard.safe import md
from extraction.lexicon import metric_name
from extraction.store import Store


def test_app_creates_and_seeds_a_new_store(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store = tmp_path / "new" / "crosscount.sqlite"
    monkeypatch.setenv("CROSSCOUNT_STORE", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    assert not at.exception
    seeds = sorted(p for p in (ROOT / "seeds").iterdir() if p.suffix == ".txt")
    assert Store(store).count() == len(seeds) and Store(store).check() == []
    claims = Store(store).tables()["claims"]
    assert len(claims) > 0
    metrics = claims["metric"].value_counts().index
    assert [s.value for s in at.subheader] == [md(metric_name(m)) for m in metrics]
    lines = [m.value for m in at.markdown]
    figures_of = reconcile(claims).of
    for m in metrics:
        for status, label in (("reported", "Reported"), ("planned", "Planned, intended or projected")):
            part = claims[(claims["metric"] == m) & (claims["status"] == status)]
            if len(part):
                figures = [f for f in figures_of(part["claim_id"]) if f.metric == m and f.status == status]
                assert f"**{label}:** {md(headline(part, figures=figures))}" in lines
    n = len(claims)
    assert any(f"Showing {n} of {n} claims: all claims." in m.value for m in at.markdown)
