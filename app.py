"""crosscount: who says how many. Run with `streamlit run app.py`."""
import streamlit as st

from dashboard import state

st.set_page_config(page_title="crosscount", layout="wide")
st.session_state["_view"] = state.prepare()
pages = [
    st.Page(state.PAGES["estimates"], title="Estimates", default=True),
    st.Page(state.PAGES["sources"], title="Sources", url_path="sources"),
    st.Page(state.PAGES["map"], title="Map", url_path="map"),
    st.Page(state.PAGES["evidence"], title="Evidence", url_path="evidence"),
    st.Page(state.PAGES["articles"], title="Articles", url_path="articles"),
    st.Page(state.PAGES["disputes"], title="Disputes", url_path="disputes"),
    st.Page(state.PAGES["audit"], title="Review log", url_path="audit"),
    st.Page(state.PAGES["add"], title="Add articles", url_path="add"),
]
state.run(st.navigation(pages))
