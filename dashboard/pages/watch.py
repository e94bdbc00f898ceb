"""Watched feeds: the feeds and pages the store follows, each one's last poll, and (for a named
analyst in review mode) adding, pausing and removing them. Polling runs in the background
(dashboard/state.py starts it), never in a page's run."""
import streamlit as st

from dashboard import state
from dashboard.page_table import PAGE
from dashboard.safe import md
from dashboard.tables import table
from dashboard.views import source_table
from extraction import watch

view = state.current()
st.title(PAGE["watch"].title)
st.caption("New articles of these feeds (RSS, Atom) and pages are fetched and added on their own, each source at its "
           "interval, while the dashboard is visited (or `python -m extraction watch run` runs on the server).")
done = st.session_state.pop("watch_done", None)
if done:
    st.success(md(done))
srcs = watch.sources(view.store)
if srcs:
    table(source_table(srcs), "crosscount-watched.csv", "watched_csv", hide_index=True, width="stretch")
else:
    st.info("No feeds or pages are watched yet.")
if view.store.read_only:
    st.info("The article store is read-only here: sources cannot be added or changed.")
    st.stop()
if not view.reviewer:
    st.caption("Switch on “Review claims” in the sidebar, with your name, to add, pause or remove sources.")
    st.stop()


def change(action, name: str) -> None:
    try:
        action(view.store, name)
        st.session_state["watch_done"] = f"{name}: done."
    except watch.WatchError as e:
        st.session_state["watch_done"] = str(e)


for s in srcs:
    c1, c2, c3 = st.columns([4, 1, 1])
    c1.markdown(f"**{md(s.name)}**")
    if s.paused:
        c2.button("Resume", key=f"resume_{s.name}", on_click=change, args=(watch.resume_source, s.name))
    else:
        c2.button("Pause", key=f"pause_{s.name}", on_click=change, args=(watch.pause_source, s.name))
    c3.button("Remove", key=f"remove_{s.name}", on_click=change, args=(watch.remove_source, s.name))

with st.form("watch_add", clear_on_submit=True):
    st.markdown("**Watch a feed or a page**")
    url = st.text_input("Address (http or https)", max_chars=2000)
    name = st.text_input("Name", max_chars=watch.NAME_CHARS)
    outlet = st.text_input("Outlet it stands for (optional)", max_chars=200)
    every = st.selectbox("Poll every", ["15m", "30m", "1h", "6h", "1d"])
    if st.form_submit_button("Watch it"):
        try:
            src = watch.add_source(view.store, url, name, outlet, every, public_only=True)
            st.session_state["watch_done"] = f"Watching {src.name}; its first poll comes within a minute."
        except watch.WatchError as e:
            st.session_state["watch_done"] = str(e)
        st.rerun()
