"""The gold files, scored with the issues' matching rule: the seeds (shared/spec/seed_gold.json,
copied to tests/data/seed_gold.json) and articles of our own in other words."""
import pytest

from conftest import ROOT, load
from extraction.dataset import extract_files
from scoring import score

GOLDS = {k: v for k, v in load("gold_targets.json").items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def results(nlp):
    return {name: extract_files(sorted((ROOT / g["articles"]).glob("*.txt")), nlp=nlp) for name, g in GOLDS.items()}


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_gold_scores(name, results):
    ex = results[name]
    s = score(load(name), ex.claims, ex.places)
    print(f"{name}: " + ", ".join(f"{k} {s[k]:.2f}" for k in ("f1", "source", "as_of", "places")))
    want = GOLDS[name]["targets"]
    for key in ("f1", "source", "as_of", "places"):
        assert s[key] >= want[key] - 1e-9, f"{name}: {key} {s[key]:.2f} < {want[key]}; " + "; ".join(s["problems"])


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_every_span_is_exact(name, results):
    texts = {a.article_id: a.text for a in results[name].articles}
    assert results[name].claims
    for c in results[name].claims:
        text = texts[c["article_id"]]
        assert text[c["start_char"]:c["end_char"]] == c["number_text"]
        assert text[c["sentence_start"]:c["sentence_start"] + len(c["sentence"])] == c["sentence"]


def test_gold_copy_is_current():
    shared = ROOT.parent / "shared" / "spec" / "seed_gold.json"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert shared.read_text(encoding="utf-8") == (ROOT / "tests/data/seed_gold.json").read_text(encoding="utf-8")
