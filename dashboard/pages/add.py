"""Add articles: upload files or paste text; each is extracted and stored, and its claims are on
every page as soon as it is added."""
import pandas as pd
import streamlit as st

from dashboard import cached, state
from dashboard.page_table import PAGE
from dashboard.safe import md
from extraction.ingest import ingest_bytes, ingest_text, summary

view = state.current()
st.title(PAGE["add"].title)
if view.store.read_only:
    st.info("Adding articles is off here: the article store is read-only (a read-only file or volume). "
            "Every page still shows what it holds.")
    st.stop()

done = st.session_state.pop("add_results", None)
if done:
    (st.success if any(o["status"] == "added" for o in done) else st.warning)(done[0]["summary"])
    for o in done:
        if o["status"] == "added":
            c1, c2, c3 = st.columns([3, 2, 2])
            c1.markdown(f"**Added** {md(o['name'])} — {md(o['message'])}")
            c2.page_link(PAGE["articles"].file, label="Read it", query_params={"read": view.vocab.label("article", o["article_id"])})
            c3.page_link(PAGE["evidence"].file, label=f"See its claims ({o['claims']})", query_params={"article": view.vocab.label("article", o["article_id"])})
        else:
            st.markdown(f"**{'Duplicate' if o['status'] == 'duplicate' else 'Not added'}** {md(o['name'])} — {md(o['message'])}")


def finish(outcomes) -> None:
    text = summary(outcomes)
    st.session_state["add_results"] = [dict(o.__dict__, summary=text) for o in outcomes]
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # a fresh, empty uploader
    st.rerun()


upload, paste = st.tabs(["Upload files", "Paste text"])
with upload:
    files = st.file_uploader("Article files (.txt, .md, .html; 2 MB at most each)", type=["txt", "md", "html", "htm"],
                             accept_multiple_files=True, key=f"uploads_{st.session_state.get('upload_round', 0)}")
    if files:
        st.caption("Optional, per article: what you type here wins; a date line or the page's metadata fills what you leave empty.")
        meta = st.data_editor(pd.DataFrame({"file": [f.name for f in files], "title": "", "outlet": "", "url": "",
                                            "published": ""}),
                              disabled=["file"], hide_index=True, key=f"meta_{st.session_state.get('upload_round', 0)}",
                              column_config={"published": st.column_config.TextColumn("published", help="YYYY-MM-DD")})
        if st.button(f"Add {len(files)} article{'s' if len(files) != 1 else ''}", type="primary", key="add_files"):
            outcomes = []
            with st.status("Adding articles …", expanded=True) as status:
                for f, row in zip(files, meta.to_dict("records")):
                    bar = st.progress(0.0, text=f"{f.name}: reading")
                    o = ingest_bytes(view.store, f.name, f.getvalue(), row, extractor=cached.extractor(),
                                     on_step=lambda x, t, n=f.name, b=bar: b.progress(x, text=f"{n}: {md(t)}"))
                    bar.progress(1.0, text=md(o.line))
                    outcomes.append(o)
                status.update(label=summary(outcomes), state="complete")
            finish(outcomes)
with paste, st.form("paste_form", clear_on_submit=True):
    text = st.text_area("Article text", height=240, key="paste_text",
                        help="A first line 'date YYYY-MM-DD' is read as the publication date.")
    c1, c2 = st.columns(2)
    title = c1.text_input("Title", key="paste_title")
    outlet = c2.text_input("Outlet", key="paste_outlet")
    url = c1.text_input("URL", key="paste_url")
    published = c2.text_input("Published (YYYY-MM-DD)", key="paste_published")
    if st.form_submit_button("Add this article", type="primary"):
        if not text.strip():
            st.error("Paste the article's text first.")
        else:
            bar = st.progress(0.0, text="pasted text: reading")
            o = ingest_text(view.store, text, {"title": title, "outlet": outlet, "url": url, "published": published},
                            extractor=cached.extractor(), on_step=lambda x, t: bar.progress(x, text=f"pasted text: {t}"))
            finish([o])
st.caption(f"The store holds {len(view.articles)} articles and {view.base.total} claims.")  # never its path on the server
