"""scripts/rule_errors.py pins each dev-set error on the rule a claim's trace names."""
import json
import subprocess
import sys

from conftest import ROOT


def test_errors_are_counted_per_rule(tmp_path):
    gold = {"articles": [{"article_id": "a", "places": [], "claims": [
        {"metric": "killed", "low": 40, "high": 40, "number_text": "40", "source": "health ministry", "as_of": None},
        {"metric": "wounded", "low": 12, "high": 12, "number_text": "12", "source": "health ministry", "as_of": None},
        {"metric": "troops_deployed", "low": 900, "high": 900, "number_text": "900", "source": None, "as_of": None}]}]}
    claims = [
        {"article_id": "a", "metric": "killed", "low": 40, "high": 40, "number_text": "40", "source": "health ministry",
         "trace": ["metric: words about the figure", "claimant: subject"]},
        {"article_id": "a", "metric": "wounded", "low": 12, "high": 12, "number_text": "12", "source": "army",
         "trace": ["metric: words about the figure", "claimant: subject (continued report)"]},
        {"article_id": "a", "metric": "other", "low": 3, "high": 3, "number_text": "3", "source": None,
         "trace": ["metric: a bare figure counts what the claim before it counts"]}]
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    (tmp_path / "claims.jsonl").write_text("\n".join(json.dumps(c) for c in claims))
    r = subprocess.run([sys.executable, "scripts/rule_errors.py", "--gold", tmp_path / "gold.json", "--claims",
                        tmp_path / "claims.jsonl"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    rows = {line[:60].strip(): line[60:].split() for line in r.stdout.splitlines() if line[:1].islower()}
    assert rows["words about the figure"] == ["2", "0", "1.00"]
    assert rows["a bare figure counts what the claim before it counts"] == ["1", "1", "0.00"]
    assert rows["subject"] == ["1", "0", "1.00"]
    assert rows["subject (continued report)"] == ["1", "1", "0.00"]
    assert "Gold claims no claim matched: 1" in r.stdout
