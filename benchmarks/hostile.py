"""Extraction time and memory by input size, and on hostile inputs at the size limit.

    python benchmarks/hostile.py [--repeats 3]

Each case runs in a fresh process that loads the model first: time is the median over the
repeats of one article's extraction without any limit; memory is that process's peak RSS,
and the growth over the RSS after loading the model; the last column is one run with the limits
(extraction.claims.WORK_LIMIT, then the TIME_BUDGET clock): done, or refused and by which, and
when. Run it on a quiet and on a loaded machine: the verdicts should be the same. Sizes: news-like text (the benchmark corpus's paragraphs) at
10 KB, 100 KB, 1 MB (over the limit: extracted directly, to show the time per MB) and the
text limit; then the hostile texts of tests/data/hostile_inputs.json, stretched to the limit.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, statistics, sys, time
sys.path[:0] = [{root!r}, {bench!r}]
from corpus import corpus
from extraction.claims import extract_article
from extraction.pipeline import get_nlp
from extraction.places import default_gazetteer
from extraction.reader import parse_text
kind, size, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
nlp, gaz = get_nlp(), default_gazetteer()
extract_article(parse_text("w", "About 3,000 soldiers died in Kursk, officials said."), nlp)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if kind == "news":
    text = "\n\n".join(t.split("\n", 1)[1] for t in corpus(max(1, size // 1500 + 2)))
else:
    case = next(c for c in json.load(open({hostile!r}))["texts"] if c["name"] == kind)
    unit = "".join(s * n for s, n in case["parts"])
    text = unit * max(1, size // max(1, len(unit)))
text = "date 2025-01-01\n" + text[:size]
import extraction.claims as limits
work_limit, limits.WORK_LIMIT = limits.WORK_LIMIT, float("inf")  # timed without any limit
times = []
for _ in range(repeats):
    t0 = time.perf_counter()
    ex = extract_article(parse_text("x", text), nlp, budget=None)
    times.append(time.perf_counter() - t0)
limits.WORK_LIMIT = work_limit
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from extraction.model import ArticleError
t0 = time.perf_counter()
try:
    extract_article(parse_text("x", text), nlp)
    budgeted = "done"
except ArticleError as e:
    budgeted = "refused (work)" if "work limit" in str(e) else "refused (clock)"
budgeted = f"{{budgeted}} in {{time.perf_counter() - t0:.1f}} s"
print(json.dumps({{"chars": len(text), "median_s": statistics.median(times), "claims": len(ex.claims),
                  "peak_mb": peak, "growth_mb": peak - base, "budgeted": budgeted}}))
"""


def main() -> None:
    from extraction.reader import MAX_TEXT
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    code = CHILD.format(root=str(ROOT), bench=str(ROOT / "benchmarks"), hostile=str(ROOT / "tests/data/hostile_inputs.json"))
    cases = [("news", n) for n in (10_000, 100_000, 1_000_000, MAX_TEXT)]
    hostile = json.loads((ROOT / "tests/data/hostile_inputs.json").read_text())["texts"]
    cases += [(c["name"], MAX_TEXT) for c in hostile if "refused" not in c]
    print(f"{'input':<42} {'chars':>9} {'median s':>9} {'s per MB':>9} {'claims':>7} {'peak MB':>8} {'growth MB':>9}"
          "  with the limits")
    for kind, size in cases:
        r = subprocess.run([sys.executable, "-c", code, kind, str(size), str(args.repeats)], capture_output=True, text=True)
        if r.returncode:
            print(f"{kind:<42} failed: {r.stderr.strip().splitlines()[-1]}")
            continue
        m = json.loads(r.stdout)
        print(f"{kind[:42]:<42} {m['chars']:>9,} {m['median_s']:>9.2f} {m['median_s'] / m['chars'] * 1e6:>9.1f} "
              f"{m['claims']:>7} {m['peak_mb']:>8.0f} {m['growth_mb']:>9.0f}  {m['budgeted']}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
