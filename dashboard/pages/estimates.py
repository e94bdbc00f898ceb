"""Estimates: for each metric, who says how many — one bar per claim (or claimant) from low to high."""
import streamlit as st

from dashboard import state
from dashboard.charts import colour_map, headline, range_figure
from dashboard.safe import md

view = state.current()
st.title("Estimates")
by = st.segmented_control("Rows", ["claim", "claimant"], default="claim", key="by", bind="query-params",
                          format_func=lambda x: "one per claim" if x == "claim" else "one per claimant")
if view.claims.empty:
    st.info(f"No claims match: {md(view.filters.describe())}. Clear a filter in the sidebar.")
colours = colour_map(view.vocab["source"])
order = view.claims["metric"].value_counts().index.tolist()
for metric in order:
    g = view.claims[view.claims["metric"] == metric]
    st.subheader(headline(g, metric))
    for status, label in (("reported", "Reported"), ("planned", "Planned, intended or projected")):
        part = g[g["status"] == status]
        if part.empty:
            continue
        st.caption(f"{label}: {len(part)} claim(s)")
        st.plotly_chart(range_figure(part, by=by or "claim", colours=colours), key=f"range_{metric}_{status}")
state.footer(view, "estimates")
