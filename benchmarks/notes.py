"""The hand-written part of docs/performance.md: how checking is made fast, and why a
target is missed where it is. Kept next to the benchmarks so one command regenerates the
whole document."""

NOTES = """
## How a check is made fast

To be filled in from the measurements.
"""
