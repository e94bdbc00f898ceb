"""Who the text says made an estimate. ``registry``: the known sources (data); ``frames``: the
parties a sentence names in an attribution frame; ``claimant``: the claimant of each figure."""
from .claimant import Claimant, SentenceParties, article_via, governing_attribution
from .frames import Attribution, defers, find_attributions, nearest
from .registry import SourceInfo, registry, source_info

__all__ = ["Attribution", "Claimant", "SentenceParties", "SourceInfo", "article_via", "defers", "find_attributions",
           "governing_attribution", "nearest", "registry", "source_info"]
