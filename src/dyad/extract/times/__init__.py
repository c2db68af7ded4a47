"""The times stage: time expressions resolved against the publication date (stage.py), and its parts."""
