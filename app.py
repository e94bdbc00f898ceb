"""crosscount: who says how many. Run with `streamlit run app.py`."""
import streamlit as st

from dashboard.data import SEEDS, dataset_path, is_stale
from extraction.dataset import load_dataset

st.set_page_config(page_title="crosscount", layout="wide")


@st.cache_data(show_spinner=False)
def load(path: str, stamp: float):
    return load_dataset(path)


path = dataset_path()
if is_stale(path):
    from extraction.dataset import build  # loads spaCy: only when the dataset must be (re)built

    with st.spinner(f"Extracting claims from {SEEDS.name}/ …"):
        build(SEEDS, path)
ds = load(str(path), (path / "claims.parquet").stat().st_mtime)

st.title("crosscount")
st.caption(f"{len(ds['articles'])} articles · {len(ds['claims'])} claims · {ds['places']['name'].nunique()} places")
cols = ["number_text", "metric", "status", "low", "high", "hedge", "source", "as_of", "article_id", "sentence"]
st.dataframe(ds["claims"][cols], hide_index=True, width="stretch")
