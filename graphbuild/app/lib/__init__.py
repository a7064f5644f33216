"""Shared helpers of the Streamlit app (data loading, i18n, routing, drawing)."""
