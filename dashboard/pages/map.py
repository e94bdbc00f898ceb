"""Map: every place the articles name; pick places (click, box or lasso) to filter every page."""
import streamlit as st

from dashboard import state
from dashboard.charts import MAP_STYLES, map_figure

view = state.current()
st.title("Map")
places = view.ds["places"]
if view.filters.active:
    places = places[places["article_id"].isin(set(view.claims["article_id"]))]
style = st.selectbox("Map background", MAP_STYLES, index=MAP_STYLES.index(state.map_style()),
                     help="white-bg needs no internet; the tile styles need the browser to reach their tile servers.")
if places.empty:
    st.info("No places in the articles of these claims.")
else:
    st.caption("Size: mentions. Colour: kind of place. Click, or draw a box or lasso, to filter by place.")
    st.plotly_chart(map_figure(places, view.claims, style), key="map_sel", on_select="rerun",
                    selection_mode=("points", "box", "lasso"))
    table = places.groupby(["name", "kind"], as_index=False).agg(mentions=("mentions", "sum"), articles=("article_id", "nunique"))
    st.dataframe(table.sort_values("mentions", ascending=False), hide_index=True)
state.footer(view, "map")
