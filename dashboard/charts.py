"""Charts and summaries built from the claims table. Pure: pandas and plotly, no Streamlit."""
from __future__ import annotations

import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from extraction.figure_text import Counts, counts_text, fmt, interval_text, number_or_none
from extraction.lexicon import metric_name
from extraction.review import REVIEWED

from .filters import UNATTRIBUTED
from .page_sums import CELL_COLUMNS, MAX_CELL_FIGURES
from .safe import plot

# what a range chart and its headline read of the claims (with the sentence, for a chart of single claims)
CHART_COLUMNS = ["claim_id", "article_id", "start_char", "number_text", "metric", "status", "source", "low", "high",
                 "best", "as_of", "published"]
# claimants' colours: no grey (grey is "unattributed"), each far from the others and from that grey
# (CIE76 distance ≥ 20, tests/test_charts.py), the first the claimants most often on screen together
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#393b79", "#637939", "#8c6d31", "#7b4173", "#000000"]
UNATTRIBUTED_COLOUR = "#c7c7c7"


def claimant_names(claims: pd.DataFrame) -> pd.Series:
    return claims["source"].fillna(UNATTRIBUTED)


def colour_map(names) -> dict[str, str]:
    """A colour per claimant, by the order of ``names`` (the store's order of first appearance,
    so that adding articles never recolours a claimant; see Store.claimants), grey for
    unattributed. Every page takes its colours from this one map."""
    out = {}
    for n in dict.fromkeys(names):
        if n != UNATTRIBUTED:
            out[n] = PALETTE[len(out) % len(PALETTE)]
    out[UNATTRIBUTED] = UNATTRIBUTED_COLOUR
    return out


def span_words(span: tuple[float, float, bool, bool] | None) -> str:
    """A range (lowest, highest, open bottom, open top; :func:`dashboard.page_sums.charts` gives it) in words: '600 – 6,000+', '6,000+' ("over 6,000"), 'up to 6 million',
    'up to 500 – 2,000'."""
    if span is None:
        return "no figures"
    lo, top, open_bottom, open_top = span
    up_to = "up to " if open_bottom else ""
    plus = "+" if open_top else ""
    if lo == top:
        return f"{up_to}{fmt(lo)}{plus}" if not (open_bottom and open_top) else f"{fmt(lo)} (bounds only)"
    return f"{up_to}{fmt(lo)} – {fmt(top)}{plus}"


def headline(span: str, figures: Counts, metric: str | None = None) -> str:
    """'killed: 600 – 6,000+: 5 figures from 3 independent claimants (7 mentions in 4 articles)':
    the range in words (:func:`span_words`) and what :func:`counts_text` says of the reconciled
    figures (extraction/reconcile.py). Callers pass figures of one status: reported and planned
    are never one range."""
    text = span if span == "no figures" else f"{span}: {counts_text(figures)}"
    return f"{metric_name(metric)}: {text}" if metric else text


def _wrap(text: str, width: int = 80) -> str:
    return "<br>".join(textwrap.wrap(html.escape(str(text)), width)) if text else ""


def _date(v) -> str | None:
    return v if isinstance(v, str) and v else None


def _when(as_of, published) -> str:
    """'as of 2024-10 · reported 2026-02-16' (either part 'unknown')."""
    return f"as of {_date(as_of) or 'unknown'} · reported {_date(published) or 'unknown'}"


def _short_when(as_of, published, date: str = "as_of") -> str:
    """A chart row's date: 'as of 2024-10'; a claim with no as-of date is marked apart,
    'published 2026-02-16, no as-of date' (dated by publication: 'reported 2026-02-16')."""
    if date == "published":
        return f"reported {_date(published) or 'unknown'}"
    if _date(as_of):
        return f"as of {_date(as_of)}"
    return f"published {_date(published)}, no as-of date" if _date(published) else "no date"


def envelope_rows(env: pd.DataFrame, articles: dict[str, str] | None = None, date: str = "as_of") -> pd.DataFrame:
    """A range chart's rows (see :func:`range_rows`) of :func:`claimant_envelopes`' rows, however
    they were added up (in pandas here, or by the store's query)."""
    articles = articles or {}
    # an open top stays open unless a closed figure of the claimant reaches above every open one
    closed_top = [not o or (h is not None and lm is not None and h > lm)
                  for o, h, lm in zip(env["open_high"], map(number_or_none, env["high"]), map(number_or_none, env["lows_max"]))]
    when = "as of" if date == "as_of" else "reported"
    out = pd.DataFrame({
        "label": [plot(f"{n} · {when} {d}" if d != "undated" else f"{n} · undated")
                  for n, d in zip(env["claimant"], env["date"])],
        "claimant": list(env["claimant"]),
        "low": [number_or_none(v) for v in env["low"]],
        "high": [number_or_none(v) if keep else None for v, keep in zip(env["high"], closed_top)],
        "best": [number_or_none(v) for v in env["best"]],
        "hover": [f"<b>{html.escape(n)}</b> · {when} {html.escape(d)}<br>{k} claim(s) in {a} article(s)<br>"
                  + "<br>".join(html.escape(f"{t} ({articles.get(w, w)})") for t, w in sample)
                  for n, d, k, a, sample in zip(env["claimant"], env["date"], env["n"], env["articles"], env["sample"])],
    })
    return _ordered(out)


def range_rows(claims: pd.DataFrame, articles: dict[str, str] | None = None, date: str = "as_of") -> pd.DataFrame:
    """One row per claim with low/high/best, a label and hover text, lowest first (rows per claimant
    and date are :func:`envelope_rows`). Labels are short, the claimant and the date the figure is
    as of; the figure as written, the article ('Yonhap, 2026-02-16', named by ``articles``; default:
    its id) and the sentence are in the hover. ``date`` is the column rows are dated by (as_of or
    published)."""
    articles = articles or {}
    cols = ["number_text", "source", "article_id", "as_of", "published", "sentence", "low", "high", "best", "review"]
    c = claims.reindex(columns=cols).assign(claimant=claimant_names(claims))
    # whole columns as Python lists: iterating an Arrow-backed column cell by cell is slow
    where = [articles.get(a, a) for a in c["article_id"].astype(object).tolist()]
    out = pd.DataFrame({
        # ✓: an analyst accepted, corrected or added the claim
        "label": [plot(f"{'✓ ' if r in REVIEWED else ''}{s} · {_short_when(d, p, date)}")
                  for s, d, p, r in zip(c["claimant"], c["as_of"], c["published"], c["review"])],
        "claimant": c["claimant"].values,
        "low": [number_or_none(v) for v in c["low"]], "high": [number_or_none(v) for v in c["high"]], "best": [number_or_none(v) for v in c["best"]],
        "hover": [f"<b>{html.escape(str(t))}</b> — {html.escape(s)}<br>{html.escape(_when(d, p))} · {html.escape(w)}<br>{_wrap(sent)}"
                  for t, s, d, p, w, sent in zip(c["number_text"], c["claimant"], c["as_of"], c["published"], where,
                                                 c["sentence"])],
    })
    return _ordered(out)


def _ordered(out: pd.DataFrame) -> pd.DataFrame:
    """Chart rows lowest first; the same label twice (one figure repeated in an article) gets a counter."""
    if out.empty:
        return out
    dup = out.groupby("label").cumcount()
    out["label"] = [lab if k == 0 else f"{lab} ({k + 1})" for lab, k in zip(out["label"], dup)]
    key = [next((x for x in map(number_or_none, (b, lo, hi)) if x is not None), 0) for b, lo, hi in zip(out["best"], out["low"], out["high"])]
    return out.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k").reset_index(drop=True)


def use_log_scale(rows: pd.DataFrame) -> bool:
    vals = [x for col in ("low", "high", "best") for x in map(number_or_none, rows[col]) if x is not None and x > 0]
    return bool(vals) and max(vals) / min(vals) >= 100


def range_figure(claims: pd.DataFrame, colours: dict[str, str] | None = None, title: str | None = None,
                 articles: dict[str, str] | None = None, date: str = "as_of") -> go.Figure:
    """One bar per claim (:func:`range_rows`; a page draws at most ``MAX_ROWS`` of them, else rows
    per claimant and date, :func:`envelope_rows`), drawn by :func:`rows_figure`."""
    return rows_figure(range_rows(claims, articles, date), colours, title)


def rows_figure(rows: pd.DataFrame, colours: dict[str, str] | None = None, title: str | None = None) -> go.Figure:
    """Bars from low to high per row (:func:`range_rows`, :func:`envelope_rows`), an open bound drawn
    faint to the axis edge with an arrow, the best figure as a diamond, coloured by claimant, hover
    with the sentence. A handful of traces whatever the number of rows (bars carry one colour each).
    The traces are made here, so the figure is built from them at once, unchecked (:func:`unchecked`)."""
    colours = colours or colour_map(rows["claimant"] if len(rows) else [])
    if rows.empty:
        return go.Figure()
    log = use_log_scale(rows)
    lows, highs, bests = ([number_or_none(v) for v in rows[c]] for c in ("low", "high", "best"))
    vals = [x for col in (lows, highs, bests) for x in col if x is not None and (x > 0 or not log)]
    vmin, vmax = min(vals), max(vals)
    lo_edge = vmin / 3 if log else 0
    hi_edge = vmax * 3 if log else vmax * 1.25 + 1
    labels = tuple(rows["label"])
    hover = tuple(rows["hover"])
    colour = tuple(colours.get(n, "#555") for n in rows["claimant"])
    a = [lo if lo is not None else (b or hi) for lo, hi, b in zip(lows, highs, bests)]
    b = [hi if hi is not None else (bb or lo) for lo, hi, bb in zip(lows, highs, bests)]
    # the stated interval; a single figure gets a sliver so that its colour shows
    sliver = (lambda x: x * 0.04) if log else (lambda x: (hi_edge - lo_edge) * 0.004)
    traces = [dict(type="bar", y=labels, base=tuple(a), x=tuple(max(bb - aa, sliver(aa)) for aa, bb in zip(a, b)),
                   orientation="h", marker=dict(color=colour), width=0.55, hovertext=hover, hoverinfo="text",
                   showlegend=False, name="interval")]
    # open bounds: a faint bar to the edge of the axis and an arrow there
    ob_y, ob_base, ob_len, ob_col, ar_x, ar_y, ar_sym, ar_col = [], [], [], [], [], [], [], []
    for lab, lo, hi, aa, bb, col in zip(labels, lows, highs, a, b, colour):
        if lo is None:
            ob_y.append(lab), ob_base.append(lo_edge), ob_len.append(aa - lo_edge), ob_col.append(col)
            ar_x.append(lo_edge), ar_y.append(lab), ar_sym.append("triangle-left"), ar_col.append(col)
        if hi is None:
            ob_y.append(lab), ob_base.append(bb), ob_len.append(hi_edge - bb), ob_col.append(col)
            ar_x.append(hi_edge), ar_y.append(lab), ar_sym.append("triangle-right"), ar_col.append(col)
    if ob_y:
        traces.append(dict(type="bar", y=tuple(ob_y), base=tuple(ob_base), x=tuple(ob_len), orientation="h", width=0.25,
                           opacity=0.35, marker=dict(color=tuple(ob_col)), hoverinfo="skip", showlegend=False,
                           name="open bound"))
        traces.append(dict(type="scatter", x=tuple(ar_x), y=tuple(ar_y), mode="markers", hoverinfo="skip",
                           showlegend=False, marker=dict(symbol=tuple(ar_sym), size=12, color=tuple(ar_col)),
                           name="open end"))
    mid = [((lo if lo is not None else hi) + (hi if hi is not None else lo)) / 2 if (lo is not None or hi is not None) else None
           for lo, hi in zip(lows, highs)]
    traces.append(dict(type="scatter", x=tuple(bb if bb is not None else m for bb, m in zip(bests, mid)), y=labels,
                       mode="markers", marker=dict(symbol=tuple("diamond" if bb is not None else "line-ns-open" for bb in bests),
                                                   size=12, color="white", line=dict(color=colour, width=2)),
                       hovertext=hover, hoverinfo="text", showlegend=False, name="best figure"))
    names = list(dict.fromkeys(rows["claimant"]))
    if len(names) <= 15:  # a legend of claimants, drawn as empty traces
        traces += [dict(type="scatter", x=(None,), y=(None,), mode="markers", name=plot(n),
                        marker=dict(symbol="square", size=12, color=colours.get(n, "#555"))) for n in names]
    layout = dict(height=max(220, 34 * len(rows) + 110), margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                  legend=dict(orientation="h", yanchor="bottom", y=1.0), title=dict(text=title) if title else None,
                  hovermode="closest",
                  barmode="overlay", bargap=0.3,
                  xaxis=dict(type="log" if log else "linear",
                             range=[math.log10(lo_edge), math.log10(hi_edge)] if log else [lo_edge, hi_edge],
                             title=dict(text="count" + (" (log scale)" if log else ""))),
                  yaxis=dict(autorange="reversed", categoryorder="array", categoryarray=labels))
    return unchecked(traces, layout)


def unchecked(traces: list[dict], layout: dict) -> go.Figure:
    """A figure of traces and layout this module made itself, built at once without plotly's
    checks of every property (which cost some 50 ms per chart; what they check is ours, and the
    tests draw each kind of chart). Its JSON is the checked figure's."""
    return go.Figure(data=traces, layout={k: v for k, v in layout.items() if v is not None}, _validate=False)


CLAIMANT_COLUMNS = ["claimant", "type", "stake", "metric", "figures", "articles"]


def claimant_table(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per claimant and metric (a long table, so that it fits any page width): the
    claimant's distinct figures with their as-of dates, type and stake as the claims carry them
    (from the registry at extraction), and how many articles print them; unattributed last.
    ``cells`` are the store's query's (:func:`dashboard.page_sums.sources`)."""
    rows = []
    for name, metric, kind, stake, n, figures in cells[CELL_COLUMNS].itertuples(index=False):
        figs = [f"{interval_text(lo, hi)} ({d})" if d else interval_text(lo, hi) for lo, hi, d in figures]
        figs = list(dict.fromkeys(figs))
        rows.append({"claimant": name, "type": kind, "stake": stake, "metric": metric_name(metric),
                     "figures": "; ".join(figs[:MAX_CELL_FIGURES]) + (" …" if len(figs) > MAX_CELL_FIGURES else ""),
                     "articles": int(n)})
    t = pd.DataFrame(rows, columns=CLAIMANT_COLUMNS)
    return t.sort_values(["claimant", "metric"], key=lambda col: col if col.name != "claimant" else
                         col.map(lambda n: (n == UNATTRIBUTED, n))).reset_index(drop=True)


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


def sankey_figure(links: tuple[pd.Series, pd.Series], colours: dict[str, str] | None = None) -> go.Figure:
    """Outlet → claimant → metric, link width = number of claims, links and claimant nodes in
    the claimant's colour; ``links`` are claims per (outlet, claimant) and per (claimant, metric),
    as the store's query adds them up (:func:`dashboard.page_sums.sources`)."""
    by_outlet, by_metric = links
    colours = colours or colour_map(sorted({n for _, n in by_outlet.index}))
    nodes, node_colours, index = [], [], {}

    def node(label, kind, colour="#888888"):
        key = (kind, label)
        if key not in index:
            index[key] = len(nodes)
            nodes.append(label if kind != "metric" else metric_name(label))
            node_colours.append(colour)
        return index[key]

    src, dst, val, link_colours = [], [], [], []
    for (o, n), k in by_outlet.sort_index().items():
        col = colours.get(n, "#888888")
        src.append(node(o, "outlet")), dst.append(node(n, "claimant", col)), val.append(int(k))
        link_colours.append(_rgba(col, 0.45))
    for (n, m), k in by_metric.sort_index().items():
        col = colours.get(n, "#888888")
        src.append(node(n, "claimant", col)), dst.append(node(m, "metric")), val.append(int(k))
        link_colours.append(_rgba(col, 0.45))
    fig = go.Figure(go.Sankey(node=dict(label=[plot(n) for n in nodes], color=node_colours, pad=12, thickness=14),
                              link=dict(source=src, target=dst, value=val, color=link_colours)))
    fig.update_layout(height=max(300, 26 * len(nodes)), margin=dict(l=10, r=10, t=10, b=10))
    return fig


def chart_title(metric: str, side: str, war: str) -> str:
    """A chart's name: whose, in which war, what ("North Korea · Russo-Ukrainian war · troops
    deployed"); an unknown side or war is left out."""
    return " · ".join(x for x in (side, war, metric_name(metric)) if x)


MAX_GROUPS = 2  # sides and wars of a metric drawn as charts; the others are listed (a side or war filter draws them)


def chart_groups(charts: dict, metric: str) -> list[tuple[str, str]]:
    """The (side, war) of each chart of ``metric`` (keys of Base.charts: metric, side, war,
    status), the known ones first, the most claims first among those alike."""
    claims: dict = {}
    for (m, side, war, _), (_, env) in charts.items():
        if m == metric:
            claims[(side, war)] = claims.get((side, war), 0) + int(env["n"].sum())
    return known_first(claims)


def known_first(sizes: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """(side, war) groups ("" for unknown) in the order pages show them: both known first, then a
    known war, then a known side, then neither; the largest first among those alike."""
    return sorted(sizes, key=lambda g: (not g[0] and not g[1], not g[1], not g[0], -sizes[g]))
