"""The events stage: who did what to whom, coded in PLOVER with CAMEO beside it (stage.py), and its parts."""
