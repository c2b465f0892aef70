"""Solver back-end (z3), imported lazily so ``import engine`` stays cheap."""
