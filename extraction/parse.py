"""Small walks over a spaCy parse, each with a named set of dependency labels. Pure helpers:
they take tokens and spans and return tokens."""
from __future__ import annotations

SUBJECT = frozenset({"nsubj", "nsubjpass"})
# what modifies a counted noun: "fallen soldiers", "soldiers who returned", "soldiers killed"
NOUN_MODIFIER = frozenset({"amod", "acl", "relcl", "appos"})
CLAUSE_MODIFIER = frozenset({"acl", "relcl", "amod"})
# words a verb's meaning extends to: "killed or wounded", "were sent to fight", "is dead"
EXTENSION = frozenset({"conj", "xcomp", "acomp", "oprd", "dobj", "attr"})
CHAINED = frozenset({"xcomp", "conj"})
# links from a clause up to the clause it hangs on
CLAUSE_UP = frozenset({"xcomp", "ccomp", "conj", "advcl", "relcl", "pcomp", "acl"})
PLAN_UP = frozenset({"xcomp", "ccomp", "conj", "advcl", "pcomp"})
# verbal clauses a date may hang on and still date the figure's verb
DATE_CLAUSES = frozenset({"advcl", "xcomp", "relcl", "acl"})
TIME_ADVERBIAL = frozenset({"npadvmod", "tmod", "advmod", "obl"})
PREP_PHRASE = frozenset({"pobj", "pcomp", "prep"})
AUXILIARY = frozenset({"aux", "auxpass"})
VERBAL = frozenset({"VERB", "AUX"})


def tokens(doc, start: int, end: int):
    """The tokens that cover the characters ``start:end`` of ``doc``, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def root(span):
    """The token of ``span`` whose head lies outside it."""
    for t in span:
        if t.head == t or t.head.i < span.start or t.head.i >= span.end:
            return t
    return span[-1]


def clause_verb(tok):
    """The nearest verb above ``tok`` (None when there is none); a word the tagger took for an
    adjective is a verb when it has a direct object ("…, free hundreds of inmates")."""
    t = tok
    while t.head != t:
        t = t.head
        if t.pos_ in VERBAL or _takes_object(t):
            return t
    return t if t.pos_ in VERBAL or _takes_object(t) else None


def _takes_object(t) -> bool:
    return t.pos_ == "ADJ" and any(c.dep_ == "dobj" for c in t.children)


def heads(tok):
    """``tok`` and every token above it, nearest first."""
    out = [tok]
    while tok.head != tok:
        tok = tok.head
        out.append(tok)
    return out


def depth(tok) -> int:
    return len(heads(tok)) - 1


def with_extensions(toks):
    """The tokens with what their meaning extends to (conjuncts, complements, objects)."""
    return _extended(toks, lambda t: False)


def own_extensions(toks):
    """:func:`with_extensions` without the conjuncts that are clauses of their own."""
    return _extended(toks, _own_clause)


def _extended(toks, left_out):
    out = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.children if c.dep_ in EXTENSION and not left_out(c))
        for c in list(t.children):
            if c.dep_ in CHAINED and not left_out(c):
                out.extend(cc for cc in c.children if cc.dep_ in CHAINED and not left_out(cc))
    return out


def _own_clause(t) -> bool:
    """A conjunct with a subject of its own is a clause of its own ("… were evacuated, and that 12
    civilians had been killed"), not more of the same event."""
    return t.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)


def lemma(t) -> str:
    return t.lemma_.lower()
