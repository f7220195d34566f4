"""Capacity of the real server: load clients that speak Streamlit's websocket protocol."""
