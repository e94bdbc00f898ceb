"""Time to add articles to the store, as `python -m extraction add` and the Add articles page do.

    python benchmarks/ingest.py [--articles 50]

The articles are the benchmark corpus (benchmarks/corpus.py), written to files and added to a
new store in one run with the model already loaded. Prints the total time, and per-article
medians of the whole add and of the store write alone (one transaction per article).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import corpus

from extraction.ingest import ingest_paths, summary
from extraction.pipeline import get_nlp
from extraction.store import Store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=50)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cc-ingest-"))
    paths = []
    for i, text in enumerate(corpus(args.articles, seed=11)):
        p = tmp / f"a{i:03d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    t0 = time.perf_counter()
    nlp = get_nlp()
    load = time.perf_counter() - t0

    store = Store(tmp / "store.sqlite")
    writes = []
    add = store.add

    def timed_add(*a, **k):  # the store write alone, measured around Store.add
        t = time.perf_counter()
        try:
            return add(*a, **k)
        finally:
            writes.append(time.perf_counter() - t)
    store.add = timed_add

    per_file, last = [], [time.perf_counter()]

    def tick(done, total, path):
        now = time.perf_counter()
        per_file.append(now - last[0])
        last[0] = now
    t0 = time.perf_counter()
    outcomes = ingest_paths(store, paths, nlp=nlp, on_file=tick)
    total = time.perf_counter() - t0
    print(f"{summary(outcomes)} (model loaded beforehand in {load:.2f} s)")
    print(f"add {len(paths)} articles: {total:.2f} s in all, {len(paths) / total:.1f} articles/s")
    print(f"per article: median {statistics.median(per_file) * 1000:.0f} ms (max {max(per_file) * 1000:.0f} ms); "
          f"store write alone: median {statistics.median(writes) * 1000:.1f} ms (max {max(writes) * 1000:.1f} ms)")
    print(f"store file: {(tmp / 'store.sqlite').stat().st_size / 1e6:.1f} MB (+ WAL), consistent: {Store(tmp / 'store.sqlite').check() == []}")


if __name__ == "__main__":
    main()
