"""Analysts' corrections: each action and undo, merges, bad input (exact messages, nothing
written), re-extraction keeping corrections and reporting orphans, two processes reviewing at
once, and export-gold read back by the shared scorer. Tables in tests/data/review.json."""
import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, load
from fixtures import claim_record, store_from_records

from extraction import audit
from extraction.review import Correction, ReviewError, effective, records

CASES = load("review.json")
ART = CASES["article"]


def _claims():
    return [claim_record(ART["article_id"], ART["text"], n, **f) for n, f in ART["claims"].items()]


@pytest.fixture
def store(tmp_path):
    return store_from_records(tmp_path / "s.sqlite", [{"article_id": ART["article_id"], "text": ART["text"],
                                                       "published": "2025-03-12", "title": None, "outlet": None,
                                                       "url": None}], _claims(), [])


def correction(step: dict) -> Correction:
    c = Correction(action=step["action"], reviewer=step.get("reviewer", "analyst"), fields=dict(step.get("fields", {})),
                   reason=step.get("reason", ""), undoes=step.get("undoes"))
    if "on" in step:
        s = ART["text"].index(step["on"])
        c.article_id, c.start_char, c.end_char, c.number_text = ART["article_id"], s, s + len(step["on"]), step["on"]
    elif "start_char" in step:
        c.article_id, c.start_char, c.end_char, c.number_text = (ART["article_id"], step["start_char"], step["end_char"],
                                                                 step["number_text"])
    return c


def state(store):
    claims = records(store.tables()["claims"])
    return effective(claims, audit.corrections(store))


def check_state(eff, want: dict):
    got = {c["number_text"]: c for c in eff.claims}
    for n, fields in want.items():
        for k, v in fields.items():
            assert got[n][k] == v, (n, k, got[n][k], v)


@pytest.mark.parametrize("case", CASES["sequences"], ids=lambda c: c["name"])
def test_corrections_fold_into_effective_claims(case, store):
    for i, step in enumerate(case["steps"], 1):
        audit.record(store, correction(step))
        if f"after_step_{i}" in case:
            check_state(state(store), case[f"after_step_{i}"])
    eff = state(store)
    check_state(eff, case["effective"])
    assert [c["number_text"] for c in eff.reviewed()] == case["shown"]
    trail = audit.corrections(store)
    assert [c.action for c in trail] == [s["action"] for s in case["steps"]]
    assert all(c.reviewer == "analyst" and c.at for c in trail)


def test_the_trail_keeps_before_and_after_and_is_append_only(store):
    import sqlite3
    audit.record(store, correction({"action": "correct", "on": "Some 1,000", "fields": {"source": "Reuters"},
                                    "reason": "the wire named it"}))
    c = audit.corrections(store)[0]
    assert c.before["source"] == "South Korean intelligence (NIS)" and c.fields == {"source": "Reuters"}
    assert c.reason == "the wire named it"
    con = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM corrections")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE corrections SET reviewer = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):  # a replace deletes the row it replaces
        con.execute("INSERT OR REPLACE INTO corrections (id, at, reviewer, action, fields, before, reason) "
                    "VALUES (?, 'now', 'x', 'accept', '{}', '{}', '')", (c.id,))
    assert [x.reviewer for x in audit.corrections(store)] == [c.reviewer]


def test_a_trail_made_before_a_trigger_was_added_gets_it(store):
    import sqlite3
    audit.record(store, correction({"action": "accept", "on": "Some 1,000"}))
    con = sqlite3.connect(store.path)
    con.execute("DROP TRIGGER corrections_append_only_r")
    con.commit()
    audit.corrections(store)  # any use of the trail on a writable store restores it
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("INSERT OR REPLACE INTO corrections (id, at, reviewer, action, fields, before, reason) "
                    "VALUES (1, 'now', 'x', 'accept', '{}', '{}', '')")


def test_removing_an_article_is_in_the_trail_and_undo_brings_it_back_as_it_was(store):
    from extraction.review import Correction, ReviewError
    before = {t: df.sort_values(list(df.columns[:2])).reset_index(drop=True) for t, df in store.tables().items()}
    aid = before["articles"]["article_id"].iloc[0]
    n = int((before["claims"]["article_id"] == aid).sum())
    with pytest.raises(ReviewError, match="reviewer"):
        audit.record(store, Correction(action="remove", reviewer=" ", article_id=aid))
    gone = audit.record(store, Correction(action="remove", reviewer="ana", article_id=aid))
    assert gone.before["claims"] == n and aid not in set(store.tables()["articles"]["article_id"])
    assert not (store.tables()["claims"]["article_id"] == aid).any()
    with pytest.raises(ReviewError, match="no such article"):
        audit.record(store, Correction(action="remove", reviewer="ana", article_id=aid))
    back = audit.record(store, Correction(action="undo", reviewer="ben", undoes=gone.id, reason="removed by mistake"))
    after = {t: df.sort_values(list(df.columns[:2])).reset_index(drop=True) for t, df in store.tables().items()}
    for t in before:  # the article, its claims and its places exactly as they were
        pd.testing.assert_frame_equal(after[t], before[t])
    with pytest.raises(ReviewError, match="remove it again"):
        audit.record(store, Correction(action="undo", reviewer="ana", undoes=back.id))
    assert [c.action for c in audit.corrections(store)] == ["remove", "undo"]


@pytest.mark.parametrize("case", CASES["bad"], ids=lambda c: json.dumps(c["problems"])[:60])
def test_bad_input_is_refused_with_messages_and_nothing_is_written(case, store):
    v = store.version()
    with pytest.raises(ReviewError) as e:
        audit.record(store, correction(case["correction"]))
    assert e.value.problems == case["problems"]
    assert audit.corrections(store) == [] and store.version() == v


def test_reextraction_keeps_corrections_and_reports_orphans(store):
    audit.record(store, correction({"action": "correct", "on": "About 11,000", "fields": {"source": "Reuters"}}))
    audit.record(store, correction({"action": "reject", "on": "2022", "reason": "a year"}))
    from extraction.model import Claim
    # better rules: "2022" is no longer extracted; "About 11,000" is, at the same span
    again = [Claim(**{k: v for k, v in c.items() if k != "claim_id"}) for c in _claims() if c["number_text"] != "2022"]
    audit.replace_extraction(store, ART["article_id"], again, [])
    eff = state(store)
    assert {c["number_text"]: c["source"] for c in eff.claims} == {"About 11,000": "Reuters",
                                                                    "Some 1,000": "South Korean intelligence (NIS)"}
    assert [(o.action, o.number_text) for o in eff.orphans] == [("reject", "2022")]  # shown, never dropped
    assert len(audit.corrections(store)) == 2


WRITER = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from extraction import audit
from extraction.store import Store
from test_review import correction
store = Store({path!r})
for i in range(20):
    audit.record(store, correction({{"action": "accept", "on": "About 11,000", "reviewer": sys.argv[1]}}))
"""


def test_two_processes_reviewing_at_once_lose_nothing(store):
    code = WRITER.format(root=str(ROOT), tests=str(ROOT / "tests"), path=str(store.path))
    procs = [subprocess.Popen([sys.executable, "-c", code, who]) for who in ("ana", "ben")]
    assert [p.wait(120) for p in procs] == [0, 0]
    trail = audit.corrections(store)
    assert len(trail) == 40 and sorted({c.reviewer for c in trail}) == ["ana", "ben"]
    assert [c.id for c in trail] == sorted(c.id for c in trail) and len({c.id for c in trail}) == 40


def test_export_gold_scores_one_against_the_effective_claims(store, tmp_path):
    for step in CASES["sequences"][0]["steps"]:
        audit.record(store, correction(step))
    out = tmp_path / "gold.json"
    run = subprocess.run([sys.executable, "-m", "extraction", "export-gold", "--store", str(store.path), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    gold = json.loads(out.read_text())
    assert [a["article_id"] for a in gold["articles"]] == [ART["article_id"]]
    eff = state(store)
    pred = tmp_path / "claims.jsonl"
    pred.write_text("".join(json.dumps(c, default=str) + "\n" for c in eff.reviewed()))
    score = subprocess.run([sys.executable, str(ROOT / "tests" / "score_claims.py"), str(out), str(pred)],
                           capture_output=True, text=True)
    assert "claim F1=1.00 source-acc=1.00 as_of-acc=1.00" in score.stdout, score.stdout


def test_reextract_cli_keeps_corrections(tmp_path):
    """The seed store extracted again with the current rules: a correction on a claim that is
    still extracted stays in force."""
    from fixtures import fixture_store
    path = tmp_path / "seeds.sqlite"
    store = fixture_store(path)
    claims = records(store.tables()["claims"])
    target = next(c for c in claims if c["number_text"] == "about 2 000")
    audit.record(store, Correction(action="correct", reviewer="ana", article_id=target["article_id"],
                                   start_char=target["start_char"], end_char=target["end_char"],
                                   number_text=target["number_text"], fields={"as_of": "2025-09-15"}))
    run = subprocess.run([sys.executable, "-m", "extraction", "reextract", "--store", str(path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr.count(" claims") == len(store.tables()["articles"])
    eff = state(store)
    kept = next(c for c in eff.claims if c["start_char"] == target["start_char"] and c["article_id"] == target["article_id"])
    assert kept["as_of"] == "2025-09-15" and kept["review"] == "corrected" and eff.orphans == []
