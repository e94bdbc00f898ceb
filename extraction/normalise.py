"""Text as the rules match it. Every change keeps the length, so an offset into the normalised
text is the same offset into the article's own text, from which spans are always cut."""
from __future__ import annotations

# right and left single quotes, the modifier letter apostrophe (ʼ), prime-like marks
APOSTROPHES = {ord(c): "'" for c in "\u2019\u2018\u02bc\u02bb\u2032\u00b4\uff07"}


def for_matching(text: str) -> str:
    """``text`` with every apostrophe written as ``'``."""
    return text.translate(APOSTROPHES)
