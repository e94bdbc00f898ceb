"""Text escaped exactly once: what md() makes of an article's or analyst's text, rendered by a
CommonMark renderer as Streamlit's Markdown does, shows the text as typed and no markup
(tests/data/escaping.json)."""
import html
import re

import pytest
from conftest import load
from markdown_it import MarkdownIt

from dashboard.safe import WORD_JOINER, md

TEXTS = load("escaping.json")["texts"]
RENDER = MarkdownIt("commonmark")


@pytest.mark.parametrize("text", TEXTS)
def test_md_shows_the_text_as_typed(text):
    out = RENDER.render(md(text)).strip()
    assert out.startswith("<p>") and out.endswith("</p>")
    inner = out[3:-4]
    assert not re.search(r"<[a-z/]", inner), inner  # no tag of the text's own
    assert html.unescape(inner).replace(WORD_JOINER, "") == text
