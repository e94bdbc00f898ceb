"""Articles: the list, and a reader with the claims, claimants and places highlighted."""
import streamlit as st

from dashboard import review_ui, state
from dashboard.footer import footer
from dashboard.page_table import PAGE
from dashboard.reader import highlight, legend, spans_for
from dashboard.safe import http_url, md, md_link
from dashboard.tables import table
from dashboard.views import article_listing, listed_articles, reader_parts

view = state.current()
st.title(PAGE["articles"].title)
review_ui.notice()
removed = st.session_state.pop("removed", None)
if removed:
    st.success(f"Removed “{md(removed[0])}” with its {removed[1]} claims and its places.")


def remove(article_id: str, n_claims: int) -> None:
    """Confirmed: remove from the store, in the audit trail with the analyst's name, and move
    the reader to another article."""
    review_ui.removal(view, article_id)
    st.session_state.pop("confirm_remove", None)
    st.session_state["removed"] = (view.vocab.label("article", article_id), n_claims)
    others = [a for a in view.articles["article_id"] if a != article_id]
    st.session_state["read"] = others[0] if others else None

listing = article_listing(view.articles, view.base.article_counts(view.filters), view.filters)
shown, ids = listed_articles(listing, st.query_params.get_all("read"))
if len(listing) > len(shown):
    st.caption(f"Showing the first {len(shown):,} of {len(listing):,} articles: narrow the view with the filters, or "
               "open an article from Evidence.")
table(shown, "crosscount-articles.csv", "articles_csv", hide_index=True, column_config={"article_id": None})
if not ids:
    st.info(f"No articles match: {md(view.filters.describe(view.vocab))}.")
else:
    state.setting(view, "read", ids, view.vocab["article"])
    read = st.selectbox("Read", ids, key="read", bind="query-params", format_func=lambda a: view.vocab.label("article", a))
    view.settings["read"] = read
    art, claims, surfaces = reader_parts(view.articles, view.base.article_claims(read), view.base.places([read]), read)
    if isinstance(art["title"], str) and art["title"]:
        st.subheader(md(art["title"]))
    meta = [md(x) for x in (art["outlet"], art["published"]) if isinstance(x, str) and x]
    if http_url(art.get("url")):
        meta.append(md_link("original article", art["url"]))
    meta = " · ".join(meta)
    st.caption(f"{meta or 'outlet and date unknown'} · {len(claims)} claims · highlighted: " + legend(), unsafe_allow_html=True)
    # removing an article is a correction: only in review mode, by a named analyst
    if view.reviewer and st.session_state.get("confirm_remove") == read:
        st.warning(f"Remove “{md(view.vocab.label('article', read))}” with its {len(claims)} claims and its places from the store? This cannot be undone.")
        c1, c2, _ = st.columns([1, 1, 4])
        c1.button("Yes, remove it", type="primary", key="remove_yes", on_click=remove, args=(read, len(claims)))
        c2.button("Cancel", key="remove_no", on_click=lambda: st.session_state.pop("confirm_remove", None))
    elif view.reviewer:
        st.button("Remove this article…", key="remove", on_click=lambda a=read: st.session_state.update(confirm_remove=a))
    text = view.text(read)
    if view.reviewer:
        mine = [c for c in claims if c["article_id"] == read]
        pick = st.selectbox("Review a claim of this article", range(len(mine)), index=None, key=f"review_pick_{read}",
                            format_func=lambda i: f"“{mine[i]['number_text']}” — {mine[i]['metric']} ({mine[i].get('review')})",
                            placeholder="pick a highlighted figure")
        if pick is not None:
            review_ui.claim_panel(view, mine[pick])
        review_ui.add_form(view, read, text)
    body = highlight(text, spans_for(text, claims, surfaces))
    st.markdown(f'<div class="cc-article" style="line-height:1.6">{body}</div>', unsafe_allow_html=True)
footer(view, "articles")
