"""The benchmark corpus: N articles made deterministically by shuffling the paragraphs of the
seeds and of the test articles (tests/data/extra) into new articles of 6-12 paragraphs."""
from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(n: int, seed: int = 7) -> list[str]:
    from extraction.reader import read_article

    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/data/extra").glob("*.txt"))
    paras = []
    for p in paths:
        art = read_article(p)
        paras += [x.strip() for x in art.text[art.body_start:].split("\n") if len(x.strip()) > 40]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = "\n\n".join(rng.sample(paras, rng.randint(6, 12)))
        out.append(f"date 2026-0{1 + i % 9}-1{i % 10}\n{body}")
    return out
