"""Shared test settings: hypothesis without a database, so runs are reproducible."""

from hypothesis import settings

settings.register_profile("oracle", database=None, deadline=None, print_blob=True)
settings.load_profile("oracle")
