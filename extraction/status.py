"""Whether a figure happened or is planned, and the date it is as of, from the parse of its
sentence."""
from __future__ import annotations

from .attribution.registry import registry
from .lexicon import lexicon
from .parse import (
    AUXILIARY,
    DATE_CLAUSES,
    PLAN_UP,
    PREP_PHRASE,
    SUBJECT,
    TIME_ADVERBIAL,
    VERBAL,
    clause_verb,
    depth,
    heads,
    lemma,
    root,
)

PERIOD_PREPS = ("since", "from")  # "since January", "from the start of …": a period's start, not the figure's date
PERIOD_STARTS = PERIOD_PREPS + ("between",)  # "between April 2023 and June 2024": the period's end dates it
PERIOD_EDGES = ("end", "start", "beginning", "middle", "close")
TIMES_OF_DAY = ("morning", "afternoon", "evening", "night")
SAME_TIME = ("when",)  # an adverbial clause that dates the clause it modifies  # "killed since January": the start of a period, not the figure's date


def decide_status(span, noun, cue, group) -> str:
    """``planned`` when the figure is an intention, plan, threat or projection, else ``reported``."""
    lex = lexicon()
    start = cue if group == "modifier" and cue is not None else clause_verb(noun if noun is not None else root(span))
    if start is None:
        return "reported"
    t, chain = start, [start]
    while t.head != t and t.dep_ in PLAN_UP and lemma(t.head) not in lex.reporting:
        t = t.head
        chain.append(t)
    for v in chain:
        if lemma(v) in lex.planned and v.pos_ in ("VERB", "NOUN") and lemma(v) not in lex.modals:
            return "planned"
        auxes = [c for c in v.children if c.dep_ in AUXILIARY] if lemma(v) not in lex.estimating else []
        for a in auxes:
            if a.lower_ in lex.modals or lemma(a) in lex.modals:
                perfect = any(x.lower_ in ("have", "'ve") and x.i > a.i for x in auxes)
                if not perfect:
                    return "planned"
        if any(c.lower_ == "going" for c in v.children):
            return "planned"
        if v.dep_ == "xcomp" and lemma(v.head) == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            return "planned"  # "the swap is to total 1,000 prisoners", "are to be sent"
    return "reported"


def date_anchor(dspan):
    """The token a date phrase hangs on: the verb of "send … this year", "assured last week";
    out of its prepositions for "in October 2024", "as early as January 4"."""
    t = dspan.root
    if t.dep_ in ("compound", "nmod", "npadvmod") and t.head.lower_ in TIMES_OF_DAY and t.head.i == dspan.end:
        t = t.head  # "by Tuesday evening": the day hangs where its evening does
    while t.dep_ == "conj" and t.head != t and t.head.ent_type_ == t.ent_type_:
        t = t.head  # "between May 2023 and June 2024": the second date hangs where the first does
    if t.head != t and t.dep_ in TIME_ADVERBIAL:
        return t.head
    while t.head != t and (t.dep_ in PREP_PHRASE or t.pos_ in ("ADP", "ADV") or (dspan.start <= t.head.i < dspan.end)):
        t = t.head
    return t


def choose_date(doc, span, noun, dates, planned: bool = False):
    """The date mention a figure is as of. A date counts when it hangs on the chain of heads
    above the figure (the reporting verb included: "said in January 2025 that … 150"), on a
    subject-less clause of the figure's own verb ("sent 14,000 soldiers to fight … in 2024"), or
    on a relative clause of what it counts ("soldiers who returned … in December 2025"). Of
    those, the one nearest the figure wins; for a planned figure only a date on a reporting verb
    counts, or one on the plan's own verb ("plans to send 150 missiles this year": this year is the
    plan's target, not the estimate's date; "agreed this month to exchange 1,000": the agreement's).
    ``dates`` are (DateMention, tokens or None)."""
    ancestors = {t.i for t in heads(root(span))}
    verb = clause_verb(noun if noun is not None else root(span))
    best, dated = None, None
    for d, dspan in dates:
        if dspan is None or (dspan.start < span.end and span.start < dspan.end):
            continue
        if dspan.start > 0 and doc[dspan.start - 1].lower_ in PERIOD_STARTS:
            continue
        if _starts_a_period(dspan, ancestors):
            continue  # "since the war began in March 2021"
        if not planned and _modifies(dspan, span):
            return d  # "up from 252,940 in 2023": a date on the figure itself is the most specific
        anchor = date_anchor(dspan)
        # "the agency's January estimate of 300 dead": a date that names a noun on the chain
        on_noun = anchor.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss", "nummod") and anchor.head.pos_ == "NOUN" \
            and anchor.head.i in ancestors
        ok = anchor.i in ancestors or on_noun or _dates_the_report(dspan, ancestors) or \
            any(x.i in ancestors for x in dspan) or _dates_the_clause(anchor, verb, noun) or _dates_the_source(anchor, ancestors)
        aside = not ok and _dates_the_aside(anchor, ancestors)  # the report's day: only when nothing dates the figure's own clause
        ok = ok or aside
        if ok and planned and lemma(anchor) not in lexicon().reporting and not (
                anchor.pos_ == "VERB" and lemma(anchor) in lexicon().planned):
            ok = False  # the plan's own verb dates its statement ("agreed this month to exchange 1,000")
        if ok and (best is None or (-1 if aside else depth(anchor)) > best[0]):
            best = (-1 if aside else depth(anchor), d)
        if ok and (d.day is not None or (d.relative or "").startswith(("weekday:", "yesterday"))):
            dated = d  # a day named in the figure's chain ("said on Thursday")
    if best is not None and best[1].relative == "today" and dated is not None and dated is not best[1]:
        # "launched 215 drones overnight, the air force said on Thursday": the night before the
        # report's day, not the article's
        return dated
    return best[1] if best else None


def _starts_a_period(dspan, ancestors) -> bool:
    """The date sits in a "since …" or "from …" phrase on the way up to the figure's clause."""
    for t in heads(dspan.root)[1:]:
        if t.i in ancestors or t.pos_ in VERBAL:
            return False
        if t.dep_ == "prep" and t.lower_ in PERIOD_PREPS:
            return True
    return False


def _dates_the_aside(anchor, ancestors) -> bool:
    """"… killed 68 people and wounded 47, the ministry said on Monday": a date on a report verb set
    beside the figure's clause (the parse may coordinate it, or hang it as parataxis)."""
    subj = next((c for c in anchor.children if c.dep_ == "nsubj"), None) if anchor.pos_ == "VERB" else None
    first = min(t.i for t in subj.subtree) if subj is not None else 0
    return subj is not None and anchor.dep_ in ("conj", "parataxis") and anchor.head.i in ancestors \
        and lemma(anchor) in lexicon().reporting and first > 0 and anchor.doc[first - 1].text == ","


def _dates_the_source(anchor, ancestors) -> bool:
    """"… according to government figures published in March 2023": a date on the report a
    figure is given by, after "according to" on the figure's chain."""
    noun = anchor.head if anchor.dep_ == "acl" else None
    to = noun.head if noun is not None and noun.dep_ == "pobj" else None
    return to is not None and to.lower_ == "to" and to.head.lower_ == "according" and to.head.head.i in ancestors \
        and lemma(noun) in registry()["report_nouns"]


def _dates_the_report(dspan, ancestors) -> bool:
    """"Its report of May 6 … listed 9,500 women", "the raid of May 3, 2022 killed 310
    people": a date on the report or event noun that is the subject of the figure's verb."""
    for t in heads(dspan.root)[1:]:
        if t.dep_ in SUBJECT and t.head.i in ancestors:
            return lemma(t) in registry()["report_nouns"] or lemma(t) in lexicon().event_nouns
    return False


def _modifies(dspan, span) -> bool:
    """The date phrase hangs on the figure itself, or on the preposition that holds it ("up from
    252,940 in 2023"), through a preposition."""
    t = dspan.root
    if t.dep_ != "pobj" or t.head.dep_ != "prep":
        return False
    host = t.head.head
    while host.lower_ in PERIOD_EDGES and host.dep_ == "pobj" and host.head.dep_ == "prep":
        host = host.head.head  # "12,000 deaths by the end of March 2023"
    fig = span.root
    if host.dep_ in ("acl", "relcl") and host.pos_ in VERBAL and (span.start <= host.head.i < span.end
                                                                  or host.head == fig.head):
        return True  # "the 423 recorded in July 2024": the date of the figure's own clause
    # "12,000 deaths by the end of March 2023", "the ministry's count of 38,000 deaths by …"
    phrase = []
    for h in heads(fig)[1:]:
        if h.pos_ in VERBAL:
            break
        phrase.append(h)
    return span.start <= host.i < span.end or (fig.dep_ == "pobj" and host == fig.head) or \
        (host in phrase and host.pos_ in ("NOUN", "PROPN"))


def _dates_the_clause(anchor, verb, noun) -> bool:
    """Up through verbal clauses without a subject of their own ("since they were deployed last
    year" has one), the date reaches the figure's verb or a relative clause of its noun."""
    t = anchor
    while t.head != t and (t.dep_ in DATE_CLAUSES or (t.dep_ == "conj" and t is not anchor)) and t.pos_ in VERBAL:
        # a coordinated verb shares its clause's time: "… were killed and 159 wounded when …"
        # "since they were deployed last year" has its own subject and time; but "… were killed
        # when Russia struck Kyiv on July 31": a when-clause dates the event of the clause it modifies
        if t.dep_ == "advcl" and any(c.dep_ in SUBJECT | {"expl"} for c in t.children) \
                and not any(c.lower_ in SAME_TIME for c in t.children):
            return False
        t = t.head
        if (verb is not None and t == verb) or (noun is not None and t == noun and anchor.dep_ in ("relcl", "acl")):
            return True
        if t.pos_ not in VERBAL:
            return False
    return False
