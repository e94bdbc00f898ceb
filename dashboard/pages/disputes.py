"""Disputes: for one metric, who says how many, since when, via whom, and where they disagree
and why. Mentions of one estimate are one figure; claimants are counted once however many
outlets repeat them."""
import streamlit as st

from dashboard import state
from dashboard.disputes import figure_table, flag_table, lines_of, summary, timeline_figure, undated
from dashboard.filters import Filters
from dashboard.reconcile import disagreements, related
from dashboard.safe import md
from extraction.lexicon import metric_name

SHOWN_FLAGS = 40
view = state.current()
st.title("Disputes")
metrics = view.claims["metric"].value_counts().index.tolist()
chosen = view.filters.get("metric")
if not metrics:
    st.info(f"No claims match: {md(view.filters.describe())}.")
elif len(chosen) != 1:
    st.markdown("Pick one metric; it becomes the metric filter of every page (and of this page's link).")
    for m in metrics:
        st.button(f"{metric_name(m)} ({(view.claims['metric'] == m).sum()} claims)", key=f"pick_{m}",
                  on_click=lambda m=m: st.session_state.update(metric=[m]))
else:
    metric = chosen[0]
    figures = state.families(view)
    mine = [f for f in figures.of(view.claims["claim_id"]) if f.metric == metric]
    # related metrics (casualties for killed) under the same filters but the metric
    others_view = Filters(tuple((n, v) for n, v in view.filters.selected if n != "metric")).apply(view.ds["claims"])
    others_view = others_view[others_view["metric"].isin(related(metric))]
    others = figures.of(others_view["claim_id"])
    st.subheader(md(metric_name(metric)))
    st.markdown(md(summary(mine)))
    st.caption("A figure is one estimate however many articles print it. A group of claimants ('South Korean "
               "intelligence and foreign analysts') that repeats a member's figure is that member's figure, credited "
               "also to the group; a group's own figure makes the group a claimant of its own.")
    st.markdown("**Who says how many, since when, via whom**")
    st.dataframe(figure_table(mine), hide_index=True, width="stretch")
    table = flag_table(disagreements(mine + others, metric), mine + others)
    lines = lines_of(table)
    st.markdown(f"**Where they disagree:** {len(lines)} pair{'s' if len(lines) != 1 else ''} of figures whose ranges "
                f"do not meet, {sum(w.startswith('no explanation') for _, _, w in lines)} with no explanation in the data")
    for lower, higher, why in lines[:SHOWN_FLAGS]:
        st.markdown(f"- **{md(lower)}** against **{md(higher)}**: {md(why)}")
    if len(lines) > SHOWN_FLAGS:
        with st.expander(f"All {len(lines)} disagreements"):
            st.dataframe(table, hide_index=True, width="stretch")
    st.markdown("**Timeline** (by as-of date; the grey band spans each independent claimant's latest figure)")
    c1, c2 = st.columns([3, 1])
    c1.plotly_chart(timeline_figure(mine, state.colours(view)), key="timeline")
    c2.caption("Undated figures")
    c2.dataframe(undated(mine), hide_index=True)
state.footer(view, "disputes")
