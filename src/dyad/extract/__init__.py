"""Extraction stages: each adds its part to a Record from one spaCy Doc."""
