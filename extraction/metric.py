"""What a figure counts: the counted noun and the metric, read from the parse of its sentence.
Which nouns and event words mean which metric is data (``data/metrics.json``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from .lexicon import NEUTRAL_PEOPLE, lexicon, metric_groups
from .parse import (
    CLAUSE_MODIFIER,
    CLAUSE_UP,
    NOUN_MODIFIER,
    SUBJECT,
    VERBAL,
    clause_verb,
    heads,
    lemma,
    own_extensions,
    root,
    with_extensions,
)

SKIPPED_DETERMINERS = ("the", "these", "those", "its", "their")
PARTITIVE_PREPS = ("among",)
ELLIPTICAL_NOUNS = ("others", "more")
CASE_NOUNS = ("case", "incident", "instance")
MILITARY_WORDS = ("military", "army")
EVACUATED = ("evacuate",)  # an event word of returning that, for civilians, drives them out


def counted_noun(span):
    """The noun a figure counts: "12 000 people", "thousands of troops", "10,000 North Korean
    combat soldiers"; the counted thing of "the number of …" / "the toll"; for a figure in
    brackets, the unit noun before them; None for "600 had died" or "6,000 of them"."""
    noun = _noun_after(span)
    if noun is not None and lemma(noun) in CASE_NOUNS:  # "281 cases of summary executions": what the cases are
        noun = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                     if g.dep_ == "pobj"), noun)
    if noun is not None and noun.lower_ in ELLIPTICAL_NOUNS and noun.i == span.end:
        return None  # "90 others were wounded": counts what its words or the figure before count
    if noun is not None:
        return noun
    return _counted_by_phrase(span) or _noun_before_brackets(span)


def _noun_after(span):
    doc, lex = span.doc, lexicon()
    i = span.end
    if i < len(doc) and doc[i].text == "+" and doc[i].idx == span.end_char:
        i += 1  # "67,000+": the hedge, not what is counted
    if i + 1 < len(doc) and doc[i].text == ":" and (span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
                                                    or doc[span.start - 1].is_space):
        i += 1  # a list of figures, one a line: "1,200: people killed in the attack"
    if i < len(doc) and doc[i].pos_ in ("ADJ", "VERB") and doc[i].lower_ in lex.unit_metrics:
        both = i + 2 < len(doc) and doc[i + 1].lower_ in ("and", "or") and doc[i + 2].lower_ in lex.unit_metrics
        # "300 dead and 2,700 wounded" (but "3,000 dead and wounded" is one count of both); not the
        # word before the noun it describes ("650,000 displaced people": people, displaced)
        of_noun = doc[i].dep_ == "amod" and doc[i].head.i == i + 1 and doc[i + 1].pos_ == "NOUN" and \
            lemma(doc[i + 1]) in lex.humans and lemma(doc[i + 1]) not in lex.military_people
        if not both and not of_noun:
            return doc[i]
    partitive = span[-1].pos_ == "NUM" and i + 2 < len(doc) and doc[i + 1].lower_ in SKIPPED_DETERMINERS \
        and lemma(doc[i + 2]) not in lex.count_nouns and doc[i + 2].lower_ not in ("total", "rest", "remainder")
    if i < len(doc) and doc[i].lower_ == "of" and (span[-1].lower_ in lex.vague_heads or span[-1].pos_ == "NOUN"
                                                     or partitive):  # "102 of the missiles"
        i += 1
        if i < len(doc) and doc[i].pos_ in ("DET", "PRON") and doc[i].lower_ in SKIPPED_DETERMINERS:
            i += 1
    noun = None
    j = i
    while j < len(doc) and j < i + 6:
        t = doc[j]
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ == "poss" and j + 1 < len(doc) and doc[j + 1].dep_ == "case" \
                and doc[span.end].lower_ == "of":
            j += 2  # "nine of the president's guards": the owner is not what is counted
            continue
        if t.pos_ in ("NOUN", "PROPN") or (t.pos_ in ("ADJ", "VERB") and t.dep_ in ("amod", "compound")):
            if t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.lower_ in lex.unit_metrics):
                noun = t
                if j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN":
                    j += 1
                    continue
                if lemma(noun) in lex.unit_metrics or lemma(noun) in lex.people:
                    return noun  # "150 rockets and drones": the figure counts the first, a known noun
                return _coordinated(doc, j + 1) or noun
            j += 1
            continue
        if t.pos_ == "CCONJ" and j > i:  # "KN-23 and KN-24 missiles"
            return _coordinated(doc, j)
        if t.text == "%":
            return t
        if t.pos_ == "ADJ" and t.dep_ == "pobj" and t.lower_ in lex.unit_metrics:
            return t  # "15,000 of the dead
        if t.text == "-" and j > i:  # "long-range artillery pieces"
            j += 1
            continue
        if j == i and t.text in ('"', "\u201c", "'", "\u2018"):  # 'about 100 "terror targets"': the quoted noun
            j += 1
            continue
        break
    return noun


def _coordinated(doc, j):
    """"13 cruise and ballistic missiles": after a conjunction at ``j``, the known counted noun
    that the coordinated modifiers share (None when there is none within a few words)."""
    lex = lexicon()
    if j >= len(doc) or doc[j].pos_ != "CCONJ":
        return None
    for t in doc[j + 1:j + 5]:
        if t.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT") or t.text in (",", ";") or t.like_num:
            return None
        if t.pos_ == "NOUN" and (lemma(t) in lex.unit_metrics or lemma(t) in lex.people):
            return t
    return None


def _counted_by_phrase(span):
    """"put the number of North Korean dead at 1,500", "the death toll … stands at 2,000",
    "losses … had reached 6,000" (the subject of the figure's verb names what is counted)."""
    lex = lexicon()
    for t in count_nouns_of(span):
        pobj = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                if g.dep_ == "pobj" and not span.start <= g.i < span.end]  # "a toll of 1,260": the figure is no counted noun
        if pobj:
            return pobj[0]
        comp = [c for c in t.children if c.dep_ == "compound"]
        if comp:  # "Gaza death toll": the compound that says what is counted, else the count
            # noun when it names one itself ("quake toll"), else the nearest compound
            return next((c for c in comp if lemma(c) in lex.unit_metrics),
                        t if lemma(t) in lex.unit_metrics else comp[-1])
        if lemma(t) in lex.unit_metrics:
            return t  # "the toll rose to 2,000"
    verb = clause_verb(span.root)
    if verb is not None:
        for c in verb.children:
            # "shelling kills dozens": the subject of an event verb whose object is the figure did
            # the harm, it is not what is counted
            if c.dep_ in SUBJECT and lemma(c) in lex.unit_metrics and not (
                    span.root.dep_ == "dobj" and span.root.head == verb and cue_metric([verb]) is not None):
                return c
            if c.dep_ in SUBJECT and lemma(c) in lex.military_people and lemma(verb) in lex.size_verbs:
                return c  # "the first contingent numbered 12,000", "the force could swell to 100,000"
        if verb.dep_ in ("acl", "pcomp", "xcomp") and lemma(verb.head) in lex.unit_metrics \
                and verb.head.pos_ in ("NOUN", "ADJ", "ADV"):
            return verb.head  # "war dead approaching 123,000", "deaths nearing 50,000"


def count_nouns_of(span):
    """The count nouns ("number", "total", "toll") before the figure that it gives the value of."""
    doc, lex = span.doc, lexicon()
    head, verb = span.root.head, clause_verb(span.root)
    return [t for t in doc[span.sent.start:span.start] if lemma(t) in lex.count_nouns and (
        t.head == head or t.head == head.head or head.head == t.head or t.head.head == head
        or (t.head == verb and t.dep_ in ("dobj", "nsubj", "nsubjpass")))]  # "put the toll somewhere from …"


def gives_a_count(span) -> bool:
    """"put the total at 35,091": the figure is the value of a count that names nothing it counts."""
    return bool(count_nouns_of(span))


def _noun_before_brackets(span):
    doc, lex = span.doc, lexicon()
    if span.start > 0 and doc[span.start - 1].text == "(":
        for t in reversed(doc[max(0, span.start - 10):span.start - 1]):
            if lemma(t) in lex.unit_metrics or lemma(t) in lex.people:
                return t
    return None


def cue_metric(toks) -> tuple[str, object] | None:
    """The metric the event words among ``toks`` say, with the token that says it."""
    words = {}
    idioms = lexicon().cue_idioms
    for t in toks:
        phrases = idioms.get(lemma(t))
        if phrases:
            after = t.doc[t.i + 1:t.i + 4].text.lower()
            if any(after == p or after.startswith(p + " ") for p in phrases):
                continue  # "estimates falling in a range of …", "the number fell to …": no event
        for w in (lemma(t), t.lower_):
            words.setdefault(w, t)
    def joined(a, b) -> bool:
        # "killed or wounded" is one count of both; "300 killed and 2,700 wounded" is two counts
        a, b = sorted((a, b), key=lambda t: t.i)
        return all(t.lower_ in ("or", "and", ",", "/", "and/or") for t in a.doc[a.i + 1:b.i])
    return _first_cue(words, joined)


def _first_cue(words: dict, joined) -> tuple[str, object] | None:
    """The metric of the first cue of :data:`lexicon` ``cues`` that ``words`` (word → what says
    it) holds, with what says it; a cue of two words ("all") only when ``joined(a, b)`` says the
    two name one count."""
    for cue in lexicon().cues:
        if "all" in cue:
            hits = [next((words[w] for w in group if w in words), None) for group in cue["all"]]
            if all(h is not None for h in hits) and joined(*hits):
                return cue["metric"], hits[0]
        else:
            for w in cue["any"]:
                if w in words:
                    return cue["metric"], words[w]
    return None


DEMONYM_PLURAL = re.compile(r"[A-Z][a-z]+(?:ians|ans|is|ese)")  # "Palestinians", "Israelis", "Sudanese"


def unit_of(noun) -> str | None:
    if noun is None:
        return None
    if noun.text == "%":
        return "%"
    if DEMONYM_PLURAL.fullmatch(noun.text) and (noun.tag_ in ("NNPS", "NNS") or noun.text.endswith("ese")):
        return "people"  # people named by their nationality: soldiers or civilians, as "people"
    if noun.pos_ in ("VERB", "ADJ") and noun.lower_ in lexicon().civilians:
        return noun.lower_  # "the 10 million displaced": the people as written, not the verb's lemma
    return {"troops": "troop"}.get(noun.lower_, noun.lower_) if noun.lower_ in ("people", "personnel", "servicemen", "troops") \
        else lemma(noun)


class MetricDecision(NamedTuple):
    """What a figure counts and how that was decided: ``group`` says where the metric was read
    (unit, modifier, clause, higher, ellipsis, part), ``rule`` names the rule that decided it."""
    metric: str
    unit: str | None
    cue: object | None  # the event word's token, when one decided it
    group: str
    rule: str


UNTRACKED = "untracked"  # a rule's answer "counts nothing we keep": no later rule is tried


@dataclass
class _Figure:
    """What the metric rules read of one figure; what takes work is read once, when a rule asks."""
    span: object
    noun: object
    unit: str | None
    lex: object

    @property
    def anchor(self):
        return self.noun if self.noun is not None else root(self.span)

    @cached_property
    def fixed(self) -> str | None:
        """The metric the counted noun names ("artillery shells"), or a compound on it ("shell containers")."""
        if self.noun is None:
            return None
        units = self.lex.unit_metrics
        return units.get(self.unit) or units.get(self.noun.lower_) or next(
            (units[lemma(c)] for c in self.noun.children if c.dep_ == "compound" and lemma(c) in units), None)

    @cached_property
    def found(self):
        """(metric, cue, group) the words about the figure give, or None."""
        return _metric_of_words(self)


def _unit_fixes_it(f: _Figure):
    """"artillery shells", "shell containers": the counted noun (or a compound on it) names the metric."""
    return (f.fixed, f.unit, None, "unit") if f.fixed and f.unit not in f.lex.people else None


def _noun_untracked(f: _Figure):
    """A counted noun that is no people and fixes no metric: "as tens of thousands flee" in a headline
    (the event word taken for the counted noun) reads as that event; "the two leaders", "400 homes"
    count something we do not track."""
    lex, noun, unit = f.lex, f.noun, f.unit
    if noun is None or f.fixed or unit in lex.people or noun.lower_ in lex.people or unit in lex.civilians:
        return None
    hit = cue_metric([noun]) if noun.pos_ == "NOUN" and all(f.span.start <= c.i < f.span.end for c in noun.children) else None
    return (hit[0], None, hit[1], "clause") if hit else UNTRACKED


def _displaced(f: _Figure):
    """"3,500 people have reached a displacement camp", "driven … from their homes": people displaced;
    civilians evacuated ("138,000 people have been evacuated"), who do not come home as troops do."""
    lex, unit, found = f.lex, f.unit, f.found
    civil = unit in lex.civilians or unit in NEUTRAL_PEOPLE
    if civil and found is not None and found[0] == "returned" and found[1] is not None and lemma(found[1]) in EVACUATED:
        return "other", unit, found[1], "clause"
    if (f.noun is None or civil) and _is_displaced(f.anchor) and (
            found is None or (found[0] == "troops_deployed" and (found[1] is None or lemma(found[1]) not in lex.troop_verbs))):
        return "other", unit or "people", None, "clause"  # "displaced upwards of 1 million": people
    return None


def _whole_of_a_part(f: _Figure):
    """"killed three of its 25 crew": the figure counts the whole a part is taken from; what befell
    the part is not its event: troops are counted as troops, other people as people (other)."""
    noun = f.noun
    if noun is None or noun.dep_ != "pobj" or noun.head.lower_ != "of" or f.unit not in f.lex.humans:
        return None
    part = noun.head.head
    if part.pos_ == "NUM" and part.i < f.span.start and f.found is not None and f.found[0] in TOLL_METRICS + ("captured",):
        return ("troops_deployed" if f.unit in f.lex.military_people else "other"), f.unit, None, "whole"
    return None


def _civilians_are_no_troops(f: _Figure):
    """"25,000 workers … sent to factories" are not troops ("military construction workers" are)."""
    if f.unit in f.lex.civilians and not _military_modifier(f) and (f.found is None or f.found[0] == "troops_deployed"):
        return "other", f.unit, None, "unit"
    return None


def _words_about_it(f: _Figure):
    """The metric the words about the figure give: its modifiers, its owner, its clauses, its
    sentence. A figure that names nothing it counts is not troops by a mere movement ("900 more
    arrived"): it counts what the figure before it counts (:func:`carried_over`)."""
    if f.found and f.noun is None and f.found[0] == "troops_deployed" and f.found[1] is not None \
            and lemma(f.found[1]) not in f.lex.troop_verbs:
        return None
    if f.found and f.found[0] == "other" and f.noun is None and _displacing(f.found[1], f.lex):
        return "other", "people", f.found[1], f.found[2]  # "and displaced upwards of 1 million": people
    return (f.found[0], f.unit, f.found[1], f.found[2]) if f.found else None


def _displacing(cue, lex) -> bool:
    """An event word of people driven out ("displaced", "fled")."""
    return cue is not None and (lemma(cue) in lex.displacement or cue.lower_ in lex.displacement)


def _military_modifier(f: _Figure) -> bool:
    """"military construction workers", "army engineers": people a military word makes troops."""
    return f.noun is not None and any(lemma(t) in MILITARY_WORDS for left in f.noun.lefts for t in left.subtree)


def _military_noun(f: _Figure):
    """Soldiers, troops (or people a military word qualifies), with no event word: troops deployed."""
    lex, unit = f.lex, f.unit
    return ("troops_deployed", unit, None, "unit") if unit in lex.military_people or (
        unit and unit.rstrip("s") in lex.military_people) or (unit in lex.people and _military_modifier(f)) else None


def _unit_metric(f: _Figure):
    """A counted noun of the unit list, with nothing else said."""
    return (f.lex.unit_metrics[f.unit], f.unit, None, "unit") if f.unit in f.lex.unit_metrics else None


def _list_label(f: _Figure):
    """"Dead: 38" under a heading: the label before the colon says what the entry counts."""
    head = f.span.root.head
    doc = f.span.doc
    if f.noun is not None or head.i >= f.span.start or not any(t.text == ":" for t in doc[head.i:f.span.start]):
        return None
    hit = cue_metric([head])
    if hit:
        return hit[0], None, hit[1], "clause"
    return (f.lex.unit_metrics[lemma(head)], None, head, "unit") if lemma(head) in f.lex.unit_metrics else None


def _both_after(f: _Figure):
    """"1,200 dead and wounded", "300 killed or injured": one count of both, whatever the parse."""
    toks = f.span.doc[f.span.end:f.span.end + 3]
    if f.noun is not None or len(toks) < 3 or toks[1].lower_ not in ("and", "or"):
        return None
    hit = cue_metric(toks)
    return ("casualties", None, hit[1], "clause") if hit and hit[0] == "casualties" else None


def _verb_before(f: _Figure):
    """"Air strikes on Idlib kill at least 25": a headline's present-tense toll verb right before a
    figure that names nothing it counts, which the parse may read as a noun."""
    i = f.span.start - 1
    while i >= 0 and f.span.start - i <= 3 and f.span.doc[i].dep_ == "advmod" and f.span.doc[i].head.i in range(i, f.span.end):
        i -= 1  # its hedge: "kill at least 25"
    if f.noun is not None or i < 0:
        return None
    t = f.span.doc[i]
    hit = cue_metric([t])
    if hit is None or hit[0] not in TOLL_METRICS or t.lower_ not in (lemma(t), lemma(t) + "s"):
        return None
    return hit[0], None, hit[1], "clause"


# The metric rules, tried in this order; the first that answers decides (UNTRACKED: no claim).
METRIC_RULES = (
    ("killed and wounded together", _both_after),
    ("counted noun names the metric", _unit_fixes_it),
    ("counted noun is no people", _noun_untracked),
    ("people displaced", _displaced),
    ("the whole a part is taken from", _whole_of_a_part),
    ("civilians are no troops", _civilians_are_no_troops),
    ("words about the figure", _words_about_it),
    ("a list entry's label", _list_label),
    ("military people", _military_noun),
    ("unit list", _unit_metric),
    ("a toll verb right before it", _verb_before),
)


# the rules that carry the metric of the claim before (carried_over, part_of_toll), by name
CARRY_RULES = ("a bare figure counts what the claim before it counts", "a part of the toll before it",
               "people right after a toll")


TABLE_RULE = "a table column's header"


def metric_of_header(header: str) -> MetricDecision | None:
    """What the figures of a table's column count, by its header ("Killed", "Injured", "Drones
    launched"): its words as event words (the cues, in their order), else as a counted noun;
    each word as written or without a plural or past ending ("Deaths", "Killed")."""
    lex = lexicon()
    words = [w for w in re.findall(r"[a-z]+", header.lower())]
    forms = {f for w in words for f in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("ed") else w,
                                        w[:-1] if w.endswith("ed") else w)}
    hit = _first_cue({f: f for f in forms}, lambda a, b: True)  # a header's words name one count
    if hit:  # an event's column counts people ("Killed", "Displaced"), as "12 were killed" does
        return MetricDecision(hit[0], "people", None, "clause", TABLE_RULE)
    unit = next((f for f in forms if f in lex.unit_metrics), None)
    return MetricDecision(lex.unit_metrics[unit], unit, None, "unit", TABLE_RULE) if unit else None


def decide_metric(span, noun) -> MetricDecision | None:
    """What a figure counts, by the first of :data:`METRIC_RULES` that answers; None when it
    counts nothing we keep."""
    f = _Figure(span, noun, unit_of(noun), lexicon())
    for name, rule in METRIC_RULES:
        got = rule(f)
        if got is UNTRACKED:
            return None
        if got is not None:
            return MetricDecision(*got, rule=name)
    return None


def _metric_of_words(f: _Figure):
    """(metric, cue, group) the words about a figure give, or None."""
    span, noun, unit, lex, anchor = f.span, f.noun, f.unit, f.lex, f.anchor
    if noun is not None and noun.i > span.end and span.doc[span.end].lower_ == "of":
        # "Around 1,000 of the troops sent to Russia had been killed": what befell the part is
        # its clause's event; the words about the whole ("sent") describe the whole
        found = _metric_of_clauses(root(span)) or _metric_of_modifiers(span, noun) or _metric_of_owner(anchor, unit)
    else:
        about = _metric_of_modifiers(span, noun) or _metric_of_owner(anchor, unit)
        fronted = noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of"  # "Of the 11,000 troops, 4,000 …"
        found = about
        if about is None or (about[2] == "modifier" and not fronted and (
                about[0] == "troops_deployed" or (about[0] not in TOLL_METRICS + ("captured",) and _in_relative(about[1])))):
            # "40,000 men fighting for the army have been killed", "three villagers who tried to
            # flee were shot dead": the words about who they are give way to what befell them
            event = _metric_of_clauses(anchor)
            if about is None or (event is not None and event[0] in TOLL_METRICS + ("captured",)):
                found = event
    if found is None and (unit in lex.civilians or unit in NEUTRAL_PEOPLE or (noun is None and _tally_entry(span))):
        # "The provinces with the most recorded deaths are Tula, with 2,310": an entry of a
        # tally, or people who are no troops, in a sentence about one toll count that toll
        found = _metric_of_sentence(span)
    return found


TOLL_METRICS = tuple(metric_groups()["tolls"])  # not "captured": in a sentence it is as often a town
TALLY_PREPS = ("with", "on", "at")


class LastFigure(NamedTuple):
    """The claim just before a figure: its sentence's index, metric and unit."""
    sentence: int
    metric: str
    unit: str | None


ELLIPSIS_REACH = 1  # sentences back a bare figure may look for what it counts


def carried_over(last: LastFigure | None, k: int, span, noun) -> MetricDecision | None:
    """"129 launched on Friday alone", "put the total at 35,091", "111 of them": a figure that
    names nothing it counts, in an argument's role, counts what the claim just before it counts."""
    if noun is not None or last is None:
        return None
    if k - last.sentence > ELLIPSIS_REACH and not gives_a_count(span):
        return None  # "put the total at 35,091" speaks of the count in hand, however far back
    part = _of_them(span)
    if (span.root.dep_ not in lexicon().elliptical_deps and not part) or len(span) > 4:
        return None
    if part:  # "1,100 injuries, 400 of them fatal": the part's own event word, if it has one
        after = []
        for t in span.doc[span.end + 2:span.end + 6]:
            if t.is_punct:
                break
            after.append(t)
        hit = cue_metric(after)
        if hit is not None and hit[0] in TOLL_METRICS:
            return MetricDecision(hit[0], None, hit[1], "part", "words about the figure")
    return MetricDecision(last.metric, last.unit, None, "ellipsis", CARRY_RULES[0])


def _of_them(span) -> bool:
    """"…, 600 of them with gunshot wounds": a part of the figure before, whatever its role in the parse."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].lower_ == "of" and doc[span.end + 1].lower_ in ("them", "those", "whom")


TOLL_GIVING = frozenset({"give", "list", "include", "be", "put", "count", "number", "record", "total"})  # verbs that only give a toll


def part_of_toll(last: LastFigure | None, k: int, span, decided: MetricDecision | None) -> MetricDecision | None:
    """"…put the total at 12,400, including 3,100 women and 4,800 children": people counted as a
    part of the toll just before them in the sentence, or civilians with no event of their own in
    the sentence after a toll, count what that toll counts (None: no change)."""
    if last is None or last.metric not in TOLL_METRICS or k - last.sentence > ELLIPSIS_REACH:
        return None
    if decided is not None and (decided.metric not in ("other", "troops_deployed") or decided.group != "unit"):
        return None
    if last.sentence == k and is_part(span):
        return MetricDecision(last.metric, decided.unit if decided else None, None, "part", CARRY_RULES[1])
    verb = clause_verb(span.root)
    if decided is not None and decided.metric == "other" and decided.unit in lexicon().civilians and (
            verb is None or lemma(verb) in lexicon().reporting or lemma(verb) in TOLL_GIVING):
        # "… listed 2,000 women among the dead. A later update gave 1,800 women and 2,600 children":
        # people with no event of their own, right after a toll of people, are counted by that toll
        # (not "The centre held 115 migrants": held, their own)
        return MetricDecision(last.metric, decided.unit, None, "part", CARRY_RULES[2])
    return None


def is_part(span) -> bool:
    """Whether the figure is named as a part of something before it: "including 9,961 women",
    "among them 20 children" (``part_words``), or an entry of a list after a colon."""
    words = lexicon().part_words
    for t in heads(root(span))[1:]:
        if lemma(t) in words or t.lower_ in words:
            return True
        if t.pos_ in VERBAL:
            break
    doc = span.doc
    before = doc[span.sent.start:span.start]
    return any(t.text == ":" for t in before) and all(t.pos_ not in VERBAL for t in doc[
        max(t.i for t in before if t.text == ":") + 1:span.start])


def _is_displaced(anchor) -> bool:
    """Whether the clause of the figure speaks of people displaced: its verb, the verb's
    objects and the nouns of its phrases ("reached safety", "arrived at the displacement camp",
    "driven from their homes", "Chad has received …")."""
    verb = clause_verb(anchor) if anchor.pos_ not in VERBAL else anchor
    if verb is None:
        return False
    near = [verb, *verb.children]
    near += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    near += [m for t in near[1:] if t.pos_ in ("NOUN", "PROPN") for m in t.children if m.dep_ in ("amod", "compound")]
    return any(_displacing(t, lexicon()) for t in near)


def _tally_entry(span) -> bool:
    """"Bashkortostan, with 5,945", "Perm Krai on 3,768": a bare figure that a place or party
    in a list holds."""
    doc, i = span.doc, span.start  # read from the words, as the parse of such lists is often wrong
    if i < 2 or doc[i - 1].lower_ not in TALLY_PREPS:
        return False
    if span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN"):
        return False  # "on 300 positions"
    before = doc[i - 2]
    return before.pos_ == "PROPN" or (before.text == "," and i > 2 and doc[i - 3].pos_ == "PROPN")


def _metric_of_sentence(span):
    """The toll (killed, wounded, casualties) that the figure's sentence speaks of,
    when it speaks of one only."""
    hits = [h for h in (cue_metric([t]) for t in span.sent) if h and h[0] in TOLL_METRICS]
    metrics = {m for m, _ in hits}
    if len(metrics) != 1:
        return None
    metric = metrics.pop()
    cue = next(t for m, t in hits if m == metric)
    return metric, cue, "sentence"


def _in_relative(cue) -> bool:
    """The cue stands in a relative clause or a participle on the counted noun ("who tried to
    flee", "shot at a checkpoint")."""
    return cue is not None and any(t.dep_ in ("relcl", "acl") for t in heads(cue)[:4])


def _metric_of_modifiers(span, noun):
    """Words that modify the counted thing: "fallen soldiers", "soldiers who returned"."""
    mods = [c for c in noun.children if c.dep_ in NOUN_MODIFIER and c.i > span.start - 3] if noun is not None else []
    mods += [c for c in root(span).children if c.dep_ in CLAUSE_MODIFIER]
    # "9,500 women … among the dead": the group the counted people are part of
    group = [] if noun is None else [noun, *(c for c in noun.children if c.dep_ == "conj")] + \
        ([noun.head] if noun.dep_ == "conj" else [])
    mods += [g for t in group for c in t.children
             if c.dep_ == "prep" and c.lower_ in PARTITIVE_PREPS for g in c.children if g.dep_ == "pobj"]
    hit = cue_metric(with_extensions(mods))
    return (hit[0], hit[1], "modifier") if hit else None


def _metric_of_owner(anchor, unit):
    """A figure in a fronted "Of the 11,000 troops, 4,000 were casualties" is not what its
    clause's verb counts; a metric noun that owns the phrase may say what it is ("the deaths
    of 300 soldiers")."""
    lex = lexicon()
    t = anchor
    while t.head != t and t.pos_ not in VERBAL:
        if t.dep_ == "pobj" and t.head.dep_ == "prep":
            owner = t.head.head
            metric = lex.unit_metrics.get(lemma(owner)) if owner.pos_ == "NOUN" else None
            if metric and metric != "other":
                return metric, owner, "modifier"
            if owner.pos_ in VERBAL and t.head.lower_ == "of" and unit in lex.military_people:
                return "troops_deployed", None, "unit"
        t = t.head
    return None


def _care_places(verb) -> list:
    """The place of care a verb takes its people to or treats them in ("admitted to hospital")."""
    return [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "in", "into")
            for g in c.children if g.dep_ == "pobj" and lemma(g) in lexicon().care_places]


def _metric_of_clauses(anchor):
    """The clause the figure stands in ("2,000 soldiers have died"), then the clauses above it
    up to a verb of saying ("intends to … send 25,000 soldiers": deployment only)."""
    verb = clause_verb(anchor)
    if verb is None:
        return None
    # with the adverbs that complete the verb's event ("had come home", "were sent back")
    adverbs = [c for c in verb.children if c.dep_ in ("advmod", "npadvmod")]
    # its own event first: "… were evacuated, and that 12 civilians had been killed" is no toll of the evacuated
    among = _among(verb)  # "Among the dead were two officers shot at …": the toll they are counted in, first
    hit = (among if among is not None and among[0] in TOLL_METRICS + ("captured",) else None) \
        or cue_metric(own_extensions([verb]) + _sharing(verb) + adverbs) or cue_metric(with_extensions([verb]) + adverbs) \
        or _held(verb) or among
    hit = hit or _of_the_whole(verb)
    care = _care_places(verb)
    if care and (hit is None or hit[0] not in TOLL_METRICS):
        return "wounded", care[0], "clause"  # "sent 1,277 to hospital", "admitted to hospital"
    if hit:
        return hit[0], hit[1], "clause"
    t, higher = verb, []
    while t.head != t and t.dep_ in CLAUSE_UP:
        t = t.head
        if lemma(t) in lexicon().reporting:
            break
        higher.append(t)
    hit = cue_metric(higher)
    if hit and hit[0] == "troops_deployed":
        return hit[0], hit[1], "higher"
    return None


def _sharing(verb) -> list:
    """The verb this conjunct verb shares its object with ("had killed or wounded more than 70
    soldiers": "killed", which has no object of its own), so that both name one count."""
    if verb.dep_ != "conj" or verb.head.pos_ != "VERB" or not any(c.dep_ == "cc" for c in verb.head.children) \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return []  # "4,671 people injured and 214 missing": a clause of its own
    return [] if any(c.dep_ in ("dobj", "nsubjpass") for c in verb.head.children) else [verb.head]


def _of_the_whole(verb):
    """"Of the dead, 29 were fighters": the event of the whole a fronted "of" takes the figure from."""
    whole = [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "of" and p.i < verb.i
             for g in p.children if g.dep_ == "pobj"]
    return cue_metric([t for g in whole for t in (g, *(c for c in g.children if c.dep_ in ("amod", "compound")))])


def _among(verb):
    """"270 soldiers were among those returned", "12 children are among the dead": the event of the
    group the figure's people are counted among (its cue and the token that says it), else None."""
    holders = [verb]
    if verb.dep_ == "ccomp" and lemma(verb.head) == "be":
        holders.append(verb.head)  # "Among the dead were two officers shot at …", parsed as a clause of "were"
    group = [g for v in holders for p in v.children if p.dep_ == "prep" and p.lower_ == "among"
             for g in p.children if g.dep_ == "pobj"]
    return cue_metric([t for g in group for t in (g, *(c for c in g.children if c.dep_ in ("acl", "relcl")))]) \
        if group else None


def _held(verb):
    """"22,000 remain in detention", "held in captivity": the state a clause puts its people in,
    when it is one of capture (its cue and the token that says it), else None."""
    for g in (g for p in verb.children if p.dep_ == "prep" and p.lower_ == "in" for g in p.children if g.dep_ == "pobj"):
        hit = cue_metric([g])
        if hit and hit[0] == "captured":
            return hit
    return None


def presence_of(span, noun) -> str | None:
    """Whether a count of troops is a total sent so far ("sent": its clause's verb sends them,
    "North Korea has sent 11,000 troops") or the number there now ("present": a verb of being
    there, "10,000 remain in Kursk", or "be" in the present tense or with a word of now, "some
    10,000 are still in Kursk"); None when the clause says neither."""
    words = lexicon().presence
    verb = clause_verb(noun if noun is not None else root(span))
    if verb is not None:
        lem = lemma(verb)
        if lem in words["sent"]:
            return "sent"
        now = any(c.lower_ in words["now"] for c in verb.children)
        if lem in words["present"] and (lem != "be" or now or verb.tag_ in ("VBP", "VBZ")):
            return "present"
    if noun is not None and any(c.dep_ == "advmod" and c.lower_ in words["now"] for c in noun.subtree):
        return "present"  # "troops now in Russia"
    return None
