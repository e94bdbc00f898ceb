"""Evidence: every claim in a table; select a row to open its article."""
import streamlit as st

from dashboard import state
from dashboard.charts import interval_text
from dashboard.safe import md

MAX_TABLE_ROWS = 5000
view = state.current()
st.title("Evidence")
c = view.claims
query = view.filters.query_string() + "&" if view.filters.active else ""
if len(c) > MAX_TABLE_ROWS:
    st.caption(f"Showing the first {MAX_TABLE_ROWS:,} of {len(c):,} claims; the CSV below has them all.")
    c = c.head(MAX_TABLE_ROWS)
table = c.assign(
    interval=[interval_text(lo, hi) for lo, hi in zip(c["low"], c["high"])],
    claimant=c["source"].fillna("unattributed"),
    places=[", ".join(p) if p is not None else "" for p in c["places"]],
    open=[f"/articles?{query}read={a}" for a in c["article_id"]],
)[["number_text", "interval", "metric", "status", "claimant", "as_of", "places", "article_id", "sentence", "open"]]
event = st.dataframe(table, hide_index=True, key="evidence_table", on_select="rerun", selection_mode="single-row",
                     column_config={"open": st.column_config.LinkColumn("article", display_text="open"),
                                    "number_text": "as written", "as_of": "as of", "article_id": "article id"})
rows = event.selection.rows if event is not None else []
if rows:
    # st.switch_page cannot carry parameters bound to widgets (Streamlit 1.67), so the selected
    # row offers a link that opens its article with the current filters kept
    article = table.iloc[rows[0]]["article_id"]
    st.page_link(state.PAGES["articles"], label=f"Open article {md(article)}", icon="📄",
                 query_params={**view.filters.to_params(), "read": article})
state.footer(view, "evidence")
