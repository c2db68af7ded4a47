"""dyad: read news and write down who did what to whom, when and where."""

__version__ = "0.1.0"
