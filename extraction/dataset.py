"""Extraction over many files without a store (the CLI's ``claims`` and ``places``, the gold
tests), and building or loading a store. Both go through :func:`extraction.ingest.process`."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .ingest import ingest_paths, process_paths
from .model import Article
from .reader import article_files
from .store import Store


@dataclass
class Extraction:
    articles: list[Article] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)  # Claim.as_dict(): the CLI's JSON rows
    places: list[dict] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def extract_files(paths, nlp=None, progress: bool = False, on_file=None, extractor=None) -> Extraction:
    """Read and extract every file; a file that cannot be read is an error line, not a stop.
    ``progress`` draws a bar on stderr; ``on_file(done, total, path)`` is called after each file;
    ``extractor`` as for :func:`extraction.ingest.process` (``claims.places_only``: no parse)."""
    out = Extraction()
    for o in process_paths(paths, None, nlp, progress, on_file, extractor):
        if o.status == "warning":
            out.warnings.append((o.name, o.message))
            continue
        if o.extracted is None:
            out.errors.append((o.name, o.message))
            continue
        ex = o.extracted
        out.articles.append(ex.article)
        out.claims.extend(c.as_dict() for c in ex.claims)
        out.places.extend(p.as_dict() for p in ex.places)
        out.warnings.extend((o.name, w) for w in o.warnings)
        if ex.unplaced:
            out.warnings.append((o.name, "could not place: " + ", ".join(ex.unplaced)))
    return out


def build(folder: str | Path, out: str | Path, progress: bool = False, on_file=None) -> list:
    """A new store at ``out`` holding every article of ``folder``."""
    return build_into(out, lambda store: ingest_paths(store, article_files(folder), progress=progress, on_file=on_file))


def build_into(out: str | Path, fill):
    """A new store at ``out`` filled by ``fill(store)`` (whose result is returned). It is written
    beside ``out`` and moved into place when complete, so a reader never sees a half-built store."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.building-{os.getpid()}")
    for f in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        f.unlink(missing_ok=True)
    result = fill(Store(tmp))
    con = sqlite3.connect(tmp)
    try:  # fold the write-ahead log into the file: the store is one self-contained file
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    for f in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{out}-wal"), Path(f"{out}-shm")):
        f.unlink(missing_ok=True)
    os.replace(tmp, out)
    return result


def load_dataset(path: str | Path | None = None, article_text: bool = True) -> dict:
    """The store's articles, claims and places as DataFrames (see :meth:`Store.tables`)."""
    path = Path(path) if path else settings.store_file()
    if not path.exists():
        raise FileNotFoundError(f"no store at {path}")
    return Store(path).tables(article_text=article_text)
