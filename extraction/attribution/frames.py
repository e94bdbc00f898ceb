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

from ..places import default_gazetteer
from .registry import registry


@dataclass(frozen=True)
class Attribution:
    """``sentence[start:end]`` names the claimant; offsets are relative to the text searched."""
    start: int
    end: int
    text: str
    source: str  # canonical name from the registry, or the phrase as written
    registered: bool
    frame: str  # according_to | subject | estimates_of | cited | named | headline | pronoun | indefinite
    relayed_by: tuple[str, ...] = ()  # who passed it on, nearest the claimant first ("…, Yonhap reported, citing X")


LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def parties(text: str) -> tuple[tuple[int, int, str | None, bool], ...]:
    """Spans that name a party: (start, end, canonical or None, estimator_only). Kept per text:
    a sentence is asked about again when a later one looks back for "the agency"."""
    reg = registry()
    spans: list[tuple[int, int, str | None, bool]] = []
    for pat, canonical, est in reg["entries"]:
        for m in pat.finditer(text):
            spans.append((m.start(), m.end(), canonical, est))
    registered = [s for s in spans if not s[3]]
    for m in reg["generic"].finditer(text):
        if re.match(r"\s+(?:that\b|\d)", text[m.end():]) and \
                re.search(r"(?:estimates?|reports?|figures|says|claims)$", m.group(0), re.IGNORECASE):
            continue  # "Kyiv estimates that …": a verb, not "Kyiv estimates" the party
        canonical = None
        inner = {c for a, b, c, _ in registered if m.start() <= a and b <= m.end()}
        if len(inner) == 1 and not re.search(r",|\band\b|\bor\b", m.group(0)):
            canonical = inner.pop()  # "Ukrainian intelligence sources" is Ukrainian intelligence
        spans.append((m.start(), m.end(), canonical, False))
    for m in reg["bare"].finditer(text):
        if m.group(0).lower() not in reg["non_bare"]:
            # "Ethiopian authorities", "Tigrayan officials": capitalised words before the noun belong to the party
            before = re.search(r"((?:[A-Z][\w'’-]*\s+){1,3}(?:[a-z]+\s+)?)$", text[max(0, m.start() - 50):m.start()])
            start = m.start()
            if before:
                mods = before.group(1)
                while mods and mods.split()[0] in reg["not_names"]:  # "A Libyan security analyst": not the "A"
                    mods = mods[len(mods.split()[0]):].lstrip()
                if mods and mods[0].isupper() and mods.split()[-1] not in ("and", "or", "of") and not any(
                        a < m.start() and m.start() - len(mods) < b for a, b, c, _ in spans if c is not None):
                    start = m.start() - len(mods)  # (a registered name before it is joined below: "Pentagon officials")
            spans.append((start, m.end(), None, False))
    # longest first, non-overlapping; a registered name wins a tie
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[2] is None, s[0]))
    kept: list[tuple[int, int, str | None, bool]] = []
    for s in spans:
        if all(s[1] <= k[0] or s[0] >= k[1] for k in kept):
            kept.append(s)
    kept.sort()
    # "Pentagon officials", "Kremlin sources": a registered name before a bare party noun is that party
    joined: list[tuple[int, int, str | None, bool]] = []
    for s in kept:
        if joined and joined[-1][2] is not None and not joined[-1][3] and s[2] is None and \
                text[joined[-1][1]:s[0]].isspace() and reg["bare"].fullmatch(text[s[0]:s[1]]):
            a = joined[-1]
            joined[-1] = (a[0], s[1], a[2], False)
        else:
            joined.append(s)
    kept = joined
    # "South Korean intelligence and foreign analysts": coordinated parties are one claimant
    merged: list[tuple[int, int, str | None, bool]] = []
    for s in kept:
        if merged and re.fullmatch(r"\s*,?\s*(?:and|or)\s+", text[merged[-1][1]:s[0]]):
            a = merged[-1]
            canonical = a[2] if a[2] is not None and a[2] == s[2] else None
            merged[-1] = (a[0], s[1], canonical, False)
        else:
            merged.append(s)
    return tuple(merged)


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
    # a name that owns a count: "The General Staff's figures show …", "UNHCR's latest tally"
    for m in _OWNER.finditer(text):
        s, e = m.start(1), m.end(1)
        name = LEADING_ARTICLE.sub("", m.group(1).strip())
        if not name or name.split()[0] in reg["not_names"] or _is_place(name) or \
                any(not (e <= a.start or s >= a.end) for a in out):
            continue
        out.append(Attribution(s, e, m.group(1), name, False, "subject"))
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
