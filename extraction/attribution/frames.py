"""Who the text says made an estimate: the parties a sentence names in an attribution frame.

A *party* is a name from the source registry (``data/sources.json``), a generic phrase such as
"South Korean, Ukrainian, and Western sources" or "foreign analysts", or a capitalised name
before a reporting verb. A party is a *claimant* only in an attribution frame: after "according
to", as the one who says/estimates/reports, or as "X estimates of". Pure text functions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..places import default_gazetteer
from .registry import registry

FRAMES = ("according_to", "subject", "estimates_of", "cited", "named", "headline", "pronoun", "indefinite", "report_frame")  # how a claimant is named


@dataclass(frozen=True)
class Attribution:
    """``sentence[start:end]`` names the claimant; offsets are relative to the text searched."""
    start: int
    end: int
    text: str
    source: str  # canonical name from the registry, or the phrase as written
    registered: bool
    frame: str  # one of FRAMES
    relayed_by: tuple[str, ...] = ()  # who passed it on, nearest the claimant first ("…, Yonhap reported, citing X")


LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


class PartySpan(NamedTuple):
    """``text[start:end]`` names a party: its registry name (None: as written), and whether the
    registry lists it only as an estimator ("Ukrainian estimates")."""
    start: int
    end: int
    canonical: str | None
    estimator_only: bool


def _registered(text: str, reg) -> list[PartySpan]:
    """Names the source registry lists."""
    return [PartySpan(m.start(), m.end(), canonical, est) for pat, canonical, est in reg["entries"] for m in pat.finditer(text)]


def _generic(text: str, reg, registered: list[PartySpan]) -> list[PartySpan]:
    """Generic phrases ("South Korean, Ukrainian, and Western sources"); one holding a single
    registered name is that party ("Ukrainian intelligence sources")."""
    out = []
    for m in reg["generic"].finditer(text):
        if re.match(r"\s+(?:that\b|\d)", text[m.end():]) and \
                re.search(r"(?:estimates?|reports?|figures|says|claims)$", m.group(0), re.IGNORECASE):
            continue  # "Kyiv estimates that …": a verb, not "Kyiv estimates" the party
        canonical = None
        inner = {r.canonical for r in registered if not r.estimator_only and m.start() <= r.start and r.end <= m.end()}
        if len(inner) == 1 and not re.search(r",|\band\b|\bor\b", m.group(0)):
            canonical = inner.pop()
        out.append(PartySpan(m.start(), m.end(), canonical, False))
    return out


def _bare(text: str, reg, spans: list[PartySpan]) -> list[PartySpan]:
    """Bare party nouns ("officials", "authorities") with the capitalised words before them
    ("Ethiopian authorities", "Tigrayan officials"); a registered name before one is joined later."""
    out = []
    for m in reg["bare"].finditer(text):
        if m.group(0).lower() in reg["non_bare"]:
            continue
        before = re.search(r"((?:[A-Z][\w'’-]*\s+){1,3}(?:[a-z]+\s+)?)$", text[max(0, m.start() - 50):m.start()])
        start = m.start()
        if before:
            mods = before.group(1)
            while mods and mods.split()[0] in reg["not_names"]:  # "A Libyan security analyst": not the "A"
                mods = mods[len(mods.split()[0]):].lstrip()
            if mods and mods[0].isupper() and mods.split()[-1] not in ("and", "or", "of") and not any(
                    r.start < m.start() and m.start() - len(mods) < r.end for r in spans if r.canonical is not None):
                start = m.start() - len(mods)
        out.append(PartySpan(start, m.end(), None, False))
    return out


def _longest(spans: list[PartySpan]) -> list[PartySpan]:
    """Longest first, non-overlapping, in text order; a registered name wins a tie."""
    kept: list[PartySpan] = []
    for r in sorted(spans, key=lambda r: (-(r.end - r.start), r.canonical is None, r.start)):
        if all(r.end <= k.start or r.start >= k.end for k in kept):
            kept.append(r)
    return sorted(kept)


def _joined(text: str, reg, kept: list[PartySpan]) -> list[PartySpan]:
    """"Pentagon officials", "Kremlin sources": a registered name before a bare party noun is that party."""
    out: list[PartySpan] = []
    for r in kept:
        last = out[-1] if out else None
        if last is not None and last.canonical is not None and not last.estimator_only and r.canonical is None and \
                text[last.end:r.start].isspace() and reg["bare"].fullmatch(text[r.start:r.end]):
            out[-1] = PartySpan(last.start, r.end, last.canonical, False)
        else:
            out.append(r)
    return out


def _coordinated(text: str, kept: list[PartySpan]) -> list[PartySpan]:
    """"South Korean intelligence and foreign analysts": coordinated parties are one claimant."""
    out: list[PartySpan] = []
    for r in kept:
        if out and re.fullmatch(r"\s*,?\s*(?:and|or)\s+", text[out[-1].end:r.start]):
            last = out[-1]
            canonical = last.canonical if last.canonical is not None and last.canonical == r.canonical else None
            out[-1] = PartySpan(last.start, r.end, canonical, False)
        else:
            out.append(r)
    return out


@lru_cache(maxsize=4096)
def parties(text: str) -> tuple[PartySpan, ...]:
    """Spans that name a party, in text order: registered names, generic phrases and bare party
    nouns, the longest kept, then joined ("Pentagon officials") and coordinated ("X and Y") into
    one. Kept per text: a sentence is asked about again when a later one looks back for "the agency"."""
    reg = registry()
    spans = _registered(text, reg)
    spans += _generic(text, reg, spans)
    spans += _bare(text, reg, spans)
    return tuple(_coordinated(text, _joined(text, reg, _longest(spans))))


def find_attributions(text: str) -> list[Attribution]:
    """Every claimant named in ``text`` (a sentence), in an attribution frame."""
    reg = registry()
    out: list[Attribution] = []
    taken: list[tuple[int, int]] = []
    for s, e, canonical, estimator_only in parties(text):
        # the frames are anchored next to the party: a short window is enough, and keeps the
        # end-anchored patterns from rescanning the whole sentence
        before, after = text[max(0, s - 80):s], text[e:e + 120]
        frame = None
        if reg["inverted"].search(before):
            frame = "subject"  # "…, said the Pentagon"
        elif re.search(r"(?<![\w])citing\s+(?:the\s+)?$", before, re.IGNORECASE):
            frame = "cited"  # "CNN reported, citing Ukrainian intelligence": the cited party made it
        elif reg["opener"].search(before):
            frame = "according_to"
        elif reg["after_subject"].match(after) or re.match(r"\s*['’]s\s+(?:estimates?|assessments?|figures|data|count|tally)\b", after, re.IGNORECASE):
            frame = "subject"
        elif not estimator_only and re.search(r"(?:estimates?|figures|assessments?|data|reports?)$", text[s:e], re.IGNORECASE) \
                and canonical is None and " " in text[s:e]:
            frame = "estimates_of"
        if frame is None:
            continue
        surface = text[s:e]
        source = canonical or LEADING_ARTICLE.sub("", surface)  # an unregistered party is kept as written
        out.append(Attribution(s, e, surface, source, canonical is not None, frame))
        taken.append((s, e))
    # a capitalised name before a reporting verb that the registry does not know: "Oleksandr Syrskyi said"
    for m in reg["named_subject"].finditer(text):
        s, e = m.start(1), m.end(1)
        name = m.group(1).strip()
        first = name.split()[0]
        if first in reg["not_names"] or any(not (e <= a or s >= b) for a, b in taken):
            continue
        if _is_place(name):
            continue  # "Khartoum", "Azawad": a place that is no registered claimant is where, not who
        if s > 0 and text[max(0, s - 2):s].strip() not in ("", ",", ".", "\"", "“", "(") and text[s - 1] not in " \n\"“(":
            continue
        out.append(Attribution(s, e, name, LEADING_ARTICLE.sub("", name), False, "subject"))
    # …and one after an opener: "according to the Shan State Progress Party"
    for m in reg["named_opened"].finditer(text):
        name = m.group(1).strip()
        end = m.end(1)
        if name.endswith(".") and not _ABBREVIATION.search(name):
            name, end = name[:-1], end - 1  # "… according to the International Crisis Group.": the sentence's stop
        if _unclaimed_name(name, m.start(1), end, out, reg):
            out.append(Attribution(m.start(1), end, name, name, False, "according_to"))
    # a name that owns a count: "The General Staff's figures show …", "UNHCR's latest tally"
    for m in _OWNER.finditer(text):
        name = LEADING_ARTICLE.sub("", m.group(1).strip())
        if _unclaimed_name(name, m.start(1), m.end(1), out, reg):
            out.append(Attribution(m.start(1), m.end(1), m.group(1), name, False, "subject"))
    # …and one after it: "…, said Lee Seong-kweun, a lawmaker"
    for m in reg["named_after"].finditer(text):
        s, e = m.start(1), m.end(1)
        name = m.group(1)
        if name.split()[0] in reg["not_names"] or any(not (e <= a.start or s >= a.end) for a in out):
            continue
        if re.match(r"\s+[a-z]", text[e:e + 2]) and name in reg["adjectives"]:
            continue  # "…, said Russian losses had passed …": an adjective opening what was said
        out.append(Attribution(s, e, name, name, False, "subject"))
    out.sort(key=lambda a: a.start)
    return out


_OWNER = re.compile(r"(?<![\w'’])((?:[A-Z][\w'’-]*\s+(?:of\s+(?:the\s+)?)?){0,4}[A-Z][\w-]*)['’]s\s+"
                    r"(?:(?:latest|own|new|updated|official|daily|weekly)\s+)?"
                    r"(?:estimates?|assessments?|figures|data|count|tally|toll|reports?|statistics)\b")


_ABBREVIATION = re.compile(r"(?:^|[\s.])[A-Z]\.$")  # "U.N.", "U.S.": the stop is the name's


def _unclaimed_name(name: str, s: int, e: int, found: list[Attribution], reg) -> bool:
    """A name no registry holds may be a claimant: not a word that opens no name ("The", "Some"),
    not a place, and not inside a claimant already found."""
    return bool(name) and name.split()[0] not in reg["not_names"] and not _is_place(name) and \
        all(e <= a.start or s >= a.end for a in found)


def _is_place(name: str) -> bool:
    return default_gazetteer().get(LEADING_ARTICLE.sub("", name)) is not None


def nearest(attributions: list[Attribution], start: int, end: int) -> Attribution | None:
    """The attribution closest to the figure at ``[start, end)``; a party the reporter cites
    ("…, CNN reported, citing Ukrainian intelligence") comes before the reporter."""
    cited = [a for a in attributions if a.frame == "cited"]
    best, best_d = None, None
    for a in cited or attributions:
        if a.start < end and start < a.end:
            continue
        d = start - a.end if a.end <= start else a.start - end
        if best_d is None or d < best_d:
            best, best_d = a, d
    return best


def defers(text: str) -> bool:
    """The sentence hands its figures to an earlier claimant: "Reports suggest …",
    "… a report points out", "he said", "the agency estimates"."""
    reg = registry()
    return any(p.search(text) for p in reg["vague"]) or bool(reg["pronoun"].search(text))
