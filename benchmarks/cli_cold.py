"""Cold start, as whole processes: the extraction CLI against plain spaCy, in one run.

    python benchmarks/cli_cold.py [--articles 100] [--repeats 3] [--real]

Writes N corpus articles (benchmarks/corpus.py) to a temporary folder (``--real``: the seeds and
the dev set's articles instead, as the reader reads them: HTML pages as their text), then times,
as medians over the repeats, two fresh Python processes over the same files:

- ``python -m extraction claims FOLDER`` (crosscount: read, find figures, parse only the
  sentences that hold one, attribute, date, place; JSON Lines to a file), and
- a process that loads the full ``en_core_web_sm`` pipeline and runs ``nlp.pipe`` over the
  files' texts (what "just run spaCy on it" costs).

Also prints each process's own import and load times (``-X importtime`` is not used: it slows
the process it measures) and the ratio of the two wall times.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
sys.path.append(str(ROOT / "benchmarks"))

from corpus import corpus

PLAIN = """
import sys, time
from pathlib import Path
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from extraction.pipeline import load_nlp
nlp = load_nlp(full=True)
t1 = time.perf_counter()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path({folder!r}).glob("*.txt"))]  # the texts ours reads
n = sum(len(d) for d in nlp.pipe(texts))
print(f"load {{t1 - t0:.2f}} s, pipe {{time.perf_counter() - t1:.2f}} s, {{n}} tokens", file=sys.stderr)
"""


def run(cmd: list[str], env: dict) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - t0, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def _real_texts() -> list[str]:
    """The seeds' and the dev set's articles as the reader reads them (an HTML page as its text)."""
    from extraction.reader import article_files, read_article

    files = article_files(ROOT / "seeds") + article_files(ROOT / "tests" / "data" / "devset" / "articles")
    return [read_article(f).text for f in files]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--real", action="store_true", help="the seeds and the dev set's articles, not the synthetic corpus")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory(prefix="cc-cold-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, text in enumerate(_real_texts() if args.real else corpus(args.articles)):
            (folder / f"b{i:03d}.txt").write_text(text, encoding="utf-8")
        count = len(list(folder.iterdir()))
        ours_cmd = [sys.executable, "-m", "extraction", "claims", str(folder)]
        plain_cmd = [sys.executable, "-c", PLAIN.format(root=str(ROOT), folder=str(folder))]
        run(ours_cmd, env)  # one unmeasured run each: the files and the model in the page cache
        run(plain_cmd, env)
        ours, plain = [], []
        for _ in range(args.repeats):  # interleaved, so drift affects both alike
            ours.append(run(ours_cmd, env)[0])
            t, detail = run(plain_cmd, env)
            plain.append(t)
        t_ours, t_plain = statistics.median(ours), statistics.median(plain)
        print(f"{count} {'real' if args.real else 'corpus'} articles, median of {args.repeats} cold processes each")
        print(f"python -m extraction claims : {t_ours:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in ours)})")
        print(f"plain nlp.pipe, full model  : {t_plain:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in plain)}; last: {detail})")
        print(f"cold ratio (plain / extraction): {t_plain / t_ours:.2f}x")


if __name__ == "__main__":
    main()
