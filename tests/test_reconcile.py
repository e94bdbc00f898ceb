"""Figures, independent claimants and explained disagreements (extraction/reconcile.py), pure.
Tables: tests/data/reconcile.json (cases for each rule and each explanation kind) and
tests/data/seed_families.json (the seeds, by hand)."""
import pandas as pd
import pytest
from conftest import load
from fixtures import fixture_store
from oracles import apply

from dashboard.disputes import (
    figure_table,
    flag_lines,
    latest_band,
    month_table,
    same_everywhere,
    timeline_figure,
    undated,
)
from extraction.dataset import load_dataset
from extraction.figure_text import counts_text, interval_text
from extraction.reconcile import (
    Family,
    FigureCounts,
    disagreements,
    explain,
    families,
    group_parts,
    independent_claimants,
    members,
    overlap,
)

CASES = load("reconcile.json")
SEEDS = load("seed_families.json")


def frame(claims: list[dict]) -> pd.DataFrame:
    """Claims records from the cases' short form."""
    rows = []
    for i, c in enumerate(claims):
        rows.append({"claim_id": f"{c.get('article', 'x')}:{i}", "article_id": c.get("article", "x"),
                     "metric": c.get("metric", "troops_deployed"), "status": c.get("status", "reported"),
                     "incremental": c.get("incremental", False), "presence": c.get("presence"),
                     "source": c.get("source"), "low": c.get("low"),
                     "high": c.get("high"), "best": c.get("best"), "as_of": c.get("as_of"), "unit": c.get("unit"),
                     "source_stake": c.get("stake"), "party": c.get("party"), "conflict": c.get("conflict"),
                     "outlet": c.get("outlet"), "via": None, "published": None})
    df = pd.DataFrame(rows)
    for col in ("low", "high", "best"):
        df[col] = df[col].astype("float64")
    return df


@pytest.mark.parametrize("case", CASES["families"], ids=lambda c: c["name"])
def test_families(case):
    claims = frame(case["claims"])
    fams, member_of = families(claims)
    assert len(fams) == case["figures"]
    ids = list(claims["claim_id"])
    for together in case["together"]:
        assert len({member_of[ids[i]] for i in together}) == 1
    assert len(member_of) == len(claims)  # every mention belongs to a figure
    if "independent" in case:
        assert independent_claimants(fams) == case["independent"]


@pytest.mark.parametrize("case", CASES["explanations"], ids=lambda c: c["name"])
def test_explanations(case):
    fams, _ = families(frame([case["a"], case["b"]]))
    assert len(fams) == 2
    a, b = sorted(fams, key=lambda f: f.best if f.best is not None else f.low)
    assert not overlap(a, b)
    found = explain(a, b)
    assert [k for k, _ in found] == case["kinds"]
    if "text" in case:
        assert dict(found)[case["kinds"][0]] == case["text"]
    metric = a.metric
    flags = disagreements(fams, metric)
    assert len(flags) == 1 and flags[0].explained == bool(case["kinds"])


@pytest.mark.parametrize("case", CASES["apart"], ids=lambda c: c["name"])
def test_figures_of_other_sides_or_wars_never_disagree(case):
    fams, _ = families(frame([case["a"], case["b"]]))
    a, b = fams
    assert not overlap(a, b)  # they would disagree if they counted the same thing
    assert [f for m in {a.metric, b.metric} for f in disagreements(fams, m)] == []


@pytest.mark.parametrize("case", CASES["months"], ids=lambda c: c["name"])
def test_month_by_claimant_table(case):
    fams, _ = families(frame(case["claims"]))
    table = month_table(fams)
    assert list(table.columns) == ["war", "side", "claimant", *case["months"]]
    assert table.values.tolist() == case["rows"]


@pytest.mark.parametrize("case", CASES["apart"], ids=lambda c: c["name"])
def test_disputes_draw_a_timeline_per_side_and_war(case):
    from dashboard.disputes import metric_disputes
    a, b = (dict(c, as_of=c.get("as_of", "2025-06")) for c in (case["a"], case["b"]))
    fams, _ = families(frame([a, b]))
    metric = fams[0].metric
    got = metric_disputes([f for f in fams if f.metric == metric], [f for f in fams if f.metric != metric], metric)
    groups = {(f.party, f.conflict) for f in fams if f.metric == metric}
    assert {(side, war) for side, war, _, _ in got.timelines} == groups
    assert all(len(fig.data) and counts.figures == 1 for _, _, counts, fig in got.timelines)
    assert got.lines == []


@pytest.mark.parametrize("case", CASES["ranked"], ids=lambda c: c["name"])
def test_the_real_disputes_come_first(case):
    fams, _ = families(frame(case["claims"]))
    assert [[lo, hi] for lo, hi, _ in flag_lines(disagreements(fams, fams[0].metric), fams)] == case["lines"]


@pytest.mark.parametrize("case", CASES["groups"], ids=lambda c: c["name"])
def test_groups(case):
    assert group_parts(case["name"]) == case["parts"]
    known = ["South Korean intelligence (NIS)", "Ukrainian intelligence (GUR)", "Reuters", "Western media"]
    assert members(case["name"], known) == case["includes"]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "fixture.sqlite"
    fixture_store(out)
    claims = load_dataset(out)["claims"]
    return claims, *families(claims)


def _row(f: Family) -> list:
    return [f.metric, f.status, "increment" if f.incremental else "total", f.claimant, interval_text(f.low, f.high),
            f.as_of, sorted(a[:3] for a in f.articles), sorted(f.credited - {f.claimant})]


def test_seed_figures(seeds):
    claims, fams, member_of = seeds
    assert sorted(map(_row, fams), key=str) == sorted(SEEDS["figures"], key=str)
    assert set(member_of) == set(claims["claim_id"])


@pytest.mark.parametrize("metric", sorted(SEEDS["independent"]))
def test_seed_independent_claimants(seeds, metric):
    _, fams, _ = seeds
    assert independent_claimants([f for f in fams if f.metric == metric]) == SEEDS["independent"][metric]


def test_seed_killed_disagreements(seeds):
    _, fams, _ = seeds
    by_id = {f.family_id: f for f in fams}
    got = [[interval_text(by_id[fl.a].low, by_id[fl.a].high), interval_text(by_id[fl.b].low, by_id[fl.b].high),
            [k for k, _ in fl.explanations]] for fl in disagreements(fams, "killed")]
    assert sorted(got, key=str) == sorted(SEEDS["killed_flags"], key=str)
    lines = flag_lines(disagreements(fams, "killed"), fams)
    assert lines[0][2].startswith("no explanation in the data")  # the real disputes first


def test_seed_tables_and_timeline(seeds):
    _, fams, _ = seeds
    troops = [f for f in fams if f.metric == "troops_deployed"]
    reported = [f for f in troops if f.status == "reported"]
    assert counts_text(FigureCounts.of(reported)) == \
        "8 figures from 3 independent claimants and 3 unattributed figures (10 mentions in 5 articles)"
    # two of the articles taken as copies of one wire story: its mentions of a figure count once
    a, b = sorted(next(f for f in reported if len(f.articles) > 1).articles)[:2]
    copies = FigureCounts.of(reported, {b: a})
    assert copies.stories == 4 and copies.printed < copies.mentions
    assert counts_text(copies).endswith(f"({copies.printed} mentions in 4 stories, 5 articles: a story's copies counted once)")
    t = figure_table(troops)
    row = t[(t["figure"] == "14,000")].iloc[0]
    assert row["printed"] == "3× in 3 articles" and row["also credited to"] == \
        "South Korean intelligence and foreign analysts; South Korean, Ukrainian, and Western sources"
    fig = timeline_figure(troops, {})
    import json

    import plotly.graph_objects as go
    checked = go.Figure(fig.to_dict())  # built unchecked: plotly accepts every property, and draws the same
    assert json.loads(checked.to_json())["data"] == json.loads(fig.to_json())["data"]
    bars = [tr for tr in fig.data if tr.mode == "lines"]
    # one bar per figure: dated ones at their as-of date, undated ones dotted at their first publication
    assert sum(tr.x.count(None) for tr in bars) == len([f for f in troops if f.as_of or f.published])
    undated_bars = [tr for tr in bars if tr.line.dash == "dot"]
    assert sum(tr.x.count(None) for tr in undated_bars) == len([f for f in troops if not f.as_of and f.published]) > 0
    assert all("no as-of date" in h for tr in undated_bars for h in tr.hovertext if h)
    assert len(bars) <= 2 * len({f.claimant for f in troops})  # a trace or two per claimant, not per figure
    assert latest_band(troops) == (14000, 14000)  # NIS's latest dated total is the only independent one
    # the band is drawn across the chart's width at those values, labelled, as plotly's add_hrect draws it
    drawn = go.Figure(layout={"yaxis": {"range": [0, 1]}})
    drawn.add_hrect(y0=14000, y1=14000, fillcolor="#bbbbbb", opacity=0.25, line_width=0,
                    annotation_text="latest independent figures", annotation_position="top left")
    assert json.loads(checked.to_json())["layout"]["shapes"] == json.loads(drawn.to_json())["layout"]["shapes"]
    assert json.loads(checked.to_json())["layout"]["annotations"] == json.loads(drawn.to_json())["layout"]["annotations"]


def test_metric_disputes_gathers_what_the_page_shows(seeds):
    """The Disputes page's content for a metric of a view: its figures, the related metrics'
    figures under the same filters, and the disagreements among them (killed against casualties)."""
    from dashboard.disputes import metric_disputes
    from dashboard.filters import Filters
    from extraction.reconcile import Reconciled, related
    claims, fams, member_of = seeds
    figures = Reconciled(fams, member_of)
    filters = Filters((("metric", ("killed",)),))
    mine = figures.of(apply(filters, claims)["claim_id"])
    others = figures.of(apply(filters.replaced("metric", related("killed")), claims)["claim_id"])
    got = metric_disputes(mine, others, "killed")
    assert {f.metric for f in mine} == {"killed"} and {f.metric for f in others} <= {"casualties", "wounded"}
    assert others  # casualties are compared although the filter keeps killed only
    assert len(got.figures) == len(mine) and got.counts == FigureCounts.of(mine)
    assert got.lines == flag_lines(disagreements(mine + others, "killed"), mine + others)
    assert len(got.undated) == len([f for f in mine if not f.as_of]) > 0
    pd.testing.assert_frame_equal(got.undated, undated(mine), check_dtype=False)  # an empty one's dtype aside
    assert [(side, war) for side, war, _, _ in got.timelines] == [("North Korea", "Russo-Ukrainian war")]
    assert sum(tr.x.count(None) for _, _, _, fig in got.timelines for tr in fig.data if tr.mode == "lines") == \
        len([f for f in mine if f.as_of or f.published])  # undated figures at their publication date
    assert any("killed against casualties" in why for _, _, why in got.lines)


@pytest.mark.parametrize("case", load("story_mentions.json")["cases"], ids=lambda c: ",".join(c["articles"]))
def test_a_storys_copies_are_printed_once(case):
    """A wire story reprinted by two outlets is one mention of its figures, in one story."""
    from extraction.reconcile import Family
    f = Family("f", "killed", "reported", False, None, "NIS", 10.0, 10.0, 10.0, None, None, None, None,
               rows=list(range(len(case["articles"]))), cols={"article_id": case["articles"]})
    assert list(f.printed(case["story_of"])) == case["printed"]
    assert f.printed() == (len(case["articles"]), len(set(case["articles"])))


def test_the_figure_table_prints_a_storys_copies_once_with_both_outlets():
    from extraction.reconcile import Family
    cols = {"article_id": ["wire", "copy"], "outlet": ["Wire", "Daily Star"], "source": ["NIS", "NIS"],
            "via": [None, None], "published": ["2026-03-01", "2026-03-01"], "claim_id": ["wire:1", "copy:1"]}
    f = Family("f", "killed", "reported", False, None, "NIS", 10.0, 10.0, 10.0, None, None, None, None,
               rows=[0, 1], cols=cols)
    row = figure_table([f], {"wire": "wire", "copy": "wire"}).iloc[0]
    assert row["printed"] == "1× in 1 story (2 articles: copies of a story counted once)"
    assert row["outlets"] == "Daily Star; Wire"
    assert figure_table([f]).iloc[0]["printed"] == "2× in 2 articles"


def test_a_column_the_same_on_every_figure_is_said_once():
    """Side and war the same for every figure, nobody else credited, no relay: said once above
    the table instead of four columns repeating it."""
    table = pd.DataFrame({"figure": ["600", "2,000"], "side": ["North Korea"] * 2, "war": ["Russo-Ukrainian war", "Gaza war"],
                          "also credited to": ["", ""], "via": ["AFP", ""]})
    assert same_everywhere(table) == {"side": "North Korea", "also credited to": ""}
    assert same_everywhere(table.head(0)) == {}
