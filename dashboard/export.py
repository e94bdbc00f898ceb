"""The filtered claims as a CSV file for analysts. Pure.

Every text cell that a spreadsheet would run as a formula is neutralised (see
:func:`dashboard.safe.csv_cell`), and the file is named after the view it holds."""
from __future__ import annotations

import re

import pandas as pd

from extraction.model import CLAIM_FIELDS

from .safe import csv_cell

CSV_COLUMNS = [*CLAIM_FIELDS, "review", "reviewed_by"]  # every field of a claim, then its review state
MAX_NAME = 80
LIST_COLUMNS = {"places": "; ", "via": " → "}


def claims_csv(claims: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the claims; list cells joined (``places`` with '; ', the ``via`` chain with
    ' → ', nearest the claimant first); formula-like cells neutralised."""
    out = claims.reindex(columns=CSV_COLUMNS).copy()
    for col, sep in LIST_COLUMNS.items():
        out[col] = [sep.join(v) if isinstance(v, (list, tuple)) else (v if isinstance(v, str) else "")
                    for v in claims[col]] if col in claims else ""
    for c in out.columns:
        if out[c].dtype == object or str(out[c].dtype).startswith(("string", "str")):
            out[c] = [csv_cell(v) for v in out[c].astype(object)]
    return out.to_csv(index=False).encode("utf-8")


def table_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV of a table as shown (the Disputes page's disagreements), formula-like cells neutralised."""
    out = table.copy()
    for c in out.columns:
        if out[c].dtype == object or str(out[c].dtype).startswith(("string", "str")):
            out[c] = [csv_cell(v) for v in out[c].astype(object)]
    return out.to_csv(index=False).encode("utf-8")


def csv_name(values) -> str:
    """``crosscount-killed-kursk-oblast.csv`` from the view's filter values (in order);
    ``crosscount-claims.csv`` for the unfiltered view."""
    words = [re.sub(r"[^a-z0-9]+", "-", str(v).lower()).strip("-") for v in values]
    slug = "-".join(w for w in words if w)[:MAX_NAME].strip("-")
    return f"crosscount-{slug or 'claims'}.csv"
