"""The dataset the dashboard reads: three Parquet tables (articles, claims, places) and a
``meta.json`` in one folder. Building it runs extraction; loading it needs only pandas."""
from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .pipeline import ModelNotFound
from .reader import ArticleError, article_files, read_article, read_manifest

TABLES = ("articles", "claims", "places")
ARTICLE_COLUMNS = ["article_id", "title", "outlet", "published", "url", "path", "text", "body_start", "n_claims", "warnings"]
CLAIM_COLUMNS = ["claim_id", "article_id", "number_text", "start_char", "end_char", "sentence", "sentence_start", "metric",
                 "status", "unit", "low", "high", "best", "hedge", "source", "source_text", "source_start", "source_end",
                 "source_inherited",
                 "source_type", "source_stake", "as_of", "as_of_text", "places", "outlet", "via", "published"]
PLACE_COLUMNS = ["article_id", "name", "kind", "lat", "lon", "within", "mentions", "surfaces"]


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
    manifests: dict[Path, dict] = {}
    paths = [Path(p) for p in paths]
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(paths), desc="extracting", unit="article", file=sys.stderr)
    for p in paths:
        folder = p.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(folder) if folder.exists() else {}
        try:
            art = read_article(p, manifests[folder])
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
        if bar is not None:
            bar.update(1)
        if on_file is not None:
            on_file(len(out.articles) + len(out.errors), len(paths), p)
    if bar is not None:
        bar.close()
    return out


def frames(ex: Extraction) -> dict[str, pd.DataFrame]:
    return {
        "articles": pd.DataFrame(ex.articles, columns=ARTICLE_COLUMNS),
        "claims": pd.DataFrame(ex.claims, columns=CLAIM_COLUMNS),
        "places": pd.DataFrame(ex.places, columns=PLACE_COLUMNS),
    }


def write_dataset(ex: Extraction, out: str | Path, source: str | None = None) -> Path:
    """Write the tables to ``out`` (a folder), replacing what was there table by table."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in frames(ex).items():
        tmp = out / f".{name}.parquet.tmp"
        df.to_parquet(tmp, index=False)
        tmp.replace(out / f"{name}.parquet")
    meta = {"built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "source": source,
            "articles": len(ex.articles), "claims": len(ex.claims), "places": len(ex.places),
            "errors": [{"path": p, "message": m} for p, m in ex.errors]}
    (out / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return out


def load_dataset(path: str | Path, article_text: bool = True) -> dict[str, pd.DataFrame]:
    """The tables of a dataset folder (raises FileNotFoundError when one is missing).
    ``article_text=False`` leaves the articles' full text on disk (see :func:`read_article_text`)."""
    path = Path(path)
    out = {name: pd.read_parquet(path / f"{name}.parquet") for name in TABLES if name != "articles"}
    columns = None if article_text else [c for c in ARTICLE_COLUMNS if c != "text"]
    out["articles"] = pd.read_parquet(path / "articles.parquet", columns=columns)
    return {name: out[name] for name in TABLES}


def read_article_text(path: str | Path, article_id: str) -> str | None:
    """One article's text, read from the dataset without loading the others."""
    import pyarrow.parquet as pq

    t = pq.read_table(Path(path) / "articles.parquet", columns=["article_id", "text"],
                      filters=[("article_id", "==", article_id)])
    return t.column("text")[0].as_py() if t.num_rows else None


def build(folder: str | Path, out: str | Path, progress: bool = False, on_file=None) -> Extraction:
    ex = extract_files(article_files(folder), progress=progress, on_file=on_file)
    write_dataset(ex, out, source=str(folder))
    return ex
