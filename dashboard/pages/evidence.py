"""Evidence: every claim in a table; select a row to open its article."""
import streamlit as st

from dashboard import review_ui, state
from dashboard.footer import footer
from dashboard.page_table import PAGE
from dashboard.safe import md
from dashboard.trace_text import steps
from dashboard.views import evidence_table, least_certain_first

MAX_TABLE_ROWS = 5000
view = state.current()
st.title(PAGE["evidence"].title)
review_ui.notice()
if view.reviewer:
    st.caption("Review mode: select a row to accept, reject or correct its claim. The claims extraction is least "
               "sure of come first (confidence: how often the rules that read a claim were right on the dev set).")
n = view.count()
if n > MAX_TABLE_ROWS:
    st.caption(f"Showing the first {MAX_TABLE_ROWS:,} of {n:,} claims; the CSV below has them all.")
c = view.with_sentences(view.head(MAX_TABLE_ROWS))
table = evidence_table(c, view.filters)
if view.reviewer:
    table = least_certain_first(table)
event = st.dataframe(table, hide_index=True, key="evidence_table", on_select="rerun", selection_mode="single-row",
                     column_config={"open": st.column_config.LinkColumn("article", display_text="open"),
                                    "number_text": "as written", "as_of": "as of", "article_id": "article id",
                                    "confidence": st.column_config.NumberColumn(
                                        "confidence", format="%.2f", help="How often the rules that read this claim "
                                        "were right on the dev set (extraction/confidence.py); empty: not measured")})
rows = event.selection.rows if event is not None else []
if rows:
    # st.switch_page cannot carry parameters bound to widgets (Streamlit 1.67), so the selected
    # row offers a link that opens its article with the current filters kept
    article = table.iloc[rows[0]]["article_id"]
    st.page_link(PAGE["articles"].file, label=f"Open article {md(article)}", icon="📄",
                 query_params={**view.filters.to_params(), "read": article})
    claim = c.loc[table.index[rows[0]]].to_dict()
    with st.expander("How this claim was read", expanded=False):
        for line in steps(claim, claim.get("trace")):
            st.markdown("- " + md(line))
    if view.reviewer:
        review_ui.claim_panel(view, claim)
footer(view, "evidence")
