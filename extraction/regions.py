"""First-level regions of a country (oblasts, governorates, states, provinces): their names,
centres and the word a region's canonical name ends with, from the countrystatecity-countries
gazetteer (PyPI; 250 countries, some 5,300 regions, ODbL) under ``data/regions.json`` (which
region types take which word, and the cores that are ordinary words). Plain Python; the places
module finds their mentions (extraction/places.py ``_regions``)."""
from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .normalise import strip_accents
from .resources import load_json

_DATA = load_json("regions.json")
NOT_CORES = frozenset(_DATA["not_cores"])  # cores too often an ordinary word ("Northern", "Delta")
NOT_REGIONS = frozenset(_DATA["not_regions"])  # gazetteer types that are no region (a capital city)
# a name as French writes a compass point ("Nord-Kivu") and as English writes it
_COMPASS = tuple((re.compile(f"^{k}"), v + " ") for k, v in _DATA["compass"].items())
_TYPE_ENDINGS = re.compile(r" (?:State|Region|Province|Governorate|Oblast|Krai|District)$")


@dataclass(frozen=True)
class Region:
    core: str  # the name without its type word: "Hama", "North Kivu", "Rakhine"
    kind: str  # the gazetteer's type of it: "province", "state", "oblast" …
    country: str  # ISO code
    lat: float | None
    lon: float | None

    @property
    def name(self) -> str:
        return canonical(self.core, self.country, self.kind)


def canonical(core: str, country: str, kind: str) -> str:
    """A region's name as the conventions write it: its core and the word ``data/regions.json``
    gives its country's regions of that type ("Hama Governorate", "Odesa Oblast", "Rakhine
    State"); a type without one keeps the core alone ("North Kivu")."""
    word = _DATA["words"].get(country, {}).get(kind) or _DATA["words"]["*"].get(kind)
    return f"{core} {word}" if word and not core.endswith(f" {word}") else core


def without_type(name: str) -> str:
    """A place's name without the type word a region's canonical name ends with ("Tigray Region" →
    "Tigray"), so that a registry naming the region plainly meets the canonical name."""
    return _TYPE_ENDINGS.sub("", name)


def core_of(name: str) -> str:
    """A gazetteer name as English text names the region: accents dropped, a French compass
    point in English, a type word at its end dropped ("Nord-Kivu" → "North Kivu", "Mon State" →
    "Mon")."""
    core = strip_accents(name).strip()
    for pattern, english in _COMPASS:
        core = pattern.sub(english, core)
    return without_type(core)


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    """The gazetteer's per-country files (``data/by-country/XX/states.json`` of the package),
    found without importing the package (its models load pydantic, some 0.2 s)."""
    spec = importlib.util.find_spec("countrystatecity_countries")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "by-country"


def prepare() -> None:
    """Find the regions' gazetteer, before an article's time budget starts."""
    _folder()


@lru_cache(maxsize=256)
def regions_of(country: str) -> dict[str, Region]:
    """Core → region, of one country (ISO code): the gazetteer's first-level regions but its
    cities (a capital district is the city), each core once (the first of a name)."""
    out: dict[str, Region] = {}
    folder = _folder()
    if folder is None or not re.fullmatch(r"[A-Z]{2}", country or ""):
        return out
    try:
        states = json.loads((folder / country / "states.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return out  # no regions known for that code
    for s in states:
        kind = (s.get("type") or "").lower()
        if kind in NOT_REGIONS or not s.get("name"):
            continue
        core = core_of(s["name"])
        lat = float(s["latitude"]) if s.get("latitude") else None
        lon = float(s["longitude"]) if s.get("longitude") else None
        out.setdefault(core, Region(core, kind, country, lat, lon))
    return out


def region_named(core: str, countries: set[str]) -> Region | None:
    """The region of that core in one of ``countries`` (the first of them, by code, when
    two have one), as written or written otherwise: accents and hyphens aside ("Tillabéri" is
    Tillaberi, "North-West" is Northwest)."""
    if core in NOT_CORES:
        return None
    for c in sorted(countries):
        r = regions_of(c).get(core) or _loosely(c).get(_loose(core))
        if r is not None:
            return r
    return None


def _loose(name: str) -> str:
    """A name without accents, its hyphenated parts as one word ("North-West" → "Northwest")."""
    return strip_accents(re.sub(r"-(\w)", lambda m: m.group(1).lower(), name))


@lru_cache(maxsize=256)
def _loosely(country: str) -> dict[str, Region]:
    """A country's regions by their loose keys (:func:`_loose`), each key once (the first)."""
    out: dict[str, Region] = {}
    for core, r in regions_of(country).items():
        if core not in NOT_CORES:
            out.setdefault(_loose(core), r)
    return out


def named_after(city: str, country: str, skeleton) -> Region:
    """The region a city gives its name to ("the Hama province", "Odesa region"): its type is the
    country's most common one, its centre the gazetteer's region whose name begins as the city's
    does (by ``skeleton``, "Odeska" for Odesa), else none known."""
    regions = list(regions_of(country).values())
    kinds = [r.kind for r in regions]
    kind = max(sorted(set(kinds)), key=kinds.count) if kinds else "region"
    key = skeleton(city)
    same = next((r for r in regions if key and skeleton(r.core).startswith(key)), None)
    return Region(city, same.kind if same else kind, country, same and same.lat, same and same.lon)
