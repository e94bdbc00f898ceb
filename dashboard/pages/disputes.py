"""Disputes: for one metric, who says how many, since when, via whom, and where they disagree
and why. Mentions of one estimate are one figure; claimants are counted once however many
outlets repeat them."""
import streamlit as st

from dashboard import state
from dashboard.charts import chart_title
from dashboard.disputes import same_everywhere
from dashboard.export import csv_name, table_csv
from dashboard.footer import footer
from dashboard.page_table import PAGE
from dashboard.safe import md
from dashboard.table_size import PAGE_PX
from dashboard.tables import table
from extraction.figure_text import counts_text
from extraction.lexicon import metric_name

SHOWN_FLAGS = 40
TABLE_ROWS = 2000  # rows of the full disagreement table drawn on the page (all of them are in its CSV)
view = state.current()
st.title(PAGE["disputes"].title)
metrics = view.metric_counts()
chosen = view.filters.get("metric")
if not metrics:
    st.info(f"No claims match: {md(view.filters.describe(view.vocab))}.")
elif len(chosen) != 1:
    st.markdown("Pick one metric; it becomes the metric filter of every page (and of this page's link).")
    for m, n in metrics:
        st.button(f"{metric_name(m)} ({n} claims)", key=f"pick_{m}",
                  on_click=lambda m=m: st.session_state.update(metric=[m]))
else:
    metric = chosen[0]
    content = view.disputes(metric)
    st.subheader(md(metric_name(metric)))
    st.markdown(md(counts_text(content.counts)))
    st.caption("A figure is one estimate however many articles print it. A group of claimants ('South Korean "
               "intelligence and foreign analysts') that repeats a member's figure is that member's figure, credited "
               "also to the group; a group's own figure makes the group a claimant of its own.")
    st.markdown("**Who says how many, since when, via whom**")
    if content.counts.figures > len(content.figures):
        st.caption(f"The {len(content.figures):,} most printed of {content.counts.figures:,} figures; filter by "
                   "claimant, side, war, place or month to see others.")
    same = same_everywhere(content.figures)  # said once, not repeated in a column (the CSV keeps every column)
    said = [f"{k} {md(v)}" for k, v in same.items() if v]
    if said:
        st.caption("Every figure here: " + "; ".join(said) + ".")
    table(content.figures, "crosscount-figures.csv", "figures_csv", hide_index=True, width="stretch",
          column_config=dict.fromkeys(same))
    flags, lines = content.flags, content.lines
    st.markdown(f"**Where they disagree:** {len(lines)} pair{'s' if len(lines) != 1 else ''} of figures whose ranges "
                f"do not meet, {sum(w.startswith('no explanation') for _, _, w in lines)} with no explanation in the data")
    for lower, higher, why in lines[:SHOWN_FLAGS]:
        st.markdown(f"- **{md(lower)}** against **{md(higher)}**: {md(why)}")
    if len(lines) > SHOWN_FLAGS:
        with st.expander(f"All {len(lines)} disagreements"):
            ordered = flags  # unexplained first, then between independent claimants, the widest gaps first
            if len(ordered) > TABLE_ROWS:
                st.caption(f"The first {TABLE_ROWS} of {len(ordered)} (unexplained first); the download holds them all.")
            st.dataframe(ordered.head(TABLE_ROWS), hide_index=True, width="stretch")
            # built only when clicked: no CSV on an ordinary rerun
            st.download_button(f"Download all {len(ordered)} disagreements (CSV)", lambda: table_csv(ordered),
                               file_name=csv_name(["disagreements", metric, *(v for n, vs in view.filters.selected
                                                                           if n != "metric" for v in vs)]),
                               mime="text/csv", key="flags_csv", on_click="ignore")
    st.markdown("**Timeline** (by as-of date; the grey band spans each independent claimant's latest figure), "
                "one per side and war")
    c1, c2 = st.columns([3, 1])
    for i, (side, war, counts, timeline) in enumerate(content.timelines):
        # a side's and war's own count only where there are several (else it is the summary above)
        c1.markdown(f"*{md(chart_title(metric, side, war))}*" +
                    (f": {md(counts_text(counts))}" if len(content.timelines) > 1 else ""))
        if timeline is not None:
            c1.plotly_chart(timeline, key=f"timeline_{i}")
        else:
            c1.caption("Not drawn: filter by this side or war (sidebar) to see its timeline.")
    c2.caption("Undated figures")
    table(content.undated, "crosscount-undated.csv", "undated_csv", where=c2, space=PAGE_PX // 4, hide_index=True)
    st.markdown("**As of each month** (each claimant's latest reported total by then, per war and side)")
    table(content.months, "crosscount-as-of-each-month.csv", "months_csv", hide_index=True, width="stretch")
footer(view, "disputes")
