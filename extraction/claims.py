"""Articles → claims. The pure readers (numbers, hedges, dates, places, attribution) run over
the whole text; the statistical parser runs only over the sentences that hold a candidate
figure (and the short reporting sentences just before them, which may open a report), and
decides what is counted (``metric``), whether it happened (``status``), which date it is as of
and who claims it (``attribution``). Rules match a normalised copy of the text
(``normalise``); every span is cut from the article's own text at the same offsets.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace

from . import sides
from .attribution import SentenceParties, article_via, source_info
from .attribution import registry as source_registry
from .attribution.claimant import CONTINUE_BACK, said_on, sentences_back
from .attribution.subject import DATELINE_START
from .conflicts import Decision, claimant_stake, country_of, group_mentions, registry
from .dates import find_dates, live_blog_days, resolve
from .figures import candidate_figures
from .headlines import from_body
from .hedges import Figure, carry_hedge, is_increment
from .lexicon import lexicon
from .metric import (
    TOLL_METRICS,
    LastFigure,
    carried_over,
    counted_noun,
    decide_metric,
    metric_of_header,
    part_of_toll,
    presence_of,
)
from .model import Article, ArticleError, Claim, PlaceRecord, claim_id
from .normalise import for_matching
from .parse import heads, lemma, tokens
from .pipeline import get_nlp
from .places import Gazetteer, PlaceMention, default_gazetteer, find_places, prepare_towns, unplaced_names
from .sentences import split_sentences
from .spans import SpanIndex
from .status import choose_date, decide_status
from .tables import column_header, opens_table

NOUN_PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN", "CCONJ", "DET", "PUNCT"})
# One article's extraction is bounded by its work, not by the clock: the characters of the
# sentences with figures that the parser reads (its dominant cost). The verdict on an input is then
# the same on a busy machine and a quiet one. WORK_LIMIT takes about 4 s here with the machine
# loaded by the test suite beside it (benchmarks/hostile.py); news articles are well under 20,000.
WORK_LIMIT = 100_000  # characters of sentences with figures one article may have
TIME_BUDGET = 8.0  # seconds: the last resort, for a step the work limit does not foresee
PARSE_BATCH = 32  # sentences parsed at once: the budget is checked between batches


class Budget:
    """A deadline for one article's extraction, checked between steps and sentences."""

    def __init__(self, seconds: float | None = TIME_BUDGET):
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ArticleError(f"extraction took longer than its {self.seconds:g}-second budget for one article; "
                               "split the text into smaller articles")


@dataclass
class Extracted:
    """An article with its claims and its places."""
    article: Article
    claims: list[Claim]
    places: list[PlaceRecord]
    unplaced: list[str] = field(default_factory=list)  # names that look like places the gazetteer lacks


def extract_article(article: Article, nlp=None, gaz: Gazetteer | None = None,
                    budget: float | None = TIME_BUDGET) -> Extracted:
    """Claims and places of an article; places are found once and serve both. Raises
    :class:`ArticleError` when it takes longer than ``budget`` seconds (None: no limit)."""
    # what is read once per process (the model, the gazetteer, the towns, the registries) is
    # read before the article's clock starts: the budget is the article's own work
    nlp = nlp if nlp is not None else get_nlp()
    gaz = gaz or default_gazetteer()
    prepare_towns()
    source_registry()
    registry()
    clock = Budget(budget)
    norm = for_matching(article.text)
    mentions = find_places(norm, gaz)
    claims = extract(article, nlp, mentions=mentions, budget=clock, norm=norm)
    return Extracted(article, claims, article_places(article, mentions=mentions))


@dataclass
class _Context:
    article: Article
    norm: str
    sentences: list[tuple[int, int]]
    dates: SpanIndex
    mentions: SpanIndex
    parties: SentenceParties
    via: str | None
    war: Decision  # the article's conflict and the rule that chose it
    last: LastFigure | None = None  # the latest claim: its sentence, metric and unit
    wars: dict = field(default_factory=dict)  # sentence → its conflict, where it speaks of another war
    hints: dict = field(default_factory=dict)  # claim id → the territory where its people were hit
    entries: SpanIndex = field(default_factory=lambda: SpanIndex([]))  # a live blog's time stamps (dates.live_blog_days)


def extract(article: Article, nlp=None, gaz: Gazetteer | None = None, full_parse: bool = False,
            mentions: list[PlaceMention] | None = None, budget: Budget | None = None,
            norm: str | None = None) -> list[Claim]:
    """Every claim of an article (``shared/spec/conventions.md``). ``mentions`` and ``norm`` (the
    text as :func:`for_matching` makes it) are passed by a caller that has them already."""
    budget = budget or Budget(None)
    norm = for_matching(article.text) if norm is None else norm
    dates = SpanIndex(find_dates(norm))
    figures = candidate_figures(norm, dates, article.body_start)
    if not figures:
        return []
    if nlp is None:
        nlp = get_nlp()
    gaz = gaz or default_gazetteer()
    if mentions is None:
        mentions = find_places(norm, gaz)
    sentences = [(s, e) for s, e in split_sentences(norm) if e > article.body_start]
    war = registry().for_article(norm[article.body_start:], mentions, article.published_date, gaz)
    parties = SentenceParties(norm, sentences, groups=group_mentions(registry().get(war.value), norm))
    ctx = _Context(article, norm, sentences, dates, SpanIndex(mentions), parties,
                   article_via(norm, article.body_start), war, entries=SpanIndex(live_blog_days(norm)))
    by_sentence = _by_sentence(figures, sentences)
    frames = _frame_candidates(norm, sentences, by_sentence)
    work = sum(sentences[k][1] - sentences[k][0] for k in [*by_sentence, *frames])
    if work > WORK_LIMIT:
        raise ArticleError(f"it has {work:,} characters of sentences with figures, more than the {WORK_LIMIT:,} one "
                           "article may have (extraction's work limit); split the text into smaller articles")
    claims = []
    budget.check()
    for k, (doc, off) in _parse(nlp, norm, sentences, sorted([*by_sentence, *frames]), full_parse):
        if k in frames:
            s, e = sentences[k]
            ctx.parties.frame(k, doc, off, list(dates.starting_in(s, e)))
        else:
            claims.extend(_sentence_claims(ctx, k, doc, off, by_sentence[k]))
        budget.check()
    claims = sides.fill(claims, registry(), ctx.hints, _homes(ctx, claims, gaz))
    claims = _resolve_short_names(claims)
    if sentences and ctx.parties.is_headline(0):
        claims = from_body(claims, sentences[0][0])
    return [_staked(c) for c in claims]


def _homes(ctx: _Context, claims: list[Claim], gaz: Gazetteer) -> dict:
    """Whose people a toll no side is named for may be: per claim, (the country its claimant speaks
    for, the country its sentence's places lie in most); key None: (None, the article's places' country)."""
    def most(mentions) -> str | None:
        counted = Counter(c for m in mentions if m.start >= ctx.article.body_start
                          for c in [country_of(m.place, gaz)] if c)
        top = counted.most_common(2)
        return top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
    homes = {None: (None, most(ctx.mentions.starting_in(0, len(ctx.norm))))}
    vocab = sides.vocabulary(None)
    for c in claims:
        # the country its claimant speaks for ("Pakistani officials say 31 civilians …", "Iran's government says")
        named = {side for _, _, side in vocab.find(c.source_text)} if c.source_text else set()
        # the places of its sentence, not one in the claimant's name ("intelligence sources in South Korea")
        placed = most(m for m in ctx.mentions.starting_in(c.sentence_start, c.sentence_start + len(c.sentence))
                      if c.source_start is None or not c.source_start <= m.start < c.source_end)
        homes[c.claim_id] = (named.pop() if len(named) == 1 else None, placed)
    return homes


def _staked(c: Claim) -> Claim:
    """The claimant's stake in the claim's own war (a party to one war is a third party to another)."""
    stake = claimant_stake(c.source, bool(c.source_type), c.source_stake, registry().get(c.conflict))
    return c if stake == c.source_stake else replace(c, source_stake=stake)


def _war(ctx: _Context, k: int) -> Decision:
    """The conflict of sentence ``k``: the article's, unless the sentence speaks of another war."""
    if k not in ctx.wars:
        s, e = ctx.sentences[k]
        reg = registry()
        ctx.wars[k] = reg.for_sentence(ctx.norm[s:e], reg.get(ctx.war.value), ctx.article.published_date) or ctx.war
    return ctx.wars[k]


def counted_phrase(span, noun) -> str | None:
    """The counted noun phrase as written, for scope: "engineer troops", "North Korean combat
    soldiers" (None when the figure names nothing it counts)."""
    if noun is None:
        return None
    doc, i = noun.doc, noun.i
    while i - 1 >= span.end and (doc[i - 1].dep_ in ("amod", "compound", "nmod") or doc[i - 1].text == "-"):
        i -= 1
    return doc[i:noun.i + 1].text


SHORT_NAME_WORDS = 3


def _resolve_short_names(claims: list[Claim]) -> list[Claim]:
    """"Spy agency: 3,000 …" in a headline, "according to the agency": an unregistered claimant
    of a few words whose last word is in the name or type of one registered claimant of the
    article is that claimant (of several, the one with the most claims, when one has most)."""
    known = {c.source: source_info(c.source) for c in claims if c.source and c.source_type}
    cited = Counter(c.source for c in claims)
    out = []
    for c in claims:
        words = (c.source or "").lower().split()
        before = c.sentence[:c.source_start - c.sentence_start] if c.source_start is not None else ""
        indefinite = re.match(r"(?:an?|one|another)\s", (c.source_text or "").lower()) or \
            re.search(r"(?<![\w])(?:an?|one|another)\s+(?:[\w'’-]+\s+){0,2}$", before.lower())  # "A Libyan analyst": a new party
        if c.source and not c.source_type and 0 < len(words) <= SHORT_NAME_WORDS and not indefinite:
            head = words[-1]
            hits = [name for name, info in known.items()
                    if re.search(r"(?<![\w])" + re.escape(head) + r"(?![\w])", f"{name} {info.type if info else ''}".lower())]
            types = source_registry()["reference_heads"].get(head, frozenset())
            if not hits and types - {"*"}:  # "war monitor says": a kind of party the head word stands for
                hits = [name for name, info in known.items() if info and info.type in types]
            if len(hits) > 1:  # of several that fit, the one the article cites most, if one does
                counts = sorted(((cited[h], h) for h in hits), reverse=True)
                hits = [counts[0][1]] if counts[0][0] > counts[1][0] else hits
            if len(hits) == 1:
                info = known[hits[0]]
                c = replace(c, source=hits[0], source_type=info.type if info else None,
                            source_stake=info.stake if info else None, source_inherited=True)
        out.append(c)
    return out


FRAME_LENGTH = 400  # characters: a longer sentence with no figure is not read as a report's opening


def _frame_candidates(norm: str, sentences, by_sentence) -> set[int]:
    """Sentences with no figure, just before one with figures (within ``CONTINUE_BACK``), that
    hold a word of reporting ("released its count", "said on Friday"): parsed as well, since
    they may open a report the figures after them go on with."""
    words = source_registry()["report_words"]
    out = set()
    for k in by_sentence:
        for back in sentences_back(norm, sentences, k, CONTINUE_BACK):
            s, e = sentences[back]
            if back not in by_sentence and e - s <= FRAME_LENGTH and (words.search(norm, s, e) or opens_table(norm, e)):
                out.add(back)
        # "The junta's team denied it. It said 17 had been killed": the sentence "it" may stand in
        if k > 0 and k - 1 not in by_sentence and IT_SAID.search(norm, *sentences[k]) \
                and sentences[k - 1][1] - sentences[k - 1][0] <= FRAME_LENGTH:
            out.add(k - 1)
    return out


IT_SAID = re.compile(r"\b(?:[Ii]t|[Tt]hey)\s+(?:also\s+)?(?:said|says|added|reported|claimed|estimated)\b")


def _by_sentence(figures: list[Figure], sentences) -> dict[int, list[Figure]]:
    out: dict[int, list[Figure]] = {}
    index = SpanIndex(sentences)
    for f in figures:
        k = index.index_of(f.core_start)
        if k is not None:
            out.setdefault(k, []).append(f)
    return out


def _parse(nlp, text: str, sentences, keys: list[int], full_parse: bool):
    """(sentence index, (doc, offset of the doc in the text)) for each sentence in ``keys``."""
    if full_parse:
        whole = nlp(text)
        return [(k, (whole, 0)) for k in keys]
    starts = [_after_dateline(text, *sentences[k]) for k in keys]
    docs = nlp.pipe((text[b:sentences[k][1]] for k, b in zip(keys, starts)), batch_size=PARSE_BATCH)
    return ((k, (doc, b)) for k, b, doc in zip(keys, starts, docs))  # lazily: the budget is checked between


def _after_dateline(text: str, start: int, end: int) -> int:
    """Where a sentence's parse begins: after the dateline that opens it ("MARIB, Yemen — …",
    "KYIV (Reuters) - …"), which the parser would otherwise take for the sentence's head, leaving
    the claim verb cut off from the figure. Its place and agency are read from the text; a
    dateline with a date is parsed with its sentence, for the date may be the figure's."""
    m = DATELINE_START.match(text, start, end)
    return m.end() if m is not None and not any(c.isdigit() for c in m.group()) else start


def _sentence_claims(ctx: _Context, k: int, doc, off: int, figures: list[Figure]) -> list[Claim]:
    s, e = ctx.sentences[k]
    sent_dates = [(d, tokens(doc, d.start - off, d.end - off)) for d in ctx.dates.starting_in(s, e)]
    out, previous = [], None
    for f in figures:
        span = tokens(doc, f.core_start - off, f.core_end - off)
        if previous is not None and span is not None:
            # a hedge carries to the next figure across a noun phrase only: "About 300 … and 2,700"
            between = doc.char_span(previous.core_end - off, f.start - off, alignment_mode="contract")
            f = carry_hedge(ctx.norm, previous, f, between is not None and all(t.pos_ in NOUN_PHRASE_POS for t in between))
        previous = f
        claim = _claim(ctx, k, doc, off, span, f, sent_dates) if span is not None else None
        if claim is not None:
            if claim.as_of is None and out and out[-1].as_of is not None and (out[-1].status, out[-1].metric) == (claim.status, claim.metric):
                # "Of 34,622 deaths recorded as of April 30, … 24,686 had been identified: 7,797 children, …":
                # a figure with no date of its own is as of the date of the figure before it in its sentence
                claim = replace(claim, as_of=out[-1].as_of, as_of_text=out[-1].as_of_text)
            out.append(claim)
    return out


def _claim(ctx: _Context, k: int, doc, off: int, span, f: Figure, sent_dates) -> Claim | None:
    noun = counted_noun(span)
    if noun is not None and lemma(noun) in lexicon().time_units:
        return None
    # "| Kyiv | 12 | 87 |" under "| Region | Killed | Injured |" (read from the text as written: its rule is punctuation)
    header = column_header(ctx.article.text, f.start, f.end)
    decided = (metric_of_header(header) if header else None) or decide_metric(span, noun) or carried_over(ctx.last, k, span, noun)
    decided = part_of_toll(ctx.last, k, span, decided) or decided
    if decided is None:
        return None
    metric, unit, cue, group = decided.metric, decided.unit, decided.cue, decided.group
    if f.kind == "one" and (metric not in TOLL_METRICS + ("captured",) or noun is None or cue is None
                            or cue.i not in {h.i for h in heads(noun)}):
        # one person is a count only of what befell that person: "one civilian was killed", never
        # "One woman said 12 people were killed"
        return None
    ctx.last = LastFigure(k, metric, unit)
    status = decide_status(span, noun, cue, group)
    d = choose_date(doc, span, noun, sent_dates, planned=status == "planned")
    who = ctx.parties.claimant(k, doc, off, span, f.start, f.end, metric)
    war = _war(ctx, k)
    if who is not None and who.continued and war.value != ctx.war.value:
        who = None  # a report of today goes on to no figure of another war ("since the 2006 war, when 1,200 …")
    a, info, text = (who.attribution if who else None), (who.info if who else None), ctx.article.text
    s, e = ctx.sentences[k]
    conflict = registry().get(war.value)
    both = sides.counts_both(text[f.end:e], span)  # "300 prisoners each": two sides counted together, none named
    side = None if both else sides.explicit(span, noun, metric, conflict, off, (a.start, a.end) if a else None,
                                            a.source if a else None)
    if side is None and not both:
        places = [(m.start - off, m.end - off, m.place) for m in ctx.mentions.starting_in(s, e)]
        hint = sides.place_hint(span, noun, metric, places, conflict)
        if hint:
            ctx.hints[claim_id(ctx.article.article_id, f.start)] = hint
    if d is not None and who is not None and not who.inherited and ctx.parties.reports.get(k, {}).get(metric) is who:
        # its report's date, for the figures it goes on to, and the day it was said on, for a later "the ministry said"
        ctx.parties.reports[k][metric] = replace(who, date=d, said_on=said_on(doc, off, who.attribution, sent_dates))
    reported = d is None and who is not None and who.date is not None
    if reported:
        d = who.date  # "The ministry released its count on Friday. Twelve died …": the report's date
    entry = _entry(ctx, s) if d is None else None
    if entry is not None:
        d = entry  # "09:30 — In Kyiv, two people were injured": the day of the live blog's entry
    as_of = resolve(d, ctx.article.published_date) if d else None
    trace = [f"metric: {decided.rule}"] + ([f"claimant: {who.rule}"] if who else []) + \
        (["as_of: the report's date"] if reported else []) + \
        (["as_of: the day of its live blog entry (the day of publication)"] if entry is not None else []) + \
        [f"conflict: {war.rule}"] + ([f"party: {side.rule}"] if side else []) + \
        ([f"as_of: {text[d.start:d.end]} is no day of the calendar; read as its month"]
         if d and d.day and as_of and len(as_of) == 7 else [])
    return Claim(
        article_id=ctx.article.article_id, number_text=text[f.start:f.end], start_char=f.start, end_char=f.end,
        sentence=text[s:e], sentence_start=s, metric=metric, status=status, unit=unit,
        low=_num(f.low), high=_num(f.high), best=_num(f.best), hedge=f.hedge,
        source=a.source if a else None, source_text=text[a.start:a.end] if a else None,
        source_start=a.start if a else None, source_end=a.end if a else None,
        source_inherited=bool(who and who.inherited), source_type=info.type if info else None,
        source_stake=info.stake if info else None,
        as_of=as_of, as_of_text=text[d.start:d.end] if d else None,
        places=_claim_places(ctx.mentions, s, e), outlet=ctx.article.outlet,
        via=_via(a, ctx.via), published=ctx.article.published,
        incremental=is_increment(text, f.start, f.end), party=side.value if side else None, conflict=war.value,
        counted=counted_phrase(span, noun), trace=trace,
        presence=presence_of(span, noun) if metric == "troops_deployed" else None)


def _entry(ctx: _Context, start: int):
    """The time stamp of the live blog entry a sentence starting at ``start`` belongs to (the
    latest before it), or None: no live blog, or the sentence is before its first entry."""
    before = ctx.entries.starting_in(0, start + 1)
    return before[-1] if before else None


def _claim_places(mentions: SpanIndex, s: int, e: int) -> list[str]:
    return list(dict.fromkeys(m.place.name for m in mentions.starting_in(s, e)))


def _via(a, credit: str | None) -> list[str]:
    """Who relayed the figure, nearest the claimant first: the relayer its sentence names, then
    the agency the article credits (unless that is the claimant or already named)."""
    chain = list(a.relayed_by) if a else []
    if credit and (not a or a.source != credit) and credit not in chain:
        chain.append(credit)
    return chain


def _num(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else float(x)


def places_only(article: Article, nlp=None, gaz: Gazetteer | None = None) -> Extracted:
    """An article's places and no claims: no parse, so no spaCy model is loaded (the CLI's
    ``places``). ``unplaced`` lists the names after a place preposition that the gazetteer does
    not know, for the analyst to check."""
    gaz = gaz or default_gazetteer()
    norm = for_matching(article.text)
    mentions = find_places(norm, gaz)
    return Extracted(article, [], article_places(article, mentions=mentions),
                     unplaced_names(norm, mentions, gaz, article.body_start))


def article_places(article: Article, gaz: Gazetteer | None = None,
                   mentions: list[PlaceMention] | None = None) -> list[PlaceRecord]:
    """One record per distinct place of an article (after its date line)."""
    if mentions is None:
        mentions = find_places(for_matching(article.text), gaz or default_gazetteer())
    found: dict[str, PlaceRecord] = {}
    for m in mentions:
        if m.start < article.body_start:
            continue
        p = m.place
        rec = found.setdefault(p.name, PlaceRecord(article.article_id, p.name, p.kind, p.lat, p.lon, p.within))
        rec.mentions += 1
        surface = article.text[m.start:m.end]
        if surface not in rec.surfaces:
            rec.surfaces.append(surface)
    return list(found.values())
