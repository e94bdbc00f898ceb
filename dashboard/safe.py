"""Making what articles, analysts and addresses supply inert wherever the dashboard shows or
exports it. Pure: no Streamlit.

- ``md``: a value to put inside Markdown (``st.markdown``, captions, headings, notices, labels),
  with or without ``unsafe_allow_html``: HTML is escaped and every Markdown punctuation mark is
  backslash-escaped, so ``[x](https://…)``, ``<a href>`` and ``**`` show as the characters typed.
- ``html_text``: a value inside our own HTML (the article reader).
- ``plot``: a value to put in a plotly label or hover text (plotly reads a subset of HTML,
  links included).
- ``http_url``: a URL to link to only when it is an absolute http(s) address.
- ``csv_cell``: a cell a spreadsheet will not run as a formula.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:>])")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Streamlit's Markdown turns bare addresses in text into links after escapes are resolved; an
# invisible word joiner inside "://", "www." and "@" keeps them text
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(value) -> str:
    """``value`` as literal text inside Markdown (an empty string for None)."""
    if value is None:
        return ""
    # quotes stay as typed: they mean nothing in Markdown or in HTML text, and an entity for them
    # ("&#x27;") would have its "#" escaped below and show as written ("Russia&#x27;s")
    text = _AUTOLINK.sub(WORD_JOINER, html.escape(str(value), quote=False))
    return _MD_PUNCT.sub(r"\\\1", text).replace("\n", " ")


# one pass over the characters: HTML's specials and Markdown's punctuation as references
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'[]()*_~`$:|\\!#"}


def html_text(value) -> str:
    """``value`` as literal text inside an HTML fragment rendered through Markdown (the article
    reader): HTML escaped, and Markdown's punctuation written as character references, so that
    neither an HTML nor a Markdown parser sees markup in it."""
    return ("" if value is None else str(value)).translate(_ENTITIES)


def plot(value) -> str:
    """``value`` as literal text in a plotly label, legend or hover text. Quotes become numeric
    references: plotly decodes those, but shows a named ``&quot;`` as written."""
    if value is None:
        return ""
    return html.escape(str(value), quote=False).replace('"', "&#34;").replace("'", "&#39;")


def http_url(value) -> str | None:
    """The URL when it is an absolute http or https address with a host, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"'`]", url):
        return None
    return url


def md_link(label, url) -> str:
    """A Markdown link to an http(s) ``url`` with an inert label; the label alone otherwise."""
    safe = http_url(url)
    if safe is None:
        return md(label)
    target = safe.replace("(", "%28").replace(")", "%29")
    return f"[{md(label)}](<{target}>)"


def csv_cell(value):
    """A text cell that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading
    apostrophe, as spreadsheet-safe CSV writers do; other values are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
