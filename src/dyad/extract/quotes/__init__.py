"""The quotes stage: direct and indirect quotes with their speakers (stage.py), and its parts."""
