"""The actors stage: who is who in an article (stage.py), and its parts."""
