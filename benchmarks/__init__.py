"""Benchmarks: the knowledge engine side by side with standard baselines on the same data.

Run with ``python -m benchmarks`` (``make bench``); ``--help`` lists the options.
"""
