"""Benchmarks for Một Cửa (run e.g. ``python -m bench.clock``; results go to ``bench/results``)."""
