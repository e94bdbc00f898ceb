"""The source registry (``data/sources.json``): canonical names, aliases, type, country and stake
of known claimants, and the words of attribution frames, compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalise import plain_apostrophes
from ..resources import load_json


@dataclass(frozen=True)
class SourceInfo:
    canonical: str
    type: str
    country: str | None
    stake: str


@lru_cache(maxsize=1)
def registry() -> dict:
    data = load_json("sources.json")  # aliases are matched on text with plain apostrophes
    entries = []  # (compiled aliases, canonical, estimator_only): one pattern per source and kind
    for s in data["sources"]:
        flags = 0 if s.get("case_sensitive") else re.IGNORECASE
        # longest alias first, so that at one place the fullest name matches
        aliases = sorted((plain_apostrophes(a) for a in s["aliases"]), key=len, reverse=True)
        entries.append((re.compile(r"(?<![\w])(?:" + "|".join(aliases) + r")(?![\w])", flags), s["canonical"], False))
        if s.get("estimator_aliases"):
            est = sorted(s["estimator_aliases"], key=len, reverse=True)
            entries.append((re.compile(r"(?<![\w])(?:" + "|".join(est) + r")(?![\w])"), s["canonical"], True))
    verbs = sorted(data["reporting_verbs"], key=len, reverse=True)
    adjs = sorted(data["party_adjectives"], key=len, reverse=True)
    nouns = sorted(data["party_nouns"], key=len, reverse=True)
    adj = "|".join(re.escape(a) for a in adjs)
    noun = "|".join(re.escape(n) for n in nouns)
    generic = re.compile(
        rf"(?<![\w])(?:{adj})(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+)(?:{adj}))*\s+(?:{noun})(?![\w])")
    bare = re.compile(rf"(?<![\w])(?:{noun})(?![\w])", re.IGNORECASE)
    verb_re = "|".join(re.escape(v) for v in verbs)
    after_subject = re.compile(
        r"^\s*(?:\([^()]{1,40}\)\s*)?(?:,[^,.;]{0,60},\s*)?"
        r"(?:(?:has|have|had|also|now|previously|earlier|reportedly|recently|currently|further|already|again|publicly|officially|then)\s+)*"
        r"(?:(?:in|on|last|this|earlier)\s+[A-Za-z]+(?:\s+\d{1,4})?,?\s+)?"
        # "state" before a noun is no verb: "the Sinaloa state prosecutor's office said", "Russian state media"
        rf"(?:{verb_re})(?![\w])(?!(?<=state)\s+(?!that\b)[a-z])", re.IGNORECASE)
    opener = re.compile(
        r"(?:" + "|".join(re.escape(o) for o in sorted(data["attribution_openers"], key=len, reverse=True)) +
        r")\s+(?:(?:the|a|an)\s+)?(?:(?:estimates?|figures|data|reports?|assessments?)\s+(?:from|by|of)\s+(?:the\s+)?)?$",
        re.IGNORECASE)
    named_subject = re.compile(
        # "Oleksandr Syrskyi said", "The Syrian Observatory for Human Rights, a war monitor, said",
        # "The Institute for Conflict and Security Studies counted"
        r"(?<![\w])(?:(?:The|An?)\s+)?((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|on|and)\s+(?:the\s+)?)?){0,4}[A-Z][\w'’.-]*(?![\w]))(?="
        + after_subject.pattern[1:] + ")")
    named_opened = re.compile(  # "according to the Shan State Progress Party": a name no registry holds
        r"(?<![\w])(?i:" + "|".join(re.escape(o) for o in sorted(data["attribution_openers"], key=len, reverse=True)) +
        r")\s+(?:[Tt]he\s+)?((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|on|and)\s+(?:the\s+)?)?){0,4}[A-Z][\w'’.-]*(?![\w]))")
    inverted = re.compile(r"[,\"”’]\s*(?:" + verb_re + r")(?:\s+reporters)?\s+(?:the\s+)?$", re.IGNORECASE)
    named_after = re.compile(r"[,\"”’]\s*(?:said|says|added|noted|wrote|told reporters)\s+"
                             r"((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*(?![\w]))")
    info = {s["canonical"]: SourceInfo(s["canonical"], s["type"], s.get("country"), s["stake"]) for s in data["sources"]}
    vague = [re.compile(r"(?<![\w])" + re.escape(c) + r"(?![\w])", re.IGNORECASE) for c in data["vague_report_cues"]]
    pronoun = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(p) for p in data["pronoun_subjects"]) + r")" +
                         after_subject.pattern[1:], re.IGNORECASE)
    non_bare = frozenset(data["non_bare_nouns"])
    return {"entries": entries, "generic": generic, "bare": bare, "after_subject": after_subject, "opener": opener,
            "inverted": inverted, "named_after": named_after,
            "named_subject": named_subject, "named_opened": named_opened, "info": info, "vague": vague, "pronoun": pronoun, "non_bare": non_bare,
            "not_names": frozenset(data["not_names"]), "adjectives": frozenset(adjs),
            "report_nouns": frozenset(data["report_nouns"]), "evidence_nouns": frozenset(data["evidence_nouns"]),
            "reference_heads": {k: frozenset(v) for k, v in data["reference_heads"].items()},
            "reference_modifiers": {k: frozenset(v) for k, v in data["reference_modifiers"].items()},
            "role_nouns": frozenset(data["role_nouns"]), "belief_verbs": frozenset(data["belief_verbs"]),
            "indefinite": frozenset(data["indefinite_subjects"]), "adjective_verbs": frozenset(data["adjective_verbs"]),
            "publish_verbs": frozenset(data["publish_verbs"]),
            "report_words": re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in sorted(
                {*data["reporting_verbs"], *data["report_nouns"], *(f for fs in data["publish_verbs"].values() for f in fs)},
                key=len, reverse=True)) + r")(?![\w])", re.IGNORECASE)}


def source_info(canonical: str | None) -> SourceInfo | None:
    """Type, country and stake of a registered source; None for a phrase not in the registry."""
    return registry()["info"].get(canonical) if canonical else None
