"""Extraction is not fitted to the dev set: no run of eight words of a dev article
(tests/data/devset/articles, a copy of ../shared/devset) stands in the code or the data of
extraction/, nor in the tests and their data (but the dev set's own copy). Rules are tested on
sentences written for the tests; the dev set only scores them. A run the seeds hold too is the
project's own text (a dev article may quote a seed)."""
import re

from conftest import ROOT

RUN = 8  # words
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def _runs(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


DEVSET = ROOT / "tests" / "data" / "devset"
TEXT_SUFFIXES = (".py", ".json", ".txt", ".html", ".md", ".csv")


def _dev_runs() -> dict[str, str]:
    dev = {}
    for path in sorted((DEVSET / "articles").iterdir()):
        for run in _runs(path.read_text(encoding="utf-8")):
            dev.setdefault(run, path.name)
    assert len(dev) > 10_000  # the dev set is there to compare with
    seeds = set().union(*(_runs(p.read_text(encoding="utf-8")) for p in (ROOT / "seeds").iterdir() if p.is_file()))
    return {run: name for run, name in dev.items() if run not in seeds}


def test_no_eight_word_run_of_a_dev_article_is_in_the_tests():
    dev = _dev_runs()
    found = []
    for path in sorted((ROOT / "tests").rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or DEVSET in path.parents or "__pycache__" in path.parts:
            continue
        found += [f"{path.relative_to(ROOT)}: {run!r} (from {dev[run]})"
                  for run in sorted(_runs(path.read_text(encoding="utf-8", errors="replace")) & dev.keys())]
    assert not found, "write an invented example instead:\n" + "\n".join(found)


def test_no_eight_word_run_of_a_dev_article_is_in_extraction():
    dev = _dev_runs()
    found = []
    for path in sorted([*(ROOT / "extraction").rglob("*.py"), *(ROOT / "extraction" / "data").rglob("*.json")]):
        found += [f"{path.relative_to(ROOT)}: {run!r} (from {dev[run]})"
                  for run in sorted(_runs(path.read_text(encoding="utf-8")) & dev.keys())]
    assert not found, "write an invented example instead:\n" + "\n".join(found)
