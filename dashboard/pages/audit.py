"""Review log: the audit trail of analysts' corrections (who, when, which claim, before and
after, why), corrections whose claim is no longer extracted, and undo."""
import streamlit as st

from dashboard import review_ui, state
from dashboard.footer import footer
from dashboard.page_table import PAGE
from dashboard.reviewing import trail_lines, trail_table
from dashboard.safe import md
from dashboard.tables import table
from extraction.review import Correction

view = state.current()
st.title(PAGE["audit"].title)
review_ui.notice()
trail, orphans = view.base.trail, view.base.orphans
if not trail:
    st.info("No corrections yet. Switch on “Review claims” in the sidebar to accept, correct, reject or add claims "
            "on the Evidence and Articles pages.")
else:
    st.caption(f"{len(trail)} correction(s), newest first. The trail is append-only: a correction is taken back by "
               "a later one (undo).")
    if orphans:
        st.warning(f"{len(orphans)} correction(s) are orphaned: their claim is no longer extracted at that span "
                   "(the article was re-extracted). They are kept and listed here.")
    for line in trail_lines(trail):
        st.markdown("- " + md(line))
    with st.expander(f"The whole trail as a table ({len(trail)} rows)"):
        table(trail_table(trail, orphans), "crosscount-review-log.csv", "trail_csv", hide_index=True, width="stretch")
    if view.reviewer:
        with st.form("undo"):
            undoable = [c for c in sorted(trail, key=lambda c: -c.id) if c.action != "undo"]
            described = dict(zip((c.id for c in undoable), trail_lines(undoable, limit=len(undoable))))
            target = st.selectbox("Undo correction", list(described), format_func=lambda i: described[i])
            reason = st.text_input("Why (optional)")
            if st.form_submit_button("Undo it"):
                if review_ui.save(view, Correction(action="undo", reviewer=view.reviewer, undoes=target,
                                                    reason=reason), st):
                    st.rerun()
if view.reviewer:
    with st.form("merge"):
        st.markdown("**Merge claimant names**: one claimant written two ways becomes one name on every claim "
                    "(kept in the store's audit trail, not in the repository's registry).")
        names = [n for n in view.vocab["source"] if n != "unattributed"]
        alias = st.selectbox("This name", names, index=None, placeholder="a claimant name", key="merge_alias")
        canonical = st.text_input("becomes (an existing name or a new one)", key="merge_canonical")
        reason = st.text_input("Why (required)", key="merge_why")
        if st.form_submit_button("Merge"):
            if review_ui.save(view, Correction(action="merge", reviewer=view.reviewer, reason=reason,
                                                fields={"alias": alias or "", "canonical": canonical}), st):
                st.rerun()
footer(view, "audit")
