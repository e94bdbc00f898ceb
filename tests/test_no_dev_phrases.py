"""Extraction is not fitted to the dev set: no run of eight words of a dev article
(tests/data/devset/articles, a copy of ../shared/devset) stands in the code or the data of
extraction/. Rules are tested on sentences written for the tests; the dev set only scores them."""
import re

from conftest import ROOT

RUN = 8  # words
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def _runs(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def test_no_eight_word_run_of_a_dev_article_is_in_extraction():
    dev = {}
    for path in sorted((ROOT / "tests" / "data" / "devset" / "articles").iterdir()):
        for run in _runs(path.read_text(encoding="utf-8")):
            dev.setdefault(run, path.name)
    assert len(dev) > 10_000  # the dev set is there to compare with
    found = []
    for path in sorted([*(ROOT / "extraction").rglob("*.py"), *(ROOT / "extraction" / "data").rglob("*.json")]):
        found += [f"{path.relative_to(ROOT)}: {run!r} (from {dev[run]})"
                  for run in sorted(_runs(path.read_text(encoding="utf-8")) & dev.keys())]
    assert not found, "write an invented example instead:\n" + "\n".join(found)
