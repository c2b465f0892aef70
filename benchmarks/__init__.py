"""Benchmarks of Parley's speed and memory (run on demand; see docs/performance.md)."""
