"""Judges: independent ways to know the truth.  They never import ``reference/``."""
