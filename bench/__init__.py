"""Benchmarks: ``make bench`` (``python -m bench``) writes bench/results.json and
docs/PERFORMANCE.md. ``BENCH_QUICK=1`` runs only the smallest scale."""
