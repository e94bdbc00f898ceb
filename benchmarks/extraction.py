"""Extraction speed against plain spaCy, in one run on one machine.

    python benchmarks/extraction.py [--articles 100] [--repeats 5]

Corpus: N articles made deterministically by shuffling the paragraphs of the seeds and of the
test articles (tests/data/extra) into new articles of 6-12 paragraphs. Prints, as medians over
the repeats: articles/s and tokens/s of crosscount's extraction (figures found by rule, the
parser run only on sentences that hold one, no NER) and of plain ``nlp.pipe`` with the full
en_core_web_sm pipeline over the same texts; their ratio; peak traced memory of each; and how
many claims differ between the sampled parse and a parse of whole articles.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import corpus

from extraction.claims import extract
from extraction.pipeline import load_nlp
from extraction.places import default_gazetteer
from extraction.reader import parse_text


def timed(fn, repeats: int):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    texts = corpus(args.articles)
    arts = [parse_text(f"b{i:03d}", t) for i, t in enumerate(texts)]

    t0 = time.perf_counter()
    nlp = load_nlp()
    load_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    full = load_nlp(full=True)
    load_full = time.perf_counter() - t0
    gaz = default_gazetteer()
    tokens = sum(len(full.tokenizer(t)) for t in texts)
    extract(arts[0], nlp, gaz)  # warm up both
    list(full.pipe(texts[:2]))

    t_ours, mem_ours, claims = timed(lambda: [c for a in arts for c in extract(a, nlp, gaz)], args.repeats)
    t_full, mem_full, _ = timed(lambda: [len(d) for d in full.pipe(texts)], args.repeats)
    whole = [c for a in arts for c in extract(a, nlp, gaz, full_parse=True)]
    differ = sum(1 for a, b in zip(claims, whole) if a != b) + abs(len(claims) - len(whole))

    n = len(texts)
    print(f"corpus: {n} articles, {tokens} tokens, {len(claims)} claims; median of {args.repeats} runs")
    print(f"model load: extraction pipeline {load_ours:.2f} s, full pipeline {load_full:.2f} s")
    print(f"crosscount extraction : {n / t_ours:8.1f} articles/s {tokens / t_ours:10.0f} tokens/s  ({t_ours:.3f} s)  peak traced {mem_ours / 1e6:.1f} MB")
    print(f"plain nlp.pipe (full) : {n / t_full:8.1f} articles/s {tokens / t_full:10.0f} tokens/s  ({t_full:.3f} s)  peak traced {mem_full / 1e6:.1f} MB")
    print(f"speed ratio (extraction / plain full pipeline): {t_full / t_ours:.2f}x")
    print(f"claims that differ from a parse of whole articles: {differ} of {len(claims)}")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
