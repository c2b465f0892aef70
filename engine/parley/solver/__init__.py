"""Solver back-end (z3), imported lazily so ``import parley`` stays cheap."""
