"""crosscount: who says how many. Run with `streamlit run app.py`."""
import streamlit as st

from dashboard import state
from dashboard.page_table import PAGE_TABLE

st.set_page_config(page_title="crosscount", layout="wide")
st.session_state["_view"] = state.prepare()
pages = [st.Page(p.file, title=p.title, url_path=p.url_path or None, default=not p.url_path) for p in PAGE_TABLE]
state.run(st.navigation(pages))
