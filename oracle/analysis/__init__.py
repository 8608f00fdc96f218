"""Analyses that execute printed forms again: mutation sensitivity, stability audit, campaign, curves.

Every execution of user code here goes through ``oracle.checks.base.call_safely`` (the
per-case time limit); an analysis that cannot be carried out returns its reason, never
swallows it.
"""
