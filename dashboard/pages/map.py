"""Map: every place the articles name; pick places (click, box or lasso) to filter every page."""
import streamlit as st

from dashboard import deployment, page_sums, state
from dashboard.footer import footer
from dashboard.maps import HOVER_CLAIMS, MAP_STYLES, OUTLINE, map_figure
from dashboard.page_table import PAGE
from dashboard.safe import md
from dashboard.tables import table
from dashboard.views import place_table

view = state.current()
st.title(PAGE["map"].title)
places = page_sums.place_counts(view.base, view.filters)
style = st.selectbox("Map background", MAP_STYLES, index=MAP_STYLES.index(deployment.map_style()),
                     format_func=lambda s: "country outlines (offline)" if s == OUTLINE else f"{s} tiles (needs internet)",
                     help="Country outlines ship with the app; tile styles need the browser to reach their tile servers.")
if style != OUTLINE:
    st.caption(f"The {md(style)} tiles come from their tile server, reached by your browser: without the internet "
               "the map shows the country outlines and the places only.")
if places.empty:
    st.info("No places in the articles of these claims.")
else:
    st.caption("Size: mentions. Colour: kind of place. The larger places are named; hover for the others and their "
               "claims. Click, or draw a box or lasso, to filter every page by place.")
    st.plotly_chart(map_figure(places, page_sums.place_claims(view.base, view.filters, HOVER_CLAIMS), style), key="map_sel", on_select="rerun",
                    selection_mode=("points", "box", "lasso"))
    table(place_table(places), "crosscount-places.csv", "places_csv", hide_index=True)
footer(view, "map")
