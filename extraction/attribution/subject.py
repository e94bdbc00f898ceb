"""Claimants read from the parse: the subject (or ``by`` agent) of the claim verb that governs a
figure ("X said … 3,000", "…, the council said", "whose dead the BBC estimates at …"), the
object of "according to", and a headline's "X: …" frame. The phrase is the subject's whole
noun phrase (compounds, possessives, "of" chains, appositions), cut before relative clauses;
the registry then canonicalises it when it names a known source."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..dates import MONTH_NAMES
from ..lexicon import lexicon
from ..parse import SUBJECT, VERBAL, heads, lemma
from ..resources import load_json
from .frames import LEADING_ARTICLE, Attribution
from .registry import registry

NOUN_PHRASE_DROP = frozenset({"relcl", "acl", "punct", "cc", "conj", "advcl", "prep_skip"})
_HEADLINE = re.compile(r"^([A-Z][^:\d\n]{1,60}):\s")


@lru_cache(maxsize=1)
def _words():
    d = load_json("sources.json")
    return frozenset(d["claim_verbs"]), frozenset(d["pronoun_words"]) | frozenset(d["vague_subjects"])


def _bracketed(tok) -> bool:
    """The token stands inside brackets: "KYIV (Reuters) - …"."""
    depth = 0
    for t in tok.doc[tok.sent.start:tok.i]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0


def _dateline(tok) -> bool:
    """The token is a dateline's place: a word in capitals that opens its sentence, then maybe a
    date and an agency in brackets, then a dash ("YANGON, Nov 20 (Reuters) - …", "KYIV — …"); not
    "HRANA, a rights group, said …"."""
    return tok.i == tok.sent.start and len(tok.text) > 1 and tok.text.isupper() \
        and DATELINE_START.match(tok.doc.text, tok.idx) is not None


DATELINE_START = re.compile(r"[A-Z][A-Z .'/-]+(?:,[^()\n,]{1,30})?\s*(?:\([^()\n]{1,40}\)\s*)?[-\u2013\u2014]\s")


def claim_verbs() -> frozenset:
    """Lemmas of the verbs whose subject claims the figures they govern (``claim_verbs`` in sources.json)."""
    return _words()[0]


RELATIVE = ("who", "which", "that")
OBJECT = frozenset({"dobj", "attr", "oprd", "appos"})


def _is_report(noun) -> bool:
    """A noun of a report ("statement", "estimate", "data"): by its lemma or its word."""
    nouns = registry()["report_nouns"]
    return noun is not None and (lemma(noun) in nouns or noun.lower_ in nouns)


def _by(noun):
    """The maker of a report noun: "a statement by X", "an analysis … by X"."""
    if not _is_report(noun):
        return None
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from"):  # "a statement by X", "the latest count from X"
            who = next((g for g in c.children if g.dep_ == "pobj"), None)
            # "by the end of June", "by December": a deadline, not a maker
            if who is not None and (lemma(who) in _TIME_WORDS or any(t.like_num for t in who.subtree)):
                return None
            return who
    return None


def _owner(noun):
    """Whose report noun it is: "the intelligence service's January estimate", "its latest update"."""
    if not _is_report(noun):
        return None
    return next((c for c in noun.children if c.dep_ == "poss"), None) or next(
        (c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)  # "a Reuters investigation"


_TIME_WORDS = frozenset({"end", "time", "start", "beginning", "middle", "date", "day", "week", "month", "year",
                         "spring", "summer", "autumn", "winter", "then", "now", *MONTH_NAMES})


def phrase(tok) -> tuple[int, int]:
    """Token offsets [start, end) of the noun phrase headed by ``tok``, without relative clauses
    or conjoined phrases (those joined inside a name are its words: "the Institute for Conflict
    and Security Studies")."""
    def kept(c):  # a hyphen inside a word ("Tuareg-led") belongs to the phrase
        return c.dep_ not in NOUN_PHRASE_DROP or (c.text == "-" and not c.whitespace_ and c.i > 0
                                                  and not c.doc[c.i - 1].whitespace_) or _inside_name(c, tok)
    toks = [tok]
    stack = [c for c in tok.children if kept(c)]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(c for c in t.children if kept(c))
    # a contiguous run around the head
    start = end = tok.i
    members = {t.i for t in toks}
    while start - 1 in members:
        start -= 1
    while end + 1 in members:
        end += 1
    return start, end + 1


def _inside_name(c, head) -> bool:
    """``c`` joins words of a proper name below its head: "and" and "Security" in "Institute for
    Conflict and Security Studies" (not a party named beside the head: "Paris and Berlin")."""
    return c.dep_ in ("cc", "conj") and c.head != head and c.head.pos_ == "PROPN" and head.pos_ == "PROPN" \
        and (c.pos_ == "PROPN" or c.dep_ == "cc") and c.head.head.pos_ in ("PROPN", "ADP")


def canonical(text: str) -> tuple[str, bool]:
    """The registry's name for a phrase that holds one of its aliases, else the phrase as written
    (without a leading article)."""
    for pat, name, estimator_only in registry()["entries"]:
        m = None if estimator_only else pat.search(text)
        if m is not None and not RUN_BY.match(text, m.end()):
            return name, True
    return LEADING_ARTICLE.sub("", text), False


# "the Houthi-run health ministry", "an al Qaeda-linked group": a body a party runs or backs, not the party
RUN_BY = re.compile(r"-(?:run|led|linked|backed|controlled|affiliated|allied|aligned|held|appointed)\b")


SKIP = "skip"  # a step rule's answer: this head gives no claimant, and the walk goes on up


def _relative_clause(span, counted, doc, off, verbs, pronouns):
    """"the 20,178 deaths that the conflict monitor ACLED recorded": the relative clause's subject."""
    for rel in (c for c in counted.children if c.dep_ == "relcl" and lemma(c) in verbs):
        subj = next((c for c in rel.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ not in ("that", "which", "who"):
            return _attribution(doc, subj, off, "subject", pronouns)
    return None


def _participle_agent(span, counted, doc, off, verbs, pronouns):
    """"34,622 deaths recorded by the ministry": who recorded them made the figure."""
    for acl in (c for c in counted.children if c.dep_ == "acl" and lemma(c) in verbs):
        agent = next((g for ag in acl.children if ag.dep_ == "agent" for g in ag.children if g.dep_ == "pobj"), None)
        if agent is not None and agent.lower_ not in _TIME_WORDS:  # "expected by May": a deadline, not a maker
            return _attribution(doc, agent, off, "cited", pronouns)
    return None


def _according_to_step(span, came, t, doc, off, verbs, pronouns):
    """"according to X" on the way up (not "according to preliminary data": a report, not its maker)."""
    hit = _according_to(t) or (_according_to_conj(t) if t.head == t else None)
    if hit is None:
        return None
    maker = _by(hit) or _owner(hit)
    if maker is None and _is_report(hit):
        return SKIP
    return _attribution(doc, maker or hit, off, "according_to", pronouns)


def _by_count(span, came, t, doc, off, verbs, pronouns):
    """"251 people taken hostage, by Israel's count", "300 killed, by the ministry's tally": whose
    count it is, as "according to" would say."""
    for c in t.children:
        if c.dep_ in ("prep", "agent") and c.lower_ == "by":
            owner = next((_owner(g) for g in c.children if g.dep_ == "pobj"), None)
            if owner is not None:
                return _attribution(doc, owner, off, "according_to", pronouns)
    return None


def _maker_of_noun(span, came, t, doc, off, verbs, pronouns):
    """"a statement by President Zelensky that … 3,000", "the ministry's count of …"."""
    maker = (_by(t) or _owner(t)) if t.pos_ == "NOUN" else None
    return _attribution(doc, maker, off, "subject", pronouns) if maker is not None else None


def _report_holder(span, came, t, doc, off, verbs, pronouns):
    """"Its latest update includes 233 …", "The General Staff gives a figure: …" (the figure in
    the verb's object, or in a clause after a colon that follows it): whose report holds it."""
    if not (t.pos_ in VERBAL and lemma(t) not in verbs):
        return None
    if any(c.dep_ == "dobj" and lemma(c) in lexicon().count_nouns and any(g.dep_ == "poss" for g in c.children)
           for c in t.children):
        # "The ministry revised its toll down to 41 from 53": who changes its own count gives it
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return _attribution(doc, subj, off, "subject", pronouns)
    if came.dep_ not in OBJECT and not (came.dep_ in ("ccomp", "parataxis") and any(x.text == ":" for x in doc[t.i:came.i])):
        return None
    owner = next((o for c in t.children if c.dep_ in SUBJECT for o in [_owner(c)] if o is not None), None)
    if owner is None and any(c.dep_ in OBJECT and lemma(c) in registry()["report_nouns"] for c in t.children):
        owner = next((c for c in t.children if c.dep_ == "nsubj"), None)
    return _attribution(doc, owner, off, "subject", pronouns) if owner is not None else None


def _claim_verb_subject(span, came, t, doc, off, verbs, pronouns):
    """The subject (or agent) of a claim verb above the figure; a relay credits the party it cites."""
    if not (t.pos_ in VERBAL and lemma(t) in verbs and not (
            t.lower_ in registry()["adjective_verbs"] and t.i + 1 == span.start)):  # "fires record 728 drones"
        return None
    subjects = [c for c in t.children if c.dep_ in SUBJECT and c.lower_ not in _TIME_WORDS  # not "January"
                and not _bracketed(c) and not _dateline(c)]  # nor a dateline's "(Reuters)" or "YANGON,"
    # "an attack that the operator said killed three": the speaker, not the relative pronoun of the
    # clause it reports (parsed as a second subject of "said")
    subj = next((c for c in subjects if c.lower_ not in RELATIVE), subjects[0] if subjects else None)
    if subj is not None and subj.lower_ in RELATIVE and t.dep_ == "relcl":
        if subj.dep_ == "nsubjpass":
            return SKIP  # "The group, which is estimated to have 6,000 fighters": estimated, by nobody named
        subj = t.head  # "President Zelensky, who said … 4,000": the noun the clause is about
        if lemma(subj) in lexicon().unit_metrics or lemma(subj) in registry()["report_nouns"]:
            return SKIP  # "… of actual deaths, which would put the toll at …": no party
    if subj is None and t.dep_ == "advcl" and t.tag_ == "VBG":
        subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)  # "Lee …, saying …"
    cited = _cited(t) or _relayed(subj) or _briefing(t)
    if cited is not None:  # a relay: the party it cites is the claimant, the subject relayed it
        found = _attribution(doc, cited, off, "cited", pronouns)
        relayer = _attribution(doc, subj, off, "subject", pronouns) if subj is not None else None
        if relayer is not None and relayer.source and relayer.source != found.source:
            # "Lee, a lawmaker briefed by the NIS": the relayer's name, not its apposition
            found = replace(found, relayed_by=(LEADING_ARTICLE.sub("", relayer.source).split(",")[0].strip(),))
        return found
    agent = next((g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    who = agent if subj is None or subj.dep_ == "nsubjpass" else subj
    if who is None and subj is None and t.i > 1 and doc[t.i - 1].text == "," and doc[t.i - 2].pos_ == "PROPN" \
            and doc[t.i - 2].dep_ == "appos":
        who = doc[t.i - 2]  # "…, the head of the administration, Serhiy Lysak, said": the parse lost the subject
    if who is not None and lemma(who) in registry()["evidence_nouns"]:
        # "Satellite photographs released by the agency showed …": who released them
        who = next((g for acl in who.children if acl.dep_ == "acl" for ag in acl.children
                    if ag.dep_ == "agent" for g in ag.children if g.dep_ == "pobj"), None)
        if who is None:  # "Footage showed …": evidence, and nobody named (nor carried from before)
            return Attribution(t.idx + off, t.idx + len(t) + off, t.text, "", False, "indefinite")
    if who is not None and who.lower_ in _TIME_WORDS:
        return None  # "In mid-January the UN recorded …" parsed with the month as subject: no party
    if who is not None:
        who = _by(who) or _owner(who) or who  # "research by American academics suggests", "the ministry's count shows"
        s, e = phrase(who)
        if not (s < span.end and span.start < e):  # "At least 95,000 fighters died": no claimant
            return _attribution(doc, who, off, "subject", pronouns)
    return None


def _aside_report(span, came, t, doc, off, verbs, pronouns):
    """"Strikes killed three people on Monday, the ministry said, as …": a claim verb set beside
    the clause that holds the figure (its parataxis in the parse) claims the figure as a claim
    verb above it would."""
    if t.pos_ not in VERBAL:
        return None
    for c in t.children:
        if c is not came and c.pos_ in VERBAL and (c.dep_ == "parataxis" or _coordinated_aside(c, span)):
            found = _claim_verb_subject(span, came, c, doc, off, verbs, pronouns)
            if found is not None:
                return found
    return None


def _coordinated_aside(verb, span) -> bool:
    """"… killed 68 people and wounded 47, the ministry said": an aside the parse coordinated with
    the clause that holds the figure, after it, with a subject of its own set off by a comma."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    first = min(t.i for t in subj.subtree) if subj is not None else -1
    return verb.dep_ == "conj" and first >= span.end and first > 0 and verb.doc[first - 1].text == ","


def _report_before_colon(span, top, doc, off, pronouns):
    """"X offers a much higher count: over two million …" (parsed as two clauses)."""
    for c in top.children:
        if c.dep_ in ("ccomp", "parataxis") and c.pos_ in VERBAL and c.i < span.start \
                and any(o.dep_ in OBJECT and lemma(o) in registry()["report_nouns"] for o in c.children) \
                and any(t.text == ":" for t in doc[c.i:span.start]):
            subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
            if subj is not None:
                return _attribution(doc, subj, off, "subject", pronouns)
    return None


# The rules on the counted noun, tried first; then, for each head on the way up from the figure,
# the step rules in this order (SKIP: that head gives no claimant); then the sentence's top.
NOUN_RULES = (("relative clause", _relative_clause), ("participle's agent", _participle_agent))
# A claim verb's subject comes before an "according to" on the same verb: "According to Lee, the
# NIS believes …" is the NIS's estimate, which Lee passes on.
STEP_RULES = (("claim verb's subject", _claim_verb_subject), ("according to", _according_to_step),
              ("maker of a noun", _maker_of_noun), ("report holder", _report_holder), ("aside report", _aside_report),
              ("by whose count", _by_count))


def governing_subject(span, off: int) -> Attribution | None:
    """The claimant that the parse says governs the figure ``span`` (offsets into the text are
    the doc's plus ``off``): the nearest claim verb above it with a subject or agent, or an
    "according to" on the way up (:data:`NOUN_RULES`, :data:`STEP_RULES`, then the report before
    a colon). A pronoun subject gives ``source`` "" (the caller resolves it)."""
    verbs, pronouns = _words()
    doc = span.doc
    counted = span.root.head if span.root.dep_ == "nummod" else span.root
    for _, rule in NOUN_RULES:
        found = rule(span, counted, doc, off, verbs, pronouns)
        if found is not None:
            return found
    chain = heads(span.root)
    for came, t in zip(chain, chain[1:]):
        for _, rule in STEP_RULES:
            found = rule(span, came, t, doc, off, verbs, pronouns)
            if found is SKIP:
                break
            if found is not None:
                return _speaker_of_clause(doc, off, found, pronouns)
    return _report_before_colon(span, chain[-1], doc, off, pronouns)


def reporting_subject(clause):
    """The named subject of the claim verb that reports ``clause`` ("the ministry said it had sent
    …": the ministry, for the clause "it had sent …"), else None. A pronoun subject of that clause
    stands for it (here, for the claimant; in sides.py, for the side)."""
    if clause is None or clause.dep_ != "ccomp" or lemma(clause.head) not in claim_verbs():
        return None
    _, pronouns = _words()
    subj = next((c for c in clause.head.children if c.dep_ in SUBJECT and c.lower_ not in RELATIVE), None)
    return None if subj is None or subj.pos_ == "PRON" or subj.lower_ in pronouns else subj


def _speaker_of_clause(doc, off: int, found: Attribution, pronouns) -> Attribution:
    """"The office said it had received reports of 20 …": a pronoun subject of a clause that a
    claim verb reports stands for that verb's own subject, when it names one."""
    if found.frame != "pronoun":
        return found
    span = doc.char_span(found.start - off, found.end - off)
    subj = reporting_subject(span.root.head if span is not None else None)
    return _attribution(doc, subj, off, "subject", pronouns) if subj is not None else found


RELAY_VERBS = ("cite", "quote", "draw", "rely", "base")  # "citing X", "drawing on figures from X"
BRIEFED = ("brief", "inform")
BRIEFINGS = ("briefing",)  # "after a briefing by the NIS": the report nouns of being briefed


def _cited(verb):
    """"…, Yonhap reported, citing the spy service": the object of a citing clause on the verb;
    "citing figures reported by X": X."""
    relays = [verb] if lemma(verb) in RELAY_VERBS else []  # "a new update cited the ministry and gave …"
    relays += [c for c in verb.children if c.dep_ in ("advcl", "xcomp", "conj") and lemma(c) in RELAY_VERBS]
    for c in relays:
        obj = next((g for g in c.children if g.dep_ == "dobj"), None) or next(
            (g for p in c.children if p.dep_ == "prep" and p.lower_ in ("on", "upon") for g in p.children if g.dep_ == "pobj"), None)
        if obj is None:
            return None
        agent = next((a for acl in obj.children if acl.dep_ == "acl" for ag in acl.children if ag.dep_ == "agent"
                      for a in ag.children if a.dep_ == "pobj"), None)
        # "drawing on figures from the Government Media Office": where the figures come from
        report = lemma(obj) in registry()["report_nouns"] or lemma(obj) in registry()["evidence_nouns"]
        source = next((a for p in obj.children if p.dep_ == "prep" and p.lower_ in ("from", "by")
                       for a in p.children if a.dep_ == "pobj"), None) if report else None
        if agent is None and source is None and report:
            return None  # "drawing on its own records", "citing figures": no other party
        return agent or source or obj
    return None


def _relayed(subj):
    """"Lee, a lawmaker briefed by the NIS, said": the party that briefed the subject; "Its
    report, drawing on figures from X, listed …": X."""
    if subj is None:
        return None
    for acl in (c for c in subj.children if c.dep_ == "acl" and lemma(c) in RELAY_VERBS):
        return _cited(acl)
    for acl in (c for c in subj.children if c.dep_ == "acl" and lemma(c) in BRIEFED):
        for ag in (c for c in acl.children if c.dep_ == "agent"):  # "A lawmaker, briefed by the army, said"
            return next((a for a in ag.children if a.dep_ == "pobj"), None)
    for ap in (c for c in subj.children if c.dep_ == "appos"):
        for acl in (c for c in ap.children if c.dep_ == "acl" and lemma(c) in BRIEFED):
            for ag in (c for c in acl.children if c.dep_ == "agent"):
                return next((a for a in ag.children if a.dep_ == "pobj"), None)
    return None


def _briefing(verb):
    """"a lawmaker said … after a briefing by the NIS", "… following a briefing from the army": the
    party whose briefing the speaker passes on."""
    for p in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("after", "following", "at", "in")):
        for noun in (g for g in p.children if g.dep_ == "pobj" and lemma(g) in BRIEFINGS):
            return _by(noun)  # a briefing is a report: its maker as a statement's
    return None


def _according_to_conj(root):
    """"… have been confirmed killed, according to a count by X, published as the war reached …":
    an "according to" the parse hung on a later verb coordinated with the root, ahead of that verb."""
    for c in root.children:
        if c.dep_ == "conj" and c.pos_ in VERBAL:
            hit = _according_to(c)
            if hit is not None and hit.i < c.i:
                return hit
    return None


def _according_to(t):
    for c in t.children:
        if c.lower_ == "according" and c.dep_ == "prep":
            for to in c.children:
                for g in to.children:
                    if g.dep_ == "pobj":
                        return g
    return None


def _attribution(doc, head, off: int, frame: str, pronouns) -> Attribution:
    named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None) \
        if head.pos_ == "NOUN" and lemma(head) in registry()["reference_heads"] else None  # a kind of body, not a role
    if named is None and head.pos_ == "NOUN":
        # "The mayor of Moscow, Sergei Sobyanin, said": a role set beside the person who holds it
        held = [head] + [g for p in head.children if p.dep_ == "prep" and p.lower_ in ("of", "in", "for")
                         for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]  # or on "of Lviv", "in Komanda"
        # or on a role set beside the subject: "… children, the head of the administration, Serhiy Lysak, said"
        held += [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        named = next((c for t in held for c in t.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > head.i), None)
    if named is None and head.pos_ == "NOUN":  # "the civil defence group known as the White Helmets": its name
        named = next((g for a in head.children if a.dep_ == "acl" and lemma(a) == "know" for p in a.children
                      if p.dep_ == "prep" and p.lower_ == "as" for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
    if named is not None:
        head = named  # "a local volunteer group, the Riverside Committee, reported": the group's name
    s, e = phrase(head)
    if head.pos_ == "PROPN":  # "Paris and Berlin both put …": parties named together keep the whole phrase
        for c in head.children:
            if c.dep_ == "conj" and c.pos_ == "PROPN" and c.i > head.i:
                e = max(e, phrase(c)[1])
    while e - 1 > s and doc[e - 1].dep_ == "case" and doc[e - 1].head == head:
        e -= 1  # "the ministry's count": the owner without its "'s"
    span = doc[s:e]
    text = span.text
    unnamed = head.lower_ in _words()[1] and head.tag_ in ("NNS", "NNPS") and not any(
        c.dep_ in ("det", "poss") for c in head.children)  # "Recent reports say …" (but "the report", "its estimates")
    if text.lower() in registry()["indefinite"] or unnamed:
        return Attribution(span.start_char + off, span.end_char + off, text, "", False, "indefinite")
    if any(p.dep_ == "prep" and p.lower_ == "of" and any(g.dep_ == "pobj" and g.lower_ in ("them", "those", "these")
                                                         for g in p.children) for p in head.children):
        # '"We counted 60 bodies," one of them said': one of those named before
        return Attribution(span.start_char + off, span.end_char + off, text, "", False, "pronoun")
    possessive = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)
    spokesman = possessive and lemma(head) in registry()["role_nouns"]  # "its spokesman said": whoever "its" is
    if head.pos_ == "PRON" or text.lower() in pronouns or spokesman or head.lower_ in pronouns and (len(span) <= 2 or possessive):
        return Attribution(span.start_char + off, span.end_char + off, text, "", False, "pronoun")
    source, registered = canonical(text)
    return Attribution(span.start_char + off, span.end_char + off, text, source, registered, frame)


def report_frame(sent, off: int):
    """"The health ministry released its latest count on Friday.", "The agency said on Monday that
    the fighting went on.": a sentence whose main verb reports (a claim verb, or a publish verb
    whose object is a report noun) and whose subject names a party. The caller gives it the
    figures of the sentences after it that name no claimant, with its verb (for its date). None
    when nobody is named."""
    verbs, pronouns = _words()
    publish = registry()["publish_verbs"]
    for noun in (t for t in sent if t.dep_ == "ROOT" and t.pos_ == "NOUN" and _is_report(t)):
        # a heading: "Figures released by the ministry on Wednesday:", "Latest figures from the UN:"
        acl = next((c for c in noun.children if c.dep_ == "acl"), None)
        maker = _by(noun) or _owner(noun) or (next((g for ag in acl.children if ag.dep_ == "agent" for g in ag.children
                                                   if g.dep_ == "pobj"), None) if acl is not None else None) or next(
            (g for p in noun.children if p.dep_ == "prep" and p.lower_ == "from" for g in p.children if g.dep_ == "pobj"), None)
        if maker is not None:
            found = _attribution(sent.doc, maker, off, "report_frame", pronouns)
            return None if found.frame == "indefinite" else (found, acl if acl is not None else noun)
    for v in (t for t in sent if t.dep_ == "ROOT" and t.pos_ in VERBAL):
        if not (lemma(v) in verbs or (lemma(v) in publish and any(
                c.dep_ in OBJECT and (_is_report(c) or lemma(c) in lexicon().count_nouns) for c in v.children))):
            continue
        if any(c.dep_ == "neg" for c in v.children):
            continue  # "Reuters could not verify the figure.": it reports nothing
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        who = _by(subj) or _owner(subj) or subj  # "The ministry's update gave …"
        if _names_no_party(who):
            continue  # "Footage showed …", "The report said …", "Casualties reported …": no party named
        found = _attribution(sent.doc, who, off, "report_frame", pronouns)
        return None if found.frame == "indefinite" else (found, v)
    return None


def table_intro(sent, off: int):
    """The sentence that introduces a table ("The figures below are as the regional administrations
    gave them by Thursday evening."): the first party it names as the subject of a verb, whatever
    the verb, with that verb (for its date); the table's figures are that party's report. None
    when it names nobody."""
    _, pronouns = _words()
    for t in sent:
        if t.dep_ != "nsubj" or t.head.pos_ not in VERBAL or t.pos_ == "PRON":
            continue
        who = _by(t) or _owner(t) or t
        if _names_no_party(who):
            continue  # "The figures below …": no party
        found = _attribution(sent.doc, who, off, "report_frame", pronouns)
        if found.frame != "indefinite" and found.source:
            return found, t.head
    return None


def sentence_actor(sent, off: int) -> Attribution | None:
    """The body a sentence with no report in it is about, as its main verb's subject names it ("The
    junta's information team denied targeting civilians."): what "it" in the sentence after may
    stand for. None for a pronoun, a person's word, evidence, a report or a count."""
    _, pronouns = _words()
    for v in (t for t in sent if t.dep_ == "ROOT" and t.pos_ in VERBAL):
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON" or _names_no_party(subj) or subj.lower_ in _TIME_WORDS:
            return None
        found = _attribution(sent.doc, subj, off, "subject", pronouns)
        return None if found.frame in ("indefinite", "pronoun") else found
    return None


def _names_no_party(tok) -> bool:
    """A subject that names no party: evidence ("Footage showed"), a report ("The report said",
    "The figures below") or what is counted ("Casualties reported")."""
    return lemma(tok) in registry()["evidence_nouns"] or _is_report(tok) or _counts(tok)


def _counts(tok) -> bool:
    """A word of what is counted ("Casualties reported on Tuesday:"): no party."""
    lex = lexicon()
    return lemma(tok) in lex.unit_metrics or lemma(tok) in lex.count_nouns or _names_a_count(tok.text)


@lru_cache(maxsize=1)
def _count_words() -> frozenset:
    """The words that say what is counted: counted nouns, people, count nouns and event words."""
    lex = lexicon()
    return frozenset(lex.unit_metrics.keys() | lex.people | set(lex.count_nouns) | {w for c in lex.cues for w in _cue_words(c)})


def _names_a_count(words: str) -> bool:
    """"Dead: 38", "Soldiers wounded: 40", "Total: 12": a list's heading says what is counted, not who counts."""
    known = _count_words()
    for w in re.findall(r"[a-z]+", words.lower()):
        if any(f in known for f in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("ed") else w,
                                    w[:-1] if w.endswith("ed") else w)):
            return True
    return False


def _cue_words(cue) -> list[str]:
    return [w for group in cue["all"] for w in group] if "all" in cue else list(cue["any"])


def headline_claimant(sentence: str, figure_start: int, sentence_start: int, doc=None, off: int = 0) -> Attribution | None:
    """"Pentagon: 10,000 soldiers …": the words before a headline's colon claim its figures; not
    a clause ("The response spiralled out of control: …", a finite verb in ``doc``'s parse)."""
    m = _HEADLINE.match(sentence)
    if not m or figure_start - sentence_start < m.end() or len(m.group(1).split()) > 6:
        return None
    words = doc.char_span(sentence_start - off, sentence_start + m.end(1) - off, alignment_mode="expand") if doc is not None else None
    if words is not None and any(t.tag_ in ("VBD", "VBZ", "VBP") for t in words):
        return None
    source, registered = canonical(m.group(1))
    if not registered and (_names_a_count(m.group(1)) or m.group(1).split()[0] in registry()["not_names"]):
        return None  # "Dead: 9", "Live: …": a label, nobody's claim
    return Attribution(sentence_start, sentence_start + len(m.group(1)), m.group(1), source, registered, "headline")
