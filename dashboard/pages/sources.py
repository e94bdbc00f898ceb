"""Sources: who says what — claimants × metrics, and the path outlet → claimant → metric."""
import streamlit as st

from dashboard import state
from dashboard.charts import claimant_table, sankey_figure
from dashboard.safe import md
from dashboard.views import outlets

view = state.current()
st.title("Sources")
if view.claims.empty:
    st.info(f"No claims match: {md(view.filters.describe())}.")
else:
    st.caption("Each cell: the claimant's figures for that metric, with the date they are as of. "
               "Stake: party to the war, or third party.")
    st.dataframe(claimant_table(view.claims), hide_index=True)
    st.subheader("From outlet to claimant to metric")
    st.plotly_chart(sankey_figure(view.claims, outlets(view.articles)), key="sankey")
state.footer(view, "sources")
