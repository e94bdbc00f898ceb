"""End to end: the app on a store that does not exist yet creates it, seeds it from seeds/ with
real extraction, and shows every claim extraction stored (whatever their number)."""
from conftest import ROOT
from oracles import span_text

from dashboard.charts import chart_title, headline
from dashboard.safe import md
from extraction.reconcile import FigureCounts, reconcile
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
    claims = claims.assign(side=claims["party"].fillna(""), war=claims["conflict"].fillna(""))
    # a chart per metric (most claims first), side and war, each named
    titles = [s.value for s in at.subheader]
    want = [md(chart_title(m, side, war)) for m in metrics
            for side, war in sorted(set(zip(*(claims[claims["metric"] == m][c] for c in ("side", "war")))))]
    assert sorted(titles) == sorted(want) and len(titles) == len(want)
    assert [t.split(" · ")[-1] for t in titles] == [t.split(" · ")[-1] for t in want]  # metrics in order
    lines = [m.value for m in at.markdown]
    figures_of = reconcile(claims).of
    for (m, _side, _war), chart in claims.groupby(["metric", "side", "war"]):
        for status, label in (("reported", "Reported"), ("planned", "Planned, intended or projected")):
            part = chart[chart["status"] == status]
            if len(part):
                figures = [f for f in figures_of(part["claim_id"]) if f.metric == m and f.status == status]
                assert f"**{label}:** {md(headline(span_text(part), FigureCounts.of(figures)))}" in lines
    n = len(claims)
    assert any(f"Showing {n} of {n} claims: all claims." in m.value for m in at.markdown)


def test_every_table_has_our_neutralised_download_and_streamlits_own_is_off():
    """Streamlit's toolbar 'Download as CSV' wrote =HYPERLINK(…) cells unchanged: it is off, and
    every page table goes through dashboard/tables.py (its CSV neutralises formulas), but two that
    have a download of their own: Evidence's (the footer's claims CSV) and Disputes' disagreements
    (a CSV of all of them, where the page draws the first 2,000)."""
    import re
    import tomllib
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
    direct = {p.name for p in (ROOT / "dashboard" / "pages").glob("*.py")
              if re.search(r"\b(?:st|c\d)\.dataframe\(", p.read_text(encoding="utf-8"))}
    assert direct == {"evidence.py", "disputes.py"}
    assert len(re.findall(r"\bst\.dataframe\(", (ROOT / "dashboard" / "pages" / "disputes.py").read_text())) == 1
