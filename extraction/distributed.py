"""Extraction on Dask: an archive (a folder of article files, a JSON Lines file or a Parquet file
of articles) split into partitions, each extracted by a worker process that loads spaCy once,
its results written as Parquet shards, and the shards loaded into a new store in one pass.

- The same claims as the single-process build, whatever the partitioning: every article goes
  through :func:`extraction.ingest.process`, and shards are loaded in the source's order.
- A worker killed during a run: its tasks are retried on another worker; a shard is written
  to a temporary name and renamed, so a retried task replaces it whole and nothing is written
  twice.
- Workers read their own slice of the source (paths, byte ranges of a JSON Lines file, row
  groups of a Parquet file), so on an existing cluster the source must be on storage every
  worker can read.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from tqdm import tqdm

from .dataset import build_into
from .ingest import process
from .model import Article, ArticleError, Claim, PlaceRecord, plain
from .pipeline import get_nlp
from .reader import article_files, article_from_bytes, read_article, read_manifest

RECORD_KEYS = ("id", "text", "published", "title", "outlet", "url")


@dataclass(frozen=True)
class Part:
    """One partition of the source: what a worker reads."""
    index: int
    kind: str  # folder | jsonl | parquet
    path: str
    items: tuple = ()  # folder: file paths; parquet: row-group numbers
    start: int = 0  # jsonl: byte range
    stop: int = 0


def plan(source: str | Path, partitions: int) -> list[Part]:
    """Split ``source`` into at most ``partitions`` parts of similar size."""

    src = Path(source)
    n = max(1, partitions)
    if src.is_dir():
        files = [str(p) for p in article_files(src)]
        if not files:
            raise ArticleError("the folder has no article files (.txt, .md, .html)")
        size = -(-len(files) // n)
        return [Part(i, "folder", str(src), tuple(files[k:k + size])) for i, k in enumerate(range(0, len(files), size))]
    if src.suffix.lower() in (".jsonl", ".ndjson"):
        ends, pos = [], 0
        with open(src, "rb") as f:
            for line in f:
                pos += len(line)
                ends.append(pos)
        if not ends:
            raise ArticleError("the file has no articles")
        size = -(-len(ends) // n)
        cuts = [0] + [ends[min(k + size, len(ends)) - 1] for k in range(0, len(ends), size)]
        return [Part(i, "jsonl", str(src), start=a, stop=b) for i, (a, b) in enumerate(zip(cuts, cuts[1:]))]
    if src.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq  # deferred: runs on a Dask worker; the CLI's other commands never need pyarrow
        groups = pq.ParquetFile(src).num_row_groups
        size = -(-groups // n) if groups else 1
        return [Part(i, "parquet", str(src), tuple(range(k, min(k + size, groups)))) for i, k in
                enumerate(range(0, groups, size))]
    raise ArticleError(f"{src}: expected a folder, a .jsonl file or a .parquet file of articles")


def _refuse(reason: str):
    raise ArticleError(reason)


def _record_article(rec: dict) -> Article:
    aid = str(rec.get("id") or "").strip()
    if not aid:
        raise ArticleError("a record has no id")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError("empty text")
    meta = {k: (str(rec[k]) if rec.get(k) is not None else None) for k in ("title", "outlet", "url", "published")}
    return article_from_bytes(aid + ".txt", text.encode("utf-8"), meta)


def _records(part: Part):
    """(name, read) for each article of a part: ``read()`` gives the Article or raises."""
    if part.kind == "folder":
        manifest, _ = read_manifest(part.path)
        for p in part.items:
            yield p, (lambda p=p: read_article(p, manifest or None))
    elif part.kind == "jsonl":
        with open(part.path, "rb") as f:
            f.seek(part.start)
            lines = f.read(part.stop - part.start).decode("utf-8", errors="replace").splitlines()
        for k, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as e:
                yield f"{part.path}@{part.start}+{k}", (lambda e=e: _refuse(f"not JSON: {e}"))
                continue
            yield str(rec.get("id") or f"{part.path}@{part.start}+{k}"), (lambda rec=rec: _record_article(rec))
    else:
        import pyarrow.parquet as pq  # deferred: runs on a Dask worker; the CLI's other commands never need pyarrow
        table = pq.ParquetFile(part.path).read_row_groups(list(part.items))
        for rec in table.to_pylist():
            yield str(rec.get("id")), (lambda rec=rec: _record_article(rec))


def _write(df, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)  # whole or not at all: a retried task replaces it


def extract_part(part: Part, out_dir: str) -> dict:
    """A worker's task: extract every article of ``part`` and write three shards (articles,
    claims, places) plus its outcomes; returns counts."""
    import pandas as pd  # deferred: runs on a Dask worker; the CLI's other commands never need pandas


    nlp = get_nlp()  # once per worker process (cached)
    arts, claims, places, outcomes = [], [], [], []
    for name, read in _records(part):
        o = process(name, read, None, nlp)
        outcomes.append({"name": o.name, "status": o.status, "message": o.message})
        if o.extracted is None:
            continue
        art = o.extracted.article
        arts.append({f.name: getattr(art, f.name) for f in fields(Article)})
        claims += [asdict(c) for c in o.extracted.claims]
        places += [asdict(p) for p in o.extracted.places]
    out = Path(out_dir)
    stem = f"part-{part.index:05d}"
    _write(pd.DataFrame(arts, columns=[f.name for f in fields(Article)]), out / f"{stem}.articles.parquet")
    _write(pd.DataFrame(claims, columns=[f.name for f in fields(Claim)]), out / f"{stem}.claims.parquet")
    _write(pd.DataFrame(places, columns=[f.name for f in fields(PlaceRecord)]), out / f"{stem}.places.parquet")
    _write(pd.DataFrame(outcomes, columns=["name", "status", "message"]), out / f"{stem}.outcomes.parquet")
    return {"part": part.index, "articles": len(arts), "claims": len(claims)}


def load_shards(shard_dir: str | Path, parts: int, store) -> list[dict]:
    """Every shard, in the source's order, into ``store``; returns the outcomes."""
    import pandas as pd  # deferred: runs on a Dask worker; the CLI's other commands never need pandas

    outcomes = []
    for i in range(parts):
        stem = Path(shard_dir) / f"part-{i:05d}"
        arts = pd.read_parquet(f"{stem}.articles.parquet")
        claims = pd.read_parquet(f"{stem}.claims.parquet")
        places = pd.read_parquet(f"{stem}.places.parquet")
        by_art_c = {a: g for a, g in claims.groupby("article_id", sort=False)} if len(claims) else {}
        by_art_p = {a: g for a, g in places.groupby("article_id", sort=False)} if len(places) else {}
        for rec in arts.to_dict("records"):
            art = Article(**{k: plain(v) for k, v in rec.items()})
            cs = [Claim(**{k: plain(v) for k, v in r.items() if k != "claim_id"})
                  for r in by_art_c.get(art.article_id, pd.DataFrame()).to_dict("records")]
            ps = [PlaceRecord(**{k: plain(v) for k, v in r.items()})
                  for r in by_art_p.get(art.article_id, pd.DataFrame()).to_dict("records")]
            store.add(art, cs, ps)
        outcomes += pd.read_parquet(f"{stem}.outcomes.parquet").to_dict("records")
    return outcomes


LOOPBACK = "127.0.0.1"


def build_on_dask(source: str | Path, out: str | Path, scheduler: str | None = None, partitions: int | None = None,
                  workers: int | None = None, progress: bool = True, say=print) -> list[dict]:
    """A new store at ``out`` from ``source`` extracted on Dask: an existing cluster at
    ``scheduler``, else a LocalCluster with one single-threaded worker process per core."""
    from dask.distributed import (  # deferred: only `build --engine dask` needs Dask, which takes seconds to import
        Client,
        LocalCluster,
        as_completed,
    )


    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # on this machine only: the scheduler and its dashboard listen on the loopback address
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               host=LOOPBACK, dashboard_address=f"{LOOPBACK}:0")
        client = Client(cluster)
    shard_dir = tempfile.mkdtemp(prefix="crosscount-shards-")
    try:
        n = partitions or 4 * max(1, len(client.scheduler_info()["workers"]))
        parts = plan(source, n)
        say(f"crosscount: {len(parts)} partitions on {len(client.scheduler_info()['workers'])} workers; "
            f"Dask dashboard: {client.dashboard_link}")
        futures = client.map(extract_part, parts, out_dir=shard_dir, retries=3, pure=False)
        bar = None
        if progress:
            bar = tqdm(total=len(parts), desc="extracting", unit="part")
        for fut in as_completed(futures):
            fut.result()  # a task that failed after its retries stops the run here
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        return build_into(out, lambda store: load_shards(shard_dir, len(parts), store))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        shutil.rmtree(shard_dir, ignore_errors=True)
