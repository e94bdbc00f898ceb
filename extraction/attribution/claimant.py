"""The claimant of each figure: the party whose reporting verb governs it in the parse, else the
nearest party of its sentence, else (when the sentence defers: "he said", "reports suggest")
the last party of the sentences before it; and the agency an article credits as a whole."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..dates import DateMention
from ..metric import TOLL_METRICS
from ..parse import SUBJECT, VERBAL, heads, lemma, tokens
from ..tables import opens_table
from .frames import LEADING_ARTICLE, Attribution, defers, find_attributions, nearest, parties
from .registry import registry, source_info
from .subject import (
    RUN_BY,
    claim_verbs,
    governing_subject,
    headline_claimant,
    report_frame,
    sentence_actor,
    table_intro,
)

INHERIT_BACK = 3  # sentences a deferring sentence looks back for its claimant
CONTINUE_BACK = 2  # sentences a report goes on for without naming its claimant again
ANTECEDENT_BACK = 8  # sentences "the agency" looks back for the party it stands for
NEXT_NAMED = 3  # at most this many characters into the next sentence, the name of "a group" described before
# a dateline's credit: a place in capitals (maybe ", May 2"), the agency in brackets, a dash
DATELINE_CREDIT = re.compile(r"(?m)^[ \t]*(?:<[^>]{1,80}>[ \t]*)*[A-Z][A-Z .'/-]+(?:,[^()\n]{1,30})?\s*\([^()\n]{1,40}\)\s*[-\u2013\u2014]")
APPOSITION = re.compile(r"\s*,\s*((?:a|an|the)\s[^,;.()]{2,80}?)\s*,")  # ", a war monitor," after a name
CREDIT_WINDOW = 600  # characters at the top of an article where an agency credit stands


@dataclass(frozen=True)
class Claimant:
    attribution: Attribution
    inherited: bool  # named in an earlier sentence
    continued: bool = False  # not referred to at all: the report of an earlier sentence goes on
    date: DateMention | None = None  # the date of that report, for a figure with none of its own
    said_on: DateMention | None = None  # the date on its claim verb ("said on Thursday"), not the event's

    @property
    def info(self):
        return source_info(self.attribution.source)

    @property
    def rule(self) -> str:
        """How it was found, for the claim's trace: "subject (continued report)"."""
        return self.attribution.frame + (" (continued report)" if self.continued else " (inherited)" if self.inherited else "")


class SentenceParties:
    """The attributions of each sentence of a text (offsets into the text), found once each."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], groups=()):
        self.text, self.sentences, self._found, self._mentions = text, sentences, {}, {}
        self.groups = list(groups)  # (start, end, side) where the article's war names its armed groups
        self.named: list[Attribution] = []  # registered claimants so far, for a short name of one
        self.history: list[Attribution] = []  # every claimant named so far, in order, for "he", "the agency"
        self.claimed: dict[int, Claimant] = {}  # sentence → the claimant of its latest claim
        self.reports: dict[int, dict[str, Claimant]] = {}  # sentence → metric → who its sentence names for it
        self.frames: dict[int, Claimant] = {}  # sentence with no figure → the report it opens
        self.actors: dict[int, Attribution] = {}  # sentence with no figure nor report → the body it is about
        self._datelines: list[tuple[int, int]] | None = None

    @property
    def last(self) -> Attribution | None:
        """The article's most recent claimant named in its own sentence."""
        return self.history[-1] if self.history else None

    def __call__(self, k: int) -> list[Attribution]:
        if k not in self._found:
            s, e = self.sentences[k]
            self._found[k] = [Attribution(a.start + s, a.end + s, a.text, a.source, a.registered, a.frame)
                              for a in find_attributions(self.text[s:e]) if not self._in_dateline(a.start + s)]
        return self._found[k]

    def claimant(self, k: int, doc, off: int, span, start: int, end: int, metric: str | None = None) -> Claimant | None:
        """The claimant of the figure at ``start:end`` (``span`` in ``doc``, counting ``metric``)
        of sentence ``k``: a registered party whose verb governs it; else the subject of the claim
        verb that governs it in the parse (a pronoun or "the agency" resolved to the article's last
        claimant); else a headline's "X:"; else the nearest party of the sentence; else, when the
        sentence defers ("reports suggest"), the last party of the sentences before; else, when
        the report of a sentence just before goes on (:meth:`_continued`), its claimant."""
        s, e = self.sentences[k]
        # a claimant named after a semicolon speaks for its own clause, not the figures before it:
        # "Twelve soldiers killed in ambush; army says 35 militants killed"
        here = [a for a in self(k) if not self._past_semicolon(end, a)]
        self.reports.setdefault(k, {})
        parsed = governing_subject(span, off)
        if parsed is not None and self._past_semicolon(end, parsed):
            parsed = None
        if parsed is not None and parsed.frame == "indefinite":
            return None  # "some put the number at 150,000": nobody named
        if parsed is not None and parsed.frame == "cited":
            found = parsed  # a relay the parse sees ("…, Yonhap reported, citing the spy service")
        else:
            found = governing_attribution(doc, off, span, here) or parsed
            if parsed is not None and parsed.frame != "pronoun" and found is not parsed and (
                    _nearer(doc, off, span, parsed, found) or (found.frame == "estimates_of" and parsed.frame == "according_to")):
                # "according to a study of official data by X": the maker, not the data
                found = parsed  # "…, according to the UN, though research by X suggests … 130,000": X's verb is nearer
        inherited = False
        said = _verb_of(doc, off, found) if found is not None else None  # its verb here, before a reference is resolved
        if found is not None and (found is parsed and found.frame == "pronoun" or _definite(found)):
            found, inherited = self._referred(k, found)
            if found is None:
                return None  # "one of them said" of nobody named just before: a speaker, not known
        if found is not None and not found.registered and not inherited:
            found = self._named_next(k, found) or found  # "An al Qaeda-linked group said … . JNIM, the …, said"
        found = found or headline_claimant(self.text[s:e], start, s, doc, off) or nearest(here, start, end)
        if found is None and defers(self.text[s:e]):
            found, inherited = self._before(k), True
        if found is None and k in self.claimed:
            # "… estimate of 150 dead and 900 wounded", "…; on the first day alone, at least 12 …":
            # a figure of a sentence whose earlier figure has a claimant shares it
            return Claimant(self.claimed[k].attribution, self.claimed[k].inherited, date=self.claimed[k].date)
        if found is None:
            return self._continued(k, span, metric)
        found = self._remember(found, inherited)
        self.frames.pop(k, None)  # a claimant named here ends a report carried this far
        carried = self._report_date(k, found) if inherited and said is not None and said.tag_ == "VBD" else None
        self.claimed[k] = Claimant(found, inherited, date=carried)
        self.reports.setdefault(k, {})[metric] = self.claimed[k]
        if k == 0 and not inherited and found.frame == "subject" and self.is_headline(0):
            self.frames[0] = self.claimed[k]  # "Ukraine says …" over a lead that names nobody: its report, whatever it counts
        return self.claimed[k]

    def _past_semicolon(self, end: int, a: Attribution) -> bool:
        """``a`` is named after a semicolon that follows the figure ending at ``end``."""
        return a.start >= end and ";" in self.text[end:a.start]

    def is_headline(self, k: int) -> bool:
        """Sentence ``k`` stands on a line of its own with no closing stop: a headline."""
        s, e = self.sentences[k]
        line = self.text[s:e].rstrip()
        return not line.endswith((".", "!", "?", '"', "”")) and self.text[e:e + 1] in ("\n", "")

    def frame(self, k: int, doc, off: int, dates: list[DateMention]) -> None:
        """Sentence ``k`` has no figure: when it opens a report ("The ministry released its count
        on Friday."), the figures after it that name no claimant are that report's, as of its
        date (of ``dates``, the sentence's, the one on its verb: not a dateline's)."""
        s, e = self.sentences[k]
        span = tokens(doc, s - off, e - off)
        opened = report_frame(span, off) if span is not None else None
        if opened is None and span is not None and opens_table(self.text, e):
            opened = table_intro(span, off)  # the sentence a table follows: its party's report
        if opened is None:
            actor = sentence_actor(span, off) if span is not None else None
            if actor is not None:
                self.actors[k] = actor
            return
        found, verb = opened
        date = next((d for d in dates for t in [tokens(doc, d.start - off, d.end - off)]
                     if t is not None and verb in heads(t.root)), None)
        if found.frame == "pronoun" or _definite(found):
            found = self._referred(k, found)[0]
        if found is not None:
            self.frames[k] = Claimant(self._remember(found, False), False, date=date)

    def _referred(self, k: int, found: Attribution) -> tuple[Attribution | None, bool]:
        """What a pronoun or a definite description of sentence ``k`` stands for, and whether it was
        named before: "it" a known source earlier in its sentence, any pronoun the party just before
        ("she" is no agency); "the agency" its antecedent, else the phrase itself."""
        if found.frame == "pronoun":
            if PARTITIVE.match(found.text):  # "one of them said": of those the sentence before names, or nobody
                return self._before(k, reach=1), True
            earlier = self._earlier_in(k, found.start) if found.text.lower() == "it" else None
            # "The junta's team denied it. It said …": the body the sentence just before is about
            actor = self.actors.get(k - 1) if found.text.lower() in ("it", "they") else None
            return earlier or actor or self._before(k) or self.last, True
        ante = self._antecedent(k, found)  # "the agency", "the intelligence service's estimate"
        return (ante, True) if ante is not None else (found, False)

    def _remember(self, found: Attribution, inherited: bool) -> Attribution:
        """A claimant found: its short name resolved, kept among the parties named (and, when named
        here, in the history "the agency" and "he" look back in)."""
        found = self._short_name_of(found)
        if found.registered and found.source not in (n.source for n in self.named):
            self.named.append(found)
        if not inherited:
            self.history.append(found)
        return found

    def _continued(self, k: int, span, metric: str | None) -> Claimant | None:
        """A report goes on past the sentence that names its claimant: "The ministry released its
        count on Friday. … Twelve children died." A figure nobody is named for, of the metric a
        claimant was named for within ``CONTINUE_BACK`` sentences before (the nearest such
        sentence with claims decides), is that claimant's; never a figure an actor states
        ("Russia sent 500 drones") or set back in time ("had sent"), and never twice removed."""
        if metric is None or background(span):
            return None
        for back in sentences_back(self.text, self.sentences, k, CONTINUE_BACK):
            if back in self.frames:  # a report opened by a sentence with no figure: every metric is its
                self.claimed[k] = replace(self.frames[back], inherited=True, continued=True)
                self.frames[k] = self.claimed[k]  # and it goes on past this sentence ("Dead: 9", "Injured: 40")
                return self.claimed[k]
            if back in self.reports:  # the nearest sentence with claims decides
                named = self.reports[back].get(metric) or next(  # or a toll of the same report ("… killings. A further 710 were injured")
                    (self.reports[back][m] for m in TOLL_METRICS if metric in TOLL_METRICS and m in self.reports[back]), None)
                if named is None:
                    return None
                self.claimed[k] = replace(named, inherited=True, continued=True)
                return self.claimed[k]
        return None

    def _named_next(self, k: int, found: Attribution) -> Attribution | None:
        """The party an indefinite description ("an al Qaeda-linked group", "a rights group")
        stands for when the next sentence opens with its name: a known party of a type the
        description's head word may stand for (``reference_heads``), named at that sentence's start."""
        words = found.text.lower().split()
        if len(words) < 2 or words[0] not in ("a", "an") or k + 1 >= len(self.sentences):
            return None
        types = registry()["reference_heads"].get(words[-1], frozenset())
        start = self.sentences[k + 1][0]
        for a in self._mentioned(k + 1):
            info = source_info(a.source)
            if a.registered and a.start - start <= NEXT_NAMED and info is not None and ("*" in types or info.type in types):
                return replace(a, frame=found.frame)
        return None

    def _report_date(self, k: int, found: Attribution) -> DateMention | None:
        """The day a claimant referred back to in the past tense ("the air force said", "he added")
        made its report, as its claim verb in the ``CONTINUE_BACK`` sentences before gave it, for a
        figure of a sentence with no date of its own: "X said on Thursday … . Of them, 546 were shot
        down, the air force said". Never an event's date, nor a standing "the ministry says"."""
        for back in range(k - 1, max(-1, k - 1 - CONTINUE_BACK), -1):
            dated = [c.said_on for c in self.reports.get(back, {}).values()
                     if c.said_on is not None and c.attribution.source == found.source]
            if dated:
                return dated[-1]
        return None

    def _before(self, k: int, reach: int = INHERIT_BACK) -> Attribution | None:
        """The last party named in the few sentences before sentence ``k``: one in an attribution
        frame, else a known source named in any role ("Zelensky spoke in Kyiv. He said …")."""
        for back in range(k - 1, max(-1, k - 1 - reach), -1):
            if back in self.claimed:  # the claimant that sentence's own figures were given
                return self.claimed[back].attribution
            if back in self.frames:  # the claimant of a report that sentence opened ("Two sources told AFP the toll was higher.")
                return self.frames[back].attribution
            if self(back):
                return self(back)[-1]
            if self._known_source(back):  # nearest first: "X's spy agency is more cautious. Its assessment …"
                return self._known_source(back)
        return None

    def _earlier_in(self, k: int, pos: int) -> Attribution | None:
        """A known source named earlier in sentence ``k`` than ``pos``: what "it" stands for in
        "… higher than a UN estimate from May, when it put the number at …"."""
        return next((a for a in reversed(self._mentioned(k)) if a.registered and a.end <= pos), None)

    def _known_source(self, k: int) -> Attribution | None:
        """The last registered source sentence ``k`` names, in any role."""
        return next((a for a in reversed(self._mentioned(k)) if a.registered), None)

    def _short_name_of(self, a: Attribution) -> Attribution:
        """"The General Staff" after "Ukraine's General Staff" was named: an unregistered name
        that an earlier claimant's name holds whole is that claimant (of two words or more, any
        claimant named before); so is an acronym of the initials of an earlier claimant's name."""
        if a.registered or not a.source or len(a.source.split()) > 4:
            return a
        words = re.compile(r"(?<![\w])" + re.escape(a.source) + r"(?![\w])", re.IGNORECASE)
        for prior in reversed(self.named):
            if words.search(prior.source):
                return replace(a, source=prior.source, registered=True)
        if len(a.source.split()) > 1:  # "the prosecutor's office" after "the Sinaloa state prosecutor's office"
            for prior in reversed(self.history):
                if prior.source and len(prior.source.split()) > len(a.source.split()) and words.search(prior.source):
                    return replace(a, source=prior.source, registered=prior.registered)
        if ACRONYM.fullmatch(a.source):  # "ISPR said" after "The Inter-Services Public Relations … said": its initials
            return next((replace(a, source=p.source, registered=p.registered) for p in reversed(self.history)
                         if p.source and initials(p.source) == a.source), a)
        return a

    def _antecedent(self, k: int, ref: Attribution) -> Attribution | None:
        """The party a definite description stands for: the latest party named before it (as a
        claimant, or anywhere in the sentences before) whose name holds its head word ("the
        ministry"), or whose registered type that word may stand for (``reference_heads``: "the
        intelligence service" → an intelligence agency); for a head that names no kind of party
        ("the coalition"), the latest claimant."""
        words = ref.text.lower().split()
        head = words[-1]
        # "the paramilitary group": a kind of party the word before the head names, else the head's
        kinds = [registry()["reference_modifiers"].get(w) or (["armed group"] if RUN_BY.search(w) else None)
                 for w in words[:-1]]  # "the Iran-backed militia", "the al Qaeda-linked group"
        types = next((k for k in kinds if k), None) or registry()["reference_heads"].get(head, frozenset())
        word = re.compile(r"(?<![\w])" + re.escape(head) + r"(?![\w])")

        described = {a: self._apposition(a) for a in self.history}

        def fits(a: Attribution) -> bool:
            info = source_info(a.source)
            desc = described[a][2] if a in described and described[a] else ""
            return a.source and a.end <= ref.start and (bool(word.search(f"{a.text} {a.source} {desc}".lower()))
                                                        or (info is not None and info.type in types))
        # a party named inside another's apposition describes it ("IOM, a United Nations agency,"):
        # it is not what "the agency" stands for
        inside = [(d[0], d[1]) for d in described.values() if d]
        mentioned = [a for back in range(k, max(-1, k - 1 - ANTECEDENT_BACK), -1) for a in self._mentioned(back)
                     if not any(s <= a.start and a.end <= e for s, e in inside)]
        found = max((a for a in [*self.history, *mentioned] if fits(a)), key=lambda a: a.start, default=None)
        if found is None and "armed group" in types:
            # "the militia", "the al Qaeda-linked group": the armed group of the war named last before it
            s, e, side = max(((s, e, side) for s, e, side in self.groups if e <= ref.start), default=(0, 0, None))
            if side is not None:
                return Attribution(s, e, self.text[s:e], side, False, "named")
        if found is None and "*" in types:
            # "the coalition", "the group": the latest claimant, or a known party named after it
            named = [a for a in mentioned if a.registered and a.end <= ref.start]
            # a known party named in the claimant's own sentence is what its report is about
            # ("X said the RSF shelled …; the group said …" is X), one named in a later sentence may be meant
            after = self._sentence_end(self.last.start) if self.last is not None else -1
            found = max([a for a in [self.last] if a is not None] + [a for a in named if a.start >= after],
                        key=lambda a: a.start, default=None)
        return found

    def _apposition(self, a: Attribution) -> tuple[int, int, str] | None:
        """The description set off after a claimant's name ("The Syrian Observatory for Human Rights,
        a Britain-based war monitor, said"): its span and its words, or None."""
        m = APPOSITION.match(self.text, a.end)
        return (m.start(1), m.end(1), m.group(1)) if m else None

    def _sentence_end(self, pos: int) -> int:
        """Where the sentence holding text offset ``pos`` ends."""
        return next((e for s, e in self.sentences if s <= pos < e), pos)

    def _in_dateline(self, pos: int) -> bool:
        """Whether text offset ``pos`` lies in a dateline's credit ("KYIV (Reuters) -"): the agency
        that sent the story, never a claimant."""
        if self._datelines is None:
            self._datelines = [m.span() for m in DATELINE_CREDIT.finditer(self.text)]
        return any(a <= pos < b for a, b in self._datelines)

    def _mentioned(self, k: int) -> list[Attribution]:
        """Every party sentence ``k`` names, in any role; found once."""
        if k not in self._mentions:
            s, e = self.sentences[k]
            self._mentions[k] = [Attribution(s + a, s + b, self.text[s + a:s + b],
                                             canonical or LEADING_ARTICLE.sub("", self.text[s + a:s + b]),
                                             canonical is not None, "named")
                                 for a, b, canonical, est in parties(self.text[s:e])
                                 if not est and not self._in_dateline(s + a)
                                 and not AUDIENCE.search(self.text, max(s, s + a - 20), s + a)]
        return self._mentions[k]


def _verb_of(doc, off: int, a: Attribution):
    """The verb a claimant's phrase hangs on ("the ministry said", "a spokesman, Abdo Majali,
    said": through the role its name is set beside), or None."""
    span = tokens(doc, a.start - off, a.end - off)
    t = span.root if span is not None else None
    while t is not None and t.dep_ == "appos" and t.head != t:
        t = t.head
    v = t.head if t is not None else None
    return v if v is not None and v.pos_ in VERBAL else None


def said_on(doc, off: int, a: Attribution, dates: list) -> DateMention | None:
    """Of a sentence's ``dates`` (each with its tokens), the one that dates the claim verb of ``a``
    ("said on Thursday"), or None: the first verb above it is the claim verb, not the event's
    ("killed in June")."""
    verb = _verb_of(doc, off, a)
    if verb is None:
        return None
    # a day ("on Thursday", "on May 5", "yesterday"): a month or a period on the verb is what it counts over
    return next((d for d, t in dates if t is not None and (d.day is not None or (d.relative or "").startswith(
        ("weekday:", "today", "yesterday"))) and next((h.i for h in heads(t.root)[1:] if h.pos_ in VERBAL), None) == verb.i), None)


def background(span) -> bool:
    """The figure's clause stands apart from a report that goes on: an actor named as its subject
    ("Russia sent 539 drones", "the North had sent"), or a verb in the past perfect ("had hovered")."""
    verb = next((t for t in heads(span.root)[1:] if t.pos_ in VERBAL), None)
    if verb is None:
        return False
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children) and verb.tag_ == "VBN":
        return True
    if any(_impersonal(t) for t in heads(span.root)[1:]):
        return True  # "The group is thought to have several thousand fighters": believed by nobody named
    # an actor of its own: a name, or a party noun ("Aid groups had been preparing for …"), as the
    # subject of its verb or the agent of its participle ("soldiers captured by Ukraine")
    actors = [c for c in verb.children if c.dep_ in SUBJECT and c.dep_ != "nsubjpass"] + [
        g for t in (verb, *span.root.ancestors) for a in t.children if a.dep_ == "agent" for g in a.children
        if g.dep_ == "pobj"]
    reports = registry()["report_nouns"]  # "Seoul's own figures are far lower: …" is a report, no actor
    return any(c.pos_ == "PROPN" or (lemma(c) not in reports and parties(c.doc[c.left_edge.i:c.i + 1].text))
               for c in actors)


def _impersonal(verb) -> bool:
    """A belief in the passive with no agent ("is thought to", "are believed to", "it is
    estimated that"): a verb of ``belief_verbs`` as a participle with a passive auxiliary."""
    return verb.tag_ == "VBN" and lemma(verb) in registry()["belief_verbs"] and \
        any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children)


def _definite(a: Attribution) -> bool:
    """"the agency", "the intelligence service": a short phrase, in no registry, that names no party by itself."""
    if a.registered:
        return False
    # "the al Qaeda-linked group": whom it is linked to describes it, as an adjective would
    text = re.sub(r"(?:\S+\s+)?\S+" + RUN_BY.pattern, "x-linked", a.text)
    words = [w for w in text.lower().split() if w not in ("same", "latter", "former")]  # "the same team"
    # "the governor's office" names its party by its owner: a name, not a reference back
    return 2 <= len(words) <= 3 and words[0] == "the" and not any(w.endswith(("'s", "’s")) for w in words)


def sentences_back(text: str, sentences, k: int, reach: int):
    """The indices of the ``reach`` sentences before sentence ``k``, nearest first; a table's
    header and rule lines ("| Region | Killed |", "|---|") are passed over without counting, so
    that a table's rows reach the sentence that introduces it."""
    back, left = k - 1, reach
    while back >= 0 and left > 0:
        yield back
        s, e = sentences[back]
        if not (text[s:e].lstrip().startswith("|") and not any(c.isdigit() for c in text[s:e])):
            left -= 1
        back -= 1


ACRONYM = re.compile(r"[A-Z]{2,6}")


def initials(name: str) -> str:
    """The capitals that open the words of a name, hyphenated parts too: "Inter-Services Public
    Relations" → "ISPR" ("of", "for", "the" left out)."""
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


def governing_attribution(doc, off: int, span, attributions):
    """The claimant whose reporting verb (or "according to") governs the figure: in "X put the
    number at 1,500, while Y estimated that at least 4,000 …", 1,500 is X's and 4,000 is Y's.
    Of several, the one whose verb is nearest above the figure; None when none governs."""
    ancestors = {t.i: d for d, t in enumerate(heads(span.root))}
    best = None
    for a in attributions:
        if a.frame == "cited":
            return a
        d = _verb_depth(doc, off, a, ancestors)
        # of two on one verb, its subject: "According to Lee, the NIS believes …" is the NIS's, Lee relays it
        if d is not None and (best is None or (d, a.frame != "subject") < best[0]):
            best = ((d, a.frame != "subject"), a)
    return best[1] if best else None


PARTITIVE = re.compile(r"(?:one|some|two|three|four|five|six|seven|eight|nine|ten|several|many|most|all|both|each|\d+)"
                       r" of (?:them|those|these)\b", re.IGNORECASE)
AUDIENCE_VERBS = ("tell", "inform", "assure")  # their object hears a claim: never its claimant
AUDIENCE = re.compile(r"\b(?:told|tells|tell|telling|informed|informs|assured)\s+(?:the\s+)?$", re.IGNORECASE)


def _verb_depth(doc, off: int, a, ancestors: dict) -> int | None:
    """How far above the figure the verb that ``a`` hangs on stands (None: not above it)."""
    aspan = tokens(doc, a.start - off, a.end - off)
    if aspan is None:
        return None
    v = aspan.root
    if v.dep_ in ("dobj", "dative") and lemma(v.head) in AUDIENCE_VERBS:
        return None  # "a resident told Reuters that …": whom it was told, not who tells it
    role = v.head.head if v.dep_ == "pobj" and v.head.lower_ in ("of", "in", "for") else None
    if role is not None and role.pos_ == "NOUN" and any(c.dep_ == "appos" and c.pos_ == "PROPN"
                                                        for c in (*role.children, *v.children)):
        return None  # "The mayor of Moscow, Sergei Sobyanin, said": the person named, not the city
    while v.head != v and (v.pos_ not in VERBAL or v.lower_ == "according"):
        v = v.head
    if a.frame == "subject" and v.pos_ in VERBAL and v.lower_ != "according" and lemma(v) not in claim_verbs():
        return None  # "X said M23 rebels had executed 21": the rebels' verb claims nothing
    return ancestors.get(v.i)


def _nearer(doc, off: int, span, a, b) -> bool:
    """Whether the verb ``a`` hangs on stands nearer above the figure than the one ``b`` hangs on;
    on one verb, its subject is nearer than an "according to" ("According to Lee, the NIS believes …")."""
    ancestors = {t.i: d for d, t in enumerate(heads(span.root))}
    da, db = _verb_depth(doc, off, a, ancestors), _verb_depth(doc, off, b, ancestors)
    return da is not None and db is not None and (da < db or (da == db and a.frame == "subject" and b.frame == "according_to"))


# a dateline: a place in capitals, maybe ", Country", then the agency in brackets and a dash
# (capitals are matched case-sensitively whatever the agency pattern's flags)
DATELINE = r"(?:^|\n)\s*(?-i:[A-Z][A-Z .'-]+(?:,\s*[A-Z][\w .'-]*)?)\s*\(({})\)\s*[-\u2013\u2014]"


def article_via(text: str, body_start: int = 0) -> str | None:
    """The news agency an article credits as a whole ("By AFP", a dateline "SEOUL (Reuters) -",
    "…, according to the Associated Press." in its first paragraph), or None."""
    head = text[body_start:body_start + CREDIT_WINDOW]
    for pat, canonical, _ in registry()["entries"]:
        info = source_info(canonical)
        if not info or info.type != "news agency":
            continue
        m = re.search(r"(?:^|\n)\s*By\s+(" + pat.pattern + r")", head, pat.flags) or \
            re.search(DATELINE.format(pat.pattern), head, pat.flags) or \
            re.search(r"according to\s+(?:the\s+)?(" + pat.pattern + r")\s*\.", head, pat.flags)
        if m:
            return canonical
    return None
