"""The filtered claims as a CSV file for analysts. Pure."""
from __future__ import annotations

import pandas as pd

CSV_COLUMNS = ["claim_id", "article_id", "number_text", "metric", "status", "unit", "low", "high", "best", "hedge",
               "source", "source_text", "source_type", "source_stake", "as_of", "places", "outlet", "via",
               "published", "start_char", "end_char", "sentence"]


def claims_csv(claims: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the claims; ``places`` joined with '; '."""
    out = claims.reindex(columns=CSV_COLUMNS).copy()
    out["places"] = ["; ".join(p) if p is not None else "" for p in claims["places"]] if "places" in claims else ""
    return out.to_csv(index=False).encode("utf-8")
