"""Streamlit glue for reviewing: the panel that accepts, rejects or corrects a claim, the form
that adds a missed one, and undo. Each writes one correction to the audit trail (checked
there; a refused one shows its problems field by field and writes nothing)."""
from __future__ import annotations

import streamlit as st

from extraction.audit import record
from extraction.lexicon import metrics
from extraction.review import HEDGES, STATUSES, Correction, ReviewError
from extraction.store import StoreError

from .reviewing import FORM_FIELDS, added, correction_from_form, form_values, occurrences, on_claim, stale_fields
from .safe import md

LABELS = {"low": "low", "high": "high (empty: open)", "best": "best", "source": "claimant", "via": "via (A → B)",
          "as_of": "as of (YYYY[-MM[-DD]])", "places": "places (comma-separated)"}


def save(view, correction, where, form: str | None = None) -> bool:
    """Record a correction. Refused: the problems are shown (and, for a form, kept so that each
    shows under its field on the rerun); nothing is written."""
    try:
        c = record(view.store, correction)
    except ReviewError as e:
        if form:  # shown under each field, and above the form, on the rerun
            st.session_state[f"problems_{form}"] = e.problems
            st.rerun()
        where.error("Not saved: " + "; ".join(f"**{md(k)}**: {md(v)}" for k, v in e.problems.items()))
        return False
    except StoreError as e:
        where.error(f"Not saved: the store cannot be written ({md(str(e))}).")
        return False
    if form:
        st.session_state.pop(f"problems_{form}", None)
    st.session_state["review_saved"] = f"Saved: {c.action} of “{c.number_text or c.fields.get('alias') or c.undoes}” " \
                                       f"(correction {c.id}, by {c.reviewer})."
    return True


def removal(view, article_id: str) -> Correction:
    """Remove an article with its claims and places, recorded in the audit trail (who, when, its
    title and how many claims it had), in one transaction."""
    return record(view.store, Correction(action="remove", reviewer=view.reviewer or "", article_id=article_id))


def notice() -> None:
    saved = st.session_state.pop("review_saved", None)
    if saved:
        st.success(md(saved))


def _fields(prefix: str, values: dict[str, str], container) -> dict[str, str]:
    """One input per editable field; a problem found when it was last saved shows under it."""
    typed = {}
    problems = st.session_state.get(f"problems_{prefix}", {})
    if problems:
        container.error("Not saved: " + "; ".join(f"**{md(k)}**: {md(v)}" for k, v in problems.items()))
    cols = container.columns(3)
    for i, f in enumerate(FORM_FIELDS):
        col = cols[i % 3]
        if f == "metric":
            opts = list(metrics())
            typed[f] = col.selectbox("metric", opts, index=opts.index(values[f]) if values[f] in opts else 0,
                                     key=f"{prefix}_{f}")
        elif f == "status":
            typed[f] = col.selectbox("status", STATUSES, index=STATUSES.index(values[f]) if values[f] in STATUSES else 0,
                                     key=f"{prefix}_{f}")
        elif f == "hedge":
            opts = list(HEDGES)
            typed[f] = col.selectbox("hedge", opts, index=opts.index(values[f]) if values[f] in opts else 0,
                                     key=f"{prefix}_{f}")
        else:
            typed[f] = col.text_input(LABELS.get(f, f), values[f], key=f"{prefix}_{f}")
        if f in problems:
            col.caption(f":red[{md(problems[f])}]")
    span = problems.get("span") or problems.get("fields")
    if span:
        container.caption(f":red[{md(span)}]")
    return typed


def claim_panel(view, claim: dict) -> None:
    """Accept, reject or correct one claim (review mode only)."""
    box = st.container(border=True)
    box.markdown(f"**Review** “{md(claim['number_text'])}” — now *{md(claim.get('review') or 'extracted')}*")
    key = f"{claim['article_id']}:{claim['start_char']}"
    reason = box.text_input("Why (required to reject)", key=f"why_{key}")
    c1, c2 = box.columns(2)
    if c1.button("Accept as extracted", key=f"accept_{key}"):
        if save(view, on_claim(claim, "accept", view.reviewer, reason), box):
            st.rerun()
    if c2.button("Reject: not a claim", key=f"reject_{key}"):
        if save(view, on_claim(claim, "reject", view.reviewer, reason), box):
            st.rerun()
    form = f"fix_{key}"
    # what the form showed when it was opened: only what the analyst changes from it is saved,
    # so a value another analyst saved meanwhile is neither overwritten nor lost unseen
    seen = st.session_state.setdefault(f"seen_{form}", form_values(claim))
    with box.form(f"correct_{key}"):
        st.caption("Correct: change what is wrong and save; the rest stays as it is.")
        typed = _fields(form, seen, st)
        if st.form_submit_button("Save correction", type="primary"):
            stale = stale_fields(claim, typed, seen)
            if stale:  # shown under each field on the rerun; the form shows the values as they are now
                st.session_state[f"problems_{form}"] = stale
                st.session_state[f"seen_{form}"] = form_values(claim)
                for f in stale:
                    st.session_state.pop(f"{form}_{f}", None)
                st.rerun()
            if save(view, correction_from_form(claim, typed, view.reviewer, reason, seen), box, form=form):
                st.session_state.pop(f"seen_{form}", None)
                for f in FORM_FIELDS:
                    st.session_state.pop(f"{form}_{f}", None)
                st.rerun()


def add_form(view, article_id: str, text: str) -> None:
    """Add a claim extraction missed: its words as written, which appearance, and its fields."""
    with st.expander("Add a missed claim"):
        words = st.text_input("The figure's words, exactly as in the article (e.g. “about 1,500”)", key=f"add_words_{article_id}")
        found = occurrences(text, words) if words else []
        if words and not found:
            st.warning("These words are not in the article.")
        which = st.selectbox("Which appearance", range(len(found)), format_func=lambda i: found[i],
                             key=f"add_which_{article_id}") if found else 0
        typed = _fields(f"add_{article_id}", {f: "" for f in FORM_FIELDS} | {"metric": "other", "status": "reported",
                                                                          "hedge": "exact"}, st)
        reason = st.text_input("Why (optional)", key=f"add_why_{article_id}")
        if st.button("Add this claim", key=f"add_go_{article_id}", type="primary", disabled=not found):
            if save(view, added(article_id, text, words, which or 0, typed, view.reviewer, reason), st,
                     form=f"add_{article_id}"):
                st.rerun()
