"""The dashboard's pages, listed once: ``app.py`` builds the navigation from this table, each page
takes its title from it, links between pages name its files, and the tests walk it. No Streamlit."""
from __future__ import annotations

from typing import NamedTuple


class PageEntry(NamedTuple):
    key: str
    title: str
    file: str  # the page script, relative to the project root (what st.Page and st.page_link take)
    url_path: str  # the page's address under the app's; "" for the default page, at "/"


PAGE_TABLE: tuple[PageEntry, ...] = (
    PageEntry("estimates", "Estimates", "dashboard/pages/estimates.py", ""),
    PageEntry("sources", "Sources", "dashboard/pages/sources.py", "sources"),
    PageEntry("map", "Map", "dashboard/pages/map.py", "map"),
    PageEntry("evidence", "Evidence", "dashboard/pages/evidence.py", "evidence"),
    PageEntry("articles", "Articles", "dashboard/pages/articles.py", "articles"),
    PageEntry("disputes", "Disputes", "dashboard/pages/disputes.py", "disputes"),
    PageEntry("audit", "Review log", "dashboard/pages/audit.py", "audit"),
    PageEntry("add", "Add articles", "dashboard/pages/add.py", "add"),
    PageEntry("watch", "Watched feeds", "dashboard/pages/watch.py", "watch"),
)
PAGE = {p.key: p for p in PAGE_TABLE}
