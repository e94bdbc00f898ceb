"""Charts and summaries built from the claims table. Pure: pandas and plotly, no Streamlit."""
from __future__ import annotations

import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from .filters import UNATTRIBUTED

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
    """'killed: 600 – 6,000+ from 4 claimants in 4 articles'."""
    lows = [(_val(lo) if _val(lo) is not None else _val(hi)) for lo, hi in zip(claims["low"], claims["high"])]
    lows = [x for x in lows if x is not None]
    tops = []
    for lo, hi in zip(claims["low"], claims["high"]):
        lo, hi = _val(lo), _val(hi)
        if hi is not None:
            tops.append((hi, False))
        elif lo is not None:
            tops.append((lo, True))
    if not lows or not tops:
        return f"{metric}: no figures"
    top, open_top = max(tops, key=lambda t: (t[0], t[1]))
    lo = min(lows)
    plus = "+" if open_top else ""
    span = f"{fmt(lo)}{plus}" if lo == top else f"{fmt(lo)} – {fmt(top)}{plus}"
    names = set(claims["source"].dropna())
    n_art = claims["article_id"].nunique()
    who = f"{len(names)} claimant{'s' if len(names) != 1 else ''}"
    if claims["source"].isna().any():
        who += " and unattributed reports"
    return f"{metric}: {span} from {who} in {n_art} article{'s' if n_art != 1 else ''}"


def _wrap(text: str, width: int = 80) -> str:
    return "<br>".join(textwrap.wrap(html.escape(str(text)), width)) if text else ""


def range_rows(claims: pd.DataFrame, by: str = "claim") -> pd.DataFrame:
    """One row per claim (or per claimant: the envelope of its claims) with low/high/best,
    open ends marked, a label and hover text."""
    c = claims.assign(claimant=claimant_names(claims))
    if by == "claimant":
        rows = []
        for name, g in c.groupby("claimant", sort=False):
            lows = [x for x in (_val(v) for v in g["low"]) if x is not None]
            highs = [x for x in (_val(v) for v in g["high"]) if x is not None]
            open_low = g["low"].isna().any()
            open_high = g["high"].isna().any()
            bests = [x for x in (_val(v) for v in g["best"]) if x is not None]
            low = None if open_low and not lows else (min(lows) if lows else None)
            high = None if open_high else (max(highs) if highs else None)
            if open_high and highs and lows and max(highs) > max(lows):
                high = None
            rows.append({"label": name, "claimant": name, "low": low, "high": high,
                         "best": sorted(bests)[len(bests) // 2] if bests else None,
                         "hover": f"<b>{html.escape(name)}</b><br>{len(g)} claim(s) in {g['article_id'].nunique()} article(s)<br>"
                                  + "<br>".join(html.escape(f"{t} ({a})") for t, a in zip(g["number_text"][:8], g["article_id"][:8]))})
        out = pd.DataFrame(rows)
    else:
        out = pd.DataFrame({
            "label": [f"{t} · {s} · {a[:14]}" for t, s, a in zip(c["number_text"], c["claimant"], c["article_id"])],
            "claimant": c["claimant"].values,
            "low": [_val(v) for v in c["low"]], "high": [_val(v) for v in c["high"]], "best": [_val(v) for v in c["best"]],
            "hover": [f"<b>{html.escape(str(t))}</b> — {html.escape(s)}<br>as of {html.escape(str(d or 'unknown'))} · {html.escape(a)}<br>{_wrap(sent)}"
                      for t, s, d, a, sent in zip(c["number_text"], c["claimant"], c["as_of"], c["article_id"], c["sentence"])],
        })
        # the same label twice (one figure repeated in an article) gets a counter
        dup = out.groupby("label").cumcount()
        out["label"] = [lab if k == 0 else f"{lab} ({k + 1})" for lab, k in zip(out["label"], dup)]
    if out.empty:
        return out
    key = [(b if b is not None else (lo if lo is not None else hi)) or 0 for b, lo, hi in zip(out["best"], out["low"], out["high"])]
    return out.assign(_k=key).sort_values("_k").drop(columns="_k").reset_index(drop=True)


def use_log_scale(rows: pd.DataFrame) -> bool:
    vals = [x for col in ("low", "high", "best") for x in map(_val, rows[col]) if x is not None and x > 0]
    return bool(vals) and max(vals) / min(vals) >= 100


def range_figure(claims: pd.DataFrame, by: str = "claim", colours: dict[str, str] | None = None,
                 title: str | None = None) -> go.Figure:
    """Bars from low to high per row, an open bound drawn dashed to the axis edge with an arrow,
    the best figure as a diamond, coloured by claimant, hover with the sentence."""
    if by == "claim" and len(claims) > MAX_ROWS:
        by = "claimant"
    rows = range_rows(claims, by)
    colours = colours or colour_map(rows["claimant"] if len(rows) else [])
    fig = go.Figure()
    if rows.empty:
        return fig
    log = use_log_scale(rows)
    vals = [x for col in ("low", "high", "best") for x in map(_val, rows[col]) if x is not None and (x > 0 or not log)]
    vmin, vmax = min(vals), max(vals)
    lo_edge = vmin / 3 if log else 0
    hi_edge = vmax * 3 if log else vmax * 1.25 + 1
    for name, g in rows.groupby("claimant", sort=False):
        colour = colours.get(name, "#555")
        solid_x, solid_y, dash_x, dash_y, arrows = [], [], [], [], []
        for r in g.itertuples():
            lo, hi, best = _val(r.low), _val(r.high), _val(r.best)  # pandas holds a missing bound as NaN
            a = lo if lo is not None else (best or hi)
            b = hi if hi is not None else (best or lo)
            solid_x += [a, b, None]
            solid_y += [r.label, r.label, None]
            if lo is None:
                dash_x += [lo_edge, a, None]
                dash_y += [r.label, r.label, None]
                arrows.append((lo_edge, r.label, "triangle-left"))
            if hi is None:
                dash_x += [b, hi_edge, None]
                dash_y += [r.label, r.label, None]
                arrows.append((hi_edge, r.label, "triangle-right"))
        fig.add_trace(go.Scatter(x=solid_x, y=solid_y, mode="lines", line=dict(color=colour, width=9),
                                 name=name, legendgroup=name, hoverinfo="skip"))
        if dash_x:
            fig.add_trace(go.Scatter(x=dash_x, y=dash_y, mode="lines", line=dict(color=colour, width=3, dash="dot"),
                                     legendgroup=name, showlegend=False, hoverinfo="skip"))
            fig.add_trace(go.Scatter(x=[a[0] for a in arrows], y=[a[1] for a in arrows], mode="markers",
                                     marker=dict(symbol=[a[2] for a in arrows], size=12, color=colour),
                                     legendgroup=name, showlegend=False, hoverinfo="skip"))
        lows, highs, bests = ([_val(v) for v in g[c]] for c in ("low", "high", "best"))
        mid = [((lo if lo is not None else hi) + (hi if hi is not None else lo)) / 2 if (lo is not None or hi is not None) else None
               for lo, hi in zip(lows, highs)]
        fig.add_trace(go.Scatter(x=[b if b is not None else m for b, m in zip(bests, mid)], y=g["label"], mode="markers",
                                 marker=dict(symbol=["diamond" if b is not None else "line-ns-open" for b in bests],
                                             size=12, color="white", line=dict(color=colour, width=2)),
                                 legendgroup=name, showlegend=False, hovertext=g["hover"], hoverinfo="text"))
    fig.update_layout(height=max(220, 34 * len(rows) + 110), margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0), title=title, hovermode="closest",
                      xaxis=dict(type="log" if log else "linear", range=[math.log10(lo_edge), math.log10(hi_edge)] if log else [lo_edge, hi_edge],
                                 title="count" + (" (log scale)" if log else "")),
                      yaxis=dict(autorange="reversed", categoryorder="array", categoryarray=list(rows["label"])))
    return fig


def claimant_table(claims: pd.DataFrame, info=None) -> pd.DataFrame:
    """Claimants × metrics: each cell lists the claimant's figures with their as-of dates;
    type and stake of registered claimants come from ``info(name)``."""
    c = claims.assign(claimant=claimant_names(claims))
    cells = {}
    for (name, metric), g in c.groupby(["claimant", "metric"]):
        figs = []
        for lo, hi, d in zip(g["low"], g["high"], g["as_of"]):
            t = interval_text(lo, hi)
            figs.append(f"{t} ({d})" if isinstance(d, str) and d else t)
        cells[(name, metric)] = "; ".join(dict.fromkeys(figs))
    names = sorted({n for n, _ in cells}, key=lambda n: (n == UNATTRIBUTED, n))
    metrics = sorted({m for _, m in cells})
    rows = []
    for n in names:
        meta = info(n) if info and n != UNATTRIBUTED else None
        row = {"claimant": n, "type": getattr(meta, "type", None) or "", "stake": getattr(meta, "stake", None) or "",
               "articles": int(c.loc[c["claimant"] == n, "article_id"].nunique())}
        row.update({m: cells.get((n, m), "") for m in metrics})
        rows.append(row)
    return pd.DataFrame(rows, columns=["claimant", "type", "stake", "articles", *metrics])


def sankey_figure(claims: pd.DataFrame, outlets: dict[str, str] | None = None) -> go.Figure:
    """Outlet → claimant → metric, link width = number of claims. The outlet is the article's
    outlet, else the agency it credits, else 'outlet unknown'."""
    outlets = outlets or {}
    c = claims.assign(claimant=claimant_names(claims))
    outlet = [outlets.get(a) or o or v or "outlet unknown"
              for a, o, v in zip(c["article_id"], c.get("outlet", [None] * len(c)), c.get("via", [None] * len(c)))]
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
    fig = go.Figure(go.Sankey(node=dict(label=nodes, pad=12, thickness=14),
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
    about: dict[str, list[str]] = {}
    for t, m, s, ps in zip(claims["number_text"], claims["metric"], claimant_names(claims), claims["places"]):
        for name in (ps if ps is not None else ()):
            about.setdefault(name, []).append(f"{m}: {t} ({s})")
    fig = go.Figure()
    for kind, g in agg.groupby("kind"):
        hover = [f"<b>{html.escape(n)}</b> ({kind})<br>{k} mention(s) in {a} article(s)<br>"
                 + "<br>".join(html.escape(x) for x in about.get(n, [])[:6])
                 + (f"<br>… {len(about[n]) - 6} more" if len(about.get(n, [])) > 6 else "")
                 for n, k, a in zip(g["name"], g["mentions"], g["articles"])]
        fig.add_trace(go.Scattermap(lat=g["lat"], lon=g["lon"], mode="markers+text", text=g["name"],
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
