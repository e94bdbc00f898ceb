"""What the Disputes page shows for one metric: its figures (with their mentions, relays and
dates), the disagreements with their explanations, and a timeline. Pure: pandas and plotly,
no Streamlit. The reconciling itself is extraction/reconcile.py."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from extraction.lexicon import metric_name
from extraction.reconcile import Family, FigureCounts, Flag, disagreements

from .charts import known_first, unchecked
from .filters import UNATTRIBUTED
from .safe import plot

FIGURE_COLUMNS = ["figure", "claimant", "side", "war", "also credited to", "as of", "kind", "printed", "outlets", "via",
                  "reported"]
NO_EXPLANATION = "no explanation in the data: the figures disagree"


PRESENCE = {"sent": " sent", "present": " there now"}  # troops: a total sent so far, or the number there now


def _name(f: Family) -> str:
    return f.claimant or UNATTRIBUTED


def _printed(f: Family, story_of: dict[str, str] | None) -> str:
    """'3× in 2 articles'; with copies of one story counted once: '1× in 1 story (2 articles)'."""
    n, stories = f.printed(story_of)
    k = len(f.articles)
    if stories == k:
        return f"{n}× in {k} article{'s' if k != 1 else ''}"
    return f"{n}× in {stories} stor{'y' if stories == 1 else 'ies'} ({k} articles: copies of a story counted once)"


def figure_table(fams: list[Family], story_of: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per figure, a war's and a side's together: who holds it (and the groups that
    repeat it), whose people or things it counts and in which war, since when, how often and
    where it was printed (a story's copies counted once, ``story_of``: see :meth:`Family.printed`),
    and who relayed it."""
    rows = []
    for f in sorted(fams, key=lambda f: (f.conflict or "~", f.party or "~", f.status, f.as_of or "9999", _name(f))):
        pub = sorted(f.published)
        rows.append({"figure": f.shown, "claimant": _name(f), "side": f.party or "", "war": f.conflict or "",
                     "also credited to": "; ".join(sorted(f.credited - {f.claimant})),
                     "as of": f.as_of or "", "kind": f"{f.status} {'increment' if f.incremental else 'total'}" + PRESENCE.get(f.presence, ""),
                     "printed": _printed(f, story_of),
                     "outlets": "; ".join(sorted(f.outlets)), "via": "; ".join(sorted(f.vias)),
                     "reported": (pub[0] if pub[0] == pub[-1] else f"{pub[0]} – {pub[-1]}") if pub else ""})
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


SAME_EVERYWHERE = ("side", "war", "also credited to", "via")  # columns shown once when every row holds the same


def same_everywhere(table: pd.DataFrame) -> dict[str, str]:
    """The columns of ``SAME_EVERYWHERE`` whose value is the same on every row of a figure table
    (often empty), with that value: the page says it once instead of repeating it in a column."""
    return {c: str(table[c].iloc[0]) for c in SAME_EVERYWHERE
            if c in table and len(table) and table[c].astype(str).nunique() == 1}


def flag_lines(flags: list[Flag], fams: list[Family]) -> list[tuple[str, str, str]]:
    """Each disagreement as (lower figure, higher figure, why both can stand — or that the data
    gives no reason), unexplained ones first: they are the real disputes."""
    return lines_of(flag_table(flags, fams))


def lines_of(table: pd.DataFrame) -> list[tuple[str, str, str]]:
    """:func:`flag_lines` of a :func:`flag_table` already made (in its order)."""
    return list(zip(*(table[c].tolist() for c in ("lower", "higher", "why they can both stand"))))


def _gap(lower: Family, higher: Family) -> float:
    """How far apart two disagreeing figures are: the higher one's floor over the lower one's top."""
    top = lower.high if lower.high is not None else lower.low
    floor = higher.low if higher.low is not None else higher.high
    return round((floor or 0.0) / max(top or 0.0, 1.0), 1)


FLAG_COLUMNS = ["lower", "higher", "explained", "independent", "gap", "why they can both stand"]


def flag_table(flags: list[Flag], fams: list[Family]) -> pd.DataFrame:
    """One row per disagreement: the two figures, whether two independent claimants hold them
    (not one claimant's revision, nor unattributed), how far apart they are (× the lower one's
    top), and every explanation (or that there is none). The real disputes first: unexplained,
    then between independent claimants, then the widest gaps."""
    by_id = {f.family_id: f for f in fams}
    names = {f.family_id: f"{f.shown} — {_name(f)}" for f in fams}  # each figure named once, not once per pair
    rows = []
    for fl in flags:
        a, b = by_id.get(fl.a), by_id.get(fl.b)
        if a is None or b is None:
            continue
        same = a.metric == b.metric
        rows.append((names[fl.a] + ("" if same else f" ({metric_name(a.metric)})"),
                     names[fl.b] + ("" if same else f" ({metric_name(b.metric)})"),
                     fl.explained, bool(a.claimant and b.claimant and a.claimant != b.claimant), _gap(a, b),
                     "; ".join(t for _, t in fl.explanations) or NO_EXPLANATION))
    table = pd.DataFrame(rows, columns=FLAG_COLUMNS)
    return table.sort_values(["explained", "independent", "gap"], ascending=[True, False, False],
                             kind="stable").reset_index(drop=True)


def _when(as_of: str) -> str:
    """The middle of the period an as-of date names ('2024' → 1 July 2024), as a date plotly
    reads (a string: a figure's data is deep-copied as it is built, and Timestamps copy slowly)."""
    if len(as_of) == 4:
        return f"{as_of}-07-01"
    if len(as_of) == 7:
        return f"{as_of}-15"
    return pd.Timestamp(as_of).isoformat()


def latest_band(fams: list[Family]) -> tuple[float, float] | None:
    """What independent claimants' latest reported totals allow: from the lowest to the highest
    of each named claimant's most recent dated figure (an open top reaches to its floor)."""
    latest: dict[str, Family] = {}
    for f in fams:
        if f.claimant and f.as_of and f.status == "reported" and not f.incremental:
            if f.claimant not in latest or f.as_of > latest[f.claimant].as_of:
                latest[f.claimant] = f
    if not latest:
        return None
    lows = [f.low if f.low is not None else f.high for f in latest.values()]
    highs = [f.high if f.high is not None else f.low for f in latest.values()]
    return min(x for x in lows if x is not None), max(x for x in highs if x is not None)


MAX_TIMELINE = 300  # figures drawn on a timeline: the most printed


def _placed(f: Family) -> str | None:
    """Where a figure stands on the timeline: its as-of date, else the first date it was published."""
    return f.as_of or (min(f.published) if f.published else None)


def timeline_figure(fams: list[Family], colours: dict[str, str], limit: int = MAX_TIMELINE) -> go.Figure:
    """Figures over their as-of dates, one vertical bar from low to high each (an open bound
    reaches the chart's edge, drawn faint), coloured by claimant, a diamond at the single figure,
    and a band of what independent claimants' latest figures allow. A figure with no as-of date
    stands at its first publication date, dotted, and says so. One trace per claimant and kind of
    bar, whatever the number of figures; the ``limit`` most printed figures are drawn."""
    dated = sorted((f for f in fams if _placed(f)), key=lambda f: -f.mentions)[:limit]
    if not dated:
        return go.Figure()
    vals = [x for f in dated for x in (f.low, f.high, f.best) if x is not None]
    top = max(vals) * 1.25 + 1
    band = latest_band([f for f in dated if f.as_of])
    traces: list[dict] = []
    by_claimant: dict[str, list[Family]] = {}
    for f in sorted(dated, key=_placed):
        by_claimant.setdefault(_name(f), []).append(f)
    for name, fs in by_claimant.items():
        colour = colours.get(name, "#555555")
        # closed intervals solid, open-ended ones faint; figures placed by their publication dotted
        for closed, as_of in ((True, True), (False, True), (True, False), (False, False)):
            part = [f for f in fs if (f.low is not None and f.high is not None) == closed and bool(f.as_of) == as_of]
            if not part:
                continue
            xs, ys, hover = [], [], []
            for f in part:
                x = _when(_placed(f))
                when = f"as of {plot(f.as_of)}" if as_of else f"published {plot(_placed(f))}, no as-of date"
                h = (f"<b>{plot(f.shown)}</b> — {plot(name)}<br>{when} · {f.status}"
                     f"{' · increment' if f.incremental else ''}<br>{f.mentions} mention(s) in {len(f.articles)} article(s)")
                xs += [x, x, None]
                ys += [f.low if f.low is not None else 0.0, f.high if f.high is not None else top, None]
                hover += [h, h, ""]
            first = not any(f.low is not None and f.high is not None and bool(f.as_of) == as_of for f in fs)
            traces.append(dict(type="scatter", x=xs, y=ys, mode="lines",
                               line=dict(color=colour, width=6 if as_of else 3, dash="solid" if as_of else "dot"),
                               opacity=1.0 if closed else 0.45, hovertext=hover, hoverinfo="text",
                               name=plot(name) if as_of else f"{plot(name)} (published, no as-of date)",
                               legendgroup=name, showlegend=closed or first))
    # the single figures of every claimant as one trace (one trace per claimant costs a second at scale)
    points = [(f, colours.get(name, "#555555")) for name, fs in by_claimant.items() for f in fs if f.best is not None]
    if points:
        traces.append(dict(type="scatter", x=[_when(_placed(f)) for f, _ in points], y=[f.best for f, _ in points],
                           mode="markers", marker=dict(symbol="diamond", size=11, color="white",
                                                       line=dict(color=[c for _, c in points], width=2)),
                           hoverinfo="skip", showlegend=False, name="single figures"))
    # the band across the whole width, as plotly's add_hrect draws it (which costs some 30 ms)
    shapes = [dict(type="rect", xref="x domain", x0=0, x1=1, yref="y", y0=band[0], y1=band[1], fillcolor="#bbbbbb",
                   opacity=0.25, line=dict(width=0))] if band else None
    notes = [dict(text="latest independent figures", showarrow=False, xref="x domain", x=0, xanchor="left",
                  yref="y", y=band[1], yanchor="top")] if band else None
    return unchecked(traces, dict(height=420, margin=dict(l=10, r=10, t=30, b=10), hovermode="closest",
                                  yaxis=dict(title=dict(text="count"), range=[0, top]),
                                  xaxis=dict(title=dict(text="as of (dotted: published, no as-of date)")),
                                  legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
                                  shapes=shapes, annotations=notes))


UNDATED_COLUMNS = ["figure", "claimant", "kind", "reported"]


def undated(fams: list[Family]) -> pd.DataFrame:
    """The figures with no as-of date, listed beside the timeline."""
    return figure_table([f for f in fams if not f.as_of])[UNDATED_COLUMNS]


def undated_rows(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`undated` of the figures a :func:`figure_table` already lists (undated ones sort last
    within their status, in the same order)."""
    return table[table["as of"] == ""][UNDATED_COLUMNS].reset_index(drop=True)


MONTHS_SHOWN = 36  # months of the month × claimant table: the latest
MAX_SHOWN = 1000  # figures of a metric the page tables and draws: the most mentioned (all are counted)
MAX_TIMELINES = 4  # sides and wars of a metric drawn as timelines (the known ones, the most figures first)


def _month(as_of: str) -> str:
    """The month an as-of date stands in (a year stands in its first month)."""
    return as_of[:7] if len(as_of) >= 7 else f"{as_of[:4]}-01"


def month_table(fams: list[Family], limit: int = MONTHS_SHOWN) -> pd.DataFrame:
    """Each claimant's latest reported total as of each month, one row per war, side and
    claimant: who said how many by then. A claimant's figure holds from its as-of month until
    its next; a month before its first is empty. The latest ``limit`` months are kept."""
    dated = [f for f in fams if f.as_of and f.status == "reported" and not f.incremental]
    if not dated:
        return pd.DataFrame(columns=["war", "side", "claimant"])
    first, last = min(_month(f.as_of) for f in dated), max(_month(f.as_of) for f in dated)
    every = [str(p) for p in pd.period_range(first, last, freq="M")]
    months, shown = every[-limit:], set(every[-limit:])
    groups: dict[tuple, list[Family]] = {}
    for f in dated:
        groups.setdefault((f.conflict or "", f.party or "", _name(f)), []).append(f)
    rows = []
    for (war, side, who), fs in sorted(groups.items()):
        fs = sorted(fs, key=lambda f: (_month(f.as_of), f.as_of))
        row, i, held = {"war": war, "side": side, "claimant": who}, 0, ""
        for m in every:
            while i < len(fs) and _month(fs[i].as_of) <= m:
                held, i = fs[i].shown, i + 1
            if m in shown:
                row[m] = held
        rows.append(row)
    return pd.DataFrame(rows, columns=["war", "side", "claimant", *months])


@dataclass
class MetricDisputes:
    """Everything the Disputes page shows for one metric of a view, and nothing more: no figure
    objects (at a million claims one metric's hold a hundred megabytes), so that it can be kept."""
    counts: FigureCounts  # what the summary says of the view's figures of the metric
    figures: pd.DataFrame  # figure_table of them
    flags: pd.DataFrame  # flag_table of the disagreements
    lines: list  # lines_of(flags): unexplained first
    timelines: list  # (side, war, FigureCounts, timeline_figure or None past MAX_TIMELINES) per side and war
    undated: pd.DataFrame  # undated(them)
    months: pd.DataFrame  # month_table(them)


def metric_disputes(mine: list[Family], others: list[Family], metric: str, colours: dict[str, str] | None = None,
                    counts: FigureCounts | None = None, group_counts: dict | None = None,
                    story_of: dict[str, str] | None = None) -> MetricDisputes:
    """The Disputes page's content for ``metric``: ``mine`` are the view's figures of the metric
    (all, or the most mentioned of them), ``others`` figures of related metrics that it is
    compared with (dashboard/figure_index.py's ``FigureIndex.figures`` reads both);
    ``colours`` colour the timeline's claimants. ``counts`` and ``group_counts`` ((side, war) →)
    count all the view's figures of the metric when ``mine`` holds only the most mentioned; by
    default they count ``mine``. ``story_of`` names the articles that are copies of one story."""
    table, figures = flag_table(disagreements(mine + others, metric), mine + others), figure_table(mine, story_of)
    groups: dict[tuple[str, str], list[Family]] = {}
    for f in mine:  # a timeline per side and war: figures of other sides or wars are never drawn together
        groups.setdefault((f.party or "", f.conflict or ""), []).append(f)
    order = known_first({g: len(fs) for g, fs in groups.items()})
    timelines = [(side, war, (group_counts or {}).get((side, war)) or FigureCounts.of(groups[(side, war)], story_of),
                  timeline_figure(groups[(side, war)], colours or {}) if i < MAX_TIMELINES else None)
                 for i, (side, war) in enumerate(order)]
    return MetricDisputes(counts or FigureCounts.of(mine, story_of), figures, table, lines_of(table), timelines,
                          undated_rows(figures), month_table(mine))
