"""Evidence: every claim in a table; select a row to open its article."""
import streamlit as st

from dashboard import review_ui, state
from dashboard.footer import footer
from dashboard.page_table import PAGE
from dashboard.safe import md
from dashboard.tables import sized
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
table = evidence_table(c, view.filters, view.article_names(), view.vocab)  # the article as 'Yonhap, 2026-02-16'; its title on selection
if view.reviewer:
    table = least_certain_first(table)
# the grid shows what tells claims apart, every column on screen; the selected row shows its sentence,
# outlet and places, and the CSV holds every column
hidden = ("article_id", "outlet", "places", "published", "sentence") + (() if view.reviewer else ("review", "confidence"))
config = {"open": st.column_config.LinkColumn("read", display_text="open"), "number_text": "as written", "as_of": "as of",
          "confidence": st.column_config.NumberColumn(
              "confidence", format="%.2f", help="How often the rules that read this claim were right on the dev set "
              "(extraction/confidence.py); empty: not measured"), **dict.fromkeys(hidden)}
event = st.dataframe(table, hide_index=True, key="evidence_table", on_select="rerun", selection_mode="single-row",
                     width="stretch", **sized(table, config))
rows = event.selection.rows if event is not None else []
if rows:
    # st.switch_page cannot carry parameters bound to widgets (Streamlit 1.67), so the selected
    # row offers a link that opens its article with the current filters kept
    article = table.iloc[rows[0]]["article_id"]
    st.page_link(PAGE["articles"].file, label=f"Open “{md(view.vocab.label('article', article))}”", icon="📄",
                 query_params={**view.filters.to_params(view.vocab), "read": view.vocab.label("article", article)})
    claim = c.loc[table.index[rows[0]]].to_dict()
    row = {k: v for k, v in table.iloc[rows[0]].items() if isinstance(v, str) and v}
    if "sentence" in row:
        st.markdown(f"> {md(row['sentence'])}")
    where = [f"printed by {md(row['outlet'])}" if "outlet" in row else "", f"places: {md(row['places'])}" if "places" in row else ""]
    st.caption(" · ".join(x for x in where if x) or "outlet and places unknown")
    with st.expander("How this claim was read", expanded=False):
        for line in steps(claim, claim.get("trace")):
            st.markdown("- " + md(line))
    if view.reviewer:
        review_ui.claim_panel(view, claim)
footer(view, "evidence")
