"""Extraction over many files, and the dataset the dashboard reads: the article store
(``extraction/store.py``). Building it runs extraction; loading it needs only pandas."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .pipeline import ModelNotFound
from .reader import ArticleError, article_files, files_with_manifests, read_article
from .store import Store, default_store_path


@dataclass
class Extraction:
    articles: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def extract_files(paths, nlp=None, progress: bool = False, on_file=None) -> Extraction:
    """Read and extract every file; a file that cannot be read is an error line, not a stop.
    ``progress`` draws a bar on stderr; ``on_file(done, total, path)`` is called after each file."""
    from .claims import article_places, extract

    out = Extraction()
    for p, meta in files_with_manifests(paths, progress, "extracting", on_file):
        try:
            art = read_article(p, {p.stem: meta} if meta else None)
            if nlp is None:
                from .pipeline import get_nlp
                nlp = get_nlp()
            claims = extract(art, nlp)
        except ArticleError as e:
            out.errors.append((str(p), str(e)))
        except ModelNotFound:
            raise
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the others
            out.errors.append((str(p), f"could not be processed ({e.__class__.__name__}: {e}); please report this"))
        else:
            for c in claims:
                c["claim_id"] = f"{art.article_id}:{c['start_char']}"
            out.claims.extend(claims)
            out.places.extend(article_places(art))
            out.warnings.extend((str(p), w) for w in art.warnings)
            out.articles.append({"article_id": art.article_id, "title": art.title, "outlet": art.outlet,
                                 "published": art.published, "url": art.url, "path": art.path, "text": art.text,
                                 "body_start": art.body_start, "n_claims": len(claims),
                                 "warnings": list(art.warnings)})
    return out


def build(folder: str | Path, out: str | Path, progress: bool = False, on_file=None) -> list:
    """A new store at ``out`` holding every article of ``folder``. It is written beside ``out``
    and moved into place when complete, so a reader never sees a half-built store."""
    from .ingest import ingest_paths

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.building-{os.getpid()}")
    for f in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        f.unlink(missing_ok=True)
    outcomes = ingest_paths(Store(tmp), article_files(folder), progress=progress, on_file=on_file)
    with sqlite3.connect(tmp) as con:  # fold the write-ahead log into the file before the move
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for f in (Path(f"{out}-wal"), Path(f"{out}-shm")):
        f.unlink(missing_ok=True)
    os.replace(tmp, out)
    return outcomes


def load_dataset(path: str | Path | None = None, article_text: bool = True) -> dict[str, pd.DataFrame]:
    """The store's articles, claims and places as DataFrames (see :meth:`Store.tables`)."""
    path = Path(path) if path else default_store_path()
    if not path.exists():
        raise FileNotFoundError(f"no store at {path}")
    return Store(path).tables(article_text=article_text)
