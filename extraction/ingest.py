"""The one extraction path: read an input, extract its claims and places, and (when given a
store) add it. Used by every command of the CLI, the dashboard's Add articles page and the
first-run seeding, and by the gold tests. No Streamlit; it writes the store.

Each input gives one :class:`Outcome`; a bad input (empty, binary, too large, undecodable, HTML
with no text, a duplicate) is an outcome with a one-line message and never stops the inputs
after it."""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from .attribution import article_via
from .audit import corrections, replace_extraction
from .claims import Extracted, extract_article
from .dates import parse_published, published_problem
from .model import Article
from .pipeline import ModelNotFound
from .reader import ArticleError, article_from_bytes, files_with_manifests, read_article
from .review import effective
from .store import Store, StoreError, safe_id, text_hash

META_FIELDS = ("title", "outlet", "url", "published")


@dataclass
class Outcome:
    name: str  # the file name (or "pasted text")
    status: str  # added | extracted | duplicate | error | warning (a manifest that could not be used)
    message: str
    article_id: str | None = None
    claims: int = 0
    places: int = 0
    warnings: list[str] = field(default_factory=list)
    extracted: Extracted | None = field(default=None, repr=False)

    @property
    def line(self) -> str:
        """One line for a summary: ``name: added as …``, ``name: duplicate: …``, ``name: error: …``."""
        return f"{self.name}: {self.status + ': ' if self.status in ('error', 'warning') else ''}{self.message}"


def process(name: str, read, meta: dict | None = None, nlp=None, store: Store | None = None, on_step=None,
            extractor=None) -> Outcome:
    """Read (``read()`` returns an Article), extract, and add to ``store`` when one is given.
    ``meta`` (title, outlet, url, published: what an analyst typed) wins over what the input
    says; ``on_step(fraction, text)`` reports progress; ``extractor(article, nlp)`` does the
    extraction (default: in this process, within the article's time budget; the dashboard
    passes an :class:`extraction.isolate.IsolatedExtractor`)."""
    step = on_step or (lambda fraction, text: None)
    try:
        step(0.2, "read")
        art = _prepared(read(), meta)
        existing = store.find(art.text) if store is not None else None
        if existing:
            return _duplicate(name, existing)
        step(0.4, "extracting claims and places")
        ex = (extractor or extract_article)(art, nlp)
        if store is None:
            return Outcome(name, "extracted", f"{_n(len(ex.claims), 'claim')}, {_n(len(ex.places), 'place')}",
                           art.article_id, len(ex.claims), len(ex.places), list(art.warnings), ex)
        step(0.9, "storing")
        added = store.add(art, ex.claims, ex.places)
    except ArticleError as e:
        return Outcome(name, "error", str(e))
    except StoreError as e:
        return Outcome(name, "error", f"not stored: the store cannot be used: {e}")
    except ModelNotFound:
        raise
    except Exception as e:  # one bad input must not stop the others
        return Outcome(name, "error", f"could not be processed ({e.__class__.__name__}: {e}); please report this")
    if added.duplicate:  # another session stored the same text meanwhile
        return _duplicate(name, added.article_id)
    msg = f"added as {added.article_id}: {_n(added.claims, 'claim')}, {_n(added.places, 'place')}"
    if art.warnings:
        msg += " (warning: " + "; ".join(art.warnings) + ")"
    return Outcome(name, "added", msg, added.article_id, added.claims, added.places, list(art.warnings), ex)


def _duplicate(name: str, existing: str) -> Outcome:
    return Outcome(name, "duplicate", f"duplicate: the same text is already stored as {existing}", existing)


def ingest_bytes(store: Store, name: str, data: bytes, meta: dict | None = None, nlp=None, on_step=None,
                 extractor=None) -> Outcome:
    """An uploaded file: its name decides how it is read (.txt, .md, .html)."""
    return process(name, _reading(extractor, name, data), meta, nlp, store, on_step, extractor)


def _reading(extractor, name: str, data: bytes):
    """How bytes become an Article: by an extractor that reads too (the dashboard's isolated
    worker decodes and parses them there, within its limits), else here."""
    reader = getattr(extractor, "read", None) or article_from_bytes
    return lambda: reader(name, data)


def ingest_text(store: Store, text: str, meta: dict | None = None, nlp=None, on_step=None, extractor=None) -> Outcome:
    """Pasted text. Its id comes from the title, else from the text's hash."""
    title = ((meta or {}).get("title") or "").strip()
    base = safe_id(title) if title else f"pasted-{text_hash(text)[:10]}"
    return process("pasted text", _reading(extractor, base + ".txt", text.encode("utf-8")), meta, nlp, store,
                   on_step, extractor)


def _prepared(art: Article, meta: dict | None) -> Article:
    """An article as it is extracted and stored: what an analyst typed (``meta``) wins over what
    the input says, and with no outlet given, the agency the text credits ("By AFP", "SEOUL
    (Reuters) -") printed it."""
    for key in META_FIELDS:
        value = ((meta or {}).get(key) or "").strip()
        if key == "published" and value and parse_published(value) is None:
            raise ArticleError(published_problem(value))
        if value:
            setattr(art, key, value)
    if not art.outlet:
        art.outlet = article_via(art.text, art.body_start)
    return art


def reextract(store: Store, article_ids: list[str] | None = None, nlp=None, on_article=None,
              extractor=None) -> list[tuple[str, int, int]]:
    """Extract stored articles again with the current rules (all, or those named), by the same
    steps as an article added (:func:`_prepared`, then the extractor), keeping their corrections
    (the audit trail applies them again wherever their span is still extracted). Returns
    (article id, claims, orphaned corrections) per article."""
    tables = store.tables()
    arts = tables["articles"]
    if article_ids:
        missing = sorted(set(article_ids) - set(arts["article_id"]))
        if missing:
            raise StoreError(f"no such article: {', '.join(missing)}")
        arts = arts[arts["article_id"].isin(article_ids)]
    names = {f.name for f in fields(Article)} - {"warnings", "path"}
    out = []
    for rec in arts.astype(object).where(arts.notna(), None).to_dict("records"):
        art = _prepared(Article(**{k: rec[k] for k in names if k in rec}), None)
        ex = (extractor or extract_article)(art, nlp)
        replace_extraction(store, art.article_id, ex.claims, ex.places)
        eff = effective([c.as_dict() for c in ex.claims], corrections(store, art.article_id))
        out.append((art.article_id, len(ex.claims), len(eff.orphans)))
        if on_article:
            on_article(*out[-1])
    return out


def process_paths(paths, store: Store | None = None, nlp=None, progress: bool = False, on_file=None,
                  extractor=None) -> list[Outcome]:
    """Files from disk (a folder's manifest.csv fills in what its files do not say), extracted,
    and added to ``store`` when one is given."""
    notes: list[Outcome] = []
    files = files_with_manifests(paths, progress, "adding" if store else "extracting", on_file,
                                 on_problem=lambda name, msg: notes.append(Outcome(name, "warning", msg)))
    reader = getattr(extractor, "read", None)  # an isolated worker reads the bytes too, within its limits
    done = [process(str(p), lambda p=p, meta=meta: read_article(p, {p.stem: meta} if meta else None, reader=reader), None,
                    nlp, store, extractor=extractor) for p, meta in files]
    return notes + done


def ingest_paths(store: Store, paths, nlp=None, progress: bool = False, on_file=None, extractor=None) -> list[Outcome]:
    return process_paths(paths, store, nlp, progress, on_file, extractor)


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
