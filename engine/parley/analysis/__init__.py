"""Solver-backed analyses: every conflict, the cheapest concessions, the closest deal.

The result models (``results``) import nothing heavy; the analyses themselves use z3 and are
imported only when a ``Workspace`` method asks for them.
"""
