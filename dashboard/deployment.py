"""What this deployment allows and who is using it: its secrets (st.secrets), the map style,
whether corrections are taken, and who is reviewing (the signed-in user, else a typed name)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from extraction import settings
from extraction.store import Store

from .safe import md


def secret(name: str) -> str | None:
    """The app's secret (st.secrets) that the settings table names for setting ``name``, if any."""
    key = settings.BY_NAME[name].secret
    try:
        return st.secrets.get(key) if key else None
    except Exception:  # no secrets file is the usual case
        return None


def setting(name: str) -> str:
    """A setting as this deployment gives it: its environment variable, else its app secret,
    else its default (extraction/settings.py)."""
    return settings.get(name, secret(name))


def store_file() -> Path:
    """The store this deployment reads (``$CROSSCOUNT_STORE``, the ``store_path`` secret, or the project's)."""
    return settings.store_file(secret("CROSSCOUNT_STORE"))


def map_style() -> str:
    """The map's base style: ``outline`` (country outlines shipped with the app, which need no
    internet) unless the deployment names a tile style such as ``carto-positron`` (which needs the
    browser to reach its tile server)."""
    return setting("CROSSCOUNT_MAP_STYLE")


def editing_off(store: Store) -> str | None:
    """Why this deployment does not take corrections (a read-only store, or the setting
    ``review = "off"`` in st.secrets / ``CROSSCOUNT_REVIEW=off``), else None."""
    if store.read_only:
        return "the article store is read-only here"
    if setting("CROSSCOUNT_REVIEW") == "off":
        return "reviewing is turned off for this deployment"
    return None


def logged_in_user() -> str | None:
    try:
        if st.user.is_logged_in:  # Streamlit's built-in authentication, configured in secrets
            return st.user.get("email") or st.user.get("name")
    except Exception:  # no authentication configured
        return None
    return None


def reviewer(store: Store) -> str | None:
    """Who is reviewing, when this session reviews: the logged-in user, else the name the analyst
    typed. Review mode is switched on in the sidebar, never by a link, so a viewer who opens a
    shared link does not edit by accident. None when not reviewing."""
    sb = st.sidebar
    sb.divider()
    off = editing_off(store)
    if off:
        sb.caption(f"Review: off ({off}).")
        return None
    if not sb.toggle("Review claims", key="review_mode", help="Accept, correct, reject or add claims; every change "
                     "goes into the audit trail with your name."):
        return None
    user = logged_in_user()
    if user:
        sb.caption(f"Reviewing as {md(user)} (signed in).")
        return user
    name = sb.text_input("Your name (for the audit trail)", key="reviewer_name", max_chars=80).strip()
    if not name:
        sb.warning("Type your name to review.")
    return name or None
