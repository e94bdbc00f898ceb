"""Charts and summaries built from the claims table. Pure: pandas and plotly, no Streamlit."""
from __future__ import annotations

import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from .filters import UNATTRIBUTED
from .safe import plot

MAX_ROWS = 150  # rows of a range chart; beyond it, claims are grouped by claimant
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"]
KIND_COLOURS = {"country": "#1f77b4", "region": "#ff7f0e", "city": "#2ca02c", "district": "#9467bd",
                "street": "#d62728", "continent": "#8c564b"}
MAP_STYLES = ("white-bg", "carto-positron", "open-street-map", "carto-darkmatter")


def fmt(x: float | None) -> str:
    """6000 → '6,000'; 6000000 → '6 million'; 1500000 → '1.5 million'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "?"
    if abs(x) >= 1_000_000:
        m = x / 1_000_000
        return f"{m:,.1f}".rstrip("0").rstrip(".") + " million"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def _val(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v) else float(v)


def interval_text(low, high) -> str:
    """'6,000+' · 'up to 6 million' · '25,000 – 30,000' · '2,000'."""
    low, high = _val(low), _val(high)
    if low is not None and high is None:
        return f"{fmt(low)}+"
    if low is None and high is not None:
        return f"up to {fmt(high)}"
    if low == high:
        return fmt(low)
    return f"{fmt(low)} – {fmt(high)}"


def claimant_names(claims: pd.DataFrame) -> pd.Series:
    return claims["source"].fillna(UNATTRIBUTED)


def colour_map(names) -> dict[str, str]:
    """A stable colour per claimant (sorted names), grey for unattributed."""
    out = {}
    for i, n in enumerate(sorted(set(names) - {UNATTRIBUTED})):
        out[n] = PALETTE[i % len(PALETTE)]
    out[UNATTRIBUTED] = "#9e9e9e"
    return out


def headline(claims: pd.DataFrame, metric: str) -> str:
    """'killed: 600 – 6,000+ from 4 claimants in 4 articles': the lowest figure, the highest
    (with + when the highest is a lower bound), how many claimants and articles."""
    low = claims["low"].astype("float64")
    high = claims["high"].astype("float64")
    bottoms = low.fillna(high).dropna()
    tops = high.fillna(low)
    if bottoms.empty or tops.dropna().empty:
        return f"{metric}: no figures"
    top = tops.max()
    open_top = bool((high.isna() & (low == top)).any()) and not bool((high == top).any())
    lo = float(bottoms.min())
    plus = "+" if open_top else ""
    span = f"{fmt(lo)}{plus}" if lo == top else f"{fmt(lo)} – {fmt(float(top))}{plus}"
    names = claims["source"].dropna().nunique()
    n_art = claims["article_id"].nunique()
    who = f"{names} claimant{'s' if names != 1 else ''}"
    if claims["source"].isna().any():
        who += " and unattributed reports"
    return f"{metric}: {span} from {who} in {n_art} article{'s' if n_art != 1 else ''}"


def _wrap(text: str, width: int = 80) -> str:
    return "<br>".join(textwrap.wrap(html.escape(str(text)), width)) if text else ""


def range_rows(claims: pd.DataFrame, by: str = "claim") -> pd.DataFrame:
    """One row per claim (or per claimant: the envelope of its claims) with low/high/best,
    open ends marked, a label and hover text."""
    cols = ["number_text", "source", "article_id", "as_of", "sentence", "low", "high", "best"]
    c = claims[cols].assign(claimant=claimant_names(claims))
    if by == "claimant":
        g = c.groupby("claimant", sort=False)
        env = pd.DataFrame({"low": g["low"].min(), "high": g["high"].max(), "best": g["best"].median(),
                            "open_low": g["low"].count() < g.size(), "open_high": g["high"].count() < g.size(),
                            "lows_max": g["low"].max(), "n": g.size(), "articles": g["article_id"].nunique()})
        # an open top stays open unless a closed figure of the claimant reaches above every open one
        env.loc[env["open_high"] & ~(env["high"] > env["lows_max"]), "high"] = None
        env.loc[env["open_low"] & env["low"].isna(), "low"] = None
        sample = c.groupby("claimant", sort=False).head(8)
        lines = sample.assign(_l=sample["number_text"].astype(str) + " (" + sample["article_id"].astype(str) + ")") \
            .groupby("claimant", sort=False)["_l"].agg(lambda x: "<br>".join(html.escape(v) for v in x))
        out = pd.DataFrame({
            "label": [plot(n) for n in env.index], "claimant": env.index,
            "low": [_val(v) for v in env["low"]], "high": [_val(v) for v in env["high"]], "best": [_val(v) for v in env["best"]],
            "hover": [f"<b>{html.escape(n)}</b><br>{k} claim(s) in {a} article(s)<br>{lines.get(n, '')}"
                      for n, k, a in zip(env.index, env["n"], env["articles"])],
        }).reset_index(drop=True)
    else:
        out = pd.DataFrame({
            "label": [plot(f"{t} · {s} · {a[:14]}") for t, s, a in zip(c["number_text"], c["claimant"], c["article_id"])],
            "claimant": c["claimant"].values,
            "low": [_val(v) for v in c["low"]], "high": [_val(v) for v in c["high"]], "best": [_val(v) for v in c["best"]],
            "hover": [f"<b>{html.escape(str(t))}</b> — {html.escape(s)}<br>as of {html.escape(d if isinstance(d, str) else 'unknown')} · {html.escape(a)}<br>{_wrap(sent)}"
                      for t, s, d, a, sent in zip(c["number_text"], c["claimant"], c["as_of"], c["article_id"], c["sentence"])],
        })
        # the same label twice (one figure repeated in an article) gets a counter
        dup = out.groupby("label").cumcount()
        out["label"] = [lab if k == 0 else f"{lab} ({k + 1})" for lab, k in zip(out["label"], dup)]
    if out.empty:
        return out
    key = [next((x for x in map(_val, (b, lo, hi)) if x is not None), 0) for b, lo, hi in zip(out["best"], out["low"], out["high"])]
    return out.assign(_k=key).sort_values("_k").drop(columns="_k").reset_index(drop=True)


def use_log_scale(rows: pd.DataFrame) -> bool:
    vals = [x for col in ("low", "high", "best") for x in map(_val, rows[col]) if x is not None and x > 0]
    return bool(vals) and max(vals) / min(vals) >= 100


def range_figure(claims: pd.DataFrame, by: str = "claim", colours: dict[str, str] | None = None,
                 title: str | None = None) -> go.Figure:
    """Bars from low to high per row, an open bound drawn faint to the axis edge with an arrow,
    the best figure as a diamond, coloured by claimant, hover with the sentence. A handful of
    traces whatever the number of rows (bars carry one colour each)."""
    if by == "claim" and len(claims) > MAX_ROWS:
        by = "claimant"
    rows = range_rows(claims, by)
    colours = colours or colour_map(rows["claimant"] if len(rows) else [])
    fig = go.Figure()
    if rows.empty:
        return fig
    log = use_log_scale(rows)
    lows, highs, bests = ([_val(v) for v in rows[c]] for c in ("low", "high", "best"))
    vals = [x for col in (lows, highs, bests) for x in col if x is not None and (x > 0 or not log)]
    vmin, vmax = min(vals), max(vals)
    lo_edge = vmin / 3 if log else 0
    hi_edge = vmax * 3 if log else vmax * 1.25 + 1
    labels = list(rows["label"])
    colour = [colours.get(n, "#555") for n in rows["claimant"]]
    a = [lo if lo is not None else (b or hi) for lo, hi, b in zip(lows, highs, bests)]
    b = [hi if hi is not None else (bb or lo) for lo, hi, bb in zip(lows, highs, bests)]
    # the stated interval; a single figure gets a sliver so that its colour shows
    sliver = (lambda x: x * 0.04) if log else (lambda x: (hi_edge - lo_edge) * 0.004)
    fig.add_trace(go.Bar(y=labels, base=a, x=[max(bb - aa, sliver(aa)) for aa, bb in zip(a, b)], orientation="h",
                         marker=dict(color=colour), width=0.55, hovertext=rows["hover"], hoverinfo="text",
                         showlegend=False, name="interval"))
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
        fig.add_trace(go.Bar(y=ob_y, base=ob_base, x=ob_len, orientation="h", width=0.25, opacity=0.35,
                             marker=dict(color=ob_col), hoverinfo="skip", showlegend=False, name="open bound"))
        fig.add_trace(go.Scatter(x=ar_x, y=ar_y, mode="markers", hoverinfo="skip", showlegend=False,
                                 marker=dict(symbol=ar_sym, size=12, color=ar_col), name="open end"))
    mid = [((lo if lo is not None else hi) + (hi if hi is not None else lo)) / 2 if (lo is not None or hi is not None) else None
           for lo, hi in zip(lows, highs)]
    fig.add_trace(go.Scatter(x=[bb if bb is not None else m for bb, m in zip(bests, mid)], y=labels, mode="markers",
                             marker=dict(symbol=["diamond" if bb is not None else "line-ns-open" for bb in bests],
                                         size=12, color="white", line=dict(color=colour, width=2)),
                             hovertext=rows["hover"], hoverinfo="text", showlegend=False, name="best figure"))
    names = list(dict.fromkeys(rows["claimant"]))
    if len(names) <= 15:  # a legend of claimants, drawn as empty traces
        for n in names:
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=plot(n),
                                     marker=dict(symbol="square", size=12, color=colours.get(n, "#555"))))
    fig.update_layout(height=max(220, 34 * len(rows) + 110), margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0), title=title, hovermode="closest",
                      barmode="overlay", bargap=0.3,
                      xaxis=dict(type="log" if log else "linear",
                                 range=[math.log10(lo_edge), math.log10(hi_edge)] if log else [lo_edge, hi_edge],
                                 title="count" + (" (log scale)" if log else "")),
                      yaxis=dict(autorange="reversed", categoryorder="array", categoryarray=labels))
    return fig


def claimant_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Claimants × metrics: each cell lists the claimant's figures with their as-of dates; type
    and stake as the claims carry them (from the registry at extraction)."""
    c = claims.reindex(columns=["source", "metric", "low", "high", "as_of", "article_id", "source_type", "source_stake"]) \
        .assign(claimant=claimant_names(claims))
    distinct = c.drop_duplicates(["claimant", "metric", "low", "high", "as_of"])
    cells = {}
    for (name, metric), g in distinct.groupby(["claimant", "metric"]):
        figs = [f"{interval_text(lo, hi)} ({d})" if isinstance(d, str) and d else interval_text(lo, hi)
                for lo, hi, d in zip(g["low"][:12], g["high"][:12], g["as_of"][:12])]
        cells[(name, metric)] = "; ".join(dict.fromkeys(figs)) + (" …" if len(g) > 12 else "")
    by = c.groupby("claimant")
    n_articles = by["article_id"].nunique()
    kind = by[["source_type", "source_stake"]].first()
    names = sorted({n for n, _ in cells}, key=lambda n: (n == UNATTRIBUTED, n))
    metrics = sorted({m for _, m in cells})
    rows = []
    for n in names:
        row = {"claimant": n, "type": _text(kind.at[n, "source_type"]) if n in kind.index else "",
               "stake": _text(kind.at[n, "source_stake"]) if n in kind.index else "",
               "articles": int(n_articles.get(n, 0))}
        row.update({m: cells.get((n, m), "") for m in metrics})
        rows.append(row)
    return pd.DataFrame(rows, columns=["claimant", "type", "stake", "articles", *metrics])


def _text(v) -> str:
    return v if isinstance(v, str) else ""


def sankey_figure(claims: pd.DataFrame, outlets: dict[str, str] | None = None) -> go.Figure:
    """Outlet → claimant → metric, link width = number of claims. The outlet is the article's
    outlet, else the agency it credits, else 'outlet unknown'."""
    outlets = outlets or {}
    c = claims.reindex(columns=["article_id", "source", "metric", "outlet", "via"]).assign(claimant=claimant_names(claims))
    outlet = [next((x for x in (outlets.get(a), o, v) if isinstance(x, str) and x), "outlet unknown")
              for a, o, v in zip(c["article_id"], c["outlet"], c["via"])]
    c = c.assign(_outlet=outlet)
    nodes, index = [], {}

    def node(label, kind):
        key = (kind, label)
        if key not in index:
            index[key] = len(nodes)
            nodes.append(label)
        return index[key]

    src, dst, val = [], [], []
    for (o, n), k in c.groupby(["_outlet", "claimant"]).size().items():
        src.append(node(o, "outlet")), dst.append(node(n, "claimant")), val.append(int(k))
    for (n, m), k in c.groupby(["claimant", "metric"]).size().items():
        src.append(node(n, "claimant")), dst.append(node(m, "metric")), val.append(int(k))
    fig = go.Figure(go.Sankey(node=dict(label=[plot(n) for n in nodes], pad=12, thickness=14),
                              link=dict(source=src, target=dst, value=val)))
    fig.update_layout(height=max(300, 26 * len(nodes)), margin=dict(l=10, r=10, t=10, b=10))
    return fig


def map_figure(places: pd.DataFrame, claims: pd.DataFrame, style: str = "white-bg") -> go.Figure:
    """Every mentioned place (summed over articles), sized by mentions, coloured by kind; hover
    lists the claims about it; ``customdata`` holds the canonical name for selections."""
    if style not in MAP_STYLES:
        raise ValueError(f"unknown map style {style!r}; expected one of {', '.join(MAP_STYLES)}")
    p = places.dropna(subset=["lat", "lon"])
    agg = p.groupby(["name", "kind"], as_index=False).agg(lat=("lat", "first"), lon=("lon", "first"),
                                                          mentions=("mentions", "sum"), articles=("article_id", "nunique"))
    ex = claims[["number_text", "metric", "source", "places"]].explode("places").dropna(subset=["places"])
    about_n = ex.groupby("places").size()
    first = ex.groupby("places").head(6)
    first = first.assign(_t=first["metric"] + ": " + first["number_text"].astype(str) + " (" + first["source"].fillna(UNATTRIBUTED) + ")")
    about = first.groupby("places")["_t"].agg(list).to_dict()
    fig = go.Figure()
    for kind, g in agg.groupby("kind"):
        hover = [f"<b>{html.escape(n)}</b> ({kind})<br>{k} mention(s) in {a} article(s)<br>"
                 + "<br>".join(html.escape(x) for x in about.get(n, []))
                 + (f"<br>… {int(about_n[n]) - 6} more claims" if about_n.get(n, 0) > 6 else "")
                 for n, k, a in zip(g["name"], g["mentions"], g["articles"])]
        fig.add_trace(go.Scattermap(lat=g["lat"], lon=g["lon"], mode="markers+text", text=[plot(n) for n in g["name"]],
                                    textposition="top right", customdata=g["name"], name=kind,
                                    marker=dict(size=[8 + 6 * math.sqrt(k) for k in g["mentions"]],
                                                color=KIND_COLOURS.get(kind, "#555"), opacity=0.8),
                                    hovertext=hover, hoverinfo="text"))
    center = dict(lat=float(agg["lat"].mean()), lon=float(agg["lon"].mean())) if len(agg) else dict(lat=45, lon=60)
    fig.update_layout(map=dict(style=style, center=center, zoom=1.6), height=560,
                      margin=dict(l=0, r=0, t=0, b=0), legend=dict(title="kind"))
    return fig


def places_from_selection(selection) -> list[str]:
    """Canonical place names picked on the map (click, box or lasso) from a plotly selection
    state: ``{"selection": {"points": [{"customdata": "Kursk Oblast", …}, …]}}``."""
    if not selection:
        return []
    sel = selection.get("selection", selection) if isinstance(selection, dict) else getattr(selection, "selection", None)
    points = (sel or {}).get("points", []) if isinstance(sel, dict) else getattr(sel, "points", [])
    names = []
    for p in points or []:
        cd = p.get("customdata") if isinstance(p, dict) else None
        if isinstance(cd, (list, tuple)):
            cd = cd[0] if cd else None
        if cd and cd not in names:
            names.append(str(cd))
    return names
