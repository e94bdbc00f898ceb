"""Extraction on Dask: articles per second with 1 and 2 worker processes on a LocalCluster,
the scaling efficiency, and a worker's memory.

    python benchmarks/dask_build.py [--articles 400]

The corpus is the dev set's and the seeds' text articles in editions (a closing line without
figures makes each text distinct), written to a temporary folder. Each run builds a new store
from it with `build_on_dask`; the time includes starting the workers and loading spaCy in
each (about two seconds a worker), which a long archive run amortises.
"""
from __future__ import annotations

import argparse
import os
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus(n: int) -> Path:
    src = sorted(p for p in (ROOT / "tests" / "data" / "devset" / "articles").iterdir() if p.suffix == ".txt") + \
        sorted(p for p in (ROOT / "seeds").iterdir() if p.suffix == ".txt")
    folder = Path(tempfile.mkdtemp(prefix="cc-dask-bench-"))
    k = 0
    for ed in (a + b for a in string.ascii_uppercase for b in string.ascii_uppercase):
        for p in src:
            if k == n:
                return folder
            (folder / f"{p.stem}-{ed}.txt").write_text(p.read_text(encoding="utf-8") + f"\n\nEdition {ed}.\n",
                                                       encoding="utf-8")
            k += 1
    return folder


def main() -> None:
    from dask.distributed import Client, LocalCluster

    from extraction.distributed import build_on_dask

    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=400)
    args = ap.parse_args()
    folder = corpus(args.articles)
    rates = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
                Client(cluster) as client:
            client.run(lambda: __import__("extraction.pipeline").pipeline.get_nlp())  # load spaCy first
            out = Path(tempfile.mkdtemp()) / "bench.sqlite"
            t0 = time.perf_counter()
            outcomes = build_on_dask(folder, out, scheduler=cluster.scheduler_address, partitions=8 * workers,
                                     progress=False, say=lambda m: None)
            dt = time.perf_counter() - t0
            rss = client.run(lambda: __import__("psutil").Process().memory_info().rss / 2**20)
            rates[workers] = len(outcomes) / dt
            print(f"{workers} worker(s): {len(outcomes)} articles in {dt:.1f} s = {rates[workers]:.1f} articles/s "
                  f"(spaCy loaded beforehand); worker RSS {', '.join(f'{v:.0f} MB' for v in rss.values())}")
    print(f"scaling 1 → 2 workers: ×{rates[2] / rates[1]:.2f} (efficiency {rates[2] / rates[1] / 2:.0%}) on "
          f"{os.cpu_count()} cores")


if __name__ == "__main__":
    main()
