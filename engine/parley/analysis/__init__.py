"""Solver-backed analyses: every conflict, the cheapest concessions, the closest deal.

They use z3 and are imported only when a ``Workspace`` method asks for them; the results
they return are the light models of ``parley.results.analysis``.
"""
