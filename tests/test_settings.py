"""One settings table (extraction/settings.py): every CROSSCOUNT_* name the project reads is in it
and in the README's table, code reads settings only through it, and each resolves as documented."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extraction import settings

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((Path(__file__).parent / "data" / "settings.json").read_text())["cases"]
NAME = re.compile(r"CROSSCOUNT_[A-Z_]*[A-Z]")


def _project_files():
    for folder in ("extraction", "dashboard", "benchmarks", "scripts", "tests", ".ci"):
        yield from (p for p in (ROOT / folder).rglob("*") if p.suffix in (".py", ".sh", "") and p.is_file())
    yield ROOT / "app.py"


def test_every_setting_the_project_names_is_in_the_table():
    named = {m for p in _project_files() for m in NAME.findall(p.read_text(encoding="utf-8", errors="replace"))}
    assert named, "found no settings at all: the search is broken"
    assert named <= set(settings.BY_NAME), sorted(named - set(settings.BY_NAME))


def test_the_readme_shows_the_table_as_the_code_has_it():
    assert settings.markdown_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_code_reads_settings_only_through_the_table():
    for folder in ("extraction", "dashboard"):
        for p in (ROOT / folder).rglob("*.py"):
            if p.name != "settings.py":
                text = p.read_text(encoding="utf-8")
                assert not re.search(r"environ(\.get)?\(?\[?[\"']CROSSCOUNT_", text), p
                assert "getenv(" not in text, p


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['name']}={c['env']!r}/{c['secret']!r}")
def test_a_setting_resolves_as_documented(monkeypatch, case):
    if case["env"] is None:
        monkeypatch.delenv(case["name"], raising=False)
    else:
        monkeypatch.setenv(case["name"], case["env"])
    assert settings.get(case["name"], case["secret"]) == case["value"]
    assert settings.invalid(case["name"], case["secret"]) == case["invalid"]


def test_the_store_is_the_project_default_unless_given(monkeypatch, tmp_path):
    monkeypatch.delenv("CROSSCOUNT_STORE", raising=False)
    assert settings.store_file() == ROOT / "data" / "crosscount.sqlite"
    assert settings.store_file(str(tmp_path / "s.sqlite")) == tmp_path / "s.sqlite"
    monkeypatch.setenv("CROSSCOUNT_CACHE", "off")
    assert settings.cache_folder() is None
    monkeypatch.setenv("CROSSCOUNT_CACHE", "~/x")
    assert settings.cache_folder() == Path.home() / "x"
