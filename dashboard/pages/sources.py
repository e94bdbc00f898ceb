"""Sources: who says what — claimants × metrics, and the path outlet → claimant → metric."""
import streamlit as st

from dashboard import state
from dashboard.charts import claimant_table, sankey_figure
from dashboard.footer import footer
from dashboard.page_table import PAGE
from dashboard.safe import md
from dashboard.tables import table

view = state.current()
st.title(PAGE["sources"].title)
cells, links = view.sources()
if cells.empty:
    st.info(f"No claims match: {md(view.filters.describe(view.vocab))}.")
else:
    st.caption("One row per claimant and metric: the claimant's figures, each with the date it is as of. "
               "Stake: party to the war, or third party.")
    table(claimant_table(cells), "crosscount-sources.csv", "sources_csv", hide_index=True, width="stretch",
          column_config={"figures": "figures (as of)"})
    st.subheader("From outlet to claimant to metric")
    st.caption("Links in the claimant's colour; the outlet is the article's, else the agency its text credits.")
    st.plotly_chart(sankey_figure(links, colours=view.colours()), key="sankey")
footer(view, "sources")
