"""The sums the Estimates, Sources and Map pages draw, each one query over a view's rows
(:meth:`dashboard.reading.ReadModel.view_sql`): a chart's range and its claimants' envelopes, the
claimant table's cells and the outlet → claimant → metric links, the places and their claims.
tests/oracles.py answers each again in pandas for the differential tests. No Streamlit."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from extraction.snapshot import to_frame

from .filters import DATES, UNATTRIBUTED, Filters
from .reading import CHART_KEY, ReadModel

MAX_ROWS = 150  # rows of a range chart; beyond it, claims are grouped by claimant
# a chart's rows grouped by claimant and date (charts), and a claimant's cells (sources)
ENVELOPE_COLUMNS = ["claimant", "date", "low", "high", "best", "open_low", "open_high", "lows_max", "n", "articles",
                    "sample"]
SAMPLE = 8  # claims named in a grouped bar's hover
MAX_CELL_FIGURES = 12  # figures listed in a claimant's cell of the Sources table
CELL_COLUMNS = ["claimant", "metric", "type", "stake", "articles", "figures"]


def charts(model: ReadModel, filters: Filters, date: str = "as_of") -> dict[tuple[str, str, str, str], tuple[tuple | None, pd.DataFrame]]:
    """(metric, side, war, status) → the range (tests/oracles.py span_of gives the same in pandas) and the claimants'
    envelopes (oracle: claimant_envelopes) of a view's claims of that metric, party,
    conflict (each "" when unknown: :data:`CHART_KEY`) and status, added up by three queries
    for the whole view: a range chart reads at most MAX_ROWS rows, however many claims it
    draws. The envelopes' claims (``n``) add up to the part's claims."""
    if date not in DATES.values():  # a column name, written into the query
        raise ValueError(f"no such date column: {date!r}")
    rows, params, lists = model.view_sql(filters, list(dict.fromkeys(
        ["metric", "party", "conflict", "status", "source", "article_id", "start_char", "number_text", "low", "high",
         "best", date])))
    rows = f"SELECT *, coalesce(party, '') AS side, coalesce(conflict, '') AS war FROM ({rows})"
    key = ", ".join(CHART_KEY)
    v = f"(SELECT *, coalesce(source, '{UNATTRIBUTED}') AS claimant, nullif({date}, '') AS d FROM ({rows}))"
    widths = (10, 7, 4)  # day, month, year: the finest that keeps a chart within MAX_ROWS rows
    counted = model.snap.query(f"SELECT {key}, " + ", ".join(
        f"count(DISTINCT (claimant, coalesce(left(d, {w}), 'undated')))" for w in widths) +
        f" FROM {v} GROUP BY ALL", params, lists).to_pylist()
    chosen = pa.table({**{k: [r[k] for r in counted] for k in CHART_KEY},
                       "w": [next((w for w, n in zip(widths, list(r.values())[len(CHART_KEY):]) if n <= MAX_ROWS),
                                  widths[-1]) for r in counted]},
                      schema=pa.schema([*((k, pa.string()) for k in CHART_KEY), ("w", pa.int64())]))
    got = model.snap.query(
        f"SELECT {key}, claimant, coalesce(left(d, w), 'undated') AS date, min(low) AS low, "
        "max(high) AS high, median(best) AS best, count(low) < count(*) AS open_low, "
        "count(high) < count(*) AS open_high, max(low) AS lows_max, count(*) AS n, "
        "count(DISTINCT article_id) AS articles, min_by(struct_pack(t := number_text, a := article_id), "
        f"struct_pack(a := article_id, s := start_char), {int(SAMPLE)}) AS sample, "
        "min(struct_pack(a := article_id, s := start_char)) AS first "
        f"FROM {v} JOIN chosen USING ({key}) GROUP BY ALL ORDER BY {key}, first",
        params, {**lists, "chosen": chosen})
    env = to_frame(got.drop_columns(["sample", "first"])).astype(
        {"n": "int64", "articles": "int64", "claimant": object, "date": object})
    env["sample"] = [[(x["t"], x["a"]) for x in v] for v in got.column("sample").to_pylist()]
    spans = model.snap.query(
        f"WITH s AS (SELECT {key}, coalesce(low, high) AS b, coalesce(high, low) AS t, low, high FROM ({rows})), "
        f"e AS (SELECT {key}, min(b) AS lo, max(t) AS top FROM s GROUP BY ALL) "
        f"SELECT {key}, e.lo, e.top, bool_and(s.low IS NULL) FILTER (WHERE s.b = e.lo) AS ob, "
        f"bool_and(s.high IS NULL) FILTER (WHERE s.t = e.top) AS ot FROM s JOIN e USING ({key}) "
        "WHERE e.lo IS NOT NULL GROUP BY ALL", params, lists).to_pylist()
    extent = {tuple(r[k] for k in CHART_KEY): (r["lo"], r["top"], r["ob"], r["ot"]) for r in spans}
    return {k: (extent.get(k), part[ENVELOPE_COLUMNS].reset_index(drop=True))
            for k, part in env.groupby(list(CHART_KEY), sort=False)}


def sources(model: ReadModel, filters: Filters, per_cell: int) -> tuple[pd.DataFrame, tuple[pd.Series, pd.Series]]:
    """The Sources page's numbers, added up by the query (oracles: claimant_cells and
    sankey_links in tests/oracles.py)."""
    cols = ["article_id", "start_char", "source", "metric", "low", "high", "as_of", "source_type",
            "source_stake", "outlet", "via"]
    rows, params, lists = model.view_sql(filters, cols)
    named = f"(SELECT *, coalesce(source, '{UNATTRIBUTED}') AS claimant FROM ({rows}))"
    firsts = "ORDER BY article_id, start_char) FILTER (WHERE {0} IS NOT NULL)"
    cells = to_frame(model.snap.query(
        f"SELECT claimant, metric, first(source_type {firsts.format('source_type')} AS type, "
        f"first(source_stake {firsts.format('source_stake')} AS stake, count(DISTINCT article_id) AS articles "
        f"FROM {named} GROUP BY claimant, metric ORDER BY claimant, metric", params, lists))
    figs = model.snap.query(
        f"SELECT claimant, metric, low, high, as_of FROM (SELECT claimant, metric, low, high, nullif(as_of, '') AS as_of, "
        f"min(struct_pack(a := article_id, s := start_char)) AS first FROM {named} GROUP BY ALL) "
        f"QUALIFY row_number() OVER (PARTITION BY claimant, metric ORDER BY first) <= {int(per_cell)} "
        f"ORDER BY claimant, metric, first", params, lists).to_pylist()
    listed: dict = {}
    for r in figs:
        listed.setdefault((r["claimant"], r["metric"]), []).append((r["low"], r["high"], r["as_of"]))
    cells = cells.assign(type=cells["type"].astype(object).fillna(""), stake=cells["stake"].astype(object).fillna(""),
                         articles=cells["articles"].astype("int64"),
                         figures=[listed.get(k, []) for k in zip(cells["claimant"], cells["metric"])])
    outlet = ("coalesce(nullif(articles.outlet, ''), nullif(v.outlet, ''), nullif(v.via[-1], ''), 'outlet unknown')")
    links = f"SELECT {outlet} AS outlet, v.claimant, v.metric FROM {named} AS v LEFT JOIN articles USING (article_id)"
    flows = model.snap.query(f"SELECT outlet, claimant, metric, count(*) AS n FROM ({links}) GROUP BY ALL",
                            params, lists).to_pandas()
    by_outlet = flows.groupby(["outlet", "claimant"])["n"].sum().rename_axis(["_outlet", "claimant"])
    by_metric = flows.groupby(["claimant", "metric"])["n"].sum()
    return cells[CELL_COLUMNS], (by_outlet, by_metric)


def place_counts(model: ReadModel, filters: Filters | None = None) -> pd.DataFrame:
    """One row per place named in the articles that hold a view's claims (every article when
    None): its kind and coordinates, mentions summed and articles counted, by the query."""
    sql = ("SELECT name, kind, first(lat ORDER BY article_id) AS lat, first(lon ORDER BY article_id) AS lon, "
           "sum(mentions) AS mentions, count(DISTINCT article_id) AS articles FROM places {} "
           "GROUP BY name, kind ORDER BY name, kind")
    if filters is None or not filters.active:
        table = model.snap.query(sql.format(""))
    else:
        rows, params, lists = model.view_sql(filters, ["article_id"])
        table = model.snap.query(sql.format(f"WHERE article_id IN (SELECT article_id FROM ({rows}))"), params, lists)
    return to_frame(table).astype({"mentions": "int64", "articles": "int64"})


def place_claims(model: ReadModel, filters: Filters, per_place: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """The first ``per_place`` claims of a view that name each place (number_text, metric,
    source, place) and how many of its claims name each place."""
    rows, params, lists = model.view_sql(filters, ["places", "number_text", "metric", "source", "article_id", "start_char"])
    named = f"SELECT unnest(places) AS place, number_text, metric, source, article_id, start_char FROM ({rows})"
    # the first few of each place by a top-n aggregate: a window over every claim of every
    # place would hold them all at once (some 200 MB at a million claims)
    got = to_frame(model.snap.query(
        "SELECT * FROM (SELECT place, n, unnest(first, recursive := true) FROM (SELECT place, count(*) AS n, "
        "min_by(struct_pack(number_text, metric, source, article_id, start_char), struct_pack(a := article_id, "
        f"s := start_char), {int(per_place)}) AS first FROM ({named}) GROUP BY place)) "
        "ORDER BY place, article_id, start_char",
        params, lists))
    counts = {p: int(n) for p, n in zip(got["place"], got["n"])}
    return got.drop(columns="n"), counts
