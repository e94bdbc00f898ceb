"""Estimates: for each metric, who says how many — one bar per claim (or per claimant and date)
from low to high; reported and planned figures apart."""
import streamlit as st

from dashboard import state
from dashboard.charts import (
    CHART_COLUMNS,
    MAX_GROUPS,
    chart_groups,
    chart_title,
    envelope_rows,
    headline,
    range_figure,
    rows_figure,
    span_words,
)
from dashboard.filters import SETTING
from dashboard.footer import footer
from dashboard.page_sums import MAX_ROWS
from dashboard.page_table import PAGE
from dashboard.safe import md
from extraction.lexicon import metric_name

view = state.current()
st.title(PAGE["estimates"].title)
st.caption("A figure is one estimate however many articles print it; claimants are counted once however many outlets "
           "repeat them. The Disputes page explains where figures disagree.")
s = SETTING["by"]
state.setting(view, "by")
# the options are the URL's values (a bound widget writes what it shows): claim | claimant
by = st.segmented_control(s.label, s.options, default=s.options[0], key="by", bind="query-params",
                          help="claimant: one bar per claimant and date, the span of its figures of that date") or s.options[0]
view.settings["by"] = by
counts = view.metric_counts()
if not counts:
    st.info(f"No claims match: {md(view.filters.describe(view.vocab))}. Clear a filter in the sidebar.")
colours = view.colours()
names = view.article_names()
date = view.filters.date_column
figures = view.figure_counts()
charts = view.charts()  # every chart's range and claimants' envelopes, added up by the query
for metric, _ in counts:
    # one chart per side and war of the metric: North Korea's troops are never drawn beside Haiti's police
    groups = chart_groups(charts, metric)
    for i, (side, war) in enumerate(groups[:MAX_GROUPS]):
        st.subheader(md(chart_title(metric, side, war)))
        for status, label in (("reported", "Reported"), ("planned", "Planned, intended or projected")):
            key = (metric, side, war, status)
            if key not in charts:
                continue
            extent, env = charts[key]
            if by == "claim" and env["n"].sum() <= MAX_ROWS:  # one bar per claim, its sentence on hover
                part = view.with_sentences(view.part(*key, columns=CHART_COLUMNS))
                fig = range_figure(part, colours=colours, articles=names, date=date)
            else:  # one bar per claimant and date
                fig = rows_figure(envelope_rows(env, names, date), colours)
            st.markdown(f"**{label}:** {md(headline(span_words(extent), figures[key]))}")
            st.plotly_chart(fig, key=f"range_{metric}_{i}_{status}")
    if len(groups) > MAX_GROUPS:  # listed, not drawn: a filter on the side or war draws them
        st.caption(md(f"Also {metric_name(metric)} of: " + "; ".join(
            " · ".join(x for x in g if x) or "no side or war named" for g in groups[MAX_GROUPS:])
            + ". Filter by side or war (sidebar) to draw them."))
footer(view, "estimates")
