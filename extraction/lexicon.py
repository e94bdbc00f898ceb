"""The word lists of ``data/metrics.json`` in the shapes the rules use: what is counted, which
words mark a plan, and which figures are not counts. Loaded once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .resources import load_json

NEUTRAL_PEOPLE = ("people", "person")  # soldiers or civilians: the sentence says what befell them


@dataclass(frozen=True)
class Lexicon:
    unit_metrics: dict           # counted noun (lemma, lower case) → metric
    people: frozenset            # counted nouns that are people
    military_people: frozenset   # …who are troops unless an event word says otherwise
    civilians: frozenset         # …who are never troops
    cues: tuple                  # event words → metric, in order of priority
    count_nouns: frozenset       # "number", "toll": stand for the counted thing
    vague_heads: frozenset       # "thousands (of)"
    reporting: frozenset         # verbs of saying
    planned: frozenset
    modals: frozenset
    time_units: frozenset
    multipliers: frozenset
    age_before: tuple
    age_after: tuple
    currency_before: tuple
    currency_after: frozenset
    street_words: tuple
    elliptical_deps: frozenset   # roles in which a bare figure counts what the previous claim counts
    calibres: frozenset          # "152-millimetre", "170mm"
    cue_idioms: dict             # event word → phrases after it that make it no event ("fell to")
    troop_verbs: frozenset       # event words that make plain "people" troops ("sent"; not "arrived")
    displacement: frozenset      # words of a clause that make counted people displaced ("reached safety")
    part_words: frozenset        # "including 9,961 women": a part of the figure before it
    estimating: frozenset        # "would put the toll at": a modal on these is no plan
    event_nouns: frozenset       # "the attack of October 7": a one-day event whose date dates its toll
    care_places: frozenset       # "admitted to hospital": where a clause's people are taken is one of its event words
    presence: dict               # troops "sent" (verbs of sending) or "present" (verbs of being there) and words of "now"
    size_verbs: frozenset = frozenset()  # "the contingent numbered 12,000": their people subject is what is counted
    humans: frozenset = frozenset()  # every counted noun of people: ``people`` and the neutral ones


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    m = load_json("metrics.json")
    return Lexicon(
        unit_metrics={k.lower(): v for k, v in m["unit_metrics"].items()},
        people=frozenset(m["people_units"]), military_people=frozenset(m["military_people"]),
        civilians=frozenset(m["civilian_people"]),
        cues=tuple(m["cues"]), count_nouns=frozenset(m["count_nouns"]), vague_heads=frozenset(m["vague_heads"]),
        reporting=frozenset(m["reporting_lemmas"]), planned=frozenset(m["planned_lemmas"]),
        modals=frozenset(m["modals"]), time_units=frozenset(m["time_units"]), multipliers=frozenset(m["multipliers"]),
        age_before=tuple(m["age_cues_before"]), age_after=tuple(m["age_cues_after"]),
        currency_before=tuple(m["currency_before"]), currency_after=frozenset(m["currency_after"]),
        street_words=tuple(m["street_words"]), elliptical_deps=frozenset(m["elliptical_deps"]),
        calibres=frozenset(m["calibre_units"]), cue_idioms={k: tuple(v) for k, v in m.get("cue_idioms", {}).items()},
        troop_verbs=frozenset(m["troop_verbs"]), displacement=frozenset(m["displacement_words"]),
        part_words=frozenset(m["part_words"]), estimating=frozenset(m["estimating_verbs"]),
        event_nouns=frozenset(m["event_nouns"]), care_places=frozenset(m["care_places"]),
        presence={k: frozenset(v) for k, v in m["presence"].items()}, size_verbs=frozenset(m.get("size_verbs", ())),
        humans=frozenset(m["people_units"]) | frozenset(NEUTRAL_PEOPLE))


@lru_cache(maxsize=1)
def metric_names() -> dict[str, str]:
    """Metric key → its name in words, for people reading charts ("troops_deployed" → "troops deployed")."""
    return dict(load_json("metrics.json")["metric_names"])


def metrics() -> tuple[str, ...]:
    """The metric vocabulary: the keys of ``metric_names`` in metrics.json, the one list of metrics
    that review, the filters and the charts accept."""
    return tuple(metric_names())


def metric_groups() -> dict:
    """metrics.json's ``metric_groups``: tolls, people_harmed (sets of metric keys) and compared
    (groups of metrics whose figures Disputes compares with each other)."""
    return load_json("metrics.json")["metric_groups"]


def metric_name(metric: str) -> str:
    """A metric in words; an unknown key reads with its underscores as spaces."""
    return metric_names().get(metric) or str(metric).replace("_", " ")
