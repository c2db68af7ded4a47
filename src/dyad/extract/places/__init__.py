"""The places stage: toponyms, geocoded (stage.py)."""
