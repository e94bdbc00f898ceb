"""Articles → claims. ``extract`` runs the pure readers (numbers, hedges, dates, places,
attribution) over the whole text, and the statistical parser only over the sentences that hold
a candidate figure; the parse decides what is counted (metric, unit), whether it happened
(status) and which date it is as of.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import attribution as attr
from .dates import DateMention, find_dates, resolve
from .hedges import Figure, carry_hedge, read_figures
from .numbers import find_quantities
from .places import Gazetteer, PlaceMention, default_gazetteer, find_places
from .resources import load_json
from .sentences import split_sentences

COUNT_NOUNS = {"number", "toll", "tally", "count", "total", "figure"}
VAGUE_HEADS = {"thousands", "hundreds", "dozens", "millions", "dozen", "thousand", "hundred", "million"}
REPORTING_LEMMAS = {"say", "report", "note", "claim", "state", "estimate", "believe", "assure", "tell", "write",
                    "announce", "confirm", "assess", "warn", "reveal", "add", "suggest", "indicate", "show",
                    "point", "cite", "according", "allege", "acknowledge", "disclose", "think"}
MILITARY_PEOPLE = {"soldier", "troop", "personnel", "serviceman", "servicemen", "fighter", "engineer", "officer",
                   "instructor", "sailor", "pilot", "marine", "mercenary", "recruit", "conscript", "reservist",
                   "combatant", "commando", "force", "specialist", "operator", "unit", "brigade", "battalion"}


@lru_cache(maxsize=1)
def _lex():
    m = load_json("metrics.json")
    return {
        "unit_metrics": {k.lower(): v for k, v in m["unit_metrics"].items()},
        "people": set(m["people_units"]),
        "cues": m["cues"],
        "planned": set(m["planned_lemmas"]),
        "modals": set(m["modals"]),
        "time_units": set(m["time_units"]),
        "multipliers": set(m["multipliers"]),
        "age_before": m["age_cues_before"],
        "age_after": m["age_cues_after"],
        "cur_before": m["currency_before"],
        "cur_after": set(m["currency_after"]),
    }


@dataclass
class Article:
    """An article as read from disk: ``text`` is the whole decoded file text; every offset of
    its claims is into it."""
    article_id: str
    text: str
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    path: str | None = None
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def published_date(self) -> dt.date | None:
        from .dates import parse_published
        return parse_published(self.published)


# ---------------------------------------------------------------- not a claim (pure)

def not_a_claim(text: str, fig: Figure, dates: list[DateMention]) -> str | None:
    """Why a figure is not a count (a date, year, duration, age, time, multiplier, money,
    house number), or None when it may be one."""
    lex = _lex()
    if any(d.start <= fig.core_start and fig.core_end <= d.end for d in dates):
        return "date"
    core = text[fig.core_start:fig.core_end]
    after = text[fig.core_end:fig.core_end + 30]
    before = text[max(0, fig.start - 20):fig.start]
    nxt = re.match(r"\s*-?\s*([A-Za-z]+)", after)
    next_word = nxt.group(1).lower() if nxt else ""
    if re.fullmatch(r"(?:19|20)\d\d", core) and fig.hedge in ("exact", "approx"):
        if next_word.rstrip("s") not in _lex()["people"] and next_word not in _lex()["unit_metrics"]:
            return "year"
    if next_word in lex["time_units"] or re.match(r"\s*-\s*(?:year|day|month|week|hour)", after):
        return "duration"
    if next_word in lex["multipliers"] or re.match(r"-?fold\b", after):
        return "multiplier"
    if any(re.search(r"(?<![\w])" + re.escape(c) + r"\s*$", before, re.I) for c in lex["age_before"]) \
            or any(after.lower().lstrip().startswith(c.lstrip("-")) for c in lex["age_after"]):
        return "age"
    if re.match(r"\s*(?::\d\d|[ap]\.?m\.?(?![\w])|o'clock)", after, re.I):
        return "time"
    if any(before.rstrip().endswith(c) for c in lex["cur_before"]) or next_word in lex["cur_after"]:
        return "money"
    if re.search(r"(?:\bNo\.?|#|\bnumber)\s*$", before) or re.match(r"\s+[A-Z][a-z]+\s+(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Lane|Boulevard)\b", after):
        return "street number"
    if re.match(r"\s*(?:st|nd|rd|th)\b", after):
        return "ordinal"
    return None


# ---------------------------------------------------------------- parse-based decisions

def _tokens(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _root(span):
    for t in span:
        if t.head == t or t.head.i < span.start or t.head.i >= span.end:
            return t
    return span[-1]


def counted_noun(span):
    """The noun a figure counts: "12 000 people", "thousands of troops", "10,000 North Korean
    combat soldiers"; for a figure in brackets, the unit noun before them ("missiles (several
    dozen)"); None for "600 had died" or "6,000 of them"."""
    doc = span.doc
    lex = _lex()
    i = span.end
    if i < len(doc) and doc[i].lower_ == "of" and (span[-1].lower_ in VAGUE_HEADS or span[-1].pos_ == "NOUN"):
        i += 1
        if i < len(doc) and doc[i].pos_ == "DET" and doc[i].lower_ in ("the", "these", "those", "its", "their"):
            i += 1
    noun = None
    j = i
    while j < len(doc) and j < i + 6:
        t = doc[j]
        if t.pos_ in ("NOUN", "PROPN") or (t.pos_ in ("ADJ", "VERB") and t.dep_ in ("amod", "compound")):
            if t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.lower_ in lex["unit_metrics"]):
                noun = t
                if j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN":
                    j += 1
                    continue
                break
            j += 1
            continue
        if t.text == "%":
            return t
        break
    if noun is not None and noun.lemma_.lower() in lex["time_units"]:
        return noun
    if noun is None:
        # "put the number of North Korean dead at 1,500", "the death toll … stands at 2,000"
        head = span.root.head
        for t in doc[span.sent.start:span.start] if span.doc.has_annotation("SENT_START") else doc[:span.start]:
            if t.lemma_.lower() in COUNT_NOUNS and (t.head == head or t.head == head.head or head.head == t.head or t.head.head == head):
                of = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"]
                pobj = [g for c in of for g in c.children if g.dep_ == "pobj"]
                if pobj:
                    return pobj[0]
                comp = [c for c in t.children if c.dep_ == "compound"]
                if comp:
                    return comp[0]
                if t.lemma_.lower() in lex["unit_metrics"]:
                    return t  # "the toll rose to 2,000"
        # "losses … had reached 6,000": the subject of the figure's verb names what is counted
        verb = _clause_verb(span.root)
        if verb is not None:
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lex["unit_metrics"]:
                    return c
    if noun is None and span.start > 0 and doc[span.start - 1].text == "(":
        for t in reversed(doc[max(0, span.start - 10):span.start - 1]):
            if t.lemma_.lower() in lex["unit_metrics"] or t.lemma_.lower() in lex["people"]:
                return t
    return noun


def _lemma(t) -> str:
    return t.lemma_.lower()


def _cue_metric(tokens) -> tuple[str, object] | None:
    """The metric the event words among ``tokens`` say, with the token that says it."""
    lex = _lex()
    words = {}
    for t in tokens:
        for w in (_lemma(t), t.lower_):
            words.setdefault(w, t)
    for cue in lex["cues"]:
        if "all" in cue:
            # "killed or wounded" is one count of both; "300 killed and 2,700 wounded" is two counts
            hits = [next((words[w] for w in group if w in words), None) for group in cue["all"]]
            if all(hits):
                a, b = sorted(hits, key=lambda t: t.i)
                if all(t.lower_ in ("or", "and", ",", "/", "and/or") for t in a.doc[a.i + 1:b.i]):
                    return cue["metric"], hits[0]
        else:
            for w in cue["any"]:
                if w in words:
                    return cue["metric"], words[w]
    return None


def _clause_verb(tok):
    t = tok
    while t.head != t:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return t if t.pos_ in ("VERB", "AUX") else None


def _with_conj(tokens):
    out = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.children if c.dep_ in ("conj", "xcomp", "acomp", "oprd", "dobj", "attr"))
        for c in list(t.children):
            if c.dep_ in ("xcomp", "conj"):
                out.extend(cc for cc in c.children if cc.dep_ in ("conj", "xcomp"))
    return out


def decide_metric(span, noun):
    """(metric, unit, cue token, group) for a figure, or None when it counts nothing we keep."""
    lex = _lex()
    unit = None
    if noun is not None:
        unit = "%" if noun.text == "%" else _lemma(noun)
        if noun.lower_ in ("people", "personnel", "servicemen", "troops"):
            unit = {"troops": "troop"}.get(noun.lower_, noun.lower_)
        fixed = lex["unit_metrics"].get(unit) or lex["unit_metrics"].get(noun.lower_)
        if fixed and unit not in lex["people"]:
            return fixed, unit, None, "unit"
        if not fixed and unit not in lex["people"] and noun.lower_ not in lex["people"]:
            return None  # "the two leaders", "400 homes": a count of something we do not track
    root = _root(span)
    anchor = noun if noun is not None else root
    # 1. words that modify the counted thing: "fallen soldiers", "soldiers who returned", "soldiers killed"
    g1 = []
    if noun is not None:
        for c in noun.children:
            if c.dep_ in ("amod", "acl", "relcl", "appos") and c.i > span.start - 3:
                g1.append(c)
    for c in root.children:
        if c.dep_ in ("acl", "relcl", "amod"):
            g1.append(c)
    hit = _cue_metric(_with_conj(g1))
    if hit:
        return hit[0], unit, hit[1], "modifier"
    # a figure in a fronted "Of the 11,000 troops, 4,000 were casualties" is not what its clause's
    # verb counts; a metric noun that owns the phrase may say what it is ("the deaths of 300 soldiers")
    t = anchor
    while t.head != t and t.pos_ not in ("VERB", "AUX"):
        if t.dep_ == "pobj" and t.head.dep_ == "prep":
            owner = t.head.head
            metric = lex["unit_metrics"].get(_lemma(owner)) if owner.pos_ == "NOUN" else None
            if metric and metric != "other":
                return metric, unit, owner, "modifier"
            if owner.pos_ in ("VERB", "AUX") and t.head.lower_ == "of" and unit in MILITARY_PEOPLE:
                return "troops_deployed", unit, None, "unit"
        t = t.head
    # 2. the clause the figure stands in: "2,000 soldiers have died", "6,000 of them reported killed"
    verb = _clause_verb(anchor)
    if verb is not None:
        hit = _cue_metric(_with_conj([verb]))
        if hit:
            return hit[0], unit, hit[1], "clause"
        # 3. the clauses above it: "intends to … send 25,000 soldiers", "arrived …, when it was 12,000 people"
        t, higher = verb, []
        while t.head != t and t.dep_ in ("xcomp", "ccomp", "conj", "advcl", "relcl", "pcomp", "acl"):
            t = t.head
            if _lemma(t) in REPORTING_LEMMAS:
                break
            higher.append(t)
        hit = _cue_metric(higher)
        if hit and hit[0] == "troops_deployed":
            return hit[0], unit, hit[1], "higher"
    if unit in MILITARY_PEOPLE or (unit and unit.rstrip("s") in MILITARY_PEOPLE):
        return "troops_deployed", unit, None, "unit"
    if unit in lex["unit_metrics"]:
        return lex["unit_metrics"][unit], unit, None, "unit"
    return None


def decide_status(span, noun, cue, group) -> str:
    """``planned`` when the figure is an intention, plan, threat or projection, else ``reported``."""
    lex = _lex()
    if group == "modifier" and cue is not None:
        start = cue
    else:
        start = _clause_verb(noun if noun is not None else _root(span))
    if start is None:
        return "reported"
    t, chain = start, [start]
    while t.head != t and t.dep_ in ("xcomp", "ccomp", "conj", "advcl", "pcomp") and _lemma(t.head) not in REPORTING_LEMMAS:
        t = t.head
        chain.append(t)
    for v in chain:
        if _lemma(v) in lex["planned"] and v.pos_ in ("VERB", "NOUN") and _lemma(v) not in lex["modals"]:
            return "planned"
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        for a in auxes:
            if a.lower_ in lex["modals"] or _lemma(a) in lex["modals"]:
                perfect = any(x.lower_ in ("have", "'ve") and x.i > a.i for x in auxes)
                if not perfect:
                    return "planned"
        if any(c.lower_ == "going" for c in v.children):
            return "planned"
    return "reported"


def _date_anchor(dspan):
    t = dspan.root
    if t.head != t and t.dep_ in ("npadvmod", "tmod", "advmod", "obl"):
        return t.head  # "send … this year", "assured last week"
    # climb out of the date phrase and its prepositions: "in October 2024", "as early as January 4"
    while t.head != t and (t.dep_ in ("pobj", "pcomp", "prep") or t.pos_ in ("ADP", "ADV") or (dspan.start <= t.head.i < dspan.end)):
        t = t.head
    return t


def _depth(t) -> int:
    d = 0
    while t.head != t:
        t, d = t.head, d + 1
    return d


def choose_date(doc, span, noun, dates: list[tuple[DateMention, object]], planned: bool = False):
    """The date mention a figure is as of. A date counts when it hangs on the chain of heads
    above the figure (the reporting verb included: "said in January 2025 that … 150"), on a
    subject-less clause of the figure's own verb ("sent 14,000 soldiers to fight … in 2024"), or
    on a relative clause of what it counts ("soldiers who returned … in December 2025"). Of
    those, the one nearest the figure wins; for a planned figure only a date on a reporting verb
    counts ("plans to send 150 missiles this year": this year is the plan's, not the estimate's)."""
    root = _root(span)
    ancestors = set()
    t = root
    while True:
        ancestors.add(t.i)
        if t.head == t:
            break
        t = t.head
    verb = _clause_verb(noun if noun is not None else root)
    best = None
    for d, dspan in dates:
        if dspan is None or (dspan.start < span.end and span.start < dspan.end):
            continue
        if dspan.start > 0 and doc[dspan.start - 1].lower_ in ("since", "from"):
            continue  # "killed since January": the start of a period, not the date of the figure
        anchor = _date_anchor(dspan)
        ok = anchor.i in ancestors or any(x.i in ancestors for x in dspan)
        if not ok:
            # walk up through verbal clauses only
            t = anchor
            while not ok and t.head != t and t.dep_ in ("advcl", "xcomp", "relcl", "acl") and t.pos_ in ("VERB", "AUX"):
                if t.dep_ == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children):
                    break  # "since they were deployed last year": a clause with its own subject
                t = t.head
                if (verb is not None and t == verb) or (noun is not None and t == noun and anchor.dep_ in ("relcl", "acl")):
                    ok = True
                if t.pos_ not in ("VERB", "AUX"):
                    break
        if ok and planned and _lemma(anchor) not in REPORTING_LEMMAS:
            ok = False
        if ok:
            depth = _depth(anchor)
            if best is None or depth > best[0]:
                best = (depth, d)
    return best[1] if best else None


def governing_attribution(doc, off: int, span, noun, attributions):
    """The claimant whose reporting verb (or "according to") governs the figure: in "X put the
    number at 1,500, while Y estimated that at least 4,000 …", 1,500 is X's and 4,000 is Y's.
    Of several, the one whose verb is nearest above the figure; None when none governs."""
    ancestors = {}
    t, depth = span.root, 0
    while True:
        ancestors[t.i] = depth
        if t.head == t:
            break
        t, depth = t.head, depth + 1
    best = None
    for a in attributions:
        if a.frame == "cited":
            return a
        aspan = _tokens(doc, a.start - off, a.end - off)
        if aspan is None:
            continue
        v = aspan.root
        while v.head != v and (v.pos_ not in ("VERB", "AUX") or v.lower_ == "according"):
            v = v.head
        if v.i in ancestors and (best is None or ancestors[v.i] < best[0]):
            best = (ancestors[v.i], a)
    return best[1] if best else None


# ---------------------------------------------------------------- the article

def _claim_places(mentions: list[PlaceMention], s: int, e: int) -> list[str]:
    names = []
    for m in mentions:
        if s <= m.start < e and m.place.name not in names:
            names.append(m.place.name)
    return names


def extract(article: Article, nlp=None, gaz: Gazetteer | None = None, full_parse: bool = False) -> list[dict]:
    """Every claim of an article, as dicts with the fields of ``shared/spec/conventions.md``
    (plus outlet, via, source type/stake, sentence offsets)."""
    if nlp is None:
        from .pipeline import get_nlp
        nlp = get_nlp()
    gaz = gaz or default_gazetteer()
    text = article.text
    published = article.published_date
    sentences = [(s, e) for s, e in split_sentences(text) if e > article.body_start]
    dates = find_dates(text)
    figures = [f for f in read_figures(text, find_quantities(text)) if f.core_start >= article.body_start]
    figures = [f for f in figures if not_a_claim(text, f, dates) is None]
    if not figures:
        return []
    places = find_places(text, gaz)

    by_sentence: dict[int, list[Figure]] = {}
    for f in figures:
        for k, (s, e) in enumerate(sentences):
            if s <= f.core_start < e:
                by_sentence.setdefault(k, []).append(f)
                break
    if full_parse:
        whole = nlp(text)
        docs = {k: (whole, 0) for k in by_sentence}
    else:
        keys = sorted(by_sentence)
        parsed = nlp.pipe(text[sentences[k][0]:sentences[k][1]] for k in keys)
        docs = {k: (doc, sentences[k][0]) for k, doc in zip(keys, parsed)}

    attributions = {}

    def sentence_attributions(k: int):
        if k not in attributions:
            s, e = sentences[k]
            attributions[k] = [attr.Attribution(a.start + s, a.end + s, a.text, a.source, a.registered, a.frame)
                               for a in attr.find_attributions(text[s:e])]
        return attributions[k]

    via = article_via(article)
    claims: list[dict] = []
    for k in sorted(by_sentence):
        s, e = sentences[k]
        doc, off = docs[k]
        sent_dates = [(d, _tokens(doc, d.start - off, d.end - off)) for d in dates if s <= d.start < e]
        previous: Figure | None = None
        for f in by_sentence[k]:
            span = _tokens(doc, f.core_start - off, f.core_end - off)
            if previous is not None and span is not None:
                between = doc.char_span(previous.core_end - off, f.start - off, alignment_mode="contract")
                noun_phrase = between is not None and all(t.pos_ in ("ADJ", "NOUN", "PROPN", "CCONJ", "DET", "PUNCT")
                                                          for t in between)
                f = carry_hedge(text, previous, f, noun_phrase)
            previous = f
            if span is None:
                continue
            noun = counted_noun(span)
            if noun is not None and _lemma(noun) in _lex()["time_units"]:
                continue
            decided = decide_metric(span, noun)
            if decided is None and f.kind == "percent":
                decided = ("other", "%", None, "unit")
            if decided is None:
                continue
            metric, unit, cue, group = decided
            if f.kind == "percent":
                unit = "%"
            status = decide_status(span, noun, cue, group)
            d = choose_date(doc, span, noun, sent_dates, planned=status == "planned")
            as_of = resolve(d, published) if d else None
            a = governing_attribution(doc, off, span, noun, sentence_attributions(k)) \
                or attr.nearest(sentence_attributions(k), f.start, f.end)
            inherited = False
            if a is None and attr.defers(text[s:e]):
                for back in (k - 1, k - 2, k - 3):
                    if back >= 0 and sentence_attributions(back):
                        a = sentence_attributions(back)[-1]
                        inherited = True
                        break
            info = attr.source_info(a.source) if a else None
            claims.append({
                "article_id": article.article_id,
                "number_text": text[f.start:f.end],
                "start_char": f.start,
                "end_char": f.end,
                "sentence": text[s:e],
                "sentence_start": s,
                "metric": metric,
                "status": status,
                "unit": unit,
                "low": _num(f.low),
                "high": _num(f.high),
                "best": _num(f.best),
                "hedge": f.hedge,
                "source": a.source if a else None,
                "source_text": a.text if a else None,
                "source_start": a.start if a else None,
                "source_end": a.end if a else None,
                "source_inherited": inherited,
                "source_type": info.type if info else None,
                "source_stake": info.stake if info else None,
                "as_of": as_of,
                "as_of_text": text[d.start:d.end] if d else None,
                "places": _claim_places(places, s, e),
                "outlet": article.outlet,
                "via": via if via and (not a or a.source != via) else None,
                "published": article.published,
            })
    return claims


def _num(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else float(x)


def article_via(article: Article) -> str | None:
    """The news agency an article credits as a whole ("By AFP", "…, according to the
    Associated Press." in its first paragraph), or None."""
    head = article.text[article.body_start:article.body_start + 600]
    for pat, canonical, _ in attr.registry()["entries"]:
        info = attr.source_info(canonical)
        if not info or info.type != "news agency":
            continue
        m = re.search(r"(?:^|\n)\s*By\s+(" + pat.pattern + r")", head, pat.flags) or \
            re.search(r"according to\s+(?:the\s+)?(" + pat.pattern + r")\s*\.", head, pat.flags)
        if m:
            return canonical
    return None


def article_places(article: Article, gaz: Gazetteer | None = None) -> list[dict]:
    """One record per distinct place of an article."""
    found: dict[str, dict] = {}
    for m in find_places(article.text, gaz or default_gazetteer()):
        if m.start < article.body_start:
            continue
        p = m.place
        rec = found.setdefault(p.name, {"article_id": article.article_id, "name": p.name, "kind": p.kind,
                                        "lat": p.lat, "lon": p.lon, "within": p.within, "mentions": 0,
                                        "surfaces": []})
        rec["mentions"] += 1
        if m.surface not in rec["surfaces"]:
            rec["surfaces"].append(m.surface)
    return list(found.values())
