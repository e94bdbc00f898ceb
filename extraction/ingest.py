"""Adding articles to the store: from files, uploads or pasted text, one outcome per input.
Shared by ``python -m extraction add`` and the dashboard's Add articles page. Pure: no Streamlit.

A bad input (empty, binary, too large, undecodable, HTML with no text, a duplicate) is an
outcome with a one-line message; it never stops the inputs after it."""
from __future__ import annotations

from dataclasses import dataclass, field

from .claims import article_places, extract
from .dates import parse_published
from .reader import ArticleError, article_from_bytes, files_with_manifests, read_article
from .store import Store, safe_id, text_hash

META_FIELDS = ("title", "outlet", "url", "published")


@dataclass
class Outcome:
    name: str  # the file name (or "pasted text")
    status: str  # added | duplicate | error
    message: str
    article_id: str | None = None
    claims: int = 0
    places: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def line(self) -> str:
        """One line for a summary: ``name: added as …``, ``name: duplicate: …``, ``name: error: …``."""
        return f"{self.name}: {'error: ' if self.status == 'error' else ''}{self.message}"


def _store_article(store: Store, name: str, art, meta: dict | None, nlp, on_step=None) -> Outcome:
    step = on_step or (lambda fraction, text: None)
    step(0.2, "read")
    for key in META_FIELDS:  # what the analyst typed wins over what the file says
        value = ((meta or {}).get(key) or "").strip()
        if value:
            setattr(art, key, value)
    if art.published and parse_published(art.published) is None:
        raise ArticleError(f"publication date {art.published!r} is not a date as YYYY-MM-DD")
    art.article_id = safe_id(art.article_id)
    existing = store.find(art.text)
    if existing:
        return Outcome(name, "duplicate", f"duplicate: the same text is already stored as {existing}", existing)
    if nlp is None:
        from .pipeline import get_nlp
        nlp = get_nlp()
    step(0.4, "extracting claims and places")
    claims = extract(art, nlp)
    places = article_places(art)
    step(0.9, "storing")
    added = store.add(art, claims, places)
    if added.duplicate:  # another session stored the same text meanwhile
        return Outcome(name, "duplicate", f"duplicate: the same text is already stored as {added.article_id}", added.article_id)
    msg = f"added as {added.article_id}: {_n(added.claims, 'claim')}, {_n(added.places, 'place')}"
    if art.warnings:
        msg += " (warning: " + "; ".join(art.warnings) + ")"
    return Outcome(name, "added", msg, added.article_id, added.claims, added.places, list(art.warnings))


def _guard(name: str, work) -> Outcome:
    try:
        return work()
    except ArticleError as e:
        return Outcome(name, "error", str(e))
    except Exception as e:  # noqa: BLE001 - one bad input must not stop the others
        return Outcome(name, "error", f"could not be processed ({e.__class__.__name__}: {e}); please report this")


def ingest_bytes(store: Store, name: str, data: bytes, meta: dict | None = None, nlp=None, on_step=None) -> Outcome:
    """An uploaded file: its name decides how it is read (.txt, .md, .html). ``meta`` (title,
    outlet, url, published) overrides what the file says; ``on_step(fraction, text)`` reports
    progress."""
    return _guard(name, lambda: _store_article(store, name, article_from_bytes(name, data), meta, nlp, on_step))


def ingest_text(store: Store, text: str, meta: dict | None = None, nlp=None, on_step=None) -> Outcome:
    """Pasted text. Its id comes from the title, else from the text's hash."""
    title = ((meta or {}).get("title") or "").strip()
    base = safe_id(title) if title else f"pasted-{text_hash(text)[:10]}"
    return _guard("pasted text", lambda: _store_article(store, "pasted text", article_from_bytes(base + ".txt", text.encode("utf-8")),
                                                        meta, nlp, on_step))


def ingest_paths(store: Store, paths, nlp=None, progress: bool = False, on_file=None) -> list[Outcome]:
    """Files from disk (a folder's manifest.csv fills in what its files do not say)."""
    return [_guard(str(p), lambda: _store_article(store, str(p), read_article(p, {p.stem: meta} if meta else None), None, nlp))
            for p, meta in files_with_manifests(paths, progress, "adding", on_file)]


def _n(k: int, noun: str) -> str:
    return f"{k} {noun}{'' if k == 1 else 's'}"


def summary(outcomes: list[Outcome]) -> str:
    """'Added 2 articles (14 claims, 9 places); 1 duplicate; 1 error.'"""
    added = [o for o in outcomes if o.status == "added"]
    dup = sum(o.status == "duplicate" for o in outcomes)
    err = sum(o.status == "error" for o in outcomes)
    parts = [f"Added {_n(len(added), 'article')} "
             f"({_n(sum(o.claims for o in added), 'claim')}, {_n(sum(o.places for o in added), 'place')})"]
    if dup:
        parts.append(f"{dup} duplicate{'s' if dup != 1 else ''}")
    if err:
        parts.append(f"{err} error{'s' if err != 1 else ''}")
    return "; ".join(parts) + "."
