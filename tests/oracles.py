"""Oracles of the differential tests: each question the dashboard's queries answer
(dashboard/page_sums.py, dashboard/figure_index.py, dashboard/reading.py, dashboard/filters.py's SQL), answered again in pandas over the view's rows.
They are the tests' second implementation, never the app's: the app has one, the query."""
from __future__ import annotations

import pandas as pd

from dashboard import page_sums
from dashboard.charts import claimant_names, envelope_rows, span_words
from dashboard.filters import BY_NAME, CHOICES, Filters, Vocabulary
from dashboard.maps import HOVER_CLAIMS
from dashboard.page_sums import CELL_COLUMNS, ENVELOPE_COLUMNS, MAX_CELL_FIGURES, SAMPLE
from extraction.figure_text import number_or_none


def _date(v) -> str | None:
    return v if isinstance(v, str) and v else None


def _text(v) -> str:
    return v if isinstance(v, str) else ""


def as_of_months(as_of: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last month (``YYYY-MM``) that each as-of date covers: ``2024`` → 2024-01 … 2024-12."""
    s = as_of.astype("string")
    year_only = s.str.len() == 4
    start = s.str.slice(0, 7).where(~year_only, s + "-01")
    end = s.str.slice(0, 7).where(~year_only, s + "-12")
    return start, end


def apply(filters: Filters, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims filters keep, in pandas (the same frame, not a copy, when nothing is filtered): the
    oracle of :meth:`Filters.where`."""
    if not filters.active:
        return claims
    mask = pd.Series(True, index=claims.index)
    for name, vals in filters.selected:
        p = BY_NAME[name]
        col = claims[p.column]
        if p.kind == "value":
            mask &= (col.fillna(p.missing) if p.missing else col).isin(vals)
        elif p.kind == "member":
            wanted = set(vals)
            mask &= pd.Series([vs is not None and not wanted.isdisjoint(vs) for vs in col], index=claims.index)
    start, end = (as_of_months(claims[filters.date_column]) if filters.month("from") or filters.month("to") else (None, None))
    if filters.month("from"):
        mask &= end.notna() & (end >= filters.month("from"))
    if filters.month("to"):
        mask &= start.notna() & (start <= filters.month("to"))
    return claims[mask]


def vocabulary(claims: pd.DataFrame, articles: pd.DataFrame | None = None) -> Vocabulary:
    """The values each choice may take, from the tables in pandas: the oracle of :meth:`ReadModel.vocabulary`."""
    out = {}
    for p in CHOICES:
        col = claims[p.column]
        if p.kind == "member":
            found = sorted({v for vs in col for v in (vs if vs is not None else ())})
        else:
            found = sorted(set(col.dropna()))
            if p.missing and col.isna().any():
                found.append(p.missing)
        out[p.name] = tuple(found)
    if articles is not None:
        out["article"] = tuple(sorted(set(articles["article_id"])))
    return Vocabulary(out)


def span_of(claims: pd.DataFrame) -> tuple[float, float, bool, bool] | None:
    """The range claims cover: (lowest figure, highest figure, whether the lowest is only an upper
    bound, whether the highest is only a lower bound); None when no claim gives a bound."""
    low = claims["low"].astype("float64")
    high = claims["high"].astype("float64")
    bottoms = low.fillna(high)
    tops = high.fillna(low)
    if bottoms.dropna().empty:
        return None
    lo, top = float(bottoms.min()), float(tops.max())
    return lo, top, bool(low[bottoms == lo].isna().all()), bool(high[tops == top].isna().all())


def span_text(claims: pd.DataFrame) -> str:
    """The range that claims cover, open bounds kept (see :func:`span_words`)."""
    return span_words(span_of(claims))


def claimant_envelopes(claims: pd.DataFrame, date: str = "as_of") -> pd.DataFrame:
    """One row per claimant and date, in the order they first appear: the envelope of that
    claimant's figures of that date (lowest low, highest high, median best figure, whether some
    figure leaves the bottom or the top open, the highest low), how many claims and articles, and
    the first ``SAMPLE`` claims as (number_text, article_id). Dated at the finest precision (day,
    month, year) that keeps a chart within MAX_ROWS rows; never coarser than the year, so a bar
    never spans figures of different years."""
    c = claims.reindex(columns=["number_text", "article_id", date, "low", "high", "best"])
    c = c.assign(claimant=claimant_names(claims).astype(object))
    dates = [_date(d) for d in c[date].astype(object).tolist()]
    for width in (10, 7, 4):
        c["date"] = [d[:width] if d else "undated" for d in dates]
        if c[["claimant", "date"]].drop_duplicates().shape[0] <= page_sums.MAX_ROWS:
            break
    g = c.groupby(["claimant", "date"], sort=False)
    env = pd.DataFrame({"low": g["low"].min(), "high": g["high"].max(), "best": g["best"].median(),
                        "open_low": g["low"].count() < g.size(), "open_high": g["high"].count() < g.size(),
                        "lows_max": g["low"].max(), "n": g.size(), "articles": g["article_id"].nunique()})
    first = g.head(SAMPLE)
    samples = {k: list(zip(v["number_text"].astype(object), v["article_id"].astype(object)))
               for k, v in first.groupby(["claimant", "date"], sort=False)}
    env = env.reset_index()
    env["sample"] = [samples[k] for k in zip(env["claimant"], env["date"])]
    return env[ENVELOPE_COLUMNS]


def claimant_cells(claims: pd.DataFrame, per_cell: int = MAX_CELL_FIGURES + 1) -> pd.DataFrame:
    """What the claimant table adds up, per claimant and metric: the first type and stake the
    claims carry, how many articles print them, and the first ``per_cell`` distinct (low, high,
    as_of) in the claims' order. The store's query gives the same (dashboard/page_sums.py)."""
    c = claims.reindex(columns=["source", "metric", "low", "high", "as_of", "article_id", "source_type", "source_stake"]) \
        .assign(claimant=claimant_names(claims))
    rows = []
    for (name, metric), g in c.groupby(["claimant", "metric"], sort=False):
        figs = list(dict.fromkeys((number_or_none(lo), number_or_none(hi), d if isinstance(d, str) and d else None)
                                  for lo, hi, d in zip(g["low"], g["high"], g["as_of"])))
        rows.append({"claimant": name, "metric": metric,
                     "type": _text(g["source_type"].dropna().iloc[0]) if g["source_type"].notna().any() else "",
                     "stake": _text(g["source_stake"].dropna().iloc[0]) if g["source_stake"].notna().any() else "",
                     "articles": int(g["article_id"].nunique()), "figures": figs[:per_cell]})
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


def sankey_links(claims: pd.DataFrame, outlets: dict[str, str] | None = None) -> tuple[pd.Series, pd.Series]:
    """Claims per (outlet, claimant) and per (claimant, metric). The outlet is the article's
    outlet, else the claim's, else the last relayer of its chain (the agency the article
    credits), else 'outlet unknown'. The store's query gives the same (dashboard/page_sums.py)."""
    outlets = outlets or {}
    c = claims.reindex(columns=["article_id", "source", "metric", "outlet", "via"]).assign(claimant=claimant_names(claims))
    outlet = [next((x for x in (outlets.get(a), o, v[-1] if isinstance(v, list) and v else None)
                    if isinstance(x, str) and x), "outlet unknown")
              for a, o, v in zip(c["article_id"], c["outlet"], c["via"])]
    c = c.assign(_outlet=outlet)
    return c.groupby(["_outlet", "claimant"]).size(), c.groupby(["claimant", "metric"]).size()


def place_claims(claims: pd.DataFrame, per_place: int = HOVER_CLAIMS) -> tuple[pd.DataFrame, dict[str, int]]:
    """The first ``per_place`` claims that name each place (place, number_text, metric, source,
    article_id, start_char; in the claims' order) and how many claims name each place."""
    ex = claims[["places", "number_text", "metric", "source", "article_id", "start_char"]].explode("places") \
        .dropna(subset=["places"]).rename(columns={"places": "place"})
    counts = {p: int(n) for p, n in ex.groupby("place").size().items()}
    first = ex.sort_values(["place", "article_id", "start_char"], kind="stable").groupby("place").head(per_place)
    return first.reset_index(drop=True), counts


def claimant_rows(claims: pd.DataFrame, articles: dict[str, str] | None = None, date: str = "as_of") -> pd.DataFrame:
    """A chart's rows per claimant and date, of claims added up in pandas (:func:`claimant_envelopes`)."""
    return envelope_rows(claimant_envelopes(claims, date), articles, date)


def distinct_labels(wanted: dict[str, str]) -> dict[str, str]:
    """Each value's label, a taken one counted up from 1 ("… (2)") until it is neither taken nor
    another value."""
    values, used, out = set(wanted), set(), {}
    for value, label in wanted.items():
        shown, n = label, 1
        while shown in used or (shown in values and shown != value):
            n += 1
            shown = f"{label} ({n})"
        used.add(shown)
        out[value] = shown
    return out
