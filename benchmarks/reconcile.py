"""Reconciling at scale: figures (families) and disagreements for a synthetic store.

    python benchmarks/reconcile.py [--claims 100000] [--articles 20000] [--repeats 3]

Prints the cold time (computing families from the claims table, then the disagreements of every
metric), the warm time (what a rerun pays: the dashboard caches families per store version, so a
rerun looks them up and picks those in view), and the sizes. The Disputes page's rerun time at
this size is printed by benchmarks/dashboard.py.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction import reconcile

_spec = importlib.util.spec_from_file_location("bench_dashboard", ROOT / "benchmarks" / "dashboard.py")
_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)
synthetic = _bench.synthetic  # the dashboard benchmark's synthetic store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    claims = synthetic(args.claims, args.articles)["claims"]
    claims = claims.assign(incremental=False)
    for c in ("low", "high", "best"):
        claims[c] = claims[c].astype("float64")
    metrics = sorted(claims["metric"].unique())
    fam_t, flag_t = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        fams, member_of = reconcile.families(claims)
        fam_t.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        flags = [f for m in metrics for f in reconcile.disagreements(fams, m)]
        flag_t.append(time.perf_counter() - t0)
    print(f"{len(claims):,} claims in {args.articles:,} articles → {len(fams):,} figures, "
          f"{len(reconcile.independent_claimants(fams))} independent claimants, {len(flags):,} disagreements "
          f"(the {reconcile.MAX_COMPARED} most printed figures of each metric compared)")
    print(f"cold: families median {statistics.median(fam_t) * 1000:.0f} ms, disagreements of all {len(metrics)} metrics "
          f"median {statistics.median(flag_t) * 1000:.0f} ms (over {args.repeats})")
    cache = {("store", 1): reconcile.Reconciled(fams, member_of)}  # what st.cache_resource keeps per store version
    view = claims[claims["metric"] == "killed"]["claim_id"]
    warm = []
    for _ in range(max(5, args.repeats)):
        t0 = time.perf_counter()
        shown = [f for f in cache[("store", 1)].of(view) if f.metric == "killed"]
        reconcile.disagreements(shown, "killed")
        warm.append(time.perf_counter() - t0)
    print(f"warm (cached families; the figures in a one-metric view and their disagreements): median "
          f"{statistics.median(warm) * 1000:.0f} ms — target ≤ 300 ms")


if __name__ == "__main__":
    main()
