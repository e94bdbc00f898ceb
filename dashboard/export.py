"""The filtered claims as a CSV file for analysts. Pure.

Every text cell that a spreadsheet would run as a formula is neutralised (see
:func:`dashboard.safe.csv_cell`), and the file is named after the view it holds."""
from __future__ import annotations

import re

import pandas as pd

from extraction.model import CLAIM_FIELDS

from .safe import csv_cell

CSV_COLUMNS = list(CLAIM_FIELDS)  # every field of a claim, in the model's order
MAX_NAME = 80


def claims_csv(claims: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the claims; ``places`` joined with '; '; formula-like cells neutralised."""
    out = claims.reindex(columns=CSV_COLUMNS).copy()
    out["places"] = ["; ".join(p) if p is not None else "" for p in claims["places"]] if "places" in claims else ""
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
