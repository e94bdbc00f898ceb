"""crosscount dashboard: Streamlit pages over the dataset that ``extraction`` builds."""
