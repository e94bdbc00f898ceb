"""crosscount extraction: news articles → numeric claims (intervals with claimant, date and
places) and mentioned places. See ``python -m extraction --help``."""
