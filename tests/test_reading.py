"""A view's claims read as queries over the store's snapshot (dashboard/reading.py) are the
claims the same view keeps in pandas over every claim, with analysts' corrections folded in."""
from urllib.parse import parse_qs

import pandas as pd
import pytest
from conftest import load
from fixtures import fixture_store
from oracles import apply, claimant_cells, claimant_envelopes, place_claims, sankey_links, span_of, vocabulary

from dashboard import page_sums
from dashboard.figure_index import FigureIndex
from dashboard.filters import Filters, Vocabulary
from dashboard.reading import ReadModel
from extraction import audit
from extraction.lexicon import metric_name
from extraction.review import Correction, reviewed_table
from extraction.snapshot import Snapshot

CASES = load("reading.json")
LINKS = [c["query"] for c in load("urls.json")["links"]] + CASES["links"]


@pytest.fixture(scope="module")
def reviewed_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reading")
    store = fixture_store(folder / "s.sqlite")
    claims = store.tables()["claims"]
    texts = {a: store.article_text(a) for a in set(claims["article_id"])}
    for step in CASES["corrections"]:
        c = Correction(action=step["action"], reviewer="analyst", fields=dict(step.get("fields", {})),
                       reason=step.get("reason", ""))
        if "on" in step:
            aid = next(a for a in texts if a.startswith(step["on"][0]))
            s = texts[aid].index(step["on"][1])
            c.article_id, c.start_char, c.end_char, c.number_text = aid, s, s + len(step["on"][1]), step["on"][1]
        audit.record(store, c)
    return store, folder


@pytest.fixture(scope="module")
def base(reviewed_store):
    store, folder = reviewed_store
    return ReadModel.load(store, Snapshot.of(store, root=folder / "cache"))


@pytest.fixture(scope="module")
def index(base):
    """The figure index of that store version, built once (as the app keeps one per version)."""
    return FigureIndex(base)


@pytest.fixture(scope="module")
def everything(reviewed_store):
    """The reference: every claim in pandas, as extracted and as reviewed."""
    store, _ = reviewed_store
    tables = store.tables()
    extracted = tables["claims"].assign(review="extracted", reviewed_by=None)
    reviewed, _ = reviewed_table(tables["claims"], audit.corrections(store))
    return extracted, reviewed[reviewed["review"] != "rejected"], tables["articles"]


def _view(query, everything):
    """A link's filters (the merged-away names still choosable, as a link written before the merge
    holds them) and the claims the same view keeps in pandas over every claim."""
    extracted, reviewed, articles = everything
    vocab = vocabulary(reviewed, articles)
    f = Filters.from_params(parse_qs(query), Vocabulary({**vocab.values, "source": (*vocab["source"], "Western media", "Reuters")}))
    return f, apply(f, extracted if f.get("claims") == ("extracted",) else reviewed)


def _rows(df):
    return [(r.claim_id, r.number_text, r.metric, r.source if isinstance(r.source, str) else None, r.review)
            for r in df.itertuples()]


@pytest.mark.parametrize("query", LINKS, ids=lambda q: q or "(none)")
def test_a_view_read_as_a_query_is_the_view_in_pandas(query, base, everything):
    f, want = _view(query, everything)
    got = base.claims(f)
    assert _rows(got) == _rows(want)
    assert "sentence" not in got.columns
    full = base.with_sentences(got)
    assert list(full["sentence"]) == list(want["sentence"])


def test_the_corrections_are_seen(base, everything):
    _, reviewed, _ = everything
    assert base.total == len(reviewed)
    assert set(base.claims(Filters((("source", ("Wire services",)),)))["number_text"]) >= {"several dozen", "up to 6 million"}
    assert len(base.claims(Filters((("source", ("Western media",)),)))) == 0  # merged away
    assert [r for r in _rows(base.claims(Filters((("metric", ("other",)),)))) if r[4] == "added"]


def test_the_vocabulary_is_the_values_as_extracted_and_as_reviewed(base, everything):
    extracted, reviewed, articles = everything
    want = vocabulary(pd.concat([reviewed, extracted], ignore_index=True), articles)
    vocab, months = base.vocabulary()
    assert vocab.values == want.values
    # a person reads metrics in words and articles by name, never a key or an id
    assert all(vocab.label("metric", m) == metric_name(m) for m in vocab["metric"])
    names = [vocab.label("article", a) for a in vocab["article"]]
    assert len(set(names)) == len(names) and not set(names) & set(vocab["article"])
    assert all(vocab.value("article", vocab.label("article", a)) == a for a in vocab["article"])
    assert months[0] == "2023-05" and months == sorted(months) and len(months) == len(set(months))


def test_an_article_reads_its_own_claims_and_places(base, everything):
    _, reviewed, _ = everything
    aid = reviewed["article_id"].iloc[-1]
    assert _rows(base.article_claims(aid)) == _rows(reviewed[reviewed["article_id"] == aid])
    assert set(base.places([aid])["article_id"]) == {aid}


@pytest.mark.parametrize("query", LINKS, ids=lambda q: q or "(none)")
def test_what_a_page_adds_up_is_added_up_by_the_query(query, base, everything, reviewed_store):
    """Counts, the metrics in order, claims per article, places and their claims: from the
    query as from the view's rows in pandas."""
    from dashboard.maps import HOVER_CLAIMS, _places
    from dashboard.views import place_table
    f, want = _view(query, everything)
    assert base.count(f) == len(want)
    assert base.metric_counts(f) == list(want["metric"].value_counts().items())
    assert base.article_counts(f) == want.groupby("article_id").size().to_dict()
    store, _ = reviewed_store
    places = store.tables()["places"]
    rows = places[places["article_id"].isin(set(want["article_id"]))] if f.active else places
    got = page_sums.place_counts(base, f)
    assert _plain(_places(got)) == _plain(_places(rows).sort_values(["name", "kind"]).reset_index(drop=True))
    assert sorted(_plain(place_table(got))) == sorted(_plain(place_table(rows)))  # ties in any order
    first, counts = page_sums.place_claims(base, f, HOVER_CLAIMS)
    want_first, want_counts = place_claims(want, HOVER_CLAIMS)
    assert counts == want_counts
    assert _plain(first[list(want_first.columns)]) == _plain(want_first)


def _plain(df):
    return [tuple(None if v is None or v is pd.NA or v != v else v for v in r)
            for r in df.astype(object).itertuples(index=False)]


@pytest.mark.parametrize("query", LINKS, ids=lambda q: q or "(none)")
def test_figure_counts_by_the_query_are_the_figures_own(query, base, everything, index):
    """The Estimates headline's numbers, from the figure index, as from the figures themselves."""
    from dashboard.disputes import FigureCounts
    from extraction.reconcile import reconcile
    _, reviewed, _ = everything
    f, want = _view(query, everything)
    figures = reconcile(reviewed)
    got = index.figure_counts(f)
    by = [("metric",), ("metric", "side", "war"), ("metric", "side", "war", "status")]
    assert index.figure_counts_by(f, by) == [index.figure_counts(f, b) for b in by]  # one query, as three
    keys = {(f.metric, f.party or "", f.conflict or "", f.status) for f in figures.of(want["claim_id"])}
    assert set(got) == keys
    for metric, side, war, status in keys:
        part = want[(want["metric"] == metric) & (want["status"] == status)]
        fams = [x for x in figures.of(part["claim_id"]) if (x.metric, x.party or "", x.conflict or "", x.status)
                == (metric, side, war, status)]
        assert got[(metric, side, war, status)] == FigureCounts.of(fams), (metric, side, war, status)


@pytest.mark.parametrize("query", LINKS, ids=lambda q: q or "(none)")
def test_the_sources_page_s_numbers_by_the_query(query, base, everything):
    """The claimant table's cells and the outlet → claimant → metric links, from the query as
    from the view's rows in pandas."""
    from dashboard.charts import claimant_table
    from dashboard.page_sums import MAX_CELL_FIGURES
    from dashboard.views import outlets
    articles = everything[2]
    f, want = _view(query, everything)
    cells, (by_outlet, by_metric) = page_sums.sources(base, f, MAX_CELL_FIGURES + 1)
    order = ["claimant", "metric"]
    assert _plain(cells.sort_values(order)) == _plain(claimant_cells(want).sort_values(order))
    assert _plain(claimant_table(cells)) == _plain(claimant_table(claimant_cells(want)))
    w_outlet, w_metric = sankey_links(want, outlets(articles))
    assert by_outlet.sort_index().to_dict() == w_outlet.sort_index().to_dict()
    assert by_metric.sort_index().to_dict() == w_metric.sort_index().to_dict()


def _figure(x):
    """All that the Disputes page reads of a figure."""
    return (x.family_id, x.metric, x.status, x.incremental, x.claimant, x.low, x.high, x.best, x.unit, x.stake,
            x.party, x.conflict, x.as_of, x.mentions, sorted(x.claim_ids), x.credited, x.articles, x.outlets, x.vias, sorted(x.published))


@pytest.mark.parametrize("query", LINKS, ids=lambda q: q or "(none)")
def test_disputes_from_the_figure_index_are_the_figures_own(query, base, everything, index):
    """Disputes for each metric of a view, read from the figure index, as from every claim
    reconciled in pandas (one metric at a time): the view's figures with all their mentions, the
    figure table, and the disagreements with related metrics' most mentioned figures."""
    from dashboard.disputes import FigureCounts, flag_table, metric_disputes, undated
    from extraction.reconcile import MAX_COMPARED, Reconciled, disagreements, reconcile, related
    _, reviewed, _ = everything
    f, want = _view(query, everything)
    per_metric = {m: reconcile(reviewed[reviewed["metric"] == m]) for m in set(reviewed["metric"])}
    for metric in sorted(per_metric):
        parts = [per_metric[m] for m in [metric, *related(metric)] if m in per_metric]  # each metric apart
        figures = Reconciled([f for p in parts for f in p.families], {k: v for p in parts for k, v in p.member_of.items()})
        mine = [x for x in figures.of(want["claim_id"]) if x.metric == metric]
        rest = apply(f.replaced("metric", related(metric), drop=["claims"]), reviewed) if related(metric) else reviewed[:0]
        others = figures.of(rest["claim_id"])
        got_mine, got_others = index.figures(f, metric, MAX_COMPARED)
        assert [_figure(x) for x in got_mine] == [_figure(x) for x in mine], metric
        assert {x.family_id: _figure(x) for x in got_others}.items() <= {x.family_id: _figure(x) for x in others}.items()
        got, ref = metric_disputes(got_mine, got_others, metric), metric_disputes(mine, others, metric)
        assert got.counts == ref.counts
        pd.testing.assert_frame_equal(got.figures, ref.figures)
        dateless = undated(mine)
        assert list(got.undated.columns) == list(dateless.columns) and _plain(got.undated) == _plain(dateless)
        pd.testing.assert_frame_equal(got.flags, ref.flags)
        assert got.lines == ref.lines
        # the page draws the most mentioned figures only, and counts them all by the query
        assert index.figure_counts(f, by=("metric",)).get((metric,), FigureCounts.of([])) == FigureCounts.of(mine)
        top = sorted(sorted(mine, key=lambda x: -x.mentions)[:2], key=mine.index)  # most mentioned, in rank order
        assert [_figure(x) for x in index.figures(f, metric, MAX_COMPARED, shown=2)[0]] == [_figure(x) for x in top]
        # fewer figures compared than there are: related metrics' most mentioned, picked by the query
        mine, few = index.figures(f, metric, 2)
        assert len(few) <= 2 * len(related(metric))
        pd.testing.assert_frame_equal(flag_table(disagreements(mine + few, metric, 2), mine + few),
                                      flag_table(disagreements(mine + others, metric, 2), mine + others))


@pytest.mark.parametrize("query", LINKS, ids=lambda q: q or "(none)")
def test_figure_counts_with_copies_of_a_story_are_the_figures_own(query, base, everything, index):
    """With articles taken as copies of one story (of each figure printed in several articles,
    those after the first a copy of the first), the query counts a story's mentions of a figure
    once, as the figures do."""
    from extraction.reconcile import FigureCounts, reconcile
    _, reviewed, _ = everything
    story_of = {}
    for f in reconcile(reviewed).families:
        first, *rest = sorted(f.articles)
        for b in rest:
            story_of.setdefault(b, first)
    assert story_of
    f, want = _view(query, everything)
    got = index.figure_counts(f, by=("metric",), story_of=story_of)
    for metric in sorted(set(reviewed["metric"])):
        mine = reconcile(reviewed[reviewed["metric"] == metric]).of(want["claim_id"])
        assert got.get((metric,), FigureCounts.of([])) == FigureCounts.of(mine, story_of), metric


def test_a_correction_remakes_only_the_figures_of_the_metrics_it_changes(tmp_path, monkeypatch):
    """A correction goes to the audit trail: the snapshot stays, and of the figure index only the
    parts of the metrics whose claims it changes are made again; the index is the one a reader
    starting from nothing makes."""
    store = fixture_store(tmp_path / "s.sqlite")
    first = ReadModel.load(store, Snapshot.of(store, root=tmp_path / "cache"))
    FigureIndex(first).build()
    claims = store.tables()["claims"]
    moved, into = list(claims["metric"].value_counts().index[:2])
    c = claims[claims["metric"] == moved].iloc[0]
    audit.record(store, Correction(action="correct", reviewer="analyst", article_id=c["article_id"],
                                   start_char=int(c["start_char"]), end_char=int(c["end_char"]),
                                   number_text=c["number_text"], fields={"metric": into}))
    with monkeypatch.context() as m:  # the snapshot is not made again
        m.setattr("extraction.snapshot._write_table", lambda *a: pytest.fail("the snapshot was made again"))
        then = ReadModel.load(store, Snapshot.of(store, root=tmp_path / "cache"))
    assert then.snap.folder == first.snap.folder
    before, after = FigureIndex(first).keys(), FigureIndex(then).keys()
    assert {m for m in after if before.get(m) != after[m]} == {moved, into}
    FigureIndex(then).build()
    fresh = ReadModel.load(store, Snapshot.of(store, root=tmp_path / "fresh"))
    FigureIndex(fresh).build()
    every = "SELECT * FROM figures ORDER BY metric, rank, claim_id"
    assert then.snap.query(every).equals(fresh.snap.query(every))
    assert then.snap.query(every).num_rows == len(claims)
    # an acceptance changes no claim: no part is made again
    d = claims[claims["article_id"] != c["article_id"]].iloc[0]
    audit.record(store, Correction(action="accept", reviewer="analyst", article_id=d["article_id"],
                                   start_char=int(d["start_char"]), end_char=int(d["end_char"]),
                                   number_text=d["number_text"]))
    assert FigureIndex(ReadModel.load(store, Snapshot.of(store, root=tmp_path / "cache"))).keys() == after


@pytest.mark.parametrize("query", LINKS, ids=lambda q: q or "(none)")
def test_a_range_chart_s_numbers_by_the_query(query, base, everything, monkeypatch):
    """Per metric and status of a view: the range the headline gives and the claimants'
    envelopes a grouped chart draws (by as-of and by publication date, at a precision that keeps
    the chart small), with the claims they count, from the query as from the view's rows in pandas."""
    from dashboard.charts import envelope_rows
    f, want = _view(query, everything)
    for date, rows in (("as_of", 150), ("published", 150), ("as_of", 3), ("as_of", 1)):
        monkeypatch.setattr("dashboard.page_sums.MAX_ROWS", rows)  # dated by month or year to keep within it
        got = page_sums.charts(base, f, date)
        keyed = want.assign(side=want["party"].fillna(""), war=want["conflict"].fillna(""))
        key = ["metric", "side", "war", "status"]  # one chart per metric, side, war and status
        assert {k: int(env["n"].sum()) for k, (_, env) in got.items()} == keyed.groupby(key).size().to_dict()
        for k, (extent, env) in got.items():
            part = keyed[(keyed[key] == pd.Series(k, index=key)).all(axis=1)]
            ref = claimant_envelopes(part, date)
            assert extent == span_of(part)
            assert _plain(env) == _plain(ref), (k, date)
            pd.testing.assert_frame_equal(envelope_rows(env, date=date), envelope_rows(ref, date=date))


@pytest.mark.parametrize("figures,words", [
    ([("up to 500", None, 500), ("2,000", 2000, 2000)], "up to 500 – 2,000"),
    ([("2,000", 2000, 2000), ("more than 9,000", 9000, None)], "2,000 – 9,000+"),
    ([("up to 500", None, 500), ("500", 500, 500)], "500"),
    ([("more than 9,000", 9000, None), ("up to 9,000", None, 9000)], "9,000"),
    ([("up to 9,000", None, 9000)], "up to 9,000"),
])
def test_a_range_s_open_ends_by_the_query(tmp_path, figures, words):
    """The headline's range keeps an open end only when every figure at that end is open there."""
    from fixtures import claim_record, store_from_records

    from dashboard.charts import span_words
    text = " ".join(f"Officials said {t} soldiers died." for t, _, _ in figures)
    store = store_from_records(tmp_path / "s.sqlite", [{"article_id": "a", "text": text}],
                               [claim_record("a", text, t, metric="killed", low=lo, high=hi) for t, lo, hi in figures], [])
    base = ReadModel.load(store, Snapshot.of(store, root=tmp_path / "cache"))
    extent, _ = page_sums.charts(base, Filters())[("killed", "", "", "reported")]  # no side or war named
    assert span_words(extent) == words
    assert extent == span_of(store.tables()["claims"])
