"""The filter object, pure: shared links → rows, bad links → exact notices, and the round trip
filters → query string → filters. Runs on the dashboard fixture (tests/data/dashboard_fixture.json)."""
from urllib.parse import parse_qs, parse_qsl, urlencode

import pytest
from conftest import load
from oracles import apply, as_of_months, claimant_cells, claimant_rows, sankey_links, vocabulary

from dashboard.filters import Filters, Vocabulary, distinct_labels
from extraction.lexicon import metric_name

URLS = load("urls.json")


def rows(df):
    return sorted(f"{a[:3]}:{t}" for a, t in zip(df["article_id"], df["number_text"]))


def params(query):
    return parse_qs(query, keep_blank_values=True)


@pytest.mark.parametrize("case", URLS["links"], ids=lambda c: c["query"] or "(none)")
def test_link_shows_its_rows(case, ds, vocab):
    f = Filters.from_params(params(case["query"]), vocab)
    assert f.notices == ()
    got = apply(f, ds["claims"])
    if "rows" in case:
        assert rows(got) == sorted(case["rows"])
    else:
        assert len(got) == case["count"]


@pytest.mark.parametrize("case", URLS["links"], ids=lambda c: c["query"] or "(none)")
def test_link_as_a_query_reads_the_same_rows(case, ds, snap, vocab):
    """The same link run as a query over the store's snapshot keeps exactly what apply keeps."""
    f = Filters.from_params(params(case["query"]), vocab)
    for date in ("as-of", "published"):  # and dated by publication
        g = Filters(f.selected + (("date", (date,)),)) if date != "as-of" else f
        assert rows(snap.claims(*g.where())) == rows(apply(g, ds["claims"])), date


@pytest.mark.parametrize("case", URLS["bad"], ids=lambda c: c["query"])
def test_bad_link_is_dropped_with_a_notice(case, ds, vocab):
    f = Filters.from_params(params(case["query"]), vocab)
    assert list(f.notices) == case["notices"]
    assert len(apply(f, ds["claims"])) == case["count"]


@pytest.mark.parametrize("case", URLS["links"], ids=lambda c: c["query"] or "(none)")
def test_round_trip(case, vocab):
    f = Filters.from_params(params(case["query"]), vocab)
    again = Filters.from_params(params(f.query_string()), vocab)
    assert again == f
    assert sorted(parse_qs(f.query_string()).items()) == sorted(parse_qs(case["query"]).items())


@pytest.mark.parametrize("case", URLS["links"], ids=lambda c: c["query"] or "(none)")
def test_one_filter_replaced_is_the_link_with_that_parameter_replaced(case, vocab):
    """One metric of a view (Estimates' charts), the view without its metric (Disputes' related
    metrics): the same as the link with that parameter rewritten, parameters in their order."""
    f = Filters.from_params(params(case["query"]), vocab)
    rest = [(k, v) for k, v in parse_qsl(case["query"]) if k not in ("metric", "claims")]
    for metric in ((), ("killed",), ("casualties", "killed")):
        want = Filters.from_params(params(urlencode(rest + [("metric", m) for m in metric])), vocab)
        got = f.replaced("metric", metric, drop=["claims"])
        assert got == want and got.query_string() == want.query_string()
    assert f.replaced("source", f.get("source")) == f


@pytest.mark.parametrize("limit,chosen,options,typed", [
    (5, ["b"], ["a", "b", "c", "d", "e"], False),
    (3, [], ["a", "b", "c"], True),
    (2, ["e", "b", "nonsense", "e"], ["a", "b", "e"], True),  # the chosen known ones, once, after the first
])
def test_a_long_filter_lists_its_first_values_and_those_chosen(limit, chosen, options, typed):
    from dashboard.filters import offered
    assert offered(("a", "b", "c", "d", "e"), chosen, limit) == (options, typed)


def test_query_values_are_parameters_never_sql(snap):
    hostile = "x') OR 1=1 --"
    f = Filters((("metric", (hostile,)), ("source", (hostile, "unattributed")), ("place", (hostile,))))
    where, values = f.where()
    assert hostile not in where and values.count(hostile) == 2 and [hostile] in values
    assert len(snap.claims(where, values)) == 0  # the unattributed claims have no such place


def test_query_reads_the_names_stored_for_a_merged_one(ds, snap, vocab):
    """A merge renames a claimant: the query for the new name reads the claims of the old one."""
    name = next(s for s in ds["claims"]["source"].dropna())
    f = Filters((("source", ("Merged name", "unattributed")),))
    assert len(snap.claims(*f.where())) == ds["claims"]["source"].isna().sum()
    assert len(snap.claims(*f.where({"source": [name]}))) == (ds["claims"]["source"] == name).sum() + \
        ds["claims"]["source"].isna().sum()


def test_plain_english(vocab):
    f = Filters.from_params(params("metric=killed&metric=casualties&place=Kursk+Oblast&from=2025-01"), vocab)
    assert f.describe() == ("claims where metric is killed or casualties; place is Kursk Oblast; as of 2025-01 or later"
                            " (claims with no as-of date are left out)")
    assert Filters().describe() == "all claims"
    assert not Filters().active and f.active


def test_vocabulary_offers_unattributed_only_when_there_are_such_claims(ds):
    v = vocabulary(ds["claims"])
    assert "unattributed" in v["source"]
    attributed = ds["claims"][ds["claims"]["source"].notna()]
    assert "unattributed" not in vocabulary(attributed)["source"]


def test_as_of_months():
    import pandas as pd
    start, end = as_of_months(pd.Series(["2024", "2025-03", "2025-04-26", None]))
    assert list(start[:3]) == ["2024-01", "2025-03", "2025-04"] and list(end[:3]) == ["2024-12", "2025-03", "2025-04"]
    assert pd.isna(start[3]) and pd.isna(end[3])


def test_claims_csv_has_every_claim_and_readable_places(ds):
    import io

    import pandas as pd

    from dashboard.export import CSV_COLUMNS, claims_csv
    back = pd.read_csv(io.BytesIO(claims_csv(ds["claims"])))
    assert list(back.columns) == CSV_COLUMNS
    assert len(back) == len(ds["claims"])
    row = back[back["number_text"] == "about 2 000"].iloc[0]
    assert row["places"] == "Russia; Ukraine" and row["source"] == "South Korean intelligence (NIS)"


def test_a_table_csv_keeps_every_row_and_neutralises_formulas():
    import io

    import pandas as pd

    from dashboard.export import table_csv
    table = pd.DataFrame({"lower": ["600 — NIS", "=HYPERLINK(\"http://x\")"], "explained": [True, False],
                          "why they can both stand": ["different metrics", "@SUM(A1)"]})
    back = pd.read_csv(io.BytesIO(table_csv(table)))
    assert len(back) == 2 and list(back.columns) == list(table.columns)
    assert not any(str(v).startswith(("=", "@")) for col in ("lower", "why they can both stand") for v in back[col])
    assert back["lower"][0] == "600 — NIS"


def test_range_chart_draws_open_bounds_to_the_axis_edge(ds):
    from dashboard.charts import range_figure, range_rows
    killed = ds["claims"][ds["claims"]["metric"] == "killed"]
    rows = range_rows(killed)
    assert [h.split("</b>")[0].removeprefix("<b>") for h in rows["hover"]] == [
        "approximately 600", "about 2 000", "thousands", "around 2,000", "more than 6,000"]  # lowest first
    fig = range_figure(killed)
    open_bars = next(t for t in fig.data if t.name == "open bound")
    assert len(open_bars.y) == 2  # "thousands" and "more than 6,000" have no upper bound
    edge = fig.layout.xaxis.range[1]
    assert all(abs(b + x - edge) < 1e-6 for b, x in zip(open_bars.base, open_bars.x))
    assert list(next(t for t in fig.data if t.name == "open end").marker.symbol) == ["triangle-right"] * 2


def test_range_chart_groups_by_claimant_and_uses_log_scale_across_magnitudes(ds):
    from dashboard.charts import range_figure
    c = ds["claims"]
    by = claimant_rows(c[c["metric"] == "killed"])
    nis = by[by["claimant"] == "South Korean intelligence (NIS)"].iloc[0]
    assert (nis["low"], nis["high"]) == (600, 2000)
    mixed = c[c["metric"].isin(["shells", "missiles"])]
    assert range_figure(mixed).layout.xaxis.type == "log"
    assert range_figure(c[c["metric"] == "killed"]).layout.xaxis.type == "linear"


def test_claimant_table_and_sankey(ds):
    from dashboard.charts import claimant_table, sankey_figure
    t = claimant_table(claimant_cells(ds["claims"]))
    assert list(t.columns) == ["claimant", "type", "stake", "metric", "figures", "articles"]  # long: fits the page
    nis = t[(t["claimant"] == "South Korean intelligence (NIS)") & (t["metric"] == "killed")].iloc[0]
    assert nis["type"] == "intelligence agency" and nis["stake"] == "third party"
    assert nis["figures"] == "2,000 (2025-09); 2,000; 600"
    assert t.iloc[-1]["claimant"] == "unattributed"
    s = sankey_figure(sankey_links(ds["claims"])).data[0]
    assert "The Moscow Times (AFP)" in s.node.label and "killed" in s.node.label
    assert sum(s.link.value) == 2 * len(ds["claims"])


def test_an_unchecked_chart_is_one_plotly_accepts_and_draws_the_same(ds):
    """Range charts are built without plotly's property checks (dashboard/charts.py, unchecked):
    checking each one's figure afterwards raises nothing and gives the same figure."""
    import json

    import plotly.graph_objects as go

    from dashboard.charts import range_figure, rows_figure
    c = ds["claims"]
    for part in (c[c["metric"] == "killed"], c[c["metric"].isin(["shells", "missiles"])], c):
        fig = rows_figure(claimant_rows(part)) if len(part) == len(c) else range_figure(part)
        checked = go.Figure(fig.to_dict())  # raises on any property plotly does not know
        got, want = json.loads(fig.to_json()), json.loads(checked.to_json())
        assert got["data"] == want["data"]
        assert {k: v for k, v in got["layout"].items() if k != "template"} == \
            {k: v for k, v in want["layout"].items() if k != "template"}


LABELS = load("labels.json")


@pytest.mark.parametrize("case", LABELS["distinct"], ids=lambda c: ",".join(c["wanted"]))
def test_labels_are_distinct_and_never_another_value(case):
    assert distinct_labels(case["wanted"]) == case["labels"]


@pytest.mark.parametrize("seed", range(5))
def test_labels_shared_by_many_values_are_told_apart_as_counting_from_one_would(seed):
    """Labels are counted on from the last number a label took (not from 1 for each of 100,000
    articles that read the same), with the same result: drawn from labels that are each other's
    numbered forms and values that read as labels."""
    import random

    import oracles
    rng = random.Random(seed)
    labels = ["L", "L (2)", "L (3)", "L (2) (2)", "M"]
    for _ in range(2000):
        keys = rng.sample([*labels, "a", "b", "c", "d", "e"], rng.randint(1, 10))
        wanted = {k: rng.choice(labels) for k in keys}
        assert distinct_labels(wanted) == oracles.distinct_labels(wanted), wanted


@pytest.mark.parametrize("case", LABELS["links"], ids=lambda c: c["labels"])
def test_a_link_with_labels_chooses_what_the_link_with_keys_does(case, vocab):
    """A bound widget writes the labels it shows ("troops deployed") to the address; links made
    by the pages, and older shared links, hold keys: both choose the same filters, no notice."""
    named = Vocabulary(vocab.values, {"metric": {m: metric_name(m) for m in vocab["metric"]}})
    by_label, by_key = (Filters.from_params(params(case[k]), named) for k in ("labels", "keys"))
    assert by_label == by_key and by_label.notices == by_key.notices == () and by_key.active
